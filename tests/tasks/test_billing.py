"""The nightly billing task rebuilds the last few days' billing facts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from postroom.clock import frozen
from postroom.models import FactBilling
from postroom.tasks.billing import build_billing_facts
from tests.factories import create_notification, create_template


def _fact_days(session) -> list[date]:
    return sorted(set(session.scalars(select(FactBilling.local_date))))


def test_nightly_run_rebuilds_the_three_days_before_today(session, service):
    template = create_template(session, service)
    for day in (5, 6, 7, 8, 9, 10):
        create_notification(session, template, created_at=datetime(2024, 5, day, 12))
    with frozen(datetime(2024, 5, 10, 1)):
        build_billing_facts.delay()
    assert _fact_days(session) == [date(2024, 5, 7), date(2024, 5, 8), date(2024, 5, 9)]


def test_one_day_can_be_rebuilt_on_demand(session, service):
    template = create_template(session, service)
    create_notification(session, template, created_at=datetime(2024, 1, 15, 12), billable_units=3)
    build_billing_facts("2024-01-15")
    assert session.execute(select(FactBilling.local_date, FactBilling.billable_units)).all() == [
        (date(2024, 1, 15), 3)
    ]
