"""Moving a notification from one status to the next: never out of a final status, every step
recorded for the notification's status history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.vocabulary.statuses import FINAL_STATUSES
from postroom.models import Notification, NotificationStatusEvent


def update_status(
    session: Session, notification: Notification, status: str, detail: str | None = None
) -> bool:
    """Move to `status`; False (and no change) when the notification's status is final."""
    if notification.status in FINAL_STATUSES or notification.status == status:
        return False
    notification.status = status
    notification.updated_at = utcnow()
    session.add(
        NotificationStatusEvent(notification_id=notification.id, status=status, detail=detail)
    )
    session.flush()
    return True


def find_by_reference(session: Session, reference: str) -> Notification | None:
    return session.scalar(select(Notification).where(Notification.reference == reference))
