"""Email over SMTP, to any relay. The Message-ID we generate is the provider reference, so
bounces that quote it can be matched to the message."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

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

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.settings.verify_certificates:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.tls == "ssl":
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self._context())
        client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        if s.tls == "starttls":
            client.starttls(context=self._context())
        return client

    def build(self, message: OutgoingEmail) -> EmailMessage:
        email = EmailMessage()
        domain = message.from_address.rsplit("@", 1)[1]
        email["Message-ID"] = make_msgid(idstring=message.notification_id, domain=domain)
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
            with self._connect() as client:
                if self.settings.username:
                    client.login(self.settings.username, self.settings.password or "")
                client.send_message(email)
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
            raise ProviderError(f"SMTP connection failed: {error}", retryable=True) from error
        return email["Message-ID"].strip("<>")
