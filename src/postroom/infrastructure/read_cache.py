"""Reads kept in this process for a moment: what the public API looks up on every request (the
service, its API keys, the template, the senders).

GOV.UK Notify keeps services, API keys and templates in memory for 2 seconds; so does Postroom,
which takes most of the database work off a request. Whatever this process flushes to a table a
remembered read came from forgets every remembered read at once, so a process never sees its own
changes late (a session that changed them reads past the cache until it ends); other processes
see a change (a revoked key, an archived service, a new template version) within TTL_SECONDS.

What is remembered is detached from any session: read-only, with only what was loaded with it."""

from __future__ import annotations

import functools
import itertools
import threading
import time
from collections.abc import Callable

import cachetools
from sqlalchemy import event
from sqlalchemy.orm import Session

TTL_SECONDS = 2
_MISSING = object()
_CHANGED = "changed remembered tables"  # in Session.info until the transaction ends
_watched_tables: set[str] = set()
_caches: list[cachetools.TTLCache] = []
_lock = threading.Lock()
# Bumped by every forgetting, so that a read which raced a change is not kept.
_generation = [0]


def _seconds() -> float:
    """The clock the time to live counts by: the machine's, never Postroom's business clock."""
    return time.monotonic()


def remembered(*models: type) -> Callable:
    """Decorate `load(session, *args)`, whose result is read from `models`' tables, to keep its
    result for TTL_SECONDS keyed by `args`."""
    _watched_tables.update(model.__tablename__ for model in models)

    def decorate(load: Callable) -> Callable:
        cache: cachetools.TTLCache = cachetools.TTLCache(
            maxsize=4096, ttl=TTL_SECONDS, timer=lambda: _seconds()
        )
        _caches.append(cache)

        @functools.wraps(load)
        def read(session: Session, *args):
            if session.new or session.dirty or session.deleted:
                session.flush()  # the read must see this session's own changes
            with _lock:
                found = cache.get(args, _MISSING)
                generation = _generation[0]
            if found is not _MISSING and not session.info.get(_CHANGED):
                return found
            # A session of its own on the same connection and transaction: what it loads is
            # never an object the caller's session holds (and may change), and is detached
            # when it closes.
            with Session(bind=session.connection(), expire_on_commit=False) as own:
                found = load(own, *args)
            with _lock:
                if generation == _generation[0] and not session.info.get(_CHANGED):
                    cache[args] = found
            return found

        return read

    return decorate


def forget_all() -> None:
    with _lock:
        _generation[0] += 1
        for cache in _caches:
            cache.clear()


def _changed(session: Session) -> None:
    session.info[_CHANGED] = True
    forget_all()


@event.listens_for(Session, "after_flush")
def _forget_after_change(session: Session, _context) -> None:
    changed = itertools.chain(session.new, session.dirty, session.deleted)
    if any(getattr(obj, "__tablename__", None) in _watched_tables for obj in changed):
        _changed(session)


@event.listens_for(Session, "do_orm_execute")
def _forget_after_bulk_change(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in _watched_tables:
            _changed(state.session)


@event.listens_for(Session, "after_commit")
def _forget_when_the_change_is_committed(session: Session) -> None:
    """Other threads may have read the old rows again while the change was uncommitted."""
    if session.info.pop(_CHANGED, False):
        forget_all()


@event.listens_for(Session, "after_rollback")
def _nothing_changed(session: Session) -> None:
    session.info.pop(_CHANGED, None)
