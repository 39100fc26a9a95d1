"""The outbox: stored notifications are the record of what must still be handed to a provider.

Accepting a message only stores it (status `created`). A dispatcher then claims batches of them
(one service, one message type, one lane), each under a claim token, and hands each batch to a
worker; the worker loads the batch by its token, so a batch handed over twice is sent once.
Nothing depends on the broker remembering anything: a batch the broker lost, or a worker that died
holding one, is found again when its claim goes stale and is given back to the outbox.

Lanes: one-off and API messages (`PRIORITY`) and messages from jobs (`BULK`) are claimed and
queued separately, each with a bounded number of batches in flight, so bulk work never fills the
queues one-off messages wait in. Within a lane every service with messages waiting gets a batch
in turn, so one service's flood does not hold another's messages back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, literal, or_, select, text, update
from sqlalchemy.orm import Session

from postroom.domain.vocabulary import statuses
from postroom.domain.vocabulary.notification_types import DELIVERED_BY_TASK
from postroom.models import Notification

PRIORITY, BULK = "priority", "bulk"
LANES = (PRIORITY, BULK)
BATCH_SIZE = 100
# Batches claimed but not finished, per lane: enough to keep every worker busy, few enough that
# the broker's queues stay short (and a batch never waits long enough to look abandoned).
IN_FLIGHT_BATCHES = {PRIORITY: 32, BULK: 16}
# A claim not refreshed for this long belongs to a batch the broker or a worker lost.
CLAIM_TIMEOUT = timedelta(seconds=45)
# Any number of workers run a dispatcher; on PostgreSQL they take turns (a transaction-scoped
# advisory lock), so they never race for the same rows. SQLite has one writer at a time anyway.
_DISPATCH_LOCK = 0x706F7374726F6F6D  # "postroom"


@dataclass(frozen=True)
class Batch:
    claim: uuid.UUID
    notification_type: str
    lane: str
    size: int


def take_dispatch_turn(session: Session) -> bool:
    """Whether this transaction may claim batches now."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(
        session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _DISPATCH_LOCK})
    )


def _lane_condition(lane: str):
    return Notification.job_id.is_(None) if lane == PRIORITY else Notification.job_id.is_not(None)


def _waiting(now: datetime):
    """In the outbox, unclaimed, and due (not waiting to be tried again). The status is written
    into the statement, not bound: only then can the planners (SQLite's, and PostgreSQL's for a
    prepared statement) tell that a lane's partial index holds every row wanted."""
    return and_(
        Notification.status == literal(statuses.CREATED, literal_execute=True),
        Notification.notification_type.in_(DELIVERED_BY_TASK),
        Notification.claim.is_(None),
        or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now),
    )


def _in_flight(session: Session) -> dict[tuple[str, uuid.UUID, str], int]:
    """Batches claimed and not yet finished, by lane, service and type."""
    lane = Notification.job_id.is_(None)
    rows = session.execute(
        select(
            lane,
            Notification.service_id,
            Notification.notification_type,
            func.count(func.distinct(Notification.claim)),
        )
        .where(Notification.claim.is_not(None), Notification.status == statuses.CREATED)
        .group_by(lane, Notification.service_id, Notification.notification_type)
    ).all()
    return {
        (PRIORITY if is_priority else BULK, service_id, notification_type): count
        for is_priority, service_id, notification_type, count in rows
    }


def _queues(
    session: Session, lane: str, now: datetime, busy: dict[tuple[uuid.UUID, str], int]
) -> list[tuple[uuid.UUID, str]]:
    """(service, type) pairs with messages waiting in the lane: those with the fewest batches
    `busy` (in flight) first, then the longest waiting. So a place freed in a full lane goes to
    a service waiting behind another's flood, not to the flood, whose messages are older."""
    waiting = [
        (service_id, notification_type)
        for service_id, notification_type, _oldest in session.execute(
            select(
                Notification.service_id,
                Notification.notification_type,
                func.min(Notification.created_at),
            )
            .where(_waiting(now), _lane_condition(lane))
            .group_by(Notification.service_id, Notification.notification_type)
            .order_by(func.min(Notification.created_at))
        )
    ]
    return sorted(waiting, key=lambda queue: busy.get(queue, 0))  # stable: oldest first within


def _claim_one(
    session: Session, service_id: uuid.UUID, notification_type: str, lane: str, now: datetime
) -> Batch | None:
    # The batch is chosen once (a materialised CTE) and joined on its ids: as `id IN (SELECT
    # ... LIMIT)`, a planner without statistics on a table just filled (PostgreSQL before its
    # first ANALYZE) may run the subquery again for every row it scans, for minutes.
    oldest = (
        select(Notification.id)
        .where(
            _waiting(now),
            _lane_condition(lane),
            Notification.service_id == service_id,
            Notification.notification_type == notification_type,
        )
        .order_by(Notification.created_at)
        .limit(BATCH_SIZE)
        .cte("batch")
        .prefix_with("MATERIALIZED")
    )
    claim = uuid.uuid4()
    # The condition is checked again as each row is claimed, so two dispatchers racing for the
    # same rows never both have one.
    # Counted from what it returns: a statement that starts with WITH has no rowcount in
    # Python's sqlite3.
    claimed = len(
        session.execute(
            update(Notification)
            .where(Notification.id == oldest.c.id, _waiting(now))
            .values(claim=claim, claimed_at=now)
            .returning(Notification.id)
            .execution_options(synchronize_session=False)
        ).all()
    )
    return Batch(claim, notification_type, lane, claimed) if claimed else None


def claim_batches(session: Session, now: datetime) -> list[Batch]:
    """Claim what may be handed over now: in each lane, a batch for each service and type in
    turn (round after round while they have more), until the lane has as many batches in flight
    as it may. The caller commits, then hands each batch to a worker, or gives it back with
    `release`."""
    in_flight = _in_flight(session)
    claimed: list[Batch] = []
    for lane in LANES:
        busy = {(s, t): count for (in_lane, s, t), count in in_flight.items() if in_lane == lane}
        room = IN_FLIGHT_BATCHES[lane] - sum(busy.values())
        queues = _queues(session, lane, now, busy) if room > 0 else []
        while room > 0 and queues:
            more = []
            for service_id, notification_type in queues[:room]:
                batch = _claim_one(session, service_id, notification_type, lane, now)
                if batch is not None:
                    claimed.append(batch)
                    room -= 1
                    if batch.size == BATCH_SIZE:  # there may be more behind it
                        more.append((service_id, notification_type))
            queues = more
    return claimed


def release(session: Session, claim: uuid.UUID) -> None:
    """A batch that could not be handed to a worker goes back to the outbox."""
    session.execute(
        update(Notification)
        .where(Notification.claim == claim, Notification.status == statuses.CREATED)
        .values(claim=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )


def claimed(session: Session, claim: uuid.UUID) -> list[Notification]:
    """The batch's messages still to hand over, oldest first."""
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.claim == claim, Notification.status == statuses.CREATED)
            .order_by(Notification.created_at)
        )
    )


def still_claimed(session: Session, claim: uuid.UUID, now: datetime) -> None:
    """The batch is being worked on: its claim must not look stale."""
    session.execute(
        update(Notification)
        .where(Notification.claim == claim, Notification.status == statuses.CREATED)
        .values(claimed_at=now)
        .execution_options(synchronize_session=False)
    )


def release_abandoned(session: Session, now: datetime) -> int:
    """Give back to the outbox every claim not refreshed for `CLAIM_TIMEOUT`, however many:
    their batches were lost by the broker or by a worker that stopped."""
    return session.execute(
        update(Notification)
        .where(
            Notification.claim.is_not(None),
            Notification.status == statuses.CREATED,
            Notification.claimed_at < now - CLAIM_TIMEOUT,
        )
        .values(claim=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount
