"""Data retention, applied: messages older than their service's retention for their type lose
their recipient and content (they are moved to `notification_history`, which keeps what
statistics and billing need), and received text messages are deleted, a batch at a time.

A service keeps the last N days of a type: today and the N-1 local days before it."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from postroom.domain.services.retention_periods import DEFAULT_DAYS_OF_RETENTION
from postroom.domain.vocabulary.dates import local_midnight_in_utc, local_today
from postroom.domain.vocabulary.notification_types import NOTIFICATION_TYPES, SMS
from postroom.models import InboundSms, Notification, NotificationHistory, ServiceDataRetention

BATCH = 10_000
KEPT_COLUMNS = [column.name for column in NotificationHistory.__table__.columns]


def cutoff(days: int):
    """The first moment (UTC) still kept by a retention of `days` days."""
    return local_midnight_in_utc(local_today() - timedelta(days=days - 1))


def _custom(session: Session, notification_type: str) -> dict[uuid.UUID, int]:
    return dict(
        session.execute(
            select(ServiceDataRetention.service_id, ServiceDataRetention.days_of_retention).where(
                ServiceDataRetention.notification_type == notification_type
            )
        ).all()
    )


def _selections(session: Session, notification_type: str):
    """(which services, their cut-off) for a type: each with its own setting, then all others
    on the default."""
    custom = _custom(session, notification_type)
    for service_id, days in custom.items():
        yield Notification.service_id == service_id, cutoff(days)
    default = Notification.service_id.not_in(custom) if custom else True
    yield default, cutoff(DEFAULT_DAYS_OF_RETENTION)


def _move(session: Session, ids: list[uuid.UUID]) -> None:
    table = Notification.__table__
    chosen = select(*(table.c[name] for name in KEPT_COLUMNS)).where(table.c.id.in_(ids))
    session.execute(insert(NotificationHistory).from_select(KEPT_COLUMNS, chosen))
    session.execute(delete(Notification).where(Notification.id.in_(ids)))


def move_expired_notifications(session: Session, batch: int = BATCH) -> int:
    """Move every expired notification to history, committing each batch; return how many."""
    moved = 0
    for notification_type in NOTIFICATION_TYPES:
        for services, before in _selections(session, notification_type):
            while True:
                ids = session.scalars(
                    select(Notification.id)
                    .where(
                        services,
                        Notification.notification_type == notification_type,
                        Notification.created_at < before,
                    )
                    .limit(batch)
                ).all()
                if not ids:
                    break
                _move(session, ids)
                session.commit()
                moved += len(ids)
    return moved


def delete_expired_inbound_sms(session: Session) -> int:
    """Received text messages follow the service's retention for text messages."""
    custom = _custom(session, SMS)
    deleted = 0
    for service_id, days in custom.items():
        result = session.execute(
            delete(InboundSms).where(
                InboundSms.service_id == service_id, InboundSms.created_at < cutoff(days)
            )
        )
        deleted += result.rowcount
    others = InboundSms.service_id.not_in(custom) if custom else True
    result = session.execute(
        delete(InboundSms).where(others, InboundSms.created_at < cutoff(DEFAULT_DAYS_OF_RETENTION))
    )
    session.commit()
    return deleted + result.rowcount
