"""Admin API: service statistics and monthly statistics."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest

from postroom.clock import frozen
from postroom.domain.dates import financial_year_of, local_today
from postroom.domain.statistics import update_fact_notification_status
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


@pytest.mark.parametrize("query", ["limit_days=0", "limit_days=abc", "today_only=maybe"])
def test_statistics_refuse_bad_parameters(admin_client, service, query):
    response = admin_client.get(f"/service/{service.id}/statistics?{query}")
    assert response.status_code == 400


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


def test_monthly_statistics_refuse_a_bad_year(admin_client, service):
    response = admin_client.get(f"/service/{service.id}/notifications/monthly?year=last")
    assert response.status_code == 400
    assert response.get_json()["message"] == {"year": ["Not a valid integer."]}
