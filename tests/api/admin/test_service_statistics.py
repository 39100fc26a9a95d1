"""Admin API: service statistics and monthly statistics."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest

from postroom.clock import frozen
from postroom.domain.reporting.statistics import update_fact_notification_status
from postroom.domain.vocabulary.dates import financial_year_of, local_today
from tests.factories import create_notification, create_template


def test_statistics_for_the_last_seven_days(admin_client, session, service):
    template = create_template(session, service, template_type="email")
    create_notification(session, template, status="delivered")
    create_notification(session, template, status="permanent-failure")
    data = admin_client.get(f"/service/{service.id}/statistics").get_json()["data"]
    assert data["email"] == {"requested": 2, "delivered": 1, "failed": 1}
    assert data["sms"] == {"requested": 0, "delivered": 0, "failed": 0}


def test_statistics_limit_days_reaches_back_through_the_fact_table(admin_client, session, service):
    template = create_template(session, service, template_type="sms")
    with frozen(datetime(2024, 5, 20, 12)):
        create_notification(
            session, template, status="delivered", created_at=datetime(2024, 5, 10, 9)
        )
        update_fact_notification_status(session, date(2024, 5, 10))
        session.commit()
        week = admin_client.get(f"/service/{service.id}/statistics").get_json()["data"]
        fortnight = admin_client.get(f"/service/{service.id}/statistics?limit_days=14").get_json()
    assert week["sms"]["requested"] == 0
    assert fortnight["data"]["sms"]["requested"] == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit_days=0", "Must be greater than or equal to 1."),
        ("limit_days=367", "Must be less than or equal to 366."),
        ("limit_days=abc", "Not a valid integer."),
        ("today_only=maybe", "Not a valid boolean."),
    ],
)
def test_statistics_refuse_bad_parameters(admin_client, service, query, message):
    response = admin_client.get(f"/service/{service.id}/statistics?{query}")
    assert response.status_code == 400
    assert response.get_json()["message"] == {query.split("=")[0]: [message]}


def test_statistics_today_only_leaves_out_yesterday(admin_client, session, service):
    template = create_template(session, service, template_type="letter")
    with frozen(datetime(2024, 5, 20, 12)):
        create_notification(session, template, created_at=datetime(2024, 5, 19, 12))
        create_notification(session, template, created_at=datetime(2024, 5, 20, 9))
        update_fact_notification_status(session, date(2024, 5, 19))
        session.commit()
        today = admin_client.get(f"/service/{service.id}/statistics?today_only=true")
        week = admin_client.get(f"/service/{service.id}/statistics")
    assert today.get_json()["data"]["letter"]["requested"] == 1
    assert week.get_json()["data"]["letter"]["requested"] == 2


def test_statistics_of_unknown_service_is_404(admin_client):
    assert admin_client.get(f"/service/{uuid.uuid4()}/statistics").status_code == 404


def test_monthly_statistics_by_financial_year(admin_client, session, service):
    template = create_template(session, service, template_type="sms")
    create_notification(session, template, status="delivered")
    year = financial_year_of(local_today())
    response = admin_client.get(f"/service/{service.id}/notifications/monthly?year={year}")
    data = response.get_json()["data"]
    assert len(data) == 12
    month = f"{local_today():%Y-%m}"
    assert data[month]["sms"] == {"requested": 1, "delivered": 1, "failed": 0}


def test_monthly_statistics_need_a_year(admin_client, service):
    response = admin_client.get(f"/service/{service.id}/notifications/monthly")
    assert response.status_code == 400
    assert response.get_json()["message"] == {"year": ["Missing data for required field."]}


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("last", "Not a valid integer."),
        ("1999", "Must be greater than or equal to 2000."),
        ("99999999999999999999", "Must be less than or equal to 2100."),
    ],
)
def test_monthly_statistics_refuse_a_bad_year(admin_client, service, year, message):
    response = admin_client.get(f"/service/{service.id}/notifications/monthly?year={year}")
    assert response.status_code == 400
    assert response.get_json()["message"] == {"year": [message]}


def test_monthly_statistics_of_unknown_service_is_404(admin_client):
    response = admin_client.get(f"/service/{uuid.uuid4()}/notifications/monthly?year=2024")
    assert response.status_code == 404


def test_monthly_statistics_key_months_from_april_to_march(admin_client, session, service):
    template = create_template(session, service, template_type="email")
    # 00:30 on 1 April 2024 in London (BST), the first minutes of financial year 2024.
    create_notification(
        session, template, status="delivered", created_at=datetime(2024, 3, 31, 23, 30)
    )
    update_fact_notification_status(session, date(2024, 4, 1))
    session.commit()
    with frozen(datetime(2025, 5, 1, 12)):
        data = admin_client.get(f"/service/{service.id}/notifications/monthly?year=2024")
    months = data.get_json()["data"]
    assert list(months) == [f"2024-{m:02d}" for m in range(4, 13)] + [
        "2025-01",
        "2025-02",
        "2025-03",
    ]
    assert months["2024-04"]["email"] == {"requested": 1, "delivered": 1, "failed": 0}
