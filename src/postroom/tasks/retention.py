"""Nightly: apply each service's data retention."""

from __future__ import annotations

import logging

from postroom.db import db
from postroom.domain.activity import retention
from postroom.domain.letters import precompiled
from postroom.domain.sending import documents, idempotency
from postroom.tasks.celery_app import celery

logger = logging.getLogger(__name__)


@celery.task(name="remove-expired-data")
def remove_expired_data() -> dict:
    with db.scope() as session:
        moved = retention.move_expired_notifications(session)
        deleted = retention.delete_expired_inbound_sms(session)
        files = documents.delete_expired(session)
        keys = idempotency.remove_expired(session)
        letters = precompiled.remove_expired(session)
    logger.info(
        "Retention: %s notifications moved to history, %s texts, %s files, %s idempotency "
        "keys and %s letter files deleted",
        moved,
        deleted,
        files,
        keys,
        letters,
    )
    return {
        "notifications_moved": moved,
        "inbound_sms_deleted": deleted,
        "files_deleted": files,
        "idempotency_keys_deleted": keys,
        "letter_files_deleted": letters,
    }
