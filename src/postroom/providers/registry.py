"""Which provider sends what, from configuration. Test keys always use the simulated ones."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from postroom.config import Settings
from postroom.providers.base import EmailProvider, ReceiptSink, SmsProvider
from postroom.providers.simulated import SimulatedEmailProvider, SimulatedSmsProvider
from postroom.providers.smtp import SmtpEmailProvider, SmtpSettings


def smtp_settings(url: str) -> SmtpSettings:
    """`smtp://user:password@host:port?tls=starttls|ssl|none&verify=false`."""
    parts = urlsplit(url)
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    tls = options.get("tls", "ssl" if parts.scheme == "smtps" else "starttls")
    return SmtpSettings(
        host=parts.hostname or "localhost",
        port=parts.port or (465 if tls == "ssl" else 587),
        tls=tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        verify_certificates=options.get("verify", "true").lower() != "false",
    )


def email_provider(
    settings: Settings, receipt_sink: ReceiptSink, *, simulated: bool
) -> EmailProvider:
    if simulated or not settings.smtp_url:
        return SimulatedEmailProvider(receipt_sink)
    return SmtpEmailProvider(smtp_settings(settings.smtp_url))


def sms_provider(settings: Settings, receipt_sink: ReceiptSink, *, simulated: bool) -> SmsProvider:
    # SMPP comes next; until then every text goes to the simulated provider.
    return SimulatedSmsProvider(receipt_sink)
