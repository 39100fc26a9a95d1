"""The dashboard: the last 7 days from the fact table and today's rows, templates used, inbox
summary, upcoming sends, and `dashboard.json`."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from postroom.clock import utcnow
from postroom.domain.activity import dashboard
from postroom.domain.reporting import statistics
from postroom.domain.vocabulary.dates import local_today
from postroom.models import Job
from tests.factories import create_notification, create_service, create_template

# The pages count "the last 7 days" and "this year" back from the clock: the tests that store
# messages and read them back hold it still (the `now` fixture) on whatever day they run.


@pytest.fixture
def service(session, member):
    service = create_service(session, user=member, name="Libraries")
    session.commit()
    return service


def _send(session, template, status, days_ago=0, count=1, key_type="normal"):
    for _ in range(count):
        create_notification(
            session,
            template,
            status=status,
            created_at=utcnow() - timedelta(days=days_ago),
            key_type=key_type,
        )


def _build_facts(session, days=8):
    for back in range(1, days + 1):
        statistics.update_fact_notification_status(session, local_today() - timedelta(days=back))
    session.commit()


def test_totals_add_the_fact_table_to_todays_rows(session, service, now):
    sms = create_template(session, service, name="Reminder", content="Hi")
    _send(session, sms, "delivered", days_ago=3, count=30)
    _send(session, sms, "permanent-failure", days_ago=2, count=2)
    _send(session, sms, "delivered", days_ago=10, count=50)  # older than 7 days
    _send(session, sms, "delivered", key_type="test", count=5)  # test keys left out
    _build_facts(session, days=12)
    _send(session, sms, "temporary-failure", count=1)  # today, live
    totals = {t.notification_type: t for t in dashboard.totals(session, service.id)}
    assert (totals["sms"].requested, totals["sms"].delivered, totals["sms"].failed) == (33, 30, 3)
    assert totals["sms"].failure_percent == 9.1 and totals["sms"].warning
    assert totals["email"].requested == 0 and not totals["email"].warning


def test_the_dashboard_page_and_json(web, member, session, service, now):
    sms = create_template(session, service, name="Reminder", content="Hi")
    email = create_template(session, service, template_type="email", name="Welcome", subject="S")
    _send(session, sms, "delivered", count=3)
    _send(session, email, "delivered", count=1)
    session.commit()
    web.sign_in(member)
    page = web.page(f"/services/{service.id}")
    assert "In the last 7 days" in page and "Reminder" in page and "Welcome" in page
    assert page.index("Reminder") < page.index("Welcome")  # most used first
    sections = web.get(f"/services/{service.id}/dashboard.json").get_json()
    assert set(sections) == {"totals", "template-statistics", "inbox", "upcoming"}
    assert ">3</span>" in sections["totals"]
    _send(session, sms, "permanent-failure", count=1)
    session.commit()
    assert (
        "Over 3% failed" in web.get(f"/services/{service.id}/dashboard.json").get_json()["totals"]
    )


def test_the_inbox_summary_only_for_services_that_receive_texts(web, member, session, service):
    from postroom.domain.services import services

    receiving = create_service(session, user=member, name="Receiving")
    services.update_service(session, receiving, {"permissions": ["sms", "inbound_sms"]})
    session.commit()
    web.sign_in(member)
    assert web.get(f"/services/{service.id}/dashboard.json").get_json()["inbox"].strip() == ""
    inbox = web.get(f"/services/{receiving.id}/dashboard.json").get_json()["inbox"]
    assert "No text messages received in the last 7 days." in inbox


def test_upcoming_scheduled_sends(web, member, session, service):
    template = create_template(session, service, content="Hi")
    session.add(
        Job(
            original_file_name="november.csv",
            service_id=service.id,
            template_id=template.id,
            template_version=1,
            notification_count=120,
            job_status="scheduled",
            scheduled_for=utcnow() + timedelta(days=1),
        )
    )
    session.commit()
    web.sign_in(member)
    page = web.page(f"/services/{service.id}")
    assert "1</span> file waiting to send" in page
    assert re.search(r"november.csv</a>: 120 messages, tomorrow at \w+", page)


def test_without_view_activity_the_dashboard_sends_you_to_the_templates(
    web, member, session, service
):
    web.sign_in_without(member, "view_activity")
    response = web.get(f"/services/{service.id}")
    assert response.location.endswith(f"/services/{service.id}/templates")
    assert web.get(f"/services/{service.id}/dashboard.json").status_code == 403


def test_another_services_numbers_never_show(web, member, session, service, now):
    other = create_service(session, name="Elsewhere")
    template = create_template(session, other, name="Their template", content="Hi")
    _send(session, template, "delivered", count=7)
    session.commit()
    web.sign_in(member)
    page = web.page(f"/services/{service.id}")
    assert "Their template" not in page and ">7</span>" not in page


def test_managers_see_this_years_usage(web, member, session, service, now):
    sms = create_template(session, service, content="Hi")
    _send(session, sms, "delivered", count=2)
    session.commit()
    web.sign_in(member)
    page = web.page(f"/services/{service.id}")
    assert "This year’s usage" in page and "See messages by month" in page
    usage = web.get(f"/services/{service.id}/dashboard-usage.json").get_json()["usage"]
    assert "Text messages" in usage and "2 sent" in usage


def test_usage_json_needs_manage_service(web, member, session, service):
    web.sign_in_without(member, "manage_settings")
    assert web.get(f"/services/{service.id}/dashboard-usage.json").status_code == 403
    assert "This year’s usage" not in web.page(f"/services/{service.id}")
