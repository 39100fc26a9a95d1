"""Delivery: accepted messages queued, then each handed to its provider, retrying provider
errors."""

from __future__ import annotations

import logging
import uuid

from celery.exceptions import Retry
from celery.signals import worker_process_init
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.cache import Cache
from postroom.db import db
from postroom.domain.delivery import hand_over
from postroom.domain.sending import acceptance, cached_reads, messages_to_users
from postroom.domain.vocabulary import statuses
from postroom.domain.vocabulary.notification_types import DELIVERED_BY_TASK, EMAIL
from postroom.models import Service
from postroom.providers.base import (
    DeliveryReceipt,
    OutgoingEmail,
    OutgoingSms,
    ProviderError,
    SessionSinks,
)
from postroom.providers.registry import email_provider, smpp_settings, sms_provider
from postroom.providers.smpp import shared_session
from postroom.tasks.celery_app import celery
from postroom.tasks.receipts import queue_receipt
from postroom.tasks.received_texts import queue_incoming_sms
from postroom.tasks.service_callbacks import queue_delivery_status

# Only ever the notification's id: never its recipient, personalisation or content.
logger = logging.getLogger(__name__)
# Development only: what Postroom sends its own users, in full, on `postroom run`'s console.
dev_outbox = logging.getLogger("postroom.dev_outbox")

# GOV.UK Notify's retry policy: every 5 minutes for 4 hours, then technical failure.
MAX_RETRIES = 48
RETRY_DELAY_SECONDS = 300
# Simulated receipts arrive after a moment, as real ones do.
SIMULATED_RECEIPT_DELAY_SECONDS = 1

# What providers with a standing connection (SMPP) receive at any time.
SESSION_SINKS = SessionSinks(receipt=queue_receipt, inbound=queue_incoming_sms)


@worker_process_init.connect
def bind_to_smsc(**_) -> None:
    """Bind when a worker process starts, so that receipts and inbound messages are taken in
    before the first send."""
    settings = runtime.settings()
    if settings.smpp_url:
        shared_session(smpp_settings(settings.smpp_url), SESSION_SINKS)


@celery.task(bind=True, name="deliver", max_retries=MAX_RETRIES)
def deliver(self, notification_id: str) -> None:
    try:
        _deliver(self, notification_id)
    except Retry:
        raise
    except Exception as error:
        # Celery logs the traceback; the error's own words may quote the message, so not here.
        logger.error(
            "Notification %s: delivery failed unexpectedly (%s)",
            notification_id,
            type(error).__name__,
        )
        raise


def _deliver(task, notification_id: str) -> None:
    with db.scope() as session:
        notification = hand_over.claim(session, uuid.UUID(notification_id))
        if notification is None:
            return  # already sent, or being sent by another task
        simulated = hand_over.uses_simulated_provider(notification)
        settings = runtime.settings()
        message = hand_over.outgoing(session, notification)
        # Receipts a provider reports during the send wait until the reference is stored.
        receipts: list[DeliveryReceipt] = []
        try:
            if notification.notification_type == EMAIL:
                provider = email_provider(settings, receipts.append, simulated=simulated)
                reference = provider.send_email(message)
            else:
                provider = sms_provider(
                    settings, receipts.append, simulated=simulated, session_sinks=SESSION_SINKS
                )
                reference = provider.send_sms(message)
        except ProviderError as error:
            # The adapters word their errors from codes, never from the message or its recipient.
            attempt = task.request.retries + 1
            if not error.retryable or attempt > MAX_RETRIES:
                failure = (
                    statuses.TECHNICAL_FAILURE if error.retryable else statuses.PERMANENT_FAILURE
                )
                logger.warning(
                    "Notification %s: %s at attempt %d (%s)",
                    notification_id,
                    failure,
                    attempt,
                    error,
                )
                hand_over.mark_failed(session, notification, failure, str(error))
                queue_delivery_status(session, notification)
                return
            logger.warning(
                "Notification %s: attempt %d failed (%s); trying again in %d seconds",
                notification_id,
                attempt,
                error,
                RETRY_DELAY_SECONDS,
            )
            hand_over.release(session, notification)
            raise task.retry(exc=error, countdown=RETRY_DELAY_SECONDS) from error
        hand_over.mark_sent(session, notification, provider.name, reference)
        if notification.status in statuses.FINAL_STATUSES:
            queue_delivery_status(session, notification)
        if settings.dev_outbox and messages_to_users.is_own_service(
            cached_reads.service(session, notification.service_id)
        ):
            show_on_console(message)
    for receipt in receipts:
        queue_receipt(receipt, countdown=SIMULATED_RECEIPT_DELAY_SECONDS)


def show_on_console(message: OutgoingEmail | OutgoingSms) -> None:
    """The development outbox's copy of a security code or link, for whoever runs Postroom (the
    settings only allow it with simulated providers, which deliver nothing to anyone)."""
    if isinstance(message, OutgoingEmail):
        lines = [f"Email to {message.to}: {message.subject}", message.text_body]
    else:
        lines = [f"Text message to {message.to}:", message.content]
    dev_outbox.info("\n".join(["Postroom sent one of its users:", *lines]))


def queue_delivery(notification_id: uuid.UUID, notification_type: str) -> None:
    deliver.apply_async(args=[str(notification_id)], queue=f"send-{notification_type}")


def send(
    session: Session,
    cache: Cache,
    service: Service,
    sender: acceptance.Sender,
    request: acceptance.SendRequest,
) -> acceptance.Accepted:
    """Accept a message, commit it and queue its delivery: the one way every message is sent,
    from the API, the web interface and Postroom's own messages to its users. Letters are not
    queued: they wait in `created` for the printing run."""
    accepted = acceptance.accept(session, cache, service, sender, request)
    session.commit()
    notification = accepted.notification
    if notification.notification_type in DELIVERED_BY_TASK:
        queue_delivery(notification.id, notification.notification_type)
    return accepted
