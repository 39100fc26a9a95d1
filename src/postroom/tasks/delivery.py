"""Delivery: hand each notification to its provider, retrying provider errors, and turn
receipts into statuses."""

from __future__ import annotations

import uuid

from postroom import runtime
from postroom.db import db
from postroom.domain import delivery, statuses
from postroom.domain.notification_types import EMAIL
from postroom.domain.status_updates import find_by_reference, update_status
from postroom.providers.base import DeliveryReceipt, ProviderError
from postroom.providers.registry import email_provider, sms_provider
from postroom.tasks.callbacks import queue_delivery_status
from postroom.tasks.celery_app import celery

# GOV.UK Notify's retry policy: every 5 minutes for 4 hours, then technical failure.
MAX_RETRIES = 48
RETRY_DELAY_SECONDS = 300
# Simulated receipts arrive after a moment, as real ones do.
SIMULATED_RECEIPT_DELAY_SECONDS = 1


def queue_receipt(receipt: DeliveryReceipt) -> None:
    process_receipt.apply_async(
        args=[receipt.reference, receipt.status, receipt.provider, receipt.detail],
        countdown=SIMULATED_RECEIPT_DELAY_SECONDS,
    )


@celery.task(bind=True, name="deliver", max_retries=MAX_RETRIES)
def deliver(self, notification_id: str) -> None:
    with db.scope() as session:
        notification = delivery.claim(session, uuid.UUID(notification_id))
        if notification is None:
            return  # already sent, or being sent by another task
        simulated = delivery.uses_simulated_provider(notification)
        settings = runtime.settings()
        message = delivery.outgoing(session, notification)
        # Receipts a provider reports during the send wait until the reference is stored.
        receipts: list[DeliveryReceipt] = []
        try:
            if notification.notification_type == EMAIL:
                provider = email_provider(settings, receipts.append, simulated=simulated)
                reference = provider.send_email(message)
            else:
                provider = sms_provider(settings, receipts.append, simulated=simulated)
                reference = provider.send_sms(message)
        except ProviderError as error:
            if not error.retryable or self.request.retries >= MAX_RETRIES:
                failure = (
                    statuses.TECHNICAL_FAILURE if error.retryable else statuses.PERMANENT_FAILURE
                )
                delivery.mark_failed(session, notification, failure, str(error))
                queue_delivery_status(notification.id)
                return
            delivery.release(session, notification)
            raise self.retry(exc=error, countdown=RETRY_DELAY_SECONDS) from error
        delivery.mark_sent(session, notification, provider.name, reference)
        if notification.status in statuses.FINAL_STATUSES:
            queue_delivery_status(notification.id)
    for receipt in receipts:
        queue_receipt(receipt)


@celery.task(name="process-receipt")
def process_receipt(reference: str, status: str, provider: str, detail: str | None = None) -> None:
    with db.scope() as session:
        notification = find_by_reference(session, reference)
        changed = notification is not None and update_status(
            session, notification, status, detail or f"receipt from {provider}"
        )
    if changed:  # after the commit, so the callback reads the new status
        queue_delivery_status(notification.id)


def queue_delivery(notification_id: uuid.UUID, notification_type: str) -> None:
    deliver.apply_async(args=[str(notification_id)], queue=f"send-{notification_type}")
