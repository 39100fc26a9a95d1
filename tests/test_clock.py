"""The clock: real UTC time, which tests can pin (`frozen`) or move to another day (`shifted`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from postroom.clock import frozen, shifted, utcnow

A_YEAR_ON = timedelta(days=400)
CLOSE_ENOUGH = timedelta(seconds=1)


def _ahead_of_real_time() -> timedelta:
    return utcnow() - datetime.now(UTC).replace(tzinfo=None)


def test_a_shifted_clock_is_the_real_time_moved_and_keeps_ticking():
    outside = _ahead_of_real_time()  # the whole run may itself be shifted
    with shifted(A_YEAR_ON):
        assert abs(_ahead_of_real_time() - outside - A_YEAR_ON) < CLOSE_ENOUGH
        first = utcnow()
        assert any(utcnow() > first for _ in range(100_000))  # microseconds, not a wait
    assert abs(_ahead_of_real_time() - outside) < CLOSE_ENOUGH


def test_shifts_add_up_and_a_frozen_time_still_wins_inside_them():
    outside = _ahead_of_real_time()
    pinned = datetime(2027, 3, 31, 22, 30)
    with shifted(A_YEAR_ON), shifted(-timedelta(days=1)):
        assert abs(_ahead_of_real_time() - outside - timedelta(days=399)) < CLOSE_ENOUGH
        with frozen(pinned):
            assert utcnow() == pinned
        assert utcnow() != pinned
