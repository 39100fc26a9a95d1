"""Delivery: each batch the dispatcher claims from the outbox is handed to its provider here (see
`domain.delivery.hand_over`); accepting a message only stores it."""

from __future__ import annotations

import logging
import uuid
from itertools import groupby

from celery.signals import worker_process_init, worker_process_shutdown, worker_shutdown
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.cache import Cache
from postroom.clock import utcnow
from postroom.db import db
from postroom.domain.delivery import hand_over, outbox
from postroom.domain.sending import acceptance, cached_reads, messages_to_users
from postroom.domain.vocabulary.notification_types import EMAIL
from postroom.infrastructure.group_commit import GroupInsert
from postroom.infrastructure.outages import STORE_UNREACHABLE
from postroom.models import Notification, Service
from postroom.providers.base import (
    DeliveryReceipt,
    OutgoingEmail,
    OutgoingSms,
    SessionSinks,
)
from postroom.providers.registry import email_provider, smpp_settings, sms_provider
from postroom.providers.smpp import shared_session, stop_sessions
from postroom.tasks.celery_app import celery
from postroom.tasks.receipts import gathered_receipts
from postroom.tasks.received_texts import queue_incoming_sms
from postroom.tasks.service_callbacks import queue_delivery_statuses

logger = logging.getLogger(__name__)
# Development only: what Postroom sends its own users, in full, on `postroom run`'s console.
dev_outbox = logging.getLogger("postroom.dev_outbox")

# A batch that met a database outage: tried again this often, this many times, then left for the
# dispatcher to find once its claim goes stale.
BATCH_RETRY_SECONDS = 3
BATCH_RETRIES = 10
# What providers with a standing connection (SMPP) receive at any time.
SESSION_SINKS = SessionSinks(receipt=gathered_receipts.add, inbound=queue_incoming_sms)


@worker_process_init.connect
def bind_to_smsc(**_) -> None:
    """Bind when a worker process starts, so that receipts and inbound messages are taken in
    before the first send."""
    settings = runtime.settings()
    if settings.smpp_url:
        shared_session(smpp_settings(settings.smpp_url), SESSION_SINKS)


@worker_process_shutdown.connect
@worker_shutdown.connect
def unbind_from_smsc(**_) -> None:
    """Unbind, then queue the receipts still being gathered (those the session was handing
    over included), so that a worker that stops loses none it took in."""
    stop_sessions()
    gathered_receipts.flush()


@celery.task(bind=True, name="deliver-batch", max_retries=BATCH_RETRIES)
def deliver_batch(self, claim: str) -> None:
    """Hand a claimed batch to its provider. A batch whose claim has gone (handed over already,
    or given back to the outbox after looking lost) finds nothing to do. While the database
    cannot be reached the batch is tried again shortly, under the same claim, rather than
    waiting for the claim to go stale."""
    try:
        _deliver(uuid.UUID(claim))
    except STORE_UNREACHABLE as error:
        raise self.retry(exc=error, countdown=BATCH_RETRY_SECONDS) from error


def _deliver(token: uuid.UUID) -> None:
    with db.scope() as session:
        waiting = outbox.claimed(session, token)
        if not waiting:
            return
        service = cached_reads.service(session, waiting[0].service_id)
        final = []
        # Test keys' messages go to the simulated providers, whatever is configured.
        for simulated, group in groupby(waiting, key=hand_over.uses_simulated_provider):
            receipts: dict[str, DeliveryReceipt] = {}
            provider = _provider(waiting[0].notification_type, simulated, receipts)
            if runtime.settings().dev_outbox and messages_to_users.is_own_service(service):
                provider = _ShownOnConsole(provider)
            final += hand_over.hand_over(session, token, group, provider, receipts)
        queue_delivery_statuses(session, final)


def _provider(notification_type: str, simulated: bool, receipts: dict[str, DeliveryReceipt]):
    settings = runtime.settings()

    def keep(receipt: DeliveryReceipt) -> None:
        receipts[receipt.reference] = receipt

    if notification_type == EMAIL:
        return email_provider(settings, keep, simulated=simulated)
    return sms_provider(settings, keep, simulated=simulated, session_sinks=SESSION_SINKS)


class _ShownOnConsole:
    """A provider whose sends are also shown on the console (the development outbox)."""

    def __init__(self, provider) -> None:
        self.provider, self.name = provider, provider.name

    def kept_open(self):
        return self.provider.kept_open()

    def send_email(self, message: OutgoingEmail) -> str:
        reference = self.provider.send_email(message)
        show_on_console(message)
        return reference

    def send_sms(self, message: OutgoingSms) -> str:
        reference = self.provider.send_sms(message)
        show_on_console(message)
        return reference


def show_on_console(message: OutgoingEmail | OutgoingSms) -> None:
    """The development outbox's copy of a security code or link, for whoever runs Postroom (the
    settings only allow it with simulated providers, which deliver nothing to anyone)."""
    if isinstance(message, OutgoingEmail):
        lines = [f"Email to {message.to}: {message.subject}", message.text_body]
    else:
        lines = [f"Text message to {message.to}:", message.content]
    dev_outbox.info("\n".join(["Postroom sent one of its users:", *lines]))


def queue_batch(batch: outbox.Batch) -> None:
    lane = "send" if batch.lane == outbox.PRIORITY else "bulk"
    deliver_batch.apply_async(args=[str(batch.claim)], queue=f"{lane}-{batch.notification_type}")


# The API's messages: requests in flight in a process share one INSERT and one COMMIT.
_grouped = GroupInsert(Notification.__table__, lambda: db.engine)


def _store_grouped(_session: Session, row: dict) -> None:
    _grouped(row)


def send(
    session: Session,
    cache: Cache,
    service: Service,
    sender: acceptance.Sender,
    request: acceptance.SendRequest,
    *,
    grouped: bool = False,
) -> acceptance.Accepted:
    """Accept a message and commit it: the one way every message is sent, from the API, the web
    interface and Postroom's own messages to its users. Stored is enough: the dispatcher hands
    it over (letters wait in `created` for the printing run). `grouped`, for a session that
    writes nothing else: the message is committed with those other requests of this process
    are storing at the same moment."""
    store = _store_grouped if grouped else None
    accepted = acceptance.accept(session, cache, service, sender, request, store)
    session.commit()
    if celery.conf.task_always_eager:
        dispatch()  # tasks run where they are queued (the tests): no dispatcher polls
    return accepted


def dispatch(release_abandoned: bool = True) -> int:
    """One pass of the dispatcher: give back claims that look lost, claim the batches that may
    go now and queue each one. How many were queued."""
    now = utcnow()
    with db.scope() as session:
        if not outbox.take_dispatch_turn(session):
            return 0
        if release_abandoned and (released := outbox.release_abandoned(session, now)):
            logger.warning("Gave %d messages of lost batches back to the outbox", released)
        batches = outbox.claim_batches(session, now)
    for queued, batch in enumerate(batches):
        try:
            queue_batch(batch)
        except Exception:  # the broker is unreachable: back to the outbox for the next pass
            logger.exception("Could not queue %d batches; they wait in the outbox", len(batches))
            with db.scope() as session:
                for unqueued in batches[queued:]:
                    outbox.release(session, unqueued.claim)
            return queued
    return len(batches)
