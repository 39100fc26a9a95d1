"""Which provider sends what, from configuration. Test keys always use the simulated ones."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from postroom.config import Settings
from postroom.providers.base import EmailProvider, ReceiptSink, SessionSinks, SmsProvider
from postroom.providers.print_base import PrintProvider
from postroom.providers.print_folder import FolderPrintProvider
from postroom.providers.print_http import HttpPrintProvider, PrintApiSettings
from postroom.providers.simulated import SimulatedEmailProvider, SimulatedSmsProvider
from postroom.providers.smpp import SmppSettings, SmppSmsProvider, shared_session
from postroom.providers.smtp import SmtpEmailProvider, SmtpSettings


def _options(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def smtp_settings(url: str) -> SmtpSettings:
    """`smtp://user:password@host:port?tls=starttls|ssl|none&verify=false`."""
    parts = urlsplit(url)
    options = _options(url)
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


def smpp_settings(url: str) -> SmppSettings:
    """`smpp://system_id:password@host:port?system_type=&tls=true|false`."""
    parts = urlsplit(url)
    options = _options(url)
    return SmppSettings(
        host=parts.hostname or "localhost",
        port=parts.port or 2775,
        system_id=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        system_type=options.get("system_type", ""),
        tls=parts.scheme == "smpps" or options.get("tls", "false").lower() == "true",
    )


def sms_provider(
    settings: Settings, receipt_sink: ReceiptSink, *, simulated: bool, session_sinks: SessionSinks
) -> SmsProvider:
    """`receipt_sink` takes receipts reported during the send; `session_sinks` what arrives on
    a standing connection later."""
    if simulated or not settings.smpp_url:
        return SimulatedSmsProvider(receipt_sink)
    return SmppSmsProvider(shared_session(smpp_settings(settings.smpp_url), session_sinks))


def print_provider(settings: Settings) -> PrintProvider:
    """The print API when POSTROOM_PRINT_URL is set, else the folder under the data directory."""
    if settings.print_url:
        return HttpPrintProvider(
            PrintApiSettings(
                settings.print_url,
                settings.print_username,
                settings.print_password,
                settings.print_api_key,
            )
        )
    return FolderPrintProvider(settings.data_dir / "print")
