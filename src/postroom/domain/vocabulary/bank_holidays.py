"""Bank holidays in England and Wales, by their rules (and the one-off days proclaimed so far):
printing and posting letters skip them."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

MONDAY, FRIDAY, SATURDAY = 0, 4, 5

# Days proclaimed once, and the years a regular holiday moved to make room for one.
PROCLAIMED = {
    date(1999, 12, 31),
    date(2011, 4, 29),
    date(2012, 6, 5),
    date(2022, 6, 3),
    date(2022, 9, 19),
    date(2023, 5, 8),
}
EARLY_MAY_MOVED = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}
SPRING_MOVED = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}


def _easter_sunday(year: int) -> date:
    """The Gregorian computus (the anonymous algorithm of 1876)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lunar = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * lunar) // 433
    month = (h + lunar - 7 * m + 90) // 25
    return date(year, month, (h + lunar - 7 * m + 33 * month + 19) % 32)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - MONDAY) % 7)


def _next_weekday(day: date, taken: set[date]) -> date:
    while day.weekday() >= SATURDAY or day in taken:
        day += timedelta(days=1)
    return day


@cache
def bank_holidays(year: int) -> frozenset[date]:
    easter = _easter_sunday(year)
    days = {
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        EARLY_MAY_MOVED.get(year, _first_monday(year, 5)),
        SPRING_MOVED.get(year, _last_monday(year, 5)),
        _last_monday(year, 8),
        *(d for d in PROCLAIMED if d.year == year),
    }
    # New Year's Day, Christmas and Boxing Day that fall at a weekend move to the next free
    # weekday.
    for fixed in (date(year, 1, 1), date(year, 12, 25), date(year, 12, 26)):
        days.add(_next_weekday(fixed, days))
    return frozenset(days)


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year)
