"""A small shared cache for search terms and rate limits: Redis at scale, a SQLite file otherwise.

Both work across processes, so several API processes count one rate limit together."""

from __future__ import annotations

import contextlib
import math
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import redis

from postroom.config import Settings


@dataclass(frozen=True)
class TokenBucket:
    """A bucket of at most `capacity` tokens, refilled at `per_second`, never below `floor`."""

    key: str
    per_second: float
    capacity: int
    floor: int = 0

    @property
    def ttl(self) -> int:
        # Once it would have filled up again, a bucket no one has touched is the same as none.
        return math.ceil(self.capacity / self.per_second)


def take_from(bucket: TokenBucket, state: str | None, now: float) -> tuple[int, str]:
    """GOV.UK Notify's token bucket (notifications-utils' `get_remaining_bucket_tokens`): refill
    whole tokens for the time since the last refill, take one, and return the tokens left with
    the bucket's new state. The refill time moves on only by the tokens granted, so fractions of
    a token are not lost to rounding. `_TAKE_TOKEN_LUA` is the same for Redis."""
    refilled_at, tokens = (now, bucket.capacity) if state is None else _state(state)
    refill = math.floor(max(now - refilled_at, 0) * bucket.per_second)
    tokens = max(min(tokens + refill, bucket.capacity) - 1, bucket.floor)
    refilled_at += refill / bucket.per_second
    return tokens, f"{refilled_at:.6f} {tokens}"


def _state(state: str) -> tuple[float, int]:
    refilled_at, tokens = state.split()
    return float(refilled_at), int(tokens)


_TAKE_TOKEN_LUA = """
local now, per_second = tonumber(ARGV[1]), tonumber(ARGV[2])
local capacity, floor, ttl = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local refilled_at, tokens = now, capacity
local state = redis.call('GET', KEYS[1])
if state then
    local at, count = string.match(state, '^(%S+) (%S+)$')
    refilled_at, tokens = tonumber(at), tonumber(count)
end
local refill = math.floor(math.max(now - refilled_at, 0) * per_second)
tokens = math.max(math.min(tokens + refill, capacity) - 1, floor)
refilled_at = refilled_at + refill / per_second
redis.call('SET', KEYS[1], string.format('%.6f %d', refilled_at, tokens), 'EX', ttl)
local results = {tokens}
for i = 2, #KEYS do
    results[i] = redis.call('INCRBY', KEYS[i], 1)
    redis.call('EXPIRE', KEYS[i], ARGV[4 + i], 'NX')
end
return results
"""


class Cache(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, ttl: int) -> None: ...

    def add(self, ttls: Mapping[str, int], amount: int = 1) -> list[int]:
        """Add `amount` to each counter named in `ttls` and return their new values, in one
        round trip; a new counter lives its `ttl` seconds from its creation."""
        ...

    def take_token(
        self, bucket: TokenBucket, now: float, ttls: Mapping[str, int]
    ) -> tuple[int, list[int]]:
        """Take a token from `bucket` (`take_from`, at `now` in seconds) and add 1 to each
        counter named in `ttls` (as `add`), in one round trip: the tokens left in the bucket,
        and the counters' new values."""
        ...

    def delete(self, key: str) -> None: ...


class RedisCache:
    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url, decode_responses=True)
        self._take_token = self.client.register_script(_TAKE_TOKEN_LUA)

    def get(self, key: str) -> str | None:
        return self.client.get(key)

    def set(self, key: str, value: str, ttl: int) -> None:
        self.client.set(key, value, ex=ttl)

    def add(self, ttls: Mapping[str, int], amount: int = 1) -> list[int]:
        pipeline = self.client.pipeline(transaction=False)
        for key, ttl in ttls.items():
            pipeline.incrby(key, amount)
            pipeline.expire(key, ttl, nx=True)
        return [int(value) for value in pipeline.execute()[::2]]

    def take_token(
        self, bucket: TokenBucket, now: float, ttls: Mapping[str, int]
    ) -> tuple[int, list[int]]:
        args = [repr(now), repr(bucket.per_second), bucket.capacity, bucket.floor, bucket.ttl]
        tokens, *counts = self._take_token(keys=[bucket.key, *ttls], args=[*args, *ttls.values()])
        return int(tokens), [int(count) for count in counts]

    def delete(self, key: str) -> None:
        self.client.delete(key)


def _seconds() -> float:
    return time.time()


class SqliteCache:
    """A cache in one SQLite file; each operation is one short transaction.

    Entries expire by the real clock, as Redis's do, never by Postroom's business clock: a TTL
    is how long the cache keeps a value, whatever day tests have moved that clock to."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self._local = threading.local()
        with self._connection() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS cache "
                "(key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at REAL NOT NULL)"
            )

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    def get(self, key: str) -> str | None:
        row = (
            self._connection()
            .execute("SELECT value FROM cache WHERE key = ? AND expires_at > ?", (key, _seconds()))
            .fetchone()
        )
        return row[0] if row else None

    def set(self, key: str, value: str, ttl: int) -> None:
        self._connection().execute(
            "INSERT INTO cache (key, value, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
            "expires_at = excluded.expires_at",
            (key, value, _seconds() + ttl),
        )

    def add(self, ttls: Mapping[str, int], amount: int = 1) -> list[int]:
        with self._write() as conn:
            return self._add(conn, ttls, amount)

    def take_token(
        self, bucket: TokenBucket, now: float, ttls: Mapping[str, int]
    ) -> tuple[int, list[int]]:
        with self._write() as conn:
            (state,) = conn.execute(
                "SELECT value FROM cache WHERE key = ? AND expires_at > ?", (bucket.key, _seconds())
            ).fetchone() or (None,)
            tokens, state = take_from(bucket, state, now)
            conn.execute(
                "INSERT INTO cache (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO "
                "UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
                (bucket.key, state, _seconds() + bucket.ttl),
            )
            return tokens, self._add(conn, ttls, 1)

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that holds the write lock from its start (BEGIN IMMEDIATE), so
        concurrent writers never interleave."""
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _add(conn: sqlite3.Connection, ttls: Mapping[str, int], amount: int) -> list[int]:
        now = _seconds()
        values = []
        for key, ttl in ttls.items():
            conn.execute("DELETE FROM cache WHERE key = ? AND expires_at <= ?", (key, now))
            conn.execute(
                "INSERT INTO cache (key, value, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + ?",
                (key, amount, now + ttl, amount),
            )
            (value,) = conn.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
            values.append(int(value))
        return values

    def delete(self, key: str) -> None:
        self._connection().execute("DELETE FROM cache WHERE key = ?", (key,))


def make_cache(settings: Settings) -> Cache:
    if settings.redis_url:
        return RedisCache(settings.redis_url)
    return SqliteCache(settings.data_dir / "cache.db")
