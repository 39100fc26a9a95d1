"""England and Wales bank holidays, against the published lists."""

from __future__ import annotations

from datetime import date

import pytest

from postroom.domain.vocabulary.bank_holidays import bank_holidays, is_bank_holiday

PUBLISHED = {
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: [
        "01-03",
        "04-15",
        "04-18",
        "05-02",
        "06-02",
        "06-03",
        "08-29",
        "09-19",
        "12-26",
        "12-27",
    ],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_each_years_bank_holidays(year):
    expected = {date.fromisoformat(f"{year}-{day}") for day in PUBLISHED[year]}
    assert bank_holidays(year) == expected


def test_an_ordinary_weekday_is_not_a_bank_holiday():
    assert not is_bank_holiday(date(2026, 3, 3))
    assert is_bank_holiday(date(2026, 12, 28))
