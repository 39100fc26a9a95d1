"""Starting a job from a checked file, and following it: the job page, its counts and messages,
its live sections, its report and original file, cancelling it while scheduled; the uploads
list, the dashboard's upcoming files, and the ways back to a job from its messages."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from postroom.domain.jobs import jobs
from postroom.models import Job, Notification
from postroom.web.job_forms import schedule_choices
from tests.factories import create_service, create_template, create_user
from tests.fixtures.job_files import checked_upload, email_rows
from tests.web.conftest import PASSWORD


@pytest.fixture
def template(session, service):
    return create_template(
        session, service, template_type="email", name="Renewal", content="Hello ((name))"
    )


@pytest.fixture
def upload(session, service, template):
    return checked_upload(session, service, template, email_rows(3), file_name="people.csv")


@pytest.fixture
def team(upload, web, member):
    """Signed in once the service is made (making a service for a user signs them out)."""
    web.sign_in(member)
    return web


def _start(web, upload, when: str = "now"):
    return web.client.post(
        f"/services/{upload.service_id}/start-job/{upload.id}",
        data={"csrf_token": _token(web, upload.service_id), "scheduled_for": when},
    )


def _token(web, service_id) -> str:
    """From a page with a form that any team member sees."""
    return web.csrf_token(f"/services/{service_id}/notifications")


def _job_url(upload) -> str:
    return f"/services/{upload.service_id}/jobs/{upload.id}"


def _messages(session, job_id) -> list[Notification]:
    session.expire_all()
    return list(session.scalars(select(Notification).where(Notification.job_id == job_id)))


def test_sending_now_makes_the_job_and_its_page_shows_who_sent_it_and_its_messages(
    team, session, upload, member
):
    response = _start(team, upload)
    assert response.location.endswith(f"{_job_url(upload)}?just_sent=yes")
    job = session.get(Job, upload.id)
    assert (job.job_status, job.created_by_id, job.notification_count) == ("finished", member.id, 3)
    assert len(_messages(session, job.id)) == 3  # made by the worker (eager in the tests)

    page = team.page(response.location)
    assert "Your messages are being sent" in page
    assert "Sent by Ada Member on" in page
    counts = re.findall(r"data-count>([\d,]+)</span> (\w+)", page)
    assert counts == [("3", "total"), ("0", "delivering"), ("3", "delivered"), ("0", "failed")]
    assert page.count("data-notification-id=") == 3
    assert "person-0@example.gov.uk" in page
    assert "Download this report (CSV)" in page and "Data available for 7 days" in page
    assert "Cancel sending" not in page


def test_a_second_submission_does_not_make_a_second_job(team, session, upload):
    _start(team, upload)
    response = _start(team, upload)
    assert response.location.endswith(_job_url(upload))
    assert "These messages have already been sent" in team.page(response.location)
    assert len(_messages(session, upload.id)) == 3


def test_a_scheduled_job_waits_shows_its_file_and_can_be_cancelled(team, session, upload):
    value, label = schedule_choices()[25]  # a day and an hour ahead, or so
    response = _start(team, upload, value)
    job = session.get(Job, upload.id)
    assert job.job_status == "scheduled" and job.scheduled_for.isoformat() == value
    assert _messages(session, job.id) == []

    page = team.page(response.location)
    assert "Your messages are scheduled" in page
    assert f"Sending Renewal {label.lower()}" in page
    assert "Cancel sending" in page and "Download this file (CSV)" in page
    assert re.search(r">4</th><td[^>]*>person-2@example.gov.uk<", page)  # the file's rows
    original = team.get(f"{_job_url(upload)}/original.csv")
    assert original.status_code == 200
    assert 'filename="people.csv"' in original.headers["Content-Disposition"]
    assert original.get_data(as_text=True).splitlines()[0] == "email address,name"

    dashboard = team.page(f"/services/{upload.service_id}")
    assert "1</span> file waiting to send" in dashboard
    assert f"sending starts {label.lower()}" in dashboard

    response = team.post(_job_url(upload))
    assert response.location.endswith(f"/services/{upload.service_id}")
    assert "Sending ‘people.csv’ was cancelled" in team.page(response.location)
    session.expire_all()
    assert session.get(Job, upload.id).job_status == "cancelled"
    assert team.get(_job_url(upload)).status_code == 404
    assert team.get(f"{_job_url(upload)}/original.csv").status_code == 404


def test_a_job_that_has_started_cannot_be_cancelled(team, session, upload):
    _start(team, upload)
    token = _token(team, upload.service_id)
    response = team.client.post(_job_url(upload), data={"csrf_token": token})
    assert response.location.endswith(_job_url(upload))
    assert "Only a scheduled job can be cancelled" in team.page(_job_url(upload))
    assert session.get(Job, upload.id).job_status == "finished"
    # Nor may its file be downloaded once it has been sent.
    assert team.get(f"{_job_url(upload)}/original.csv").status_code == 404


def test_a_time_no_longer_offered_is_refused(team, session, upload):
    response = _start(team, upload, "2020-01-01T09:00:00")
    assert "/check/" in response.location
    assert session.get(Job, upload.id) is None


def test_the_counts_link_to_the_jobs_messages_of_each_status(team, session, upload):
    _start(team, upload)
    first, second, _ = sorted(_messages(session, upload.id), key=lambda n: n.job_row_number)
    first.status, second.status = "permanent-failure", "cancelled"  # both failed to go
    session.commit()
    page = team.page(_job_url(upload))
    assert f'href="{_job_url(upload)}?status=failed"' in page
    assert "1</span> delivered" in page and "2</span> failed" in page
    failed = team.page(f"{_job_url(upload)}?status=failed")
    assert failed.count("data-notification-id=") == 2
    assert str(first.id) in failed and str(second.id) in failed
    delivered = team.page(f"{_job_url(upload)}?status=delivered")
    assert delivered.count("data-notification-id=") == 1


def test_the_report_has_each_row_with_its_message(team, session, upload):
    _start(team, upload)
    response = team.get(f"{_job_url(upload)}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert re.search(
        r'filename="Renewal - [\d-]+ \d{4}.csv"', response.headers["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == [
        "Row number",
        "email address",
        "name",
        "Template",
        "Type",
        "Job",
        "Status",
        "Time",
    ]
    assert [row[:7] for row in rows[1:]] == [
        [str(n + 1), f"person-{n}@example.gov.uk", f"Person {n}", "Renewal", "email"]
        + ["people.csv", "Delivered"]
        for n in range(3)
    ]


def test_while_rows_are_being_made_the_page_says_how_far_and_keeps_following(
    team, session, service, template, upload
):
    job = jobs.start(session, service, upload, created_by_id=service.created_by_id)
    job.job_status, job.notification_count, job.rows_processed = "in progress", 200, 50
    session.commit()
    page = team.page(_job_url(upload))
    assert "Report is 24% complete…" in page and "live-sections.js" in page
    live = team.get(f"{_job_url(upload)}.json").get_json()
    assert set(live) == {"status", "counts", "notifications", "stop"}
    assert live["stop"] is False and "Report is 24% complete…" in live["notifications"]
    session.get(Job, job.id).job_status = "finished"  # the request's session let go of `job`
    session.commit()
    live = team.get(f"{_job_url(upload)}.json").get_json()
    assert live["stop"] is True and "Download this report (CSV)" in live["notifications"]


def test_a_job_over_the_daily_limit_says_so(team, session, service, template, upload):
    job = jobs.start(session, service, upload, created_by_id=service.created_by_id)
    job.job_status = "sending limits exceeded"
    session.commit()
    page = team.page(_job_url(upload))
    assert "Postroom cannot send these messages because you have reached your daily limit." in page
    assert f"You can only send {service.email_message_limit:,} emails per day." in page


def test_the_uploads_page_lists_scheduled_files_first_then_the_newest(
    team, session, service, template
):
    older = checked_upload(session, service, template, email_rows(1), file_name="older.csv")
    newer = checked_upload(session, service, template, email_rows(1), file_name="newer.csv")
    later = checked_upload(session, service, template, email_rows(1), file_name="later.csv")
    gone = checked_upload(session, service, template, email_rows(1), file_name="gone.csv")
    for upload in (older, newer):
        _start(team, upload)
    _start(team, later, schedule_choices()[5][0])
    _start(team, gone, schedule_choices()[5][0])
    team.post(_job_url(gone))
    assert team.get(f"/services/{service.id}/jobs").location.endswith(
        f"/services/{service.id}/uploads"
    )
    page = team.page(f"/services/{service.id}/uploads")
    assert re.findall(r">(\w+)\.csv</a>", page) == ["later", "newer", "older"]
    assert f'href="/services/{service.id}/uploads" aria-current="page">Uploads' in page


def test_a_message_from_a_file_leads_back_to_its_job_and_searching_finds_the_file(
    team, session, service, upload
):
    _start(team, upload)
    message = _messages(session, upload.id)[0]
    page = team.page(f"/services/{service.id}/notification/{message.id}")
    assert f'href="{_job_url(upload)}">Back to people.csv</a>' in page

    response = team.post(f"/services/{service.id}/notifications", {"to": "people"})
    found = team.page(response.location)
    assert f'href="{_job_url(upload)}">people.csv</a>' in found
    assert found.count("data-notification-id=") == 3
    assert "Search by recipient or file name" in found


def test_the_pages_of_a_job_need_view_activity(web, session, service, member, upload):
    jobs.start(session, service, upload, created_by_id=member.id)
    session.commit()
    base = _job_url(upload)
    web.sign_in_without(member, "view_activity")
    for path in (base, f"{base}.json", f"{base}.csv", f"{base}/original.csv"):
        assert web.get(path).status_code == 403, path
    assert web.get(f"/services/{upload.service_id}/uploads").status_code == 403


def test_starting_and_cancelling_need_send_messages(web, session, member, upload):
    web.sign_in_without(member, "send_emails")  # so not all of send_messages
    token = _token(web, upload.service_id)
    start = web.client.post(
        f"/services/{upload.service_id}/start-job/{upload.id}",
        data={"csrf_token": token, "scheduled_for": "now"},
    )
    assert start.status_code == 403
    assert web.client.post(_job_url(upload), data={"csrf_token": token}).status_code == 403
    assert session.get(Job, upload.id) is None


def test_another_services_upload_and_job_are_not_found(team, session, member, upload):
    _start(team, upload)
    mine = create_service(session, user=member, name="Another of mine")
    session.commit()
    team.sign_in(member)
    token = _token(team, mine.id)
    base = f"/services/{mine.id}/jobs/{upload.id}"
    for path in (base, f"{base}.json", f"{base}.csv", f"{base}/original.csv"):
        assert team.get(path).status_code == 404, path
    assert team.client.post(base, data={"csrf_token": token}).status_code == 404
    check = f"/services/{mine.id}/{upload.template_id}/check/{upload.id}"
    assert team.get(check).status_code == 404
    start = team.client.post(
        f"/services/{mine.id}/start-job/{upload.id}",
        data={"csrf_token": token, "scheduled_for": "now"},
    )
    assert start.status_code == 404


def test_a_stranger_sees_nothing_of_a_job(web, session, upload):
    stranger = create_user(session, name="Stranger", password=PASSWORD)
    session.commit()
    web.sign_in(stranger)
    assert web.get(_job_url(upload)).status_code == 404
