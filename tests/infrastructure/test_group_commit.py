"""Group commit: rows written by many threads at once are committed together, each caller returns
only once its own row is stored, and one bad row fails only its own caller."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, event, func, select
from sqlalchemy.exc import IntegrityError

from postroom.db import db
from postroom.infrastructure.group_commit import GroupInsert

metadata = MetaData()
ROWS = Table(
    f"group_commit_rows_{uuid.uuid4().hex[:8]}",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20), nullable=False),
)


@pytest.fixture
def table(session):
    metadata.create_all(db.engine)
    yield ROWS
    metadata.drop_all(db.engine)


@pytest.fixture
def inserts(table):
    """The INSERT statements the database was sent."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_):
        if statement.startswith(f"INSERT INTO {table.name}"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    yield statements
    event.remove(db.engine, "before_cursor_execute", count)


def _stored(table) -> list[tuple]:
    with db.engine.connect() as connection:
        return list(connection.execute(select(table.c.id, table.c.name).order_by(table.c.id)))


def test_a_lone_row_is_committed_before_the_caller_returns(table, inserts):
    GroupInsert(table, lambda: db.engine)({"id": 1, "name": "one"})
    assert _stored(table) == [(1, "one")]
    assert len(inserts) == 1


def test_rows_arriving_together_share_inserts(table, inserts):
    grouped = GroupInsert(table, lambda: db.engine)
    hold = threading.Lock()
    hold.acquire()
    # The first caller's commit waits on the lock, so the others queue up behind it meanwhile.
    first_commit = threading.Event()

    def slow_first(_conn, _cursor, statement, *_):
        if statement.startswith(f"INSERT INTO {table.name}") and not first_commit.is_set():
            first_commit.set()
            hold.acquire()

    event.listen(db.engine, "before_cursor_execute", slow_first)
    try:
        threads = [
            threading.Thread(target=grouped, args=({"id": n, "name": f"row {n}"},))
            for n in range(1, 21)
        ]
        threads[0].start()
        first_commit.wait(5)
        for thread in threads[1:]:
            thread.start()
        while grouped._queue.qsize() < 19:
            threading.Event().wait(0.005)
        hold.release()
        for thread in threads:
            thread.join(10)
    finally:
        event.remove(db.engine, "before_cursor_execute", slow_first)
    assert [row_id for row_id, _ in _stored(table)] == list(range(1, 21))
    assert len(inserts) == 2  # the first row alone, then the 19 that waited, in one statement


def test_a_bad_row_fails_its_own_caller_and_no_other(table):
    grouped = GroupInsert(table, lambda: db.engine)
    grouped({"id": 1, "name": "first"})
    outcomes: dict[int, object] = {}

    def write(row_id: int) -> None:
        try:
            grouped({"id": row_id, "name": f"row {row_id}"})
            outcomes[row_id] = "stored"
        except IntegrityError as error:
            outcomes[row_id] = error

    threads = [threading.Thread(target=write, args=(row_id,)) for row_id in (1, 2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert isinstance(outcomes[1], IntegrityError)  # its id was taken
    assert outcomes[2] == outcomes[3] == "stored"
    with db.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(table)) == 3
