"""The one source of the current time. Times are stored as naive UTC.

`frozen(...)` pins the time, for tests and for building data "as of" a moment; `shifted(...)`
moves the clock to another day while it keeps ticking, so a whole test run can live then."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

_frozen_at: datetime | None = None
_offset = timedelta(0)


def utcnow() -> datetime:
    if _frozen_at is not None:
        return _frozen_at
    return datetime.now(UTC).replace(tzinfo=None) + _offset


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    global _frozen_at
    previous, _frozen_at = _frozen_at, at
    try:
        yield
    finally:
        _frozen_at = previous


@contextmanager
def shifted(by: timedelta) -> Iterator[None]:
    """The clock runs `by` later than it did (earlier if negative); `frozen` still pins it."""
    global _offset
    previous = _offset
    _offset = previous + by
    try:
        yield
    finally:
        _offset = previous
