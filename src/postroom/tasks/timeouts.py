"""Scheduled: give up on messages with no receipt."""

from __future__ import annotations

from postroom.db import db
from postroom.domain.delivery.timeouts import time_out_sending
from postroom.tasks.celery_app import celery
from postroom.tasks.service_callbacks import queue_delivery_statuses


@celery.task(name="timeout-sending-notifications")
def timeout_sending_notifications() -> int:
    with db.scope() as session:
        changed = time_out_sending(session)
        queue_delivery_statuses(session, changed)
    return len(changed)
