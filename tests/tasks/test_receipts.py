"""Receipts applied a batch at a time: one lookup for the whole batch, one commit, the latest word
on a reference kept, and references not known yet looked for again together."""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from postroom.db import db
from postroom.models import Notification, NotificationStatusEvent
from postroom.providers.base import Outcome
from postroom.tasks.receipts import UNKNOWN_REFERENCE_RETRIES, process_receipts
from tests.factories import create_notification, create_template


@contextmanager
def statements():
    """The SQL statements run meanwhile, with their parameters."""
    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _executemany):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _lookups(seen) -> list:
    return [
        parameters
        for statement, parameters in seen
        if statement.lstrip().startswith("SELECT") and "FROM notifications" in statement
    ]


@pytest.fixture
def sending(session, service):
    """Notifications sent and waiting for their receipts, by reference."""
    template = create_template(session, service)

    def make(*references: str) -> dict[str, Notification]:
        made = {}
        for reference in references:
            made[reference] = create_notification(session, template, status="sending")
            made[reference].reference = reference
        session.commit()
        return made

    return make


def _status(session, notification) -> str:
    session.expire_all()
    return session.get(Notification, notification.id).status


def test_a_batch_of_receipts_is_applied_with_one_lookup(session, sending):
    sent = sending(*(f"ref-{n}" for n in range(20)))
    batch = [[reference, Outcome.DELIVERED, "smpp", None] for reference in sent]
    with statements() as seen:
        process_receipts(batch)
    assert len(_lookups(seen)) == 1
    # Not a statement or two a receipt: the lookup, the updates and the history in a few.
    assert len(seen) < 8, [statement for statement, _ in seen]
    assert {_status(session, n) for n in sent.values()} == {"delivered"}
    history = session.scalars(select(NotificationStatusEvent.detail)).all()
    assert history == ["receipt from smpp"] * 20


def test_the_later_of_two_receipts_for_one_reference_is_kept(session, sending):
    sent = sending("ref-1", "ref-2")
    process_receipts(
        [
            ["ref-1", Outcome.IN_TRANSIT, "smpp", None],
            ["ref-2", Outcome.UNDELIVERABLE, "smpp", "SMSC state UNDELIV"],
            ["ref-1", Outcome.DELIVERED, "smpp", "SMSC state DELIVRD"],
        ]
    )
    assert _status(session, sent["ref-1"]) == "delivered"
    assert _status(session, sent["ref-2"]) == "permanent-failure"
    assert session.scalars(
        select(NotificationStatusEvent.detail).where(
            NotificationStatusEvent.notification_id == sent["ref-1"].id
        )
    ).all() == ["SMSC state DELIVRD"]


class Retries:
    """Each retry of `process-receipts`, as (delay, references looked for again); `before`, if
    set, runs before each retry is queued."""

    def __init__(self, monkeypatch) -> None:
        self.seen: list[tuple[float, list[str]]] = []
        self.before = lambda: None
        queue_retry = process_receipts.retry

        def retry(**kwargs):
            self.seen.append((kwargs["countdown"], [r[0] for r in kwargs["args"][0]]))
            self.before()
            return queue_retry(**kwargs)

        monkeypatch.setattr(process_receipts, "retry", retry)


@pytest.fixture
def retries(monkeypatch) -> Retries:
    return Retries(monkeypatch)


def test_unknown_references_are_looked_for_again_together_then_dropped(
    session, sending, retries, caplog
):
    sent = sending("known")
    batch = [
        ["known", Outcome.DELIVERED, "smpp", None],
        ["overtook-its-commit", Outcome.DELIVERED, "smpp", None],
        ["nobody-sent-this", Outcome.DELIVERED, "smpp", None],
    ]
    with caplog.at_level(logging.WARNING, logger="postroom.tasks.receipts"), statements() as seen:
        result = process_receipts.apply(args=[batch])
    assert result.successful()
    assert _status(session, sent["known"]) == "delivered"
    # Both unknown ones in each retry (one task), twice as long to wait each time.
    unknown = ["overtook-its-commit", "nobody-sent-this"]
    assert retries.seen == [(2 * 2**n, unknown) for n in range(UNKNOWN_REFERENCE_RETRIES)]
    assert len(_lookups(seen)) == 1 + UNKNOWN_REFERENCE_RETRIES
    assert "smpp report names no message we sent: nobody-sent-this" in caplog.text
    assert "smpp report names no message we sent: overtook-its-commit" in caplog.text


def test_a_receipt_that_overtook_its_reference_is_applied_once_it_is_committed(
    session, sending, retries
):
    sent: dict[str, Notification] = {}
    # The send's commit lands before the first retry.
    retries.before = lambda: sent or sent.update(sending("late"))
    process_receipts.apply(
        args=[
            [
                ["late", Outcome.UNDELIVERABLE, "smpp", None],
                ["nobody-sent-this", Outcome.DELIVERED, "smpp", None],
            ]
        ]
    )
    assert _status(session, sent["late"]) == "permanent-failure"
    looked_for = [references for _, references in retries.seen]
    assert looked_for[0] == ["late", "nobody-sent-this"]
    assert looked_for[1:] == [["nobody-sent-this"]] * (UNKNOWN_REFERENCE_RETRIES - 1)
