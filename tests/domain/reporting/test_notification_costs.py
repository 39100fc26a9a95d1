"""What one message costs as the public API tells it, and when that is known."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from postroom.domain.reporting import rates
from postroom.domain.reporting.notification_costs import costs_of
from postroom.domain.vocabulary.dates import to_local
from tests.factories import create_notification, create_template

DAY = datetime(2026, 3, 2, 12)


@pytest.fixture
def letter(session, service):
    template = create_template(session, service, template_type="letter", content="Dear")
    return create_notification(session, template, created_at=DAY, billable_units=2)


@pytest.fixture
def letter_rates(session, service):
    start = to_local(DAY).date() - timedelta(days=10)
    crown = rates.is_crown(service.organisation_type)
    for is_crown, rate in ((crown, 0.85), (not crown, 0.99)):
        rates.add_letter_rate(
            session, valid_from=start, sheet_count=2, post_class="second", crown=is_crown, rate=rate
        )
    session.commit()


def _cost(session, notification):
    return costs_of(session, [notification])[notification.id]


def test_a_letter_costs_its_sheets_at_its_services_rate(session, letter, letter_rates):
    cost = _cost(session, letter)
    assert (cost.is_cost_data_ready, cost.cost_in_pounds) == (True, 0.85)
    assert cost.cost_details == {"billable_sheets_of_paper": 2, "postage": "second"}


def test_a_letter_cost_waits_for_its_sheets_and_its_rate(session, letter, letter_rates):
    letter.billable_units = 0  # not counted yet
    assert _cost(session, letter).is_cost_data_ready is False
    letter.billable_units, letter.postage = 2, "first"  # no first class rate
    assert _cost(session, letter).is_cost_data_ready is False


@pytest.mark.parametrize("status", ["cancelled", "technical-failure", "validation-failed"])
def test_a_letter_never_printed_costs_nothing(session, letter, status):
    letter.status = status
    cost = _cost(session, letter)
    assert (cost.is_cost_data_ready, cost.cost_in_pounds) == (True, 0.0)
    assert cost.cost_details == {"billable_sheets_of_paper": 0, "postage": "second"}


@pytest.mark.parametrize("status", ["created", "technical-failure"])
def test_a_text_not_handed_to_a_provider_has_no_cost_yet(session, service, status):
    rates.add_sms_rate(session, to_local(DAY).date() - timedelta(days=1), 0.02)
    template = create_template(session, service, content="Hi")
    text = create_notification(session, template, status=status, created_at=DAY)
    assert _cost(session, text).is_cost_data_ready is False


def test_a_text_costs_the_rate_of_its_own_day(session, service):
    rates.add_sms_rate(session, to_local(DAY).date() - timedelta(days=5), 0.02)
    rates.add_sms_rate(session, to_local(DAY).date() + timedelta(days=1), 0.03)
    template = create_template(session, service, content="Hi")
    texts = [
        create_notification(session, template, created_at=DAY + timedelta(days=d), billable_units=3)
        for d in (0, 1)
    ]
    costs = costs_of(session, texts)
    assert [costs[t.id].cost_details["sms_rate"] for t in texts] == [0.02, 0.03]
    assert costs[texts[0].id].cost_in_pounds == pytest.approx(0.06)
