"""Reading notifications back: one at a time, with the message as it was sent."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from postroom import runtime
from postroom.domain.errors import NotFound
from postroom.domain.notification_types import SMS
from postroom.domain.secrets import decrypt
from postroom.domain.statuses import FINAL_STATUSES
from postroom.models import Notification, Service, TemplateHistory
from postroom.text.templates import render_email, render_sms


@dataclass(frozen=True)
class SentContent:
    body: str
    subject: str | None


def get_notification(
    session: Session, service_id: uuid.UUID, notification_id: uuid.UUID
) -> Notification:
    notification = session.get(Notification, notification_id)
    if notification is None or notification.service_id != service_id:
        raise NotFound()
    return notification


def personalisation_of(notification: Notification) -> dict:
    if not notification.personalisation:
        return {}
    return json.loads(decrypt(runtime.settings().secret_key, notification.personalisation))


def sent_content(session: Session, notification: Notification) -> SentContent:
    """The message rendered from the template version it was sent with."""
    template = session.get(
        TemplateHistory, (notification.template_id, notification.template_version)
    )
    values = personalisation_of(notification)
    if notification.notification_type == SMS:
        service = session.get(Service, notification.service_id)
        prefix = service.name if service.prefix_sms else None
        return SentContent(render_sms(template.content, values, prefix=prefix).content, None)
    email = render_email(template.subject or "", template.content, values)
    return SentContent(email.plain_body, email.subject)


def completed_at(notification: Notification):
    return notification.updated_at if notification.status in FINAL_STATUSES else None
