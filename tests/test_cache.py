"""The cache: the embedded SQLite one always, Redis when POSTROOM_TEST_REDIS_URL is set."""

from __future__ import annotations

import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import get_context

import pytest

import postroom.cache
from postroom.cache import RedisCache, SqliteCache

KINDS = ["sqlite"] + (["redis"] if os.environ.get("POSTROOM_TEST_REDIS_URL") else [])


def _make(kind: str, tmp_path):
    if kind == "redis":
        return RedisCache(os.environ["POSTROOM_TEST_REDIS_URL"])
    return SqliteCache(tmp_path / "cache.db")


@pytest.fixture(params=KINDS)
def cache(request, tmp_path):
    return _make(request.param, tmp_path)


@pytest.fixture
def key() -> str:
    return f"test:{uuid.uuid4()}"


def test_set_then_get(cache, key):
    cache.set(key, "hello", ttl=60)
    assert cache.get(key) == "hello"


def test_missing_key_is_none(cache, key):
    assert cache.get(key) is None


def _expires_within_a_second(cache, key, monkeypatch) -> bool:
    """Whether `key` is gone a second from now: the SQLite cache's clock is moved on; Redis
    expires keys itself, by a clock no test moves, so there the expiry it holds is read."""
    if isinstance(cache, RedisCache):
        return 0 < cache.client.pttl(key) <= 1000
    later = time.time() + 1.01
    monkeypatch.setattr(postroom.cache, "_seconds", lambda: later)
    return cache.get(key) is None


def test_values_expire(cache, key, monkeypatch):
    cache.set(key, "soon gone", ttl=1)
    assert cache.get(key) == "soon gone"
    assert _expires_within_a_second(cache, key, monkeypatch)


def test_delete(cache, key):
    cache.set(key, "x", ttl=60)
    cache.delete(key)
    assert cache.get(key) is None


def test_add_counts_from_nothing_and_keeps_its_first_expiry(cache, key, monkeypatch):
    assert cache.add({key: 1}) == [1]
    assert cache.add({key: 60}) == [2]
    assert _expires_within_a_second(cache, key, monkeypatch)
    if not isinstance(cache, RedisCache):
        assert cache.add({key: 60}) == [1]  # counting starts again once it has expired


def test_add_counts_several_counters_at_once_and_gives_back(cache, key):
    other = key + ":other"
    assert cache.add({key: 60}) == [1]
    assert cache.add({key: 60, other: 60}, amount=2) == [3, 2]
    assert cache.add({key: 60, other: 60}, amount=-1) == [2, 1]
    assert (cache.get(key), cache.get(other)) == ("2", "1")


def test_concurrent_increments_from_threads_add_up(cache, key):
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: cache.add({key: 60}), range(200)))
    assert cache.get(key) == "200"


def _increment_many(kind: str, tmp_path, key: str, times: int) -> None:
    cache = _make(kind, tmp_path)
    for _ in range(times):
        cache.add({key: 60})


@pytest.mark.parametrize("kind", KINDS)
def test_concurrent_increments_from_processes_add_up(kind, tmp_path, key):
    context = get_context("spawn")
    processes = [
        context.Process(target=_increment_many, args=(kind, tmp_path, key, 50)) for _ in range(4)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert _make(kind, tmp_path).get(key) == "200"


def test_take_token_takes_from_the_bucket_and_counts_in_one_call(cache, key):
    bucket = postroom.cache.TokenBucket(key, per_second=1.0, capacity=3)
    daily = key + ":daily"
    assert cache.take_token(bucket, 1000.0, {daily: 60}) == (2, [1])
    assert cache.take_token(bucket, 1000.5, {daily: 60}) == (1, [2])
    assert cache.take_token(bucket, 1000.9, {}) == (0, [])
    assert cache.take_token(bucket, 1001.0, {}) == (0, [])  # one back, taken at once
    assert cache.take_token(bucket, 1010.0, {}) == (2, [])  # full again, and no more


def test_a_bucket_is_forgotten_once_it_would_have_filled_up(cache, key, monkeypatch):
    bucket = postroom.cache.TokenBucket(key, per_second=3.0, capacity=2)
    assert bucket.ttl == 1
    cache.take_token(bucket, 1000.0, {})
    assert _expires_within_a_second(cache, key, monkeypatch)
