"""Downloading a service's messages as CSV, and, above the download limit, asking for a report
that a worker builds (eagerly in tests) and that the page offers once it is ready."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from postroom.clock import frozen
from postroom.domain.activity import notification_csv, report_requests
from postroom.models import ReportRequest
from tests.domain.activity.test_search import NOW, sent
from tests.factories import create_service, create_template
from tests.web import test_notifications as listing
from tests.web.test_team import _add

# The same service and signed-in team as the notifications pages' tests.
service, team = listing.service, listing.team


@pytest.fixture
def messages(session, service):
    template = create_template(session, service, name="Reminder")
    sent(session, template, to="07700 900123", status="delivered", client_reference="=HYPERLINK()")
    sent(session, template, to="07700 900456", status="permanent-failure")
    sent(session, template, to="07700 900789", created_at=NOW - timedelta(days=8))  # too old
    other = create_template(session, create_service(session, name="Elsewhere"))
    sent(session, other, to="07700 900999")
    return template


def _get(client, path):
    with frozen(NOW):
        return client.get(path)


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_download_names_the_file_and_holds_this_services_messages(team, service, messages):
    response = _get(team, f"/services/{service.id}/download-notifications.csv?message_type=sms")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert 'filename="2026-06-15 - sms - Clinic reminders report.csv"' in disposition
    header, *rows = _rows(response)
    assert header == list(notification_csv.COLUMNS)
    by_recipient = {row[0]: row for row in rows}
    assert sorted(by_recipient) == ["07700 900123", "07700 900456"]
    assert by_recipient["07700 900123"][1:9] == [
        "'=HYPERLINK()",
        "Reminder",
        "sms",
        "",
        "",
        "",
        "Delivered",
        "2026-06-15 12:00:00",
    ]


def test_download_follows_the_status_filter(team, service, messages):
    response = _get(
        team, f"/services/{service.id}/download-notifications.csv?message_type=sms&status=failed"
    )
    assert [row[7] for row in _rows(response)[1:]] == ["Phone number does not exist"]
    unknown = _get(team, f"/services/{service.id}/download-notifications.csv?message_type=fax")
    assert unknown.status_code == 404


def test_the_page_links_to_the_download_with_its_type_and_status(team, service, messages):
    with frozen(NOW):
        page = team.page(f"/services/{service.id}/notifications/sms?status=failed")
    link = re.search(r'id="download" download href="([^"]+)"', page).group(1)
    assert link.replace("&amp;", "&") == (
        f"/services/{service.id}/download-notifications.csv?message_type=sms&status=failed"
    )


def test_without_view_activity_downloads_and_reports_are_forbidden(web, member, session, service):
    report, _ = report_requests.request_report(session, service.id, member.id, "sms", None)
    web.sign_in_without(member, "view_activity")
    for path in (
        "/download-notifications.csv",
        f"/report-request/{report.id}",
        f"/report-request/{report.id}.json",
        f"/report-request/{report.id}.csv",
    ):
        assert web.get(f"/services/{service.id}{path}").status_code == 403, path


def _report_ids(session, service) -> list:
    session.expire_all()
    return session.scalars(
        select(ReportRequest.id).where(ReportRequest.service_id == service.id)
    ).all()


def test_above_the_limit_a_report_is_requested_built_and_downloaded(
    team, session, service, messages, monkeypatch
):
    monkeypatch.setattr(notification_csv, "MAX_NOTIFICATIONS_FOR_DOWNLOAD", 1)
    base = f"/services/{service.id}/notifications/sms"
    with frozen(NOW):
        page = team.page(base)
        assert 'id="download"' not in page and "Request a report" in page
        too_many = team.get(f"/services/{service.id}/download-notifications.csv?message_type=sms")
        assert too_many.status_code == 302 and too_many.location == base
        response = team.post(base, {"report_type": report_requests.REPORT_TYPE})
        [report_id] = _report_ids(session, service)
        assert response.location == f"/services/{service.id}/report-request/{report_id}"
        report_page = team.page(response.location)
        state = team.get(response.location + ".json").get_json()
        download = team.get(response.location + ".csv")
    assert "Your report is ready" in report_page
    assert state["ready"] is True and state["download_url"].endswith(f"{report_id}.csv")
    assert (
        "2026-06-15 - sms - Clinic reminders report.csv" in download.headers["Content-Disposition"]
    )
    rows = _rows(download)
    assert sorted(row[0] for row in rows[1:]) == ["07700 900123", "07700 900456"]
    assert "'=HYPERLINK()" in [row[1] for row in rows]
    report = session.get(ReportRequest, report_id)
    assert report.status == "stored"
    assert report.parameter == {"notification_type": "sms", "notification_status": "all"}


def test_a_report_being_prepared_says_so_until_it_is_built(team, session, service, member):
    report, _ = report_requests.request_report(session, service.id, member.id, "email", "failed")
    session.commit()
    path = f"/services/{service.id}/report-request/{report.id}"
    page = team.page(path)
    assert "We are preparing your report" in page and 'http-equiv="refresh"' in page
    assert team.get(path + ".json").get_json() == {
        "status": "pending",
        "ready": False,
        "failed": False,
        "download_url": None,
    }
    assert team.get(path + ".csv").status_code == 404


def test_only_the_person_who_asked_sees_a_report(web, session, service, member):
    report, _ = report_requests.request_report(session, service.id, member.id, None, None)
    colleague = _add(session, service, "Col League", {"view_activity"})
    path = f"/services/{service.id}/report-request/{report.id}"
    web.sign_in(colleague)
    for suffix in ("", ".json", ".csv"):
        assert web.get(path + suffix).status_code == 404, suffix
