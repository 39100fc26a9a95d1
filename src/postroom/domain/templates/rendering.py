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
    """Texts get the service-name prefix when the service shows it."""
    if template.template_type == SMS:
        prefix = service.name if service.prefix_sms else None
        return render_sms(template.content, values, prefix=prefix)
    if template.template_type == EMAIL:
        return render_email(template.subject or "", template.content, values)
    return render_letter(template.subject or "", template.content, values)


def subject_and_body(template, message) -> tuple[str | None, str]:
    """What the API shows of a rendered message: texts have no subject; emails show their
    content with the personalisation filled in and the markdown kept, as Notify's API does
    (the formatted parts are for the recipient); letters their content as written."""
    if template.template_type == SMS:
        return None, message.content
    if template.template_type == EMAIL:
        return message.subject, message.body_markdown.strip()
    return message.subject, template.content
