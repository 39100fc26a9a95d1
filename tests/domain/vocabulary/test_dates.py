from datetime import date, datetime

import pytest

from postroom.domain.vocabulary.dates import (
    financial_year_bounds,
    financial_year_months,
    financial_year_of,
    local_midnight_in_utc,
    to_local,
    utc_range_for_local_days,
)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2024, 3, 31), 2023),
        (date(2024, 4, 1), 2024),
        (date(2025, 1, 15), 2024),
        (date(2024, 12, 31), 2024),
    ],
)
def test_financial_year_runs_april_to_march(day, year):
    assert financial_year_of(day) == year


def test_financial_year_bounds_are_first_of_april_to_thirty_first_of_march():
    assert financial_year_bounds(2024) == (date(2024, 4, 1), date(2025, 3, 31))


def test_financial_year_months_start_in_april_and_cross_the_new_year():
    months = financial_year_months(2024)
    assert months[0] == "2024-04"
    assert months[8] == "2024-12"
    assert months[9] == "2025-01"
    assert months[-1] == "2025-03"
    assert len(months) == 12


def test_local_midnight_in_summer_is_eleven_pm_utc_the_day_before():
    assert local_midnight_in_utc(date(2024, 7, 1)) == datetime(2024, 6, 30, 23, 0)


def test_local_midnight_in_winter_is_midnight_utc():
    assert local_midnight_in_utc(date(2024, 12, 1)) == datetime(2024, 12, 1, 0, 0)


def test_a_utc_time_late_in_a_summer_evening_is_the_next_local_day():
    assert to_local(datetime(2024, 6, 30, 23, 30)).date() == date(2024, 7, 1)


def test_local_day_range_spanning_the_clock_change_is_one_hour_short():
    # Clocks go forward on 31 March 2024: that local day has 23 hours.
    start, end = utc_range_for_local_days(date(2024, 3, 31), date(2024, 3, 31))
    assert (end - start).total_seconds() == 23 * 3600


def test_times_are_shown_as_notify_shows_them():
    from postroom.domain.vocabulary.dates import iso

    assert iso(datetime(2026, 3, 29, 1, 2, 3, 45)) == "2026-03-29T01:02:03.000045Z"
    assert iso(None) is None
