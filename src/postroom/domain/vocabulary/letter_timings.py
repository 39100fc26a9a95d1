"""When a letter is expected to arrive, by GOV.UK Notify's rule: letters received after 5:30pm
(local time) are printed from the next printing day (Monday to Friday, not bank holidays) and
arrive after the days their postage takes (first class is delivered on Saturdays too), at 4pm."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from postroom.domain.vocabulary.bank_holidays import is_bank_holiday
from postroom.domain.vocabulary.dates import to_local, to_utc

SUNDAY, SATURDAY = 6, 5
PROCESSING_SHIFT = timedelta(hours=6, minutes=30)  # 5:30pm falls on the next day
# Days in transit at the most after the day of printing, by postage.
MOST_DAYS_IN_TRANSIT = {"first": 0, "second": 4, "economy": 6, "europe": 5, "rest-of-world": 7}
DELIVERED_AT_HOUR = 16


def _working_day_after(day: datetime, days: int, *, saturday_works: bool) -> datetime:
    def works(d: date) -> bool:
        closed = d.weekday() == SUNDAY or (d.weekday() == SATURDAY and not saturday_works)
        return not closed and not is_bank_holiday(d)

    while days:
        day += timedelta(days=1)
        if works(day.date()):
            days -= 1
    return day


def estimated_delivery(created_at: datetime, postage: str | None) -> datetime | None:
    """The latest day the letter should arrive, as a naive UTC time (the minutes past the hour
    dropped, the seconds kept, as Notify's are); None for a postage with no timings."""
    if postage not in MOST_DAYS_IN_TRANSIT:
        return None
    processing = to_local(created_at) + PROCESSING_SHIFT
    printed = _working_day_after(processing, 1, saturday_works=False)
    delivered = _working_day_after(
        printed,
        1 + MOST_DAYS_IN_TRANSIT[postage],
        saturday_works=postage == "first",
    )
    return to_utc(delivered.replace(hour=DELIVERED_AT_HOUR, minute=0))
