"""A small shared cache for search terms and rate limits: Redis at scale, a SQLite file otherwise.

Both work across processes, so several API processes count one rate limit together."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Protocol

import redis

from postroom.config import Settings


class Cache(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, ttl: int) -> None: ...

    def incr(self, key: str, ttl: int) -> int:
        """Add one and return the new value; a new key lives `ttl` seconds from its creation."""
        ...

    def delete(self, key: str) -> None: ...


class RedisCache:
    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url, decode_responses=True)

    def get(self, key: str) -> str | None:
        return self.client.get(key)

    def set(self, key: str, value: str, ttl: int) -> None:
        self.client.set(key, value, ex=ttl)

    def incr(self, key: str, ttl: int) -> int:
        pipeline = self.client.pipeline()
        pipeline.incr(key)
        pipeline.expire(key, ttl, nx=True)
        value, _ = pipeline.execute()
        return int(value)

    def delete(self, key: str) -> None:
        self.client.delete(key)


class SqliteCache:
    """A cache in one SQLite file; each operation is one short transaction."""

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
            .execute("SELECT value FROM cache WHERE key = ? AND expires_at > ?", (key, time.time()))
            .fetchone()
        )
        return row[0] if row else None

    def set(self, key: str, value: str, ttl: int) -> None:
        self._connection().execute(
            "INSERT INTO cache (key, value, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
            "expires_at = excluded.expires_at",
            (key, value, time.time() + ttl),
        )

    def incr(self, key: str, ttl: int) -> int:
        conn = self._connection()
        now = time.time()
        # BEGIN IMMEDIATE takes the write lock first, so concurrent increments never interleave.
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM cache WHERE key = ? AND expires_at <= ?", (key, now))
            conn.execute(
                "INSERT INTO cache (key, value, expires_at) VALUES (?, '1', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                (key, now + ttl),
            )
            value = conn.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()[0]
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return int(value)

    def delete(self, key: str) -> None:
        self._connection().execute("DELETE FROM cache WHERE key = ?", (key,))


def make_cache(settings: Settings) -> Cache:
    if settings.redis_url:
        return RedisCache(settings.redis_url)
    return SqliteCache(settings.data_dir / "cache.db")
