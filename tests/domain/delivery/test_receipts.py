"""What each provider outcome means: the statuses receipts move messages to."""

from __future__ import annotations

import pytest

from postroom.domain.delivery import receipts
from postroom.domain.vocabulary import statuses
from postroom.providers.base import Outcome


def test_every_outcome_a_provider_can_report_means_one_status():
    assert set(receipts.STATUS_OF) == set(Outcome)
    assert receipts.status_for("undeliverable") == statuses.PERMANENT_FAILURE
    assert receipts.status_for(Outcome.IN_TRANSIT) == statuses.PENDING


def test_an_http_providers_words_are_the_statuses_they_mean():
    for word, outcome in receipts.SMS_REPORTS.items():
        assert receipts.status_for(outcome) == word


@pytest.mark.parametrize(
    ("event", "bounce_type", "status"),
    [
        ("delivered", None, statuses.DELIVERED),
        ("bounce", "permanent", statuses.PERMANENT_FAILURE),
        ("bounce", "transient", statuses.TEMPORARY_FAILURE),
    ],
)
def test_an_email_event_means_a_status(event, bounce_type, status):
    assert receipts.status_for(receipts.email_event_outcome(event, bounce_type)) == status
