"""A financial year month by month: totals by type and status, and templates by use."""

from __future__ import annotations

from datetime import date, datetime

from postroom.clock import frozen
from postroom.domain.reporting import monthly_statistics
from postroom.domain.reporting.statistics import update_fact_notification_status
from tests.factories import create_notification, create_service, create_template


def _facts(session, *days):
    for day in days:
        update_fact_notification_status(session, day)
    session.commit()


def _send(session, template, day: datetime, statuses: list[str], **kwargs):
    for status in statuses:
        create_notification(session, template, status=status, created_at=day, **kwargs)


def test_the_years_on_offer_are_this_financial_year_and_the_two_before():
    with frozen(datetime(2025, 3, 31, 12)):
        assert monthly_statistics.selectable_years() == [2024, 2023, 2022]
    # 23:30 UTC on 31 March 2025 is already 1 April in London (BST).
    with frozen(datetime(2025, 3, 31, 23, 30)):
        assert monthly_statistics.selectable_years() == [2025, 2024, 2023]


def test_labels():
    assert monthly_statistics.month_label("2025-01") == "January 2025"
    assert monthly_statistics.year_label(2024) == "2024 to 2025"


def test_months_of_the_current_year_stop_at_this_month():
    with frozen(datetime(2024, 6, 15, 12)):
        assert monthly_statistics.months_so_far(2024) == ["2024-04", "2024-05", "2024-06"]
        assert len(monthly_statistics.months_so_far(2023)) == 12
        assert monthly_statistics.months_so_far(2025) == []


def test_monthly_totals_count_requested_delivered_and_failed_with_the_failure_rate(
    session, service
):
    email = create_template(session, service, template_type="email")
    sms = create_template(session, service, template_type="sms")
    _send(session, email, datetime(2024, 5, 3, 9), ["delivered"] * 3 + ["permanent-failure"])
    _send(session, sms, datetime(2024, 5, 4, 9), ["delivered", "sending", "cancelled"])
    _send(session, sms, datetime(2024, 4, 20, 9), ["delivered"], key_type="test")
    _facts(session, date(2024, 5, 3), date(2024, 5, 4), date(2024, 4, 20))
    with frozen(datetime(2024, 6, 15, 12)):
        _send(session, sms, datetime(2024, 6, 15, 8), ["technical-failure"])  # today, live
        months = monthly_statistics.monthly_totals(session, service.id, 2024)
    assert [m.month for m in months] == ["2024-04", "2024-05", "2024-06"]
    assert [m.label for m in months][1] == "May 2024"
    may = {t.notification_type: t for t in months[1].totals}
    assert (may["email"].requested, may["email"].delivered, may["email"].failed) == (4, 3, 1)
    assert may["email"].failure_percent == 25.0 and may["email"].warning
    assert (may["sms"].requested, may["sms"].delivered, may["sms"].failed) == (2, 1, 0)
    assert not may["sms"].warning
    april = {t.notification_type: t.requested for t in months[0].totals}
    assert april == {"email": 0, "sms": 0, "letter": 0}  # test keys are left out
    june = {t.notification_type: t for t in months[2].totals}
    assert (june["sms"].requested, june["sms"].failed) == (1, 1)


def test_template_usage_sorts_by_use_and_leaves_out_cancelled_and_test_messages(session, service):
    often = create_template(session, service, name="Often")
    rarely = create_template(session, service, name="Rarely", template_type="email")
    never = create_template(session, service, name="Only cancelled")
    _send(session, often, datetime(2024, 5, 3, 9), ["delivered"] * 3 + ["permanent-failure"])
    _send(session, rarely, datetime(2024, 5, 10, 9), ["delivered"])
    _send(session, rarely, datetime(2024, 5, 10, 9), ["delivered"] * 5, key_type="test")
    _send(session, never, datetime(2024, 5, 10, 9), ["cancelled"] * 9)
    _facts(session, date(2024, 5, 3), date(2024, 5, 10))
    with frozen(datetime(2024, 6, 15, 12)):
        _send(session, rarely, datetime(2024, 6, 15, 8), ["sending", "sending"])
        months = monthly_statistics.template_usage(session, service.id, 2024)
    assert [m.month for m in months] == ["2024-05", "2024-06"]  # April used no template
    may = [(t.name, t.template_type, t.count, t.percent_of_most_used) for t in months[0].templates]
    assert may == [("Often", "sms", 4, 100.0), ("Rarely", "email", 1, 25.0)]
    june = [(t.name, t.count) for t in months[1].templates]
    assert june == [("Rarely", 2)]


def test_template_usage_of_one_service_never_shows_anothers(session, service):
    other = create_service(session)
    theirs = create_template(session, other, name="Theirs")
    _send(session, theirs, datetime(2024, 5, 3, 9), ["delivered"])
    _facts(session, date(2024, 5, 3))
    with frozen(datetime(2024, 6, 15, 12)):
        _send(session, theirs, datetime(2024, 6, 15, 8), ["delivered"])
        assert monthly_statistics.template_usage(session, service.id, 2024) == []
        assert monthly_statistics.template_usage(session, other.id, 2024) != []
