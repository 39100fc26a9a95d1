"""Moving a notification from one status to the next: never out of a final status, every step
recorded for the notification's status history."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.vocabulary.statuses import FINAL_STATUSES
from postroom.models import Notification, NotificationStatusEvent


def update_status(
    session: Session, notification: Notification, status: str, detail: str | None = None
) -> bool:
    """Move to `status`; False (and no change) when the notification's status is final. The
    caller's commit writes the changes of a whole batch together."""
    if notification.status in FINAL_STATUSES or notification.status == status:
        return False
    notification.status = status
    notification.updated_at = utcnow()
    session.add(
        NotificationStatusEvent(notification_id=notification.id, status=status, detail=detail)
    )
    return True


def find_by_reference(session: Session, reference: str) -> Notification | None:
    return session.scalar(select(Notification).where(Notification.reference == reference))


def find_by_references(session: Session, references: Collection[str]) -> dict[str, Notification]:
    """The notifications the providers' references name, in one query."""
    found = session.scalars(select(Notification).where(Notification.reference.in_(references)))
    return {notification.reference: notification for notification in found}
