"""Billing: the daily fact table priced at each day's rates, and a service's usage for a year."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from postroom.clock import frozen
from postroom.domain.reporting import billing, rates
from postroom.models import AnnualBilling, FactBilling, NotificationHistory, Organisation
from tests.factories import create_notification, create_service, create_template


def _facts(session, *days):
    for day in days:
        billing.update_fact_billing(session, day)
    session.commit()


def _fact_rows(session):
    return session.scalars(select(FactBilling).order_by(FactBilling.notification_type)).all()


def _allowance(session, service, year: int, limit: int):
    session.add(
        AnnualBilling(
            service_id=service.id, financial_year_start=year, free_sms_fragment_limit=limit
        )
    )
    session.commit()


def _sms(
    session, template, at: datetime, *, units=1, multiplier=1, count=1, international=False, **kw
):
    for _ in range(count):
        notification = create_notification(
            session, template, created_at=at, billable_units=units, **kw
        )
        notification.rate_multiplier = multiplier
        notification.international = international
        notification.sent_by = "simulated"
    session.commit()


def _letter(session, template, at: datetime, postage: str, *, count=1, sheets=1):
    for _ in range(count):
        notification = create_notification(
            session, template, created_at=at, status="accepted", billable_units=sheets
        )
        notification.postage = postage
    session.commit()


@pytest.fixture
def priced(session):
    rates.add_sms_rate(session, date(2024, 4, 1), 0.02)
    rates.add_sms_rate(session, date(2024, 6, 1), 0.03)
    for post_class, rate in (
        ("second", 0.5),
        ("first", 0.8),
        ("europe", 1.2),
        ("rest-of-world", 1.3),
    ):
        rates.add_letter_rate(
            session, valid_from=date(2024, 4, 1), sheet_count=1, post_class=post_class,
            crown=True, rate=rate,
        )  # fmt: skip
    rates.add_letter_rate(
        session, valid_from=date(2024, 4, 1), sheet_count=2, post_class="second", crown=True,
        rate=0.6,
    )  # fmt: skip
    rates.add_letter_rate(
        session, valid_from=date(2024, 4, 1), sheet_count=1, post_class="second", crown=False,
        rate=0.55,
    )  # fmt: skip
    session.commit()


def test_facts_price_billable_messages_at_the_days_rates(session, service, priced):
    sms = create_template(session, service, template_type="sms")
    email = create_template(session, service, template_type="email")
    at = datetime(2024, 5, 10, 9)
    _sms(session, sms, at, units=2, count=3, status="delivered")
    _sms(session, sms, at, units=1, multiplier=3, status="sent", international=True)
    for status in ("created", "technical-failure", "cancelled", "validation-failed"):
        _sms(session, sms, at, units=5, status=status)  # never reached the provider
    _sms(session, sms, at, units=5, status="delivered", key_type="test")
    create_notification(session, email, created_at=at, status="delivered")
    written = billing.update_fact_billing(session, date(2024, 5, 10))
    session.commit()
    rows = [
        (r.notification_type, r.rate, r.rate_multiplier, r.international, r.postage,
         r.billable_units, r.notifications_sent)
        for r in _fact_rows(session)
    ]  # fmt: skip
    assert written == 3
    assert sorted(rows) == [
        ("email", 0.0, 1, False, "none", 1, 1),
        ("sms", 0.02, 1, False, "none", 6, 3),
        ("sms", 0.02, 3, True, "none", 1, 1),
    ]


def test_letters_are_priced_by_sheets_postage_and_crown(session, priced):
    crown = create_service(session, organisation_type="central")
    other = create_service(session, organisation_type="local")
    at = datetime(2024, 5, 10, 9)
    _letter(session, create_template(session, crown, template_type="letter"), at, "second")
    _letter(
        session, create_template(session, crown, template_type="letter"), at, "second", sheets=2
    )
    _letter(
        session, create_template(session, crown, template_type="letter"), at, "second", sheets=4
    )
    _letter(session, create_template(session, other, template_type="letter"), at, "second")
    _facts(session, date(2024, 5, 10))
    rates_by_service = sorted(
        (r.service_id == crown.id, r.rate, r.notifications_sent) for r in _fact_rows(session)
    )
    # Four sheets cost what the longest known rate (two sheets) costs.
    assert rates_by_service == [(False, 0.55, 1), (True, 0.5, 1), (True, 0.6, 1), (True, 0.6, 1)]


def test_an_organisation_says_whether_its_services_are_crown(session, priced):
    organisation = Organisation(name="Not crown after all", crown=False)
    session.add(organisation)
    session.flush()
    service = create_service(session, organisation_type="central")
    service.organisation_id = organisation.id
    session.commit()
    _letter(
        session,
        create_template(session, service, template_type="letter"),
        datetime(2024, 5, 10, 9),
        "second",
    )
    _facts(session, date(2024, 5, 10))
    assert [r.rate for r in _fact_rows(session)] == [0.55]


def test_rebuilding_a_day_replaces_it_and_counts_history_once(session, service, priced):
    template = create_template(session, service)
    at = datetime(2024, 5, 10, 9)
    _sms(session, template, at, status="delivered")
    moved = create_notification(session, template, created_at=at, status="delivered")
    moved.sent_by = "simulated"
    columns = {c.key for c in NotificationHistory.__table__.columns}
    session.add(NotificationHistory(**{c: getattr(moved, c) for c in columns}))
    session.commit()  # in both tables while being moved
    _facts(session, date(2024, 5, 10))
    _facts(session, date(2024, 5, 10))
    assert [r.notifications_sent for r in _fact_rows(session)] == [2]


def test_usage_uses_the_allowance_first_then_charges_each_days_rate(session, service, priced):
    _allowance(session, service, 2024, 10)
    sms = create_template(session, service, template_type="sms")
    email = create_template(session, service, template_type="email")
    _sms(session, sms, datetime(2024, 5, 10, 9), units=2, count=4, status="delivered")  # 8
    _sms(session, sms, datetime(2024, 5, 20, 9), units=1, multiplier=2, count=2, status="sent")
    _sms(session, sms, datetime(2024, 6, 3, 9), units=1, count=5, status="delivered")  # new rate
    create_notification(session, email, created_at=datetime(2024, 5, 10, 9), status="delivered")
    _facts(session, date(2024, 5, 10), date(2024, 5, 20), date(2024, 6, 3))
    with frozen(datetime(2024, 6, 15, 12)):
        _sms(session, sms, datetime(2024, 6, 15, 8), units=1, count=1, status="sending")  # today
        usage = billing.usage(session, service, 2024)
    assert usage.free_allowance == 10
    assert usage.sms_fragments == 8 + 4 + 5 + 1
    assert usage.remaining_allowance == 0
    may, june = usage.months[1], usage.months[2]
    assert [m.month for m in usage.months] == ["2024-04", "2024-05", "2024-06"]
    assert (may.sms_fragments, may.sms_free) == (12, 10)
    assert [(c.units, c.rate) for c in may.sms_charged] == [(2, 0.02)]
    assert [(c.units, c.rate) for c in june.sms_charged] == [(6, 0.03)]
    assert usage.sms_cost == pytest.approx(2 * 0.02 + 6 * 0.03)
    assert usage.emails == 1 and may.emails == 1


def test_usage_groups_letters_by_postage_then_rate_with_international_together(session, priced):
    service = create_service(session, organisation_type="central")
    template = create_template(session, service, template_type="letter")
    at = datetime(2024, 7, 1, 9)
    _letter(session, template, at, "second", count=3)
    _letter(session, template, at, "second", sheets=2)
    _letter(session, template, at, "europe")
    _letter(session, template, at, "rest-of-world", count=2)
    _letter(session, template, at, "first")
    _facts(session, date(2024, 7, 1))
    with frozen(datetime(2025, 1, 15, 12)):
        usage = billing.usage(session, service, 2024)
    groups = [(g.postage, g.rate, g.units, g.cost) for g in usage.letters]
    assert groups == [
        ("first", 0.8, 1, 0.8),
        ("second", 0.5, 3, 1.5),
        ("second", 0.6, 1, 0.6),
        ("international", 1.2, 1, 1.2),
        ("international", 1.3, 2, 2.6),
    ]
    assert usage.letters_sent == 8
    assert usage.letter_cost == pytest.approx(6.7)
    assert usage.months[3].letter_cost == pytest.approx(6.7)


def test_usage_of_one_service_never_includes_anothers(session, service, priced):
    other = create_service(session)
    _sms(session, create_template(session, other), datetime(2024, 5, 9, 9), status="delivered")
    _facts(session, date(2024, 5, 9))
    with frozen(datetime(2024, 5, 10, 12)):
        _sms(session, create_template(session, other), datetime(2024, 5, 10, 11), status="sent")
        assert billing.usage(session, service, 2024).sms_fragments == 0
        assert billing.usage(session, other, 2024).sms_fragments == 2


def test_free_allowance_falls_back_to_the_last_year_set(session, service):
    session.query(AnnualBilling).delete()
    _allowance(session, service, 2023, 5000)
    _allowance(session, service, 2025, 7000)
    assert billing.free_allowance(session, service, 2024) == 5000
    assert billing.free_allowance(session, service, 2026) == 7000
    assert billing.free_allowance(session, service, 2022) == 5000
    session.query(AnnualBilling).delete()
    assert billing.free_allowance(session, service, 2024) == 40_000  # central government
