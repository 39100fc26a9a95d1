"""Local dates and financial years: statistics and billing are counted in the service's timezone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from postroom.clock import utcnow

DEFAULT_TIMEZONE = ZoneInfo("Europe/London")
FINANCIAL_YEAR_START_MONTH = 4  # April to March


def iso(value: datetime | None) -> str | None:
    """A stored UTC time as the API and callbacks show it, as GOV.UK Notify's do: ISO 8601 with
    microseconds and a Z (`2023-01-01T00:00:00.000000Z`)."""
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_local(utc: datetime, tz: ZoneInfo = DEFAULT_TIMEZONE) -> datetime:
    return utc.replace(tzinfo=ZoneInfo("UTC")).astimezone(tz).replace(tzinfo=None)


def to_utc(local: datetime, tz: ZoneInfo = DEFAULT_TIMEZONE) -> datetime:
    """The naive UTC instant of a naive local time."""
    return local.replace(tzinfo=tz).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def local_today(tz: ZoneInfo = DEFAULT_TIMEZONE) -> date:
    return to_local(utcnow(), tz).date()


def local_midnight_in_utc(day: date, tz: ZoneInfo = DEFAULT_TIMEZONE) -> datetime:
    """The UTC instant at which `day` begins locally (naive, like stored times)."""
    return to_utc(datetime.combine(day, time(0)), tz)


def utc_range_for_local_days(
    first: date, last: date, tz: ZoneInfo = DEFAULT_TIMEZONE
) -> tuple[datetime, datetime]:
    """[start, end) in UTC covering the local days `first` to `last` inclusive."""
    return local_midnight_in_utc(first, tz), local_midnight_in_utc(last + timedelta(days=1), tz)


def financial_year_of(day: date) -> int:
    """The year a financial year starts in: 2024 for 1 April 2024 to 31 March 2025."""
    return day.year if day.month >= FINANCIAL_YEAR_START_MONTH else day.year - 1


def financial_year_bounds(year: int) -> tuple[date, date]:
    """First and last local day of the financial year starting in `year`."""
    return date(year, FINANCIAL_YEAR_START_MONTH, 1), date(
        year + 1, FINANCIAL_YEAR_START_MONTH, 1
    ) - timedelta(days=1)


def financial_year_months(year: int) -> list[str]:
    """`YYYY-MM` for each month of the financial year, April first."""
    months = []
    for offset in range(12):
        month = (FINANCIAL_YEAR_START_MONTH - 1 + offset) % 12 + 1
        months.append(f"{year + (1 if month < FINANCIAL_YEAR_START_MONTH else 0)}-{month:02d}")
    return months
