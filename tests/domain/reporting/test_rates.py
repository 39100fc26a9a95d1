"""Rates valid from a local day: the right one is found for each day, and new ones end old."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from postroom.domain.reporting import rates
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.models import LetterRate


def test_the_sms_rate_of_a_day_is_the_latest_that_started_by_then(session):
    assert rates.sms_rate_on(session, date(2024, 5, 1)) == 0.0
    rates.add_sms_rate(session, date(2024, 4, 1), 0.0197)
    rates.add_sms_rate(session, date(2025, 4, 1), 0.0227)
    assert rates.sms_rate_on(session, date(2024, 3, 31)) == 0.0
    assert rates.sms_rate_on(session, date(2024, 4, 1)) == 0.0197
    assert rates.sms_rate_on(session, date(2025, 3, 31)) == 0.0197
    assert rates.sms_rate_on(session, date(2025, 4, 1)) == 0.0227
    assert [r.rate for r in rates.sms_rates(session)] == [0.0227, 0.0197]
    # Valid from local midnight: 23:00 UTC the day before, in summer.
    assert rates.sms_rates(session)[0].valid_from == datetime(2025, 3, 31, 23)
    assert rates.valid_from_day(rates.sms_rates(session)[0]) == date(2025, 4, 1)


@pytest.mark.parametrize("rate", [-0.01, 101])
def test_a_rate_must_be_sensible(session, rate):
    with pytest.raises(InvalidRequest) as error:
        rates.add_sms_rate(session, date(2024, 4, 1), rate)
    assert "rate" in error.value.message


def test_two_sms_rates_cannot_start_on_the_same_day(session):
    rates.add_sms_rate(session, date(2024, 4, 1), 0.02)
    with pytest.raises(InvalidRequest) as error:
        rates.add_sms_rate(session, date(2024, 4, 1), 0.03)
    assert "valid_from" in error.value.message


def _second_class(session, day: date, rate: float, crown: bool = True) -> LetterRate:
    return rates.add_letter_rate(
        session, valid_from=day, sheet_count=1, post_class="second", crown=crown, rate=rate
    )


def test_a_new_letter_rate_ends_the_one_it_replaces(session):
    old = _second_class(session, date(2024, 4, 1), 0.5)
    other_kind = _second_class(session, date(2024, 4, 1), 0.55, crown=False)
    new = _second_class(session, date(2025, 4, 1), 0.6)
    assert old.end_date == new.start_date and rates.last_day(old) == date(2025, 3, 31)
    assert other_kind.end_date is None and new.end_date is None
    assert rates.letter_prices_on(session, date(2025, 3, 31)).rate(1, "second", True) == 0.5
    assert rates.letter_prices_on(session, date(2025, 4, 1)).rate(1, "second", True) == 0.6
    assert rates.letter_prices_on(session, date(2025, 4, 1)).rate(1, "second", False) == 0.55
    assert rates.letter_prices_on(session, date(2024, 3, 1)).rate(1, "second", True) == 0.0


def test_a_letter_rate_cannot_start_before_one_of_its_kind(session):
    _second_class(session, date(2025, 4, 1), 0.6)
    with pytest.raises(InvalidRequest) as error:
        _second_class(session, date(2024, 4, 1), 0.5)
    assert "valid_from" in error.value.message


def test_a_letter_rate_needs_a_known_postage_and_sheets(session):
    with pytest.raises(InvalidRequest):
        rates.add_letter_rate(
            session, valid_from=date(2024, 4, 1), sheet_count=1, post_class="pigeon", crown=True,
            rate=1,
        )  # fmt: skip
    with pytest.raises(InvalidRequest):
        rates.add_letter_rate(
            session, valid_from=date(2024, 4, 1), sheet_count=0, post_class="first", crown=True,
            rate=1,
        )  # fmt: skip


def test_crown_comes_from_the_organisation_or_else_its_type():
    assert rates.is_crown("central") and not rates.is_crown("local")
    assert not rates.is_crown("central", False) and rates.is_crown("local", True)
