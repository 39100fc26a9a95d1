"""A heartbeat that proves a worker consumes from the broker and can write to the database."""

from __future__ import annotations

from postroom.db import db
from postroom.infrastructure.audit_events import record_event
from postroom.tasks.celery_app import celery


@celery.task(name="record-heartbeat")
def record_heartbeat(source: str = "worker") -> None:
    with db.scope() as session:
        record_event(session, "worker-heartbeat", {"source": source})
