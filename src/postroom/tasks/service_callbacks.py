"""Telling services what happened: delivery statuses, received text messages and returned
letters, posted to the URLs they gave, retried on failure. Delivery statuses go a batch of a
service's messages at a time, over one connection."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy.orm import Session

from postroom.db import db
from postroom.domain.activity import received_texts
from postroom.domain.delivery import service_callbacks
from postroom.domain.printing import returned
from postroom.domain.sending import cached_reads
from postroom.domain.services import callbacks
from postroom.models import InboundSms, Notification
from postroom.tasks.celery_app import celery

logger = logging.getLogger(__name__)

# As GOV.UK Notify: five more tries, five minutes apart.
MAX_RETRIES = 5
RETRY_DELAY_SECONDS = 300
# Delivery statuses posted by one task, over one connection.
BATCH = 100


def _callback(session: Session, service_id: uuid.UUID, callback_type: str):
    """The service's URL and bearer token for `callback_type`, or None when it has none."""
    callback = callbacks.callback_for(session, service_id, callback_type)
    return callback and (callback.url, service_callbacks.bearer_token_of(callback))


def _post(task, callback_type: str, service_id: uuid.UUID, payload: dict, what: str) -> None:
    """POST `payload` to the service's callback of `callback_type`, retrying on failure."""
    with db.scope() as session:
        if (callback := _callback(session, service_id, callback_type)) is None:
            return
    try:
        service_callbacks.post_to_service(*callback, payload)
    except service_callbacks.CallbackFailed as error:
        if task.request.retries < MAX_RETRIES:
            raise task.retry(exc=error, countdown=RETRY_DELAY_SECONDS) from error
        logger.warning("Gave up on the %s callback: %s", what, error)


@celery.task(bind=True, name="send-delivery-statuses", max_retries=MAX_RETRIES)
def send_delivery_statuses(self, service_id: str, notification_ids: list[str]) -> None:
    """Post the status of each of a service's notifications, one request each (Notify's
    contract) over one connection; those that failed are tried again together."""
    with db.scope() as session:
        callback = _callback(session, uuid.UUID(service_id), callbacks.DELIVERY_STATUS)
        if callback is None:
            return
        found = service_callbacks.notifications_of(session, uuid.UUID(service_id), notification_ids)
        payloads = [service_callbacks.delivery_status_payload(n) for n in found]
    failed = service_callbacks.post_all_to_service(*callback, payloads)
    if not failed:
        return
    if self.request.retries < MAX_RETRIES:
        raise self.retry(
            args=[service_id, [payload["id"] for payload, _ in failed]],
            exc=failed[0][1],
            countdown=RETRY_DELAY_SECONDS,
        )
    logger.warning(
        "Gave up on %d delivery status callbacks of service %s: %s",
        len(failed),
        service_id,
        failed[0][1],
    )


@celery.task(bind=True, name="send-inbound-sms", max_retries=MAX_RETRIES)
def send_inbound_sms(self, inbound_sms_id: str) -> None:
    with db.scope() as session:
        message = session.get(InboundSms, uuid.UUID(inbound_sms_id))
        if message is None:
            return
        service_id = message.service_id
        payload = service_callbacks.inbound_sms_payload(message, received_texts.content_of(message))
    _post(self, callbacks.INBOUND_SMS, service_id, payload, f"received text {inbound_sms_id}")


@celery.task(bind=True, name="send-returned-letter", max_retries=MAX_RETRIES)
def send_returned_letter(self, service_id: str, notification_id: str) -> None:
    with db.scope() as session:
        payload = returned.details(session, uuid.UUID(notification_id))
    if payload is not None:
        what = f"returned letter {notification_id}"
        _post(self, callbacks.RETURNED_LETTER, uuid.UUID(service_id), payload, what)


def queue_returned_letters(session: Session, returned_letters: Iterable[tuple]) -> None:
    """Queue a callback for each (service id, notification id) whose service asked for one."""
    wanted: dict[uuid.UUID, bool] = {}
    for service_id, notification_id in returned_letters:
        if service_id not in wanted:
            types = cached_reads.callback_types(session, service_id)
            wanted[service_id] = callbacks.RETURNED_LETTER in types
        if wanted[service_id]:
            send_returned_letter.apply_async(args=[str(service_id), str(notification_id)])


def queue_delivery_statuses(session: Session, notifications: Iterable[Notification]) -> None:
    """Queue the status callbacks of those whose service has one: a task a service and up to
    `BATCH` messages. Most services have none, and a task each would be a third of the work of
    a message. Call after the status changes are committed."""
    by_service: dict[uuid.UUID, list[str]] = defaultdict(list)
    for notification in notifications:
        by_service[notification.service_id].append(str(notification.id))
    for service_id, ids in by_service.items():
        if service_callbacks.wants_delivery_status(session, service_id):
            for start in range(0, len(ids), BATCH):
                send_delivery_statuses.apply_async(
                    args=[str(service_id), ids[start : start + BATCH]]
                )


def queue_inbound_sms(inbound_sms_id: uuid.UUID) -> None:
    send_inbound_sms.apply_async(args=[str(inbound_sms_id)])
