"""Statistics: past days from the fact table, today from live rows, in local (UK) days."""

from __future__ import annotations

from datetime import date, datetime

from postroom.clock import frozen
from postroom.domain import statistics
from postroom.models import FactNotificationStatus
from tests.factories import create_notification, create_service, create_template


def _build_facts(session, *days):
    for day in days:
        statistics.update_fact_notification_status(session, day)
    session.commit()


def test_fact_table_counts_a_local_day_by_status(session, service):
    template = create_template(session, service, template_type="email")
    for status in ("delivered", "delivered", "permanent-failure"):
        create_notification(session, template, status=status, created_at=datetime(2024, 5, 10, 12))
    create_notification(session, template, status="delivered", created_at=datetime(2024, 5, 11, 12))
    written = statistics.update_fact_notification_status(session, date(2024, 5, 10))
    session.commit()
    assert written == 2
    rows = {
        (r.notification_status, r.notification_count)
        for r in session.query(FactNotificationStatus).all()
    }
    assert rows == {("delivered", 2), ("permanent-failure", 1)}


def test_rebuilding_a_day_replaces_its_rows(session, service):
    template = create_template(session, service)
    notification = create_notification(
        session, template, status="sending", created_at=datetime(2024, 5, 10, 12)
    )
    _build_facts(session, date(2024, 5, 10))
    notification.status = "delivered"
    session.commit()
    _build_facts(session, date(2024, 5, 10))
    rows = session.query(FactNotificationStatus).all()
    assert [(r.notification_status, r.notification_count) for r in rows] == [("delivered", 1)]


def test_a_late_summer_evening_in_utc_counts_for_the_next_local_day(session, service):
    template = create_template(session, service)
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    create_notification(session, template, created_at=datetime(2024, 6, 30, 23, 30))
    _build_facts(session, date(2024, 6, 30), date(2024, 7, 1))
    rows = session.query(FactNotificationStatus).all()
    assert [r.local_date for r in rows] == [date(2024, 7, 1)]


def test_service_statistics_adds_todays_live_rows_to_past_facts(session, service):
    template = create_template(session, service, template_type="sms")
    create_notification(session, template, status="delivered", created_at=datetime(2024, 5, 8, 9))
    create_notification(
        session, template, status="temporary-failure", created_at=datetime(2024, 5, 9, 9)
    )
    create_notification(session, template, status="delivered", created_at=datetime(2024, 5, 1, 9))
    _build_facts(session, date(2024, 5, 1), date(2024, 5, 8), date(2024, 5, 9))
    with frozen(datetime(2024, 5, 10, 12)):
        create_notification(
            session, template, status="sending", created_at=datetime(2024, 5, 10, 11)
        )
        week = statistics.service_statistics(session, service.id, limit_days=7)
        today = statistics.service_statistics(session, service.id, today_only=True)
    # 1 May is outside the last seven days (4 to 10 May).
    assert week["sms"] == {"requested": 3, "delivered": 1, "failed": 1}
    assert today["sms"] == {"requested": 1, "delivered": 0, "failed": 0}


def test_test_key_messages_can_be_left_out(session, service):
    template = create_template(session, service)
    with frozen(datetime(2024, 5, 10, 12)):
        create_notification(session, template, key_type="test", created_at=datetime(2024, 5, 10, 9))
        counts = statistics.statistics_by_service(
            session, [service.id], date(2024, 5, 10), date(2024, 5, 10), include_test_key=False
        )
    assert counts[service.id]["sms"]["requested"] == 0


def test_cancelled_messages_are_not_requested(session, service):
    template = create_template(session, service, template_type="letter")
    with frozen(datetime(2024, 5, 10, 12)):
        create_notification(
            session, template, status="cancelled", created_at=datetime(2024, 5, 10, 9)
        )
        counts = statistics.service_statistics(session, service.id, today_only=True)
    assert counts["letter"]["requested"] == 0


def test_monthly_statistics_cover_a_financial_year(session, service):
    template = create_template(session, service, template_type="email")
    # 31 March 2024 belongs to financial year 2023; 1 April 2024 to 2024.
    create_notification(session, template, status="delivered", created_at=datetime(2024, 3, 31, 12))
    create_notification(session, template, status="delivered", created_at=datetime(2024, 4, 1, 12))
    create_notification(
        session, template, status="technical-failure", created_at=datetime(2025, 3, 31, 12)
    )
    _build_facts(session, date(2024, 3, 31), date(2024, 4, 1), date(2025, 3, 31))
    with frozen(datetime(2025, 6, 1, 12)):
        months = statistics.monthly_statistics(session, service.id, 2024)
    assert list(months)[0] == "2024-04" and list(months)[-1] == "2025-03"
    assert months["2024-04"]["email"] == {"requested": 1, "delivered": 1, "failed": 0}
    assert months["2025-03"]["email"] == {"requested": 1, "delivered": 0, "failed": 1}
    assert sum(m["email"]["requested"] for m in months.values()) == 2


def test_statistics_of_one_service_never_include_another(session, service):
    other = create_service(session)
    template = create_template(session, other)
    with frozen(datetime(2024, 5, 10, 12)):
        create_notification(session, template, created_at=datetime(2024, 5, 10, 9))
        counts = statistics.service_statistics(session, service.id, today_only=True)
    assert counts["sms"]["requested"] == 0
