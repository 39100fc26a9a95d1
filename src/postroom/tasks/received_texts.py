"""Text messages people send to a service's number, as a provider hands them over."""

from __future__ import annotations

import logging

from postroom.db import db
from postroom.domain.activity import received_texts
from postroom.domain.vocabulary.errors import NotFound
from postroom.providers.base import IncomingSms
from postroom.tasks.celery_app import celery
from postroom.tasks.service_callbacks import queue_inbound_sms

logger = logging.getLogger(__name__)


@celery.task(name="receive-inbound-sms")
def receive_inbound_sms(
    to: str, sender: str, content: str, provider: str, reference: str | None = None
) -> None:
    with db.scope() as session:
        try:
            message = received_texts.receive(
                session,
                notify_number=to,
                user_number=sender,
                content=content,
                provider=provider,
                provider_reference=reference,
            )
        except NotFound as error:
            logger.warning("Dropped a text from %s: %s", provider, error)
            return
        session.commit()
        message_id = message.id
    queue_inbound_sms(message_id)


def queue_incoming_sms(message: IncomingSms) -> None:
    receive_inbound_sms.apply_async(
        args=[message.to, message.sender, message.content, message.provider, message.reference]
    )
