"""When a letter should arrive, by GOV.UK Notify's rule (its own test cases first)."""

from __future__ import annotations

from datetime import datetime

import pytest

from postroom.domain.vocabulary.letter_timings import estimated_delivery


@pytest.mark.parametrize(
    ("created_at", "postage", "expected"),
    [
        # Notify's: no printing at weekends, no second class or economy delivery on Saturdays.
        (datetime(2000, 12, 1), "second", datetime(2000, 12, 11, 16)),  # Fri; printed Mon 4
        (datetime(2000, 6, 1), "second", datetime(2000, 6, 9, 15)),  # Thu; 4pm BST
        (datetime(2000, 12, 1), "first", datetime(2000, 12, 5, 16)),
        (datetime(2000, 6, 1), "first", datetime(2000, 6, 3, 15)),  # first class: Saturday too
        (datetime(2000, 12, 1), "economy", datetime(2000, 12, 13, 16)),
        (datetime(2000, 6, 1), "economy", datetime(2000, 6, 13, 15)),
        (datetime(2026, 3, 2, 10), "europe", datetime(2026, 3, 11, 16)),  # Mon; printed Tue 3
        (datetime(2026, 3, 2, 10), "rest-of-world", datetime(2026, 3, 13, 16)),
    ],
)
def test_notifys_delivery_estimates(created_at, postage, expected):
    assert estimated_delivery(created_at, postage) == expected


def test_letters_after_half_past_five_are_printed_a_day_later():
    assert estimated_delivery(datetime(2026, 3, 2, 17, 29), "first") == datetime(2026, 3, 4, 16)
    assert estimated_delivery(datetime(2026, 3, 2, 17, 31), "first") == datetime(2026, 3, 5, 16)


def test_bank_holidays_are_neither_printing_nor_delivery_days():
    # Christmas 2026: Fri 25 and Mon 28 (Boxing Day's) are holidays, and so is 1 January.
    assert estimated_delivery(datetime(2026, 12, 24, 10), "first") == datetime(2026, 12, 30, 16)
    assert estimated_delivery(datetime(2026, 12, 24, 10), "second") == datetime(2027, 1, 6, 16)


def test_the_seconds_of_the_time_sent_are_kept_as_notifys_are():
    estimate = estimated_delivery(datetime(2000, 12, 1, 9, 15, 7, 250), "second")
    assert estimate == datetime(2000, 12, 11, 16, 0, 7, 250)


def test_no_estimate_without_a_known_postage():
    assert estimated_delivery(datetime(2026, 3, 2), None) is None
