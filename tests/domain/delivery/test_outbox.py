"""The outbox: batches claimed by service, type and lane, a bounded number in flight per lane, each
service in turn, retries when due, claims refreshed, given back and found again when lost, and
dispatchers taking turns."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from postroom.clock import frozen
from postroom.db import db
from postroom.domain.delivery import outbox
from postroom.models import Notification
from tests.domain.activity.test_search import a_job
from tests.factories import create_notification, create_service, create_template, stored

SECOND = timedelta(seconds=1)


@pytest.fixture
def email_template(session, live_service):
    return create_template(session, live_service, template_type="email", content="Hello")


@pytest.fixture
def other_service(session):
    return create_service(session, restricted=False)


@pytest.fixture
def other_template(session, other_service):
    return create_template(session, other_service, template_type="email", content="Hello")


@pytest.fixture
def small(monkeypatch):
    """Batches of two, and few of them in flight, so the bounds show with a handful of messages."""

    def limit(priority: int, bulk: int, batch_size: int = 2) -> None:
        monkeypatch.setattr(outbox, "BATCH_SIZE", batch_size)
        monkeypatch.setattr(
            outbox, "IN_FLIGHT_BATCHES", {outbox.PRIORITY: priority, outbox.BULK: bulk}
        )

    return limit


def _claim(session, now) -> list[outbox.Batch]:
    batches = outbox.claim_batches(session, now)
    session.commit()
    return batches


def _rows(session, ids) -> list[Notification]:
    session.expire_all()
    return [session.get(Notification, i) for i in ids]


def _contents(session, batch: outbox.Batch) -> set:
    return {n.id for n in outbox.claimed(session, batch.claim)}


def _finish(session, batch: outbox.Batch) -> None:
    """The batch's messages handed over, as `hand_over` records them."""
    session.execute(
        update(Notification)
        .where(Notification.claim == batch.claim)
        .values(status="sending", claim=None, claimed_at=None)
    )
    session.commit()


def _by_lane(batches) -> dict[str, int]:
    return {lane: sum(b.lane == lane for b in batches) for lane in outbox.LANES}


def test_a_batch_holds_one_service_one_type_and_at_most_batch_size_messages(
    session, api_app, live_service, email_template, other_service, other_template, now
):
    live_service.email_message_limit = outbox.BATCH_SIZE + 5  # a day's limit is 50 by default
    session.commit()
    sms_template = create_template(session, live_service, content="Hello")
    emails = stored(session, api_app, live_service, email_template, outbox.BATCH_SIZE + 5)
    texts = stored(session, api_app, live_service, sms_template, 2)
    others = stored(session, api_app, other_service, other_template, 3)
    batches = _claim(session, now)
    assert sorted((b.notification_type, b.lane, b.size) for b in batches) == [
        ("email", "priority", 3),
        ("email", "priority", 5),
        ("email", "priority", outbox.BATCH_SIZE),
        ("sms", "priority", 2),
    ]
    contents = {b.claim: _contents(session, b) for b in batches}
    assert [len(contents[b.claim]) for b in batches] == [b.size for b in batches]
    kinds = {
        b.claim: {(n.service_id, n.notification_type) for n in _rows(session, contents[b.claim])}
        for b in batches
    }
    assert sorted((b.size, *kinds[b.claim]) for b in batches) == sorted(
        [
            (outbox.BATCH_SIZE, (live_service.id, "email")),
            (5, (live_service.id, "email")),
            (2, (live_service.id, "sms")),
            (3, (other_service.id, "email")),
        ]
    )
    assert set().union(*contents.values()) == {*emails, *texts, *others}


def test_claimed_messages_carry_the_claim_and_its_time_and_are_not_claimed_again(
    session, api_app, live_service, email_template, now
):
    ids = stored(session, api_app, live_service, email_template, 3)
    [batch] = _claim(session, now)
    assert batch.size == 3
    assert [(n.claim, n.claimed_at) for n in _rows(session, ids)] == [(batch.claim, now)] * 3
    later = now + 5 * SECOND
    assert _claim(session, later) == []
    assert [(n.claim, n.claimed_at) for n in _rows(session, ids)] == [(batch.claim, now)] * 3


def test_job_messages_go_in_the_bulk_lane_and_the_others_in_priority(
    session, api_app, live_service, email_template, now
):
    job = a_job(session, email_template, "renewals.csv")
    from_job = stored(session, api_app, live_service, email_template, 2, job=job)
    one_off = stored(session, api_app, live_service, email_template, 3)
    batches = _claim(session, now)
    assert {b.lane: _contents(session, b) for b in batches} == {
        outbox.BULK: set(from_job),
        outbox.PRIORITY: set(one_off),
    }


def test_letters_are_not_in_the_outbox(session, live_service, now):
    letter = create_template(session, live_service, template_type="letter", content="Hi")
    create_notification(session, letter, status="created")
    assert _claim(session, now) == []


def test_a_full_bulk_lane_does_not_hold_back_priority_batches(
    session, api_app, live_service, email_template, small, now
):
    small(priority=2, bulk=1)
    job = a_job(session, email_template, "everyone.csv")
    stored(session, api_app, live_service, email_template, 6, job=job)
    assert _by_lane(_claim(session, now)) == {outbox.PRIORITY: 0, outbox.BULK: 1}
    assert _claim(session, now) == []  # the bulk lane is full: 4 job messages wait
    one_off = stored(session, api_app, live_service, email_template, 5)
    batches = _claim(session, now)
    assert _by_lane(batches) == {outbox.PRIORITY: 2, outbox.BULK: 0}
    assert set().union(*(_contents(session, b) for b in batches)) < set(one_off)


def test_each_lane_has_at_most_its_own_number_of_batches_in_flight(
    session, api_app, live_service, email_template, small, now
):
    small(priority=2, bulk=1)
    job = a_job(session, email_template, "everyone.csv")
    stored(session, api_app, live_service, email_template, 10, job=job)
    stored(session, api_app, live_service, email_template, 10)
    batches = _claim(session, now)
    assert _by_lane(batches) == {outbox.PRIORITY: 2, outbox.BULK: 1}
    assert _claim(session, now) == []
    priority = [b for b in batches if b.lane == outbox.PRIORITY]
    _finish(session, priority[0])
    assert _by_lane(_claim(session, now)) == {outbox.PRIORITY: 1, outbox.BULK: 0}
    bulk = [b for b in batches if b.lane == outbox.BULK]
    outbox.release(session, bulk[0].claim)  # given back: no longer in flight
    session.commit()
    assert _by_lane(_claim(session, now)) == {outbox.PRIORITY: 0, outbox.BULK: 1}


def test_a_service_with_a_few_messages_is_not_behind_another_services_flood(
    session, api_app, live_service, email_template, other_service, other_template, small, now
):
    small(priority=3, bulk=1)
    flood = stored(session, api_app, live_service, email_template, 20)
    with frozen(now + SECOND):  # after the flood
        few = stored(session, api_app, other_service, other_template, 2)
    batches = _claim(session, now + SECOND)
    assert len(batches) == 3
    contents = [_contents(session, b) for b in batches]
    assert set(few) in contents
    assert sum(c <= set(flood) for c in contents) == 2


def test_a_service_behind_a_flood_gets_the_next_free_place_in_the_lane(
    session, api_app, live_service, email_template, other_service, other_template, small, now
):
    """Batches finish one at a time: each place freed goes to a service with fewer batches in
    flight, not to the one whose oldest message has waited longest (the flood's)."""
    small(priority=2, bulk=1)
    stored(session, api_app, live_service, email_template, 20)
    first, _second = _claim(session, now)
    with frozen(now + SECOND):
        few = stored(session, api_app, other_service, other_template, 2)
    _finish(session, first)
    [batch] = _claim(session, now + SECOND)
    assert _contents(session, batch) == set(few)


def test_a_message_to_be_tried_again_is_not_claimed_before_its_time(
    session, api_app, live_service, email_template, now
):
    [notification_id] = stored(session, api_app, live_service, email_template)
    due = now + 30 * SECOND
    session.execute(
        update(Notification).where(Notification.id == notification_id).values(next_attempt_at=due)
    )
    session.commit()
    assert _claim(session, now) == []
    assert _claim(session, due - SECOND) == []
    with frozen(due):
        [batch] = _claim(session, due)
    assert _contents(session, batch) == {notification_id}


def test_still_claimed_keeps_a_batch_from_looking_abandoned(
    session, api_app, live_service, email_template, now
):
    ids = stored(session, api_app, live_service, email_template, 2)
    [batch] = _claim(session, now)
    refreshed = now + outbox.CLAIM_TIMEOUT - SECOND
    outbox.still_claimed(session, batch.claim, refreshed)
    session.commit()
    assert [n.claimed_at for n in _rows(session, ids)] == [refreshed] * 2
    assert outbox.release_abandoned(session, now + outbox.CLAIM_TIMEOUT + SECOND) == 0
    session.commit()
    assert [n.claim for n in _rows(session, ids)] == [batch.claim] * 2


def test_a_released_batch_goes_back_to_the_outbox(
    session, api_app, live_service, email_template, now
):
    ids = stored(session, api_app, live_service, email_template, 3)
    [batch] = _claim(session, now)
    outbox.release(session, batch.claim)
    session.commit()
    assert [(n.claim, n.claimed_at) for n in _rows(session, ids)] == [(None, None)] * 3
    assert outbox.claimed(session, batch.claim) == []
    [again] = _claim(session, now)
    assert again.claim != batch.claim
    assert _contents(session, again) == set(ids)


def test_only_claims_older_than_the_timeout_are_given_back(
    session, api_app, live_service, email_template, other_service, other_template, now
):
    lost_ids = stored(session, api_app, live_service, email_template, 3)
    [lost] = _claim(session, now)
    later = now + 30 * SECOND
    with frozen(later):
        recent_ids = stored(session, api_app, other_service, other_template, 2)
        [recent] = _claim(session, later)
    timeout = now + outbox.CLAIM_TIMEOUT
    assert outbox.release_abandoned(session, timeout) == 0  # exactly the timeout: not yet
    with frozen(timeout + SECOND):
        assert outbox.release_abandoned(session, timeout + SECOND) == 3
    session.commit()
    assert [n.claim for n in _rows(session, lost_ids)] == [None] * 3
    assert [n.claim for n in _rows(session, recent_ids)] == [recent.claim] * 2
    assert lost.claim != recent.claim


def test_claimed_lists_only_that_claims_messages_still_to_hand_over_oldest_first(
    session, api_app, live_service, email_template, other_service, other_template, now
):
    ids = []
    for seconds in (2, 0, 1):
        with frozen(now + seconds * SECOND):
            ids += stored(session, api_app, live_service, email_template)
    stored(session, api_app, other_service, other_template, 2)
    batches = _claim(session, now + 3 * SECOND)
    [mine] = [b for b in batches if _contents(session, b) <= set(ids)]
    # One already handed over (its claim kept, as a worker that has not yet written it).
    session.execute(update(Notification).where(Notification.id == ids[1]).values(status="sending"))
    session.commit()
    assert [n.id for n in outbox.claimed(session, mine.claim)] == [ids[2], ids[0]]


def _postgresql(session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def test_one_dispatcher_at_a_time_takes_the_turn_on_postgresql(session):
    if not _postgresql(session):
        pytest.skip("PostgreSQL's advisory locks")
    assert outbox.take_dispatch_turn(session) is True
    with Session(db.engine) as other:
        assert outbox.take_dispatch_turn(other) is False
        other.rollback()
        session.commit()  # the first dispatcher's turn ends with its transaction
        assert outbox.take_dispatch_turn(other) is True
        assert outbox.take_dispatch_turn(session) is False
        other.commit()
    assert outbox.take_dispatch_turn(session) is True
    session.commit()


def test_on_sqlite_every_transaction_may_dispatch(session):
    if _postgresql(session):
        pytest.skip("SQLite has one writer at a time anyway")
    assert outbox.take_dispatch_turn(session) is True
    with Session(db.engine) as other:
        assert outbox.take_dispatch_turn(other) is True
