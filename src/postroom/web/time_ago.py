"""How long ago something happened, in words, as GOV.UK Notify says it: "3 hours ago"."""

from __future__ import annotations

from datetime import datetime

from postroom.clock import utcnow

# Largest first: the age is said in the largest unit it has at least one of.
UNITS = (("day", 24 * 60 * 60), ("hour", 60 * 60), ("minute", 60))


def time_ago(then: datetime, now: datetime | None = None) -> str:
    """`then` and `now` are naive UTC, as stored; the count is rounded down."""
    seconds = ((now or utcnow()) - then).total_seconds()
    for unit, length in UNITS:
        if seconds >= length:
            count = int(seconds // length)
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"
