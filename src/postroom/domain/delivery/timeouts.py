"""Messages that never hear back: a message still sending after 72 hours becomes a temporary
failure (GOV.UK Notify gives up then, too). Messages that never left are the outbox's business
(see `outbox.release_abandoned`)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.delivery.status_changes import update_status
from postroom.domain.vocabulary import statuses
from postroom.models import Notification

SENDING_TIMEOUT = timedelta(hours=72)
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
