"""Handing a claimed batch (see `outbox`) to its provider: each message rendered from the template
version it was accepted with and sent over one provider connection, and what happened to each
recorded for many at once, in one statement.

At least once to the provider: a message is recorded as handed over within `FLUSH_SECONDS` (and
`FLUSH_EVERY` messages) of the provider taking it, so a worker that dies can have handed over at
most that many messages whose record it did not write; their claim goes stale and they are sent
again. Emails carry the notification id as their Message-ID, so a repeat can be recognised.

Every failure ends, after a bounded number of tries, in a final status: a provider's refusal at
once (permanent failure), its temporary errors after four hours of tries (GOV.UK Notify's retry
period, but the first tries sooner, so a provider back after a short outage gets its messages
within a minute), and anything unexpected (a message that cannot be rendered, a bug) after three
tries, as a technical failure. Failures are logged with the notification id only."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.delivery import outbox
from postroom.domain.delivery.receipts import status_for
from postroom.domain.sending import cached_reads
from postroom.domain.sending.acceptance import personalisation_of
from postroom.domain.services.services import email_from_address
from postroom.domain.templates.rendering import render
from postroom.domain.vocabulary import statuses
from postroom.domain.vocabulary.notification_types import EMAIL, KEY_TYPE_TEST
from postroom.infrastructure.outages import STORE_UNREACHABLE
from postroom.models import Notification, NotificationStatusEvent
from postroom.providers.base import (
    DeliveryReceipt,
    EmailProvider,
    Outcome,
    OutgoingEmail,
    OutgoingSms,
    ProviderError,
    SmsProvider,
)

logger = logging.getLogger(__name__)

# A provider's temporary errors are tried again 10 s later, then twice as long each time up to
# every 5 minutes: 53 tries span four hours, GOV.UK Notify's retry period.
PROVIDER_TRIES = 53
PROVIDER_FIRST_RETRY_DELAY = timedelta(seconds=10)
PROVIDER_LONGEST_RETRY_DELAY = timedelta(minutes=5)
# Anything unexpected is tried three times, a little later each time, before giving up.
UNEXPECTED_TRIES = 3
UNEXPECTED_RETRY_DELAY = timedelta(seconds=30)
FLUSH_EVERY = 25
FLUSH_SECONDS = 0.2
# While the database is unreachable, what the provider took is kept and its record tried again
# for this long (less than the claim timeout, after which it would be sent again anyway).
RECORD_PATIENCE_SECONDS = 30
RECORD_RETRY_PAUSE_SECONDS = 1.0


@dataclass(frozen=True)
class HandedOver:
    notification: Notification
    provider: str
    reference: str
    outcome: Outcome | None = None  # what became of it, when the provider said so at once


@dataclass(frozen=True)
class Failed:
    notification: Notification
    status: str
    detail: str
    unreachable: ProviderError | None = None  # the provider could not be reached at all


@dataclass(frozen=True)
class TryAgain:
    notification: Notification
    delay: timedelta
    detail: str
    unreachable: ProviderError | None = None


Result = HandedOver | Failed | TryAgain


def uses_simulated_provider(notification: Notification) -> bool:
    return notification.key_type == KEY_TYPE_TEST


def outgoing(session: Session, notification: Notification) -> OutgoingEmail | OutgoingSms:
    template = cached_reads.template_version(
        session, notification.template_id, notification.template_version
    )
    service = cached_reads.service(session, notification.service_id)
    message = render(template, service, personalisation_of(notification))
    if notification.notification_type == EMAIL:
        return OutgoingEmail(
            notification_id=str(notification.id),
            from_address=email_from_address(service),
            from_name=service.custom_email_sender_name or service.name,
            to=notification.to,
            subject=message.subject,
            text_body=message.plain_body,
            html_body=message.html_body,
            reply_to=notification.reply_to_text,
            headers=unsubscribe_headers(notification.unsubscribe_link),
        )
    return OutgoingSms(
        notification_id=str(notification.id),
        to=notification.normalised_to,
        sender=notification.reply_to_text or "",
        content=message.content,
    )


def unsubscribe_headers(link: str | None) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe, which mail clients show as an unsubscribe button."""
    if not link:
        return {}
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def hand_over(
    session: Session,
    claim: uuid.UUID,
    notifications: Iterable[Notification],
    provider: EmailProvider | SmsProvider,
    receipts: dict[str, DeliveryReceipt],
) -> list[Notification]:
    """Send each message; those now in a final status (for callbacks: as loaded, not as
    recorded). `receipts` is where the provider reports, by reference, what it knew at once
    (the simulated providers do)."""
    recorder = _Recorder(session, claim)
    unreachable: ProviderError | None = None
    with provider.kept_open():
        for notification in notifications:
            if unreachable is not None:
                # The provider could not be reached a moment ago: the rest of the batch waits
                # for the next try rather than each waiting for its own connection to fail.
                recorder.add(_provider_failed(notification, unreachable))
                continue
            result = _send(session, notification, provider, receipts)
            recorder.add(result)
            if isinstance(result, TryAgain | Failed) and result.unreachable:
                unreachable = result.unreachable
    recorder.flush()
    return recorder.final


def _send(session, notification, provider, receipts) -> Result:
    try:
        message = outgoing(session, notification)
        if notification.notification_type == EMAIL:
            reference = provider.send_email(message)
        else:
            reference = provider.send_sms(message)
    except ProviderError as error:
        return _provider_failed(notification, error)
    except Exception as error:  # noqa: BLE001  a fault must not leave the message claimed
        # The error's own words may quote the message: its type only.
        detail = f"unexpected {type(error).__name__}"
        tries = notification.attempts + 1
        if tries < UNEXPECTED_TRIES:
            return TryAgain(notification, UNEXPECTED_RETRY_DELAY * tries, detail)
        return Failed(notification, statuses.TECHNICAL_FAILURE, detail)
    receipt = receipts.pop(reference, None)
    return HandedOver(notification, provider.name, reference, receipt and receipt.outcome)


def provider_retry_delay(tries: int) -> timedelta:
    doublings = min(tries - 1, 16)  # long past the longest delay: no overflow
    return min(PROVIDER_LONGEST_RETRY_DELAY, PROVIDER_FIRST_RETRY_DELAY * 2**doublings)


def _provider_failed(notification: Notification, error: ProviderError) -> Result:
    # The adapters word their errors from codes, never from the message or its recipient.
    tries = notification.attempts + 1
    unreachable = error if error.unreachable else None
    if error.retryable and tries < PROVIDER_TRIES:
        return TryAgain(notification, provider_retry_delay(tries), str(error), unreachable)
    status = statuses.TECHNICAL_FAILURE if error.retryable else statuses.PERMANENT_FAILURE
    return Failed(notification, status, str(error), unreachable)


_RECORD = (
    update(Notification.__table__)
    .where(
        Notification.__table__.c.id == bindparam("b_id"),
        Notification.__table__.c.claim == bindparam("b_claim"),
        Notification.__table__.c.status == statuses.CREATED,
    )
    .values(
        status=bindparam("b_status"),
        sent_at=bindparam("b_sent_at"),
        sent_by=bindparam("b_sent_by"),
        reference=bindparam("b_reference"),
        updated_at=bindparam("b_updated_at"),
        attempts=bindparam("b_attempts"),
        next_attempt_at=bindparam("b_next_attempt_at"),
        claim=None,
        claimed_at=None,
    )
)


class _Recorder:
    """Writes results in groups: one UPDATE (executed for many rows) and one INSERT of status
    events each time, committed, and the claim of what is left refreshed."""

    def __init__(self, session: Session, claim: uuid.UUID) -> None:
        self.session, self.claim = session, claim
        self.pending: list[Result] = []
        self.final: list[Notification] = []
        self.flushed_at = time.monotonic()

    def add(self, result: Result) -> None:
        self.pending.append(result)
        _log(result)
        if len(self.pending) >= FLUSH_EVERY or time.monotonic() - self.flushed_at > FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Record what is pending. A database that is restarting is waited for: a message the
        provider took but that goes unrecorded is sent again once its claim goes stale."""
        gives_up_at = time.monotonic() + RECORD_PATIENCE_SECONDS
        while True:
            try:
                return self._write()
            except STORE_UNREACHABLE:
                self.session.rollback()
                if time.monotonic() >= gives_up_at:
                    raise
                logger.warning("Could not record %d results; trying again", len(self.pending))
                time.sleep(RECORD_RETRY_PAUSE_SECONDS)

    def _write(self) -> None:
        now = utcnow()
        rows, events, final = [], [], []
        if self.pending:
            for result in self.pending:
                row, changes = _row(result, now, self.claim)
                rows.append(row)
                events += [
                    {"notification_id": result.notification.id, "status": s, "detail": d}
                    for s, d in changes
                ]
                if row["b_status"] in statuses.FINAL_STATUSES:
                    final.append(result.notification)
            self.session.execute(_RECORD, rows)
            if events:
                self.session.execute(insert(NotificationStatusEvent), events)
        outbox.still_claimed(self.session, self.claim, now)
        self.session.commit()
        self.final += final
        self.pending = []
        self.flushed_at = time.monotonic()


def _row(result: Result, now: datetime, claim: uuid.UUID) -> tuple[dict, list[tuple]]:
    """The notification's new columns, and the status changes to record (status, detail)."""
    n = result.notification
    row = {
        "b_id": n.id,
        "b_claim": claim,
        "b_status": statuses.CREATED,
        "b_sent_at": None,
        "b_sent_by": None,
        "b_reference": None,
        "b_updated_at": now,
        "b_attempts": n.attempts,
        "b_next_attempt_at": None,
    }
    if isinstance(result, TryAgain):
        row.update(b_attempts=n.attempts + 1, b_next_attempt_at=now + result.delay)
        return row, []
    if isinstance(result, Failed):
        row.update(b_status=result.status, b_attempts=n.attempts + 1)
        return row, [(result.status, result.detail)]
    # Sent abroad, a text gets no receipt: that is final at once.
    first = statuses.SENT if n.international else statuses.SENDING
    row.update(b_sent_at=now, b_sent_by=result.provider, b_reference=result.reference)
    changes = [(first, None)]
    if result.outcome is not None and first not in statuses.FINAL_STATUSES:
        final = status_for(result.outcome)
        changes.append((final, f"receipt from {result.provider}"))
    row["b_status"] = changes[-1][0]
    return row, changes


def _log(result: Result) -> None:
    n = result.notification
    if isinstance(result, TryAgain):
        logger.warning(
            "Notification %s: attempt %d failed (%s); trying again in %d seconds",
            n.id,
            n.attempts + 1,
            result.detail,
            result.delay.total_seconds(),
        )
    elif isinstance(result, Failed):
        logger.warning(
            "Notification %s: %s at attempt %d (%s)",
            n.id,
            result.status,
            n.attempts + 1,
            result.detail,
        )
