"""Reading notifications back: one at a time, with the message as it was sent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from postroom.domain.sending.acceptance import personalisation_of
from postroom.domain.templates.rendering import render, subject_and_body
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.statuses import FINAL_STATUSES, STATUS_GROUP_ALIASES
from postroom.infrastructure.keyset_paging import newest_first_page
from postroom.models import Notification, NotificationStatusEvent, Service, TemplateHistory


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


def sent_contents(
    session: Session, notifications: list[Notification]
) -> dict[uuid.UUID, SentContent]:
    """Each message rendered from the template version it was sent with; the versions and
    services are loaded once for the whole list."""
    versions = {(n.template_id, n.template_version) for n in notifications}
    templates = (
        {
            (t.id, t.version): t
            for t in session.scalars(
                select(TemplateHistory).where(
                    tuple_(TemplateHistory.id, TemplateHistory.version).in_(sorted(versions))
                )
            )
        }
        if versions
        else {}
    )
    services = {
        s.id: s
        for s in session.scalars(
            select(Service).where(Service.id.in_({n.service_id for n in notifications}))
        )
    }
    contents = {}
    for notification in notifications:
        template = templates[(notification.template_id, notification.template_version)]
        message = render(
            template, services[notification.service_id], personalisation_of(notification)
        )
        subject, body = subject_and_body(template, message)
        contents[notification.id] = SentContent(body, subject)
    return contents


def sent_content(session: Session, notification: Notification) -> SentContent:
    return sent_contents(session, [notification])[notification.id]


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


def status_history(session: Session, notification: Notification) -> list:
    """Each status the message passed through, oldest first, with what the provider said."""
    return list(
        session.scalars(
            select(NotificationStatusEvent)
            .where(NotificationStatusEvent.notification_id == notification.id)
            .order_by(NotificationStatusEvent.created_at)
        )
    )
