"""Email over SMTP, to any relay. The Message-ID is the notification id at the sender's domain:
it is the provider reference, so bounces that quote it can be matched to the message, and an
email handed over twice (after a crash) carries the same Message-ID both times, so a relay or a
mail client can drop the repeat. Within `kept_open` a batch of emails shares one connection."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr

from postroom.providers.base import OutgoingEmail, ProviderError


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    tls: str = "starttls"  # starttls, ssl or none
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0
    verify_certificates: bool = True


class SmtpEmailProvider:
    name = "smtp"

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._kept: smtplib.SMTP | None = None
        self._keeping = False

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.settings.verify_certificates:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.tls == "ssl":
            client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self._context())
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            if s.tls == "starttls":
                client.starttls(context=self._context())
        if s.username:
            client.login(s.username, s.password or "")
        return client

    @contextmanager
    def kept_open(self) -> Iterator[None]:
        self._keeping = True
        try:
            yield
        finally:
            self._keeping = False
            self._drop()

    def _drop(self) -> None:
        if self._kept is not None:
            client, self._kept = self._kept, None
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()

    def _deliver(self, email: EmailMessage) -> None:
        if not self._keeping:
            with self._connect() as client:
                client.send_message(email)
            return
        if self._kept is not None:
            try:
                self._kept.send_message(email)
                return
            except smtplib.SMTPServerDisconnected:
                self._kept = None  # the relay closed a connection we held: open another
        self._kept = self._connect()
        self._kept.send_message(email)

    def build(self, message: OutgoingEmail) -> EmailMessage:
        email = EmailMessage()
        domain = message.from_address.rsplit("@", 1)[1]
        email["Message-ID"] = f"<{message.notification_id}@{domain}>"
        email["From"] = formataddr((message.from_name, message.from_address))
        email["To"] = str(Address(addr_spec=message.to))
        email["Subject"] = message.subject
        if message.reply_to:
            email["Reply-To"] = message.reply_to
        for name, value in message.headers.items():
            email[name] = value
        email.set_content(message.text_body)
        email.add_alternative(message.html_body, subtype="html")
        return email

    def send_email(self, message: OutgoingEmail) -> str:
        email = self.build(message)
        try:
            self._deliver(email)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise ProviderError(
                f"recipient refused: {codes}", retryable=all(c < 500 for c in codes)
            ) from error
        except smtplib.SMTPResponseException as error:
            raise ProviderError(
                f"SMTP {error.smtp_code}", retryable=error.smtp_code < 500
            ) from error
        except (OSError, smtplib.SMTPException) as error:
            self._drop()
            raise ProviderError(
                f"SMTP connection failed: {error}", retryable=True, unreachable=True
            ) from error
        return email["Message-ID"].strip("<>")
