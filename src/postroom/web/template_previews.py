"""What the templates pages show of a template: its preview for its message type, with the
placeholders marked, and how a text message would be charged."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from postroom.db import db
from postroom.domain.templates import rendering
from postroom.domain.vocabulary.dates import to_local
from postroom.domain.vocabulary.notification_types import EMAIL, SMS
from postroom.models import EmailBranding
from postroom.text.placeholders import PLACEHOLDER

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def when(moment) -> str:
    """`25 November 2026 at 1:27pm`, in UK time."""
    local = to_local(moment)
    meridiem = "am" if local.hour < 12 else "pm"
    return f"{local.day} {local:%B %Y} at {local.hour % 12 or 12}:{local:%M}{meridiem}"


def highlight_placeholders(html: Markup) -> Markup:
    """Placeholders marked in already-escaped HTML, so a preview shows where values go."""
    return Markup(
        PLACEHOLDER.sub(lambda m: f'<mark class="postroom-placeholder">{m.group(0)}</mark>', html)
    )


def sms_count(service, content: str) -> str:
    """How the text message would be charged (service-name prefix included), or that it is
    too long to send."""
    message = rendering.render_text_message(service, content or "")
    if rendering.sms_too_long(message):
        return (
            f"Text messages cannot be longer than {rendering.SMS_CHARACTER_LIMIT} characters. "
            f"Your message is {message.character_count} characters."
        )
    count = message.fragment_count
    return f"Will be charged as {count} text message{'' if count == 1 else 's'}."


def email_branding(service) -> dict | None:
    """The banner at the top of the service's emails, when it has branding of its own."""
    branding = (
        db.session.get(EmailBranding, service.email_branding_id)
        if service.email_branding_id
        else None
    )
    if branding is None:
        return None
    colour = branding.colour if HEX_COLOUR.fullmatch(branding.colour or "") else None
    return {"text": branding.text or branding.name, "colour": colour}


def preview(template, service) -> dict:
    """What the page shows of a template (or one of its versions), for its type."""
    message = rendering.render(template, service, None)
    if template.template_type == SMS:
        body = Markup("<br>").join(escape(message.content).split("\n"))
        return {
            "body": highlight_placeholders(body),
            "count": sms_count(service, template.content),
        }
    if template.template_type == EMAIL:
        return {
            "branding": email_branding(service),
            "from": service.custom_email_sender_name or service.name,
            "subject": highlight_placeholders(escape(message.subject)),
            "body": highlight_placeholders(Markup(message.html_body)),
        }
    return {
        # The letter's heading comes back escaped already.
        "subject": highlight_placeholders(Markup(message.subject)),
        "body": highlight_placeholders(Markup(message.html_body)),
    }
