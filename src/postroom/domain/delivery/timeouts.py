"""Messages that never hear back, and messages that never left.

A message still sending after 72 hours becomes a temporary failure (GOV.UK Notify gives up
then, too). A message still waiting to be handed to a provider after a few minutes was lost
(a worker stopped mid-task, the broker was down) and is queued again."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.delivery.hand_over import CLAIM_PREFIX
from postroom.domain.delivery.status_changes import update_status
from postroom.domain.vocabulary import statuses
from postroom.domain.vocabulary.notification_types import DELIVERED_BY_TASK
from postroom.models import Notification

SENDING_TIMEOUT = timedelta(hours=72)
STUCK_AFTER = timedelta(minutes=10)
BATCH = 1000


def time_out_sending(session: Session) -> list[Notification]:
    """Mark messages sending for over 72 hours as temporary failures; those messages."""
    cutoff = utcnow() - SENDING_TIMEOUT
    stale = session.scalars(
        select(Notification)
        .where(
            Notification.status.in_([statuses.SENDING, statuses.PENDING]),
            Notification.created_at < cutoff,
        )
        .limit(BATCH)
    ).all()
    changed = [
        n
        for n in stale
        if update_status(session, n, statuses.TEMPORARY_FAILURE, "no receipt within 72 hours")
    ]
    session.commit()
    return changed


def stuck_in_created(session: Session) -> list[tuple[uuid.UUID, str]]:
    """Messages not handed over within ten minutes, released for a new delivery task."""
    cutoff = utcnow() - STUCK_AFTER
    condition = (
        Notification.status == statuses.CREATED,
        Notification.created_at < cutoff,
        Notification.notification_type.in_(DELIVERED_BY_TASK),
        or_(Notification.sent_by.is_(None), Notification.sent_by.like(f"{CLAIM_PREFIX}%")),
    )
    found = session.execute(
        select(Notification.id, Notification.notification_type).where(*condition).limit(BATCH)
    ).all()
    ids = [row[0] for row in found]
    if ids:
        session.execute(update(Notification).where(Notification.id.in_(ids)).values(sent_by=None))
        session.commit()
    return [(row[0], row[1]) for row in found]
