"""A template (or one of its versions) rendered for its message type, the one way every part of
Postroom renders it: sending, previews, delivery and reading messages back."""

from __future__ import annotations

from postroom.domain.vocabulary.notification_types import EMAIL, SMS
from postroom.models import Service
from postroom.text.templates import (
    EmailMessage,
    LetterMessage,
    SmsMessage,
    render_email,
    render_letter,
    render_sms,
)


def render(
    template, service: Service, values: dict | None
) -> SmsMessage | EmailMessage | LetterMessage:
    if template.template_type == SMS:
        return render_text_message(service, template.content, values)
    if template.template_type == EMAIL:
        return render_email(template.subject or "", template.content, values)
    return render_letter(template.subject or "", template.content, values)


def render_text_message(service: Service, content: str, values: dict | None = None) -> SmsMessage:
    """Texts get the service-name prefix when the service shows it."""
    return render_sms(content, values, prefix=service.name if service.prefix_sms else None)


# GOV.UK Notify's limit on a text message's length: the same when a template is saved, previewed
# and sent, counted by `SmsMessage.character_count`.
SMS_CHARACTER_LIMIT = 918


def sms_too_long(message: SmsMessage) -> bool:
    return message.character_count > SMS_CHARACTER_LIMIT


def subject_and_body(template, message) -> tuple[str | None, str]:
    """What the API shows of a rendered message, as Notify's API shows it: the content with the
    personalisation filled in. Texts have no subject, and no service-name prefix (that is added
    to what is sent); emails keep their markdown (the formatted parts are for the recipient)."""
    if template.template_type == SMS:
        return None, message.body
    if template.template_type == EMAIL:
        return message.subject, message.body_markdown.strip()
    return message.subject, message.body
