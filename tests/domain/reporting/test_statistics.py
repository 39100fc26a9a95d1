"""Statistics: past days from the fact table, today from live rows, in local (UK) days."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from postroom.clock import frozen
from postroom.domain.reporting import statistics
from postroom.models import FactNotificationStatus, NotificationHistory
from postroom.models.statistics import NO_JOB_ID
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


def _history_copy(session, notification) -> None:
    """What the retention task leaves behind: the notification without its recipient."""
    columns = {c.key for c in NotificationHistory.__table__.columns}
    session.add(NotificationHistory(**{c: getattr(notification, c) for c in columns}))
    session.commit()


def test_fact_table_counts_notification_history_and_a_moving_notification_once(session, service):
    template = create_template(session, service)
    moved = create_notification(session, template, created_at=datetime(2024, 5, 10, 9))
    _history_copy(session, moved)
    session.delete(moved)
    session.commit()
    moving = create_notification(session, template, created_at=datetime(2024, 5, 10, 10))
    _history_copy(session, moving)  # copied, not yet deleted from notifications
    _build_facts(session, date(2024, 5, 10))
    assert [r.notification_count for r in session.query(FactNotificationStatus)] == [2]


def test_fact_rows_are_grouped_by_template_job_and_key_type(session, service):
    sms = create_template(session, service, template_type="sms")
    email = create_template(session, service, template_type="email")
    job_id = uuid.uuid4()
    at = datetime(2024, 5, 10, 9)
    create_notification(session, sms, created_at=at)
    create_notification(session, sms, created_at=at, job_id=job_id)
    create_notification(session, sms, created_at=at, job_id=job_id)
    create_notification(session, sms, created_at=at, key_type="test")
    create_notification(session, email, created_at=at)
    assert statistics.update_fact_notification_status(session, date(2024, 5, 10)) == 4
    rows = {
        (r.template_id, r.job_id, r.key_type, r.notification_count)
        for r in session.query(FactNotificationStatus)
    }
    assert rows == {
        (sms.id, NO_JOB_ID, "normal", 1),
        (sms.id, job_id, "normal", 2),
        (sms.id, NO_JOB_ID, "test", 1),
        (email.id, NO_JOB_ID, "normal", 1),
    }


def test_rebuilding_one_day_leaves_other_days_alone(session, service):
    template = create_template(session, service)
    create_notification(session, template, created_at=datetime(2024, 5, 9, 9))
    create_notification(session, template, created_at=datetime(2024, 5, 10, 9))
    _build_facts(session, date(2024, 5, 9), date(2024, 5, 10))
    _build_facts(session, date(2024, 5, 10))
    assert sorted(r.local_date for r in session.query(FactNotificationStatus)) == [
        date(2024, 5, 9),
        date(2024, 5, 10),
    ]


def test_the_25_hour_day_when_clocks_go_back_is_one_local_day(session, service):
    template = create_template(session, service)
    # 27 October 2024 in London runs from 23:00 UTC on the 26th (BST) to 00:00 UTC on the 28th.
    for at in (
        datetime(2024, 10, 26, 22, 59),
        datetime(2024, 10, 26, 23, 0),
        datetime(2024, 10, 27, 23, 59),
        datetime(2024, 10, 28, 0, 0),
    ):
        create_notification(session, template, created_at=at)
    _build_facts(session, date(2024, 10, 26), date(2024, 10, 27), date(2024, 10, 28))
    counts = {r.local_date: r.notification_count for r in session.query(FactNotificationStatus)}
    assert counts == {date(2024, 10, 26): 1, date(2024, 10, 27): 2, date(2024, 10, 28): 1}


def test_today_starts_at_local_midnight_on_the_day_clocks_go_forward(session, service):
    template = create_template(session, service, template_type="email")
    # BST began at 01:00 UTC on 31 March 2024, so 1 April began locally at 23:00 UTC on 31 March.
    create_notification(
        session, template, status="delivered", created_at=datetime(2024, 3, 31, 22, 50)
    )
    create_notification(
        session, template, status="delivered", created_at=datetime(2024, 3, 31, 23, 10)
    )
    _build_facts(session, date(2024, 3, 31))
    with frozen(datetime(2024, 3, 31, 23, 30)):
        today = statistics.service_statistics(session, service.id, today_only=True)
        two_days = statistics.service_statistics(session, service.id, limit_days=2)
    assert today["email"]["requested"] == 1
    assert two_days["email"]["requested"] == 2


def test_a_message_after_local_midnight_on_31_march_counts_in_the_next_financial_year(
    session, service
):
    template = create_template(session, service, template_type="sms")
    # 23:30 UTC on 31 March 2025 is 00:30 on 1 April in London: financial year 2025, not 2024.
    create_notification(
        session, template, status="delivered", created_at=datetime(2025, 3, 31, 22, 30)
    )
    create_notification(
        session, template, status="delivered", created_at=datetime(2025, 3, 31, 23, 30)
    )
    _build_facts(session, date(2025, 3, 31), date(2025, 4, 1))
    with frozen(datetime(2025, 6, 1, 12)):
        year_2024 = statistics.monthly_statistics(session, service.id, 2024)
        year_2025 = statistics.monthly_statistics(session, service.id, 2025)
    assert year_2024["2025-03"]["sms"]["requested"] == 1
    assert year_2025["2025-04"]["sms"]["requested"] == 1


def test_monthly_statistics_spread_over_months_and_include_today(session, service):
    template = create_template(session, service, template_type="letter")
    past = [
        (datetime(2024, 4, 15, 9), "delivered"),
        (datetime(2024, 4, 30, 23, 30), "received"),  # 1 May locally
        (datetime(2024, 11, 30, 23, 30), "permanent-failure"),  # GMT: still 30 November
        (datetime(2025, 1, 2, 9), "cancelled"),
        (datetime(2025, 1, 3, 9), "delivered"),
    ]
    for at, status in past:
        create_notification(session, template, status=status, created_at=at)
        _build_facts(session, at.date(), date(at.year, at.month, at.day) + timedelta(days=1))
    with frozen(datetime(2025, 2, 14, 12)):
        create_notification(
            session, template, status="sending", created_at=datetime(2025, 2, 14, 9)
        )
        create_notification(session, template, key_type="test", created_at=datetime(2025, 2, 14, 9))
        months = statistics.monthly_statistics(session, service.id, 2024)
    letters = {month: counts["letter"] for month, counts in months.items()}
    assert letters["2024-04"] == {"requested": 1, "delivered": 1, "failed": 0}
    assert letters["2024-05"] == {"requested": 1, "delivered": 1, "failed": 0}
    assert letters["2024-11"] == {"requested": 1, "delivered": 0, "failed": 1}
    assert letters["2025-01"] == {"requested": 1, "delivered": 1, "failed": 0}
    assert letters["2025-02"] == {"requested": 1, "delivered": 0, "failed": 0}
    assert sum(m["requested"] for m in letters.values()) == 5


def test_service_statistics_leave_out_test_keys_unless_asked(session, service):
    template = create_template(session, service)
    with frozen(datetime(2024, 5, 10, 12)):
        create_notification(session, template, key_type="test", created_at=datetime(2024, 5, 10, 9))
        without = statistics.service_statistics(session, service.id)
        with_test = statistics.service_statistics(session, service.id, include_test_key=True)
    assert (without["sms"]["requested"], with_test["sms"]["requested"]) == (0, 1)
