"""Precompiled letters after they are accepted, on their own queue: the virus scan, then the
checks and sanitising (`domain/letters/precompiled`). A scanner that cannot be reached is tried
again, and after the last try the letter is a technical failure."""

from __future__ import annotations

import logging
import uuid

from postroom.db import db
from postroom.domain.letters import precompiled
from postroom.domain.printing import print_run
from postroom.infrastructure.virus_scan import ScannerUnavailable, virus_scanner
from postroom.models import LetterFile
from postroom.tasks.celery_app import celery
from postroom.tasks.service_callbacks import queue_delivery_statuses

logger = logging.getLogger(__name__)

SCAN_RETRIES = 5
SCAN_RETRY_SECONDS = 60


@celery.task(bind=True, name="scan-precompiled-letter", max_retries=SCAN_RETRIES)
def scan_letter(self, notification_id: str) -> None:
    id_ = uuid.UUID(notification_id)
    with db.scope() as session:
        letter = session.get(LetterFile, id_)
        content = precompiled.content_of(letter) if letter is not None else None
    if content is None:
        return
    try:
        result = virus_scanner().scan(content)
    except ScannerUnavailable as error:
        if self.request.retries < SCAN_RETRIES:
            raise self.retry(exc=error, countdown=SCAN_RETRY_SECONDS) from error
        logger.error("Letter %s could not be scanned: %s", notification_id, error)
        with db.scope() as session:
            precompiled.technical_failure(session, id_)
        return
    if not result.clean:
        logger.warning("Letter %s has a virus: %s", notification_id, result.signature)
        with db.scope() as session:
            precompiled.virus_found(session, id_)
        return
    check_letter.delay(notification_id)


@celery.task(name="check-precompiled-letter")
def check_letter(notification_id: str) -> None:
    id_ = uuid.UUID(notification_id)
    try:
        with db.scope() as session:
            checked = precompiled.scanned_clean(session, id_)
            delivered = checked is not None and print_run.deliver_if_test(session, checked)
            session.commit()
            if delivered:
                queue_delivery_statuses(session, [checked])
    except Exception:
        logger.exception("Letter %s could not be checked", notification_id)
        with db.scope() as session:
            precompiled.technical_failure(session, id_)


def queue_scan(notification_id: uuid.UUID) -> None:
    scan_letter.delay(str(notification_id))
