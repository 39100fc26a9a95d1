"""What providers report after a send: receipts that move a notification's status on, and
complaints about emails. Either can overtake the commit of the reference it names, so an unknown
reference is looked for again a few times before the report is dropped."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from postroom.db import db
from postroom.domain.delivery import receipts
from postroom.domain.delivery.status_changes import find_by_reference, update_status
from postroom.models import Notification
from postroom.providers.base import DeliveryReceipt
from postroom.tasks.celery_app import celery
from postroom.tasks.service_callbacks import queue_delivery_statuses

logger = logging.getLogger(__name__)

UNKNOWN_REFERENCE_RETRIES = 5
UNKNOWN_REFERENCE_DELAY_SECONDS = 2


def _notification_or_retry(task, session: Session, reference: str, provider: str):
    notification: Notification | None = find_by_reference(session, reference)
    if notification is None:
        retries = task.request.retries
        if retries < UNKNOWN_REFERENCE_RETRIES:
            raise task.retry(countdown=UNKNOWN_REFERENCE_DELAY_SECONDS * 2**retries)
        logger.warning("A %s report names no message we sent: %s", provider, reference)
    return notification


@celery.task(bind=True, name="process-receipt", max_retries=UNKNOWN_REFERENCE_RETRIES)
def process_receipt(
    self, reference: str, outcome: str, provider: str, detail: str | None = None
) -> None:
    with db.scope() as session:
        notification = _notification_or_retry(self, session, reference, provider)
        status = receipts.status_for(outcome)
        if notification is not None and update_status(
            session, notification, status, detail or f"receipt from {provider}"
        ):
            session.commit()
            queue_delivery_statuses(session, [notification])


@celery.task(bind=True, name="process-complaint", max_retries=UNKNOWN_REFERENCE_RETRIES)
def process_complaint(
    self,
    reference: str,
    provider: str,
    complaint_type: str | None = None,
    provider_complaint_id: str | None = None,
    complaint_date: str | None = None,
) -> None:
    with db.scope() as session:
        notification = _notification_or_retry(self, session, reference, provider)
        if notification is not None:
            receipts.record_complaint(
                session,
                notification,
                complaint_type=complaint_type,
                provider_complaint_id=provider_complaint_id,
                complaint_date=datetime.fromisoformat(complaint_date) if complaint_date else None,
            )


def queue_receipt(receipt: DeliveryReceipt, countdown: float = 0) -> None:
    process_receipt.apply_async(
        args=[receipt.reference, str(receipt.outcome), receipt.provider, receipt.detail],
        countdown=countdown,
    )
