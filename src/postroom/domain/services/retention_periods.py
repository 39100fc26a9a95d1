"""How long a service keeps its messages, per message type."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.infrastructure.unique_clashes import clash_raises
from postroom.models import ServiceDataRetention

DEFAULT_DAYS_OF_RETENTION = 7
MIN_DAYS_OF_RETENTION = 3
MAX_DAYS_OF_RETENTION = 90


def list_retention(session: Session, service_id: uuid.UUID) -> list[ServiceDataRetention]:
    return list(
        session.scalars(
            select(ServiceDataRetention)
            .where(ServiceDataRetention.service_id == service_id)
            .order_by(ServiceDataRetention.notification_type)
        )
    )


def get_retention(session: Session, service_id: uuid.UUID, retention_id: uuid.UUID):
    retention = session.get(ServiceDataRetention, retention_id)
    if retention is None or retention.service_id != service_id:
        raise NotFound()
    return retention


def retention_for_type(session: Session, service_id: uuid.UUID, notification_type: str):
    return session.scalar(
        select(ServiceDataRetention).where(
            ServiceDataRetention.service_id == service_id,
            ServiceDataRetention.notification_type == notification_type,
        )
    )


def days_of_retention(session: Session, service_id: uuid.UUID, notification_type: str) -> int:
    """The service's setting for this type, or the default of 7 days."""
    retention = retention_for_type(session, service_id, notification_type)
    return retention.days_of_retention if retention else DEFAULT_DAYS_OF_RETENTION


def check_days(days: int, field: str = "days_of_retention") -> int:
    """A service keeps its messages from 3 to 90 days, as GOV.UK Notify allows."""
    if not MIN_DAYS_OF_RETENTION <= days <= MAX_DAYS_OF_RETENTION:
        raise InvalidRequest(
            {field: [f"Must be between {MIN_DAYS_OF_RETENTION} and {MAX_DAYS_OF_RETENTION} days"]}
        )
    return days


def add_retention(
    session: Session, service_id: uuid.UUID, notification_type: str, days: int
) -> ServiceDataRetention:
    check_days(days)
    duplicate = f"Service already has data retention for {notification_type} notification type"
    if retention_for_type(session, service_id, notification_type) is not None:
        raise InvalidRequest(duplicate)
    retention = ServiceDataRetention(
        service_id=service_id, notification_type=notification_type, days_of_retention=days
    )
    # Another request may add one at the same moment.
    with clash_raises(session, InvalidRequest(duplicate), "service_data_retention"):
        session.add(retention)
    return retention


def update_retention(
    session: Session, service_id: uuid.UUID, retention_id: uuid.UUID, days: int
) -> ServiceDataRetention:
    retention = get_retention(session, service_id, retention_id)
    retention.days_of_retention = check_days(days)
    session.flush()
    return retention


def set_retention(
    session: Session, service_id: uuid.UUID, notification_type: str, days: int
) -> ServiceDataRetention:
    """Keep this type's messages `days` days, adding the setting or changing it."""
    check_days(days, field=notification_type)  # the form has a field for each type
    existing = retention_for_type(session, service_id, notification_type)
    if existing is None:
        return add_retention(session, service_id, notification_type, days)
    return update_retention(session, service_id, existing.id, days)
