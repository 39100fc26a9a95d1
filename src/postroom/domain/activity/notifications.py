"""Reading notifications back: one at a time, with the message as it was sent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from postroom.domain.reporting import notification_costs
from postroom.domain.reporting.notification_costs import Cost
from postroom.domain.sending.acceptance import personalisation_of
from postroom.domain.templates.rendering import render, subject_and_body
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.letter_timings import estimated_delivery
from postroom.domain.vocabulary.notification_types import LETTER, SMS
from postroom.domain.vocabulary.statuses import FINAL_STATUSES, statuses_for_public_filter
from postroom.infrastructure.keyset_paging import newest_first_page
from postroom.models import Notification, NotificationStatusEvent, Service, TemplateHistory, User


@dataclass(frozen=True)
class SentContent:
    body: str  # as the public API shows it: a text without the service-name prefix
    subject: str | None
    as_received: str  # what the recipient got: a text with its prefix


def get_notification(
    session: Session, service_id: uuid.UUID, notification_id: uuid.UUID
) -> Notification:
    notification = session.get(Notification, notification_id)
    if notification is None or notification.service_id != service_id:
        raise NotFound()
    return notification


def sent_contents(
    session: Session,
    notifications: list[Notification],
    personalisations: dict[uuid.UUID, dict] | None = None,
) -> dict[uuid.UUID, SentContent]:
    """Each message rendered from the template version it was sent with (and its
    personalisation, decrypted here unless given); the versions and services are loaded once
    for the whole list."""
    if personalisations is None:
        personalisations = {n.id: personalisation_of(n) for n in notifications}
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
            template, services[notification.service_id], personalisations[notification.id]
        )
        subject, body = subject_and_body(template, message)
        received = message.content if notification.notification_type == SMS else body
        contents[notification.id] = SentContent(body, subject, received)
    return contents


def sent_content(session: Session, notification: Notification) -> SentContent:
    return sent_contents(session, [notification])[notification.id]


def completed_at(notification: Notification):
    return notification.updated_at if notification.status in FINAL_STATUSES else None


# The address fields the public API returns for a letter, as GOV.UK Notify's (which reads the
# first six lines and `postcode` whatever their case, spaces, underscores or hyphens).
ADDRESS_KEYS = {f"line_{n}": f"address_line_{n}" for n in range(1, 7)} | {"postcode": "postcode"}


def _insensitive(key: str) -> str:
    return "".join(c for c in key.lower() if c not in " _-")


def address_fields(personalisation: dict) -> dict[str, str | None]:
    values = {_insensitive(str(k)): v for k, v in personalisation.items()}
    found = {field: values.get(_insensitive(key)) for field, key in ADDRESS_KEYS.items()}
    return {field: None if value is None else str(value) for field, value in found.items()}


@dataclass(frozen=True)
class ReadBack:
    """What the public API tells of a message beyond its own columns."""

    content: SentContent
    cost: Cost
    address: dict[str, str | None]  # letters only; every field None for the others
    created_by_name: str | None  # the team member who sent it from the web interface
    estimated_delivery: datetime | None  # letters only


def read_back(session: Session, notifications: list[Notification]) -> dict[uuid.UUID, ReadBack]:
    """Everything the public API shows of these messages, each lookup made once for all."""
    personalisations = {n.id: personalisation_of(n) for n in notifications}
    contents = sent_contents(session, notifications, personalisations)
    costs = notification_costs.costs_of(session, notifications)
    senders = {n.created_by_id for n in notifications if n.created_by_id}
    names = (
        dict(session.execute(select(User.id, User.name).where(User.id.in_(senders))).all())
        if senders
        else {}
    )
    no_address = dict.fromkeys(ADDRESS_KEYS)
    found = {}
    for n in notifications:
        letter = n.notification_type == LETTER
        found[n.id] = ReadBack(
            content=contents[n.id],
            cost=costs[n.id],
            address=address_fields(personalisations[n.id]) if letter else no_address,
            created_by_name=names.get(n.created_by_id),
            estimated_delivery=estimated_delivery(n.created_at, n.postage) if letter else None,
        )
    return found


def list_for_api(
    session: Session,
    service_id: uuid.UUID,
    key_type: str,
    *,
    template_types: list[str] | None = None,
    statuses_wanted: list[str] | None = None,
    reference: str | None = None,
    older_than: uuid.UUID | None = None,
    include_jobs: bool = False,
) -> list[Notification]:
    """A page of the service's notifications, newest first, as the public API lists them: only
    those sent with the same kind of key, and not those from jobs unless asked."""
    query = select(Notification).where(Notification.key_type == key_type)
    if template_types:
        query = query.where(Notification.notification_type.in_(sorted(set(template_types))))
    if statuses_wanted:
        query = query.where(Notification.status.in_(statuses_for_public_filter(statuses_wanted)))
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
