"""What providers report after a send: receipts that move a notification's status on, applied a
batch at a time (those read off an SMPP session are gathered into batches first), and complaints
about emails. Either can overtake the commit of the reference it names, so an unknown reference
is looked for again a few times before the report is dropped."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from postroom.db import db
from postroom.domain.delivery import receipts
from postroom.domain.delivery.status_changes import find_by_reference
from postroom.infrastructure.gathering import Gatherer
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


@celery.task(bind=True, name="process-receipts", max_retries=UNKNOWN_REFERENCE_RETRIES)
def process_receipts(self, received: list[list]) -> None:
    """Apply a batch of receipts, each `[reference, outcome, provider, detail]`, in one pass and
    one commit; those whose reference is not known yet are tried again together."""
    with db.scope() as session:
        changed, unknown = receipts.apply_receipts(
            session, [DeliveryReceipt(*receipt) for receipt in received]
        )
        session.commit()
        queue_delivery_statuses(session, changed)
    if not unknown:
        return
    retries = self.request.retries
    if retries < UNKNOWN_REFERENCE_RETRIES:
        raise self.retry(
            args=[_serialised(unknown)], countdown=UNKNOWN_REFERENCE_DELAY_SECONDS * 2**retries
        )
    for receipt in unknown:
        logger.warning(
            "A %s report names no message we sent: %s", receipt.provider, receipt.reference
        )


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


def _serialised(received: list[DeliveryReceipt]) -> list[list]:
    return [[r.reference, str(r.outcome), r.provider, r.detail] for r in received]


def queue_receipts(received: list[DeliveryReceipt]) -> None:
    process_receipts.apply_async(args=[_serialised(received)])


def queue_receipt(receipt: DeliveryReceipt) -> None:
    """One receipt on its own: a provider's HTTP report."""
    queue_receipts([receipt])


# Receipts read off the SMPP session, one by one: queued a hundred or a quarter of a second at a
# time, so a busy SMSC's receipts cost a task and a commit a hundred, not one each.
gathered_receipts: Gatherer[DeliveryReceipt] = Gatherer(queue_receipts, size=100, wait_seconds=0.25)
