"""Telling services what happened to their messages, at the URL they gave, retried on failure."""

from __future__ import annotations

import logging
import uuid

from postroom.db import db
from postroom.domain import callbacks
from postroom.models import Notification
from postroom.tasks.celery_app import celery

logger = logging.getLogger(__name__)

# As GOV.UK Notify: five more tries, five minutes apart.
MAX_RETRIES = 5
RETRY_DELAY_SECONDS = 300


@celery.task(bind=True, name="send-delivery-status", max_retries=MAX_RETRIES)
def send_delivery_status(self, notification_id: str) -> None:
    with db.scope() as session:
        notification = session.get(Notification, uuid.UUID(notification_id))
        callback = (
            callbacks.callback_for(session, notification.service_id, callbacks.DELIVERY_STATUS)
            if notification
            else None
        )
        if callback is None:
            return
        payload = callbacks.delivery_status_payload(notification)
        url, token = callback.url, callbacks.bearer_token_of(callback)
    try:
        callbacks.post_to_service(url, token, payload)
    except callbacks.CallbackFailed as error:
        if self.request.retries < MAX_RETRIES:
            raise self.retry(exc=error, countdown=RETRY_DELAY_SECONDS) from error
        logger.warning("Gave up on the delivery status callback for %s: %s", notification_id, error)


def queue_delivery_status(notification_id: uuid.UUID) -> None:
    send_delivery_status.apply_async(args=[str(notification_id)])
