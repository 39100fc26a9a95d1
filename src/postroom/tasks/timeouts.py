"""Scheduled: give up on messages with no receipt, and re-queue messages that never left."""

from __future__ import annotations

from postroom.db import db
from postroom.domain.delivery.timeouts import stuck_in_created, time_out_sending
from postroom.tasks.celery_app import celery
from postroom.tasks.delivery import queue_delivery
from postroom.tasks.service_callbacks import queue_delivery_status


@celery.task(name="timeout-sending-notifications")
def timeout_sending_notifications() -> int:
    with db.scope() as session:
        changed = time_out_sending(session)
        for notification in changed:
            queue_delivery_status(session, notification)
    return len(changed)


@celery.task(name="requeue-stuck-notifications")
def requeue_stuck_notifications() -> int:
    with db.scope() as session:
        stuck = stuck_in_created(session)
    for notification_id, notification_type in stuck:
        queue_delivery(notification_id, notification_type)
    return len(stuck)
