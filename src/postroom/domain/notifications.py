"""Reading notifications back: one at a time, with the message as it was sent."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.domain.errors import NotFound
from postroom.domain.paging import newest_first_page
from postroom.domain.rendering import render, subject_and_body
from postroom.domain.secrets import decrypt
from postroom.domain.statuses import FINAL_STATUSES, STATUS_GROUP_ALIASES
from postroom.models import Notification, Service, TemplateHistory


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
    service = session.get(Service, notification.service_id)
    message = render(template, service, personalisation_of(notification))
    subject, body = subject_and_body(template, message)
    return SentContent(body, subject)


def completed_at(notification: Notification):
    return notification.updated_at if notification.status in FINAL_STATUSES else None


def list_for_api(
    session: Session,
    service_id: uuid.UUID,
    key_type: str,
    *,
    template_type: str | None = None,
    statuses_wanted: list[str] | None = None,
    reference: str | None = None,
    older_than: uuid.UUID | None = None,
    include_jobs: bool = False,
) -> list[Notification]:
    """A page of the service's notifications, newest first, as the public API lists them: only
    those sent with the same kind of key, and not those from jobs unless asked."""
    query = select(Notification).where(Notification.key_type == key_type)
    if template_type:
        query = query.where(Notification.notification_type == template_type)
    if statuses_wanted:
        expanded = {
            s for wanted in statuses_wanted for s in STATUS_GROUP_ALIASES.get(wanted, (wanted,))
        }
        query = query.where(Notification.status.in_(sorted(expanded)))
    if reference is not None:
        query = query.where(Notification.client_reference == reference)
    if not include_jobs:
        query = query.where(Notification.job_id.is_(None))
    return newest_first_page(session, Notification, service_id, older_than, query)
