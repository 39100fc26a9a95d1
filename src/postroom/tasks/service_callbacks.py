"""Telling services what happened: delivery statuses and received text messages, posted to the
URLs they gave, retried on failure."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.orm import Session

from postroom.db import db
from postroom.domain.activity import received_texts
from postroom.domain.delivery import service_callbacks
from postroom.domain.services import callbacks
from postroom.models import InboundSms, Notification
from postroom.tasks.celery_app import celery

logger = logging.getLogger(__name__)

# As GOV.UK Notify: five more tries, five minutes apart.
MAX_RETRIES = 5
RETRY_DELAY_SECONDS = 300


def _post(task, callback_type: str, service_id: uuid.UUID, payload: dict, what: str) -> None:
    """POST `payload` to the service's callback of `callback_type`, retrying on failure."""
    with db.scope() as session:
        callback = callbacks.callback_for(session, service_id, callback_type)
        if callback is None:
            return
        url, token = callback.url, service_callbacks.bearer_token_of(callback)
    try:
        service_callbacks.post_to_service(url, token, payload)
    except service_callbacks.CallbackFailed as error:
        if task.request.retries < MAX_RETRIES:
            raise task.retry(exc=error, countdown=RETRY_DELAY_SECONDS) from error
        logger.warning("Gave up on the %s callback: %s", what, error)


@celery.task(bind=True, name="send-delivery-status", max_retries=MAX_RETRIES)
def send_delivery_status(self, notification_id: str) -> None:
    with db.scope() as session:
        notification = session.get(Notification, uuid.UUID(notification_id))
        if notification is None:
            return
        service_id = notification.service_id
        payload = service_callbacks.delivery_status_payload(notification)
    _post(
        self, callbacks.DELIVERY_STATUS, service_id, payload, f"delivery status {notification_id}"
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


def queue_delivery_status(session: Session, notification: Notification) -> None:
    """Queue the status callback, if the service has one: most have none, and a task each
    would be a third of the work of a message. Call after the status change is committed."""
    if service_callbacks.wants_delivery_status(session, notification.service_id):
        send_delivery_status.apply_async(args=[str(notification.id)])


def queue_inbound_sms(inbound_sms_id: uuid.UUID) -> None:
    send_inbound_sms.apply_async(args=[str(inbound_sms_id)])
