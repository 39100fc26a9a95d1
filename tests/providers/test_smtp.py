"""Email over SMTP, to a real SMTP server."""

from __future__ import annotations

import pytest

from postroom.providers.base import OutgoingEmail, ProviderError
from postroom.providers.registry import smtp_settings
from postroom.providers.smtp import SmtpEmailProvider
from tests.fixtures.smtp import free_port


def _email(to="someone@example.gov.uk") -> OutgoingEmail:
    return OutgoingEmail(
        notification_id="5b2c3d4e-0000-4000-8000-000000000001",
        from_address="parking.permits@postroom.localhost",
        from_name="Parking permits",
        to=to,
        subject="Your permit",
        text_body="Your permit is ready.",
        html_body="<p>Your permit is ready.</p>",
        reply_to="help@example.gov.uk",
        headers={"List-Unsubscribe": "<https://example.gov.uk/unsubscribe>"},
    )


def test_email_arrives_with_both_parts_and_the_reference_is_its_message_id(smtp_server):
    provider = SmtpEmailProvider(smtp_settings(smtp_server["url"]))
    reference = provider.send_email(_email())
    [received] = smtp_server["inbox"].messages
    assert received["Message-ID"].strip("<>") == reference
    assert received["Subject"] == "Your permit"
    assert received["From"] == "Parking permits <parking.permits@postroom.localhost>"
    assert received["Reply-To"] == "help@example.gov.uk"
    assert received["List-Unsubscribe"] == "<https://example.gov.uk/unsubscribe>"
    parts = {part.get_content_type(): part for part in received.walk()}
    assert "Your permit is ready." in parts["text/plain"].get_payload(decode=True).decode()
    assert "<p>Your permit is ready.</p>" in parts["text/html"].get_payload(decode=True).decode()


def test_refused_recipient_is_a_permanent_error(smtp_server):
    provider = SmtpEmailProvider(smtp_settings(smtp_server["url"]))
    with pytest.raises(ProviderError) as error:
        provider.send_email(_email(to="nobody@refused.example"))
    assert error.value.retryable is False


def test_unreachable_server_is_a_retryable_error():
    provider = SmtpEmailProvider(smtp_settings(f"smtp://127.0.0.1:{free_port()}?tls=none"))
    with pytest.raises(ProviderError) as error:
        provider.send_email(_email())
    assert error.value.retryable is True


def test_smtp_url_settings():
    settings = smtp_settings("smtp://user%40x:p%3Ass@relay.example:2525?tls=starttls&verify=false")
    assert (settings.host, settings.port, settings.tls) == ("relay.example", 2525, "starttls")
    assert (settings.username, settings.password) == ("user@x", "p:ss")
    assert settings.verify_certificates is False
    assert smtp_settings("smtps://relay.example").port == 465
