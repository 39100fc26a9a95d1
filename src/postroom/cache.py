"""A small shared cache for search terms and rate limits: Redis at scale, a SQLite file otherwise.

Both work across processes, so several API processes count one rate limit together."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import redis

from postroom.config import Settings


class Cache(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, ttl: int) -> None: ...

    def add(self, ttls: Mapping[str, int], amount: int = 1) -> list[int]:
        """Add `amount` to each counter named in `ttls` and return their new values, in one
        round trip; a new counter lives its `ttl` seconds from its creation."""
        ...

    def delete(self, key: str) -> None: ...


class RedisCache:
    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url, decode_responses=True)

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
        conn = self._connection()
        now = _seconds()
        values = []
        # BEGIN IMMEDIATE takes the write lock first, so concurrent additions never interleave.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for key, ttl in ttls.items():
                conn.execute("DELETE FROM cache WHERE key = ? AND expires_at <= ?", (key, now))
                conn.execute(
                    "INSERT INTO cache (key, value, expires_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + ?",
                    (key, amount, now + ttl, amount),
                )
                (value,) = conn.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
                values.append(int(value))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return values

    def delete(self, key: str) -> None:
        self._connection().execute("DELETE FROM cache WHERE key = ?", (key,))


def make_cache(settings: Settings) -> Cache:
    if settings.redis_url:
        return RedisCache(settings.redis_url)
    return SqliteCache(settings.data_dir / "cache.db")
