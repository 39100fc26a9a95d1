"""What an outage of the database or the cache looks like to the code that uses them: these
errors mean the store is down or restarting, not that the request or the code is wrong, so the
answer is 503 (try again shortly), never 500."""

from __future__ import annotations

import redis
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

STORE_UNREACHABLE: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    PoolTimeout,
    redis.ConnectionError,
    redis.TimeoutError,
)
RETRY_AFTER_SECONDS = 5
