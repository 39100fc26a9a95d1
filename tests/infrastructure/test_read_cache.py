"""Remembered reads: kept for a moment, never stale for the process that changed them."""

from __future__ import annotations

import threading
import time

from sqlalchemy import event, insert, text, update

from postroom.db import db
from postroom.domain.sending import cached_reads
from postroom.infrastructure import read_cache
from postroom.models import ApiKey, Service, ServicePermission
from tests.factories import create_service, create_template
from tests.fixtures.service_api import make_key


class Queries:
    """Counts the statements the engine runs while it is open."""

    def __init__(self) -> None:
        self.count = 0

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_):
        event.remove(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args, **_kwargs) -> None:
        self.count += 1


def test_a_second_read_asks_the_database_nothing_and_is_detached(session, service):
    session.commit()
    first = cached_reads.service(session, service.id)
    with Queries() as queries:
        again = cached_reads.service(session, service.id)
    assert again is first and queries.count == 0
    assert first is not service  # never the caller's own (changeable) object
    assert sorted(again.permission_names) == sorted(service.permission_names)
    assert session.object_session(first) is None


def test_a_change_this_process_flushes_is_seen_at_once(session, service):
    template = create_template(session, service, content="Version one")
    session.commit()
    assert cached_reads.template(session, template.id).content == "Version one"
    template.content = "Version two"  # not even flushed yet
    assert cached_reads.template(session, template.id).content == "Version two"
    session.commit()
    assert cached_reads.template(session, template.id).content == "Version two"


def test_a_bulk_update_is_seen_at_once(session, service):
    session.commit()
    assert cached_reads.service(session, service.id).restricted is True
    session.execute(update(Service).where(Service.id == service.id).values(restricted=False))
    assert cached_reads.service(session, service.id).restricted is False


def test_a_plain_insert_is_seen_at_once(session, service):
    session.commit()
    assert "inbound_sms" not in cached_reads.service(session, service.id).permission_names
    session.execute(
        insert(ServicePermission).values(service_id=service.id, permission="inbound_sms")
    )
    assert "inbound_sms" in cached_reads.service(session, service.id).permission_names


def test_a_session_reads_its_own_change_even_after_another_thread_read_the_old_one(
    session, service
):
    session.commit()
    session.execute(update(Service).where(Service.id == service.id).values(rate_limit=7))
    # Another thread, which cannot see the uncommitted change, reads and remembers the old row.
    seen_elsewhere = []

    def read_elsewhere() -> None:
        with db.scope() as other:
            seen_elsewhere.append(cached_reads.service(other, service.id).rate_limit)

    if db.engine.dialect.name == "postgresql":  # SQLite would wait for this writer
        worker = threading.Thread(target=read_elsewhere)
        worker.start()
        worker.join()
        assert seen_elsewhere == [3000]
    assert cached_reads.service(session, service.id).rate_limit == 7
    session.commit()
    assert cached_reads.service(session, service.id).rate_limit == 7


def test_a_change_made_elsewhere_is_seen_within_the_time_to_live(session, service, monkeypatch):
    secret = make_key(session, service, "team")
    assert secret and [key.expiry_date for key in cached_reads.api_keys(session, service.id)] == [
        None
    ]
    # Another process revokes the key: nothing in this process hears of it.
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE api_keys SET expiry_date = created_at"))
    session.commit()
    assert cached_reads.api_keys(session, service.id)[0].expiry_date is None
    later = time.monotonic() + read_cache.TTL_SECONDS + 0.1
    monkeypatch.setattr(read_cache, "_seconds", lambda: later)
    assert cached_reads.api_keys(session, service.id)[0].expiry_date is not None


def test_each_services_reads_are_its_own(session, user):
    first, second = create_service(session, user=user), create_service(session, user=user)
    make_key(session, first, "team")
    assert cached_reads.api_keys(session, second.id) == []
    assert [key.service_id for key in cached_reads.api_keys(session, first.id)] == [first.id]
    assert isinstance(cached_reads.api_keys(session, first.id)[0], ApiKey)
