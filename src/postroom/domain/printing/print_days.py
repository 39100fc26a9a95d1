"""When letters go to print: every letter accepted before 5:30pm (local time) goes in that
evening's print run; one accepted later goes in the next evening's."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from postroom.clock import utcnow
from postroom.domain.vocabulary.dates import to_local, to_utc

CUT_OFF = time(17, 30)


def print_day(created_at: datetime) -> date:
    """The local day of the print run a letter accepted at `created_at` (UTC) goes in."""
    local = to_local(created_at)
    return local.date() + timedelta(days=1) if local.time() >= CUT_OFF else local.date()


def cut_off_of(day: date) -> datetime:
    """5:30pm on local `day`, in UTC: the end of what that day's print run takes."""
    return to_utc(datetime.combine(day, CUT_OFF))


def printing_started(created_at: datetime, now: datetime | None = None) -> bool:
    """Whether the print run a letter goes in has begun: no cancelling it after that."""
    return (now or utcnow()) >= cut_off_of(print_day(created_at))


def day_in_words(day: date, now: datetime | None = None) -> str:
    """`today` (or a day to come), or `on 3 June`, as Notify names a print day in a sentence."""
    today = to_local(now or utcnow()).date()
    return "today" if day >= today else f"on {day.day} {day:%B}"
