"""Ages in words, rounded down to the largest whole unit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from postroom.clock import frozen
from postroom.web.time_ago import time_ago

NOW = datetime(2026, 3, 2, 12, 0, 0)


@pytest.mark.parametrize(
    ("age", "words"),
    [
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=59, seconds=59), "59 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=3, minutes=40), "3 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=2, hours=23), "2 days ago"),
    ],
)
def test_an_age_is_said_in_its_largest_whole_unit(age, words):
    assert time_ago(NOW - age, NOW) == words


def test_now_is_the_clocks_by_default():
    with frozen(NOW):
        assert time_ago(NOW - timedelta(hours=2)) == "2 hours ago"
