"""Unique constraints another request satisfied between our check and our write.

A rule such as "service names are unique" is checked with a query, for a clear message, and kept
by a unique constraint. Two requests at once can both pass the check; the second write then
breaks the constraint. `clash_raises` turns that into the error the check gives."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

# PostgreSQL's SQLSTATE, and SQLite's extended result codes, for a broken unique constraint.
POSTGRES_UNIQUE_VIOLATION = "23505"
SQLITE_UNIQUE_VIOLATIONS = ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")


def is_unique_violation(error: IntegrityError) -> bool:
    cause = error.orig
    return (
        getattr(cause, "sqlstate", None) == POSTGRES_UNIQUE_VIOLATION
        or getattr(cause, "sqlite_errorname", None) in SQLITE_UNIQUE_VIOLATIONS
    )


def clashing_table(error: IntegrityError) -> str | None:
    """The table whose constraint broke: PostgreSQL names it; SQLite says
    `UNIQUE constraint failed: services.name`."""
    diagnostics = getattr(error.orig, "diag", None)
    if diagnostics is not None:
        return diagnostics.table_name
    _, found, columns = str(error.orig).partition("constraint failed: ")
    return columns.split(".", 1)[0] if found else None


def _open_transaction(session: Session) -> None:
    """On SQLite, a transaction that writes first, opened before the block if none is open.

    pysqlite opens a transaction only before a write: a savepoint opened outside one would open
    its own, and releasing it would commit the block's writes there and then, not when the
    caller commits. And it takes the write lock at once: a transaction that reads first (the
    block's own checks) fails with "database is locked" if another writer commits before it
    writes; SQLite has one writer at a time, so the block waits its turn instead, and its checks
    then see what the writer before it wrote."""
    connection = session.connection()
    if getattr(connection.connection.dbapi_connection, "in_transaction", True) is False:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def clash_raises(session: Session, error: Exception, *tables: str) -> Iterator[None]:
    """The block's writes, in a savepoint flushed at its end; when they break a unique constraint
    of one of `tables`, they are undone and `error` is raised instead."""
    _open_transaction(session)
    try:
        with session.begin_nested():
            yield
            session.flush()
    except IntegrityError as clash:
        if not is_unique_violation(clash) or clashing_table(clash) not in tables:
            raise
        raise error from clash
