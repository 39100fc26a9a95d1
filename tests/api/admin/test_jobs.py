"""Admin API: jobs, as GOV.UK Notify's `/service/<id>/job` routes."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from postroom import clock
from postroom.domain.vocabulary.dates import iso
from tests.factories import create_service
from tests.fixtures.job_files import checked_upload, email_rows


@pytest.fixture
def service(job_service):
    return job_service


def _create(admin_client, service, upload, user, **body):
    return admin_client.post(
        f"/service/{service.id}/job",
        json={"id": str(upload.id), "created_by": str(user.id), **body},
    )


def test_a_job_is_created_and_processed(admin_client, session, service, email_template, user):
    upload = checked_upload(session, service, email_template, email_rows(4), file_name="f.csv")
    response = _create(admin_client, service, upload, user)
    assert response.status_code == 201
    data = response.get_json()["data"]
    assert (data["id"], data["original_file_name"], data["notification_count"]) == (
        str(upload.id),
        "f.csv",
        4,
    )
    assert data["created_by"] == {"id": str(user.id), "name": user.name}
    assert (data["template_type"], data["template_name"]) == ("email", email_template.name)
    got = admin_client.get(f"/service/{service.id}/job/{upload.id}").get_json()["data"]
    assert got["job_status"] == "finished" and got["processing_started"]
    assert sum(s["count"] for s in got["statistics"]) == 4
    count = admin_client.get(f"/service/{service.id}/job/{upload.id}/notification_count")
    assert count.get_json() == {"count": 4}


def test_a_scheduled_job_waits_and_can_be_cancelled(
    admin_client, session, service, email_template, user
):
    upload = checked_upload(session, service, email_template, email_rows(2))
    at = (clock.utcnow() + timedelta(hours=2)).replace(microsecond=0)
    response = _create(admin_client, service, upload, user, scheduled_for=at.isoformat())
    assert response.get_json()["data"]["job_status"] == "scheduled"
    stats = admin_client.get(f"/service/{service.id}/job/scheduled-job-stats").get_json()
    assert stats == {"count": 1, "soonest_scheduled_for": iso(at)}
    cancelled = admin_client.post(f"/service/{service.id}/job/{upload.id}/cancel")
    assert cancelled.get_json()["data"]["job_status"] == "cancelled"
    again = admin_client.post(f"/service/{service.id}/job/{upload.id}/cancel")
    assert again.status_code == 400


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (-1, "Date cannot be in the past"),
        (24 * 7 + 1, "Date cannot be more than 7 days in the future"),
    ],
)
def test_a_job_is_scheduled_within_seven_days(
    admin_client, session, service, email_template, user, hours, message
):
    upload = checked_upload(session, service, email_template, email_rows(1))
    at = clock.utcnow() + timedelta(hours=hours)
    response = _create(admin_client, service, upload, user, scheduled_for=at.isoformat() + "Z")
    assert response.status_code == 400
    assert response.get_json()["message"] == {"scheduled_for": [message]}


def test_refusals_in_notifys_words(admin_client, session, service, email_template, user):
    upload = checked_upload(session, service, email_template, email_rows(1))
    upload.check_status = "checking"
    session.commit()
    response = _create(admin_client, service, upload, user)
    assert (response.status_code, response.get_json()["message"]) == (
        400,
        "File is not valid, can't create job",
    )
    response = admin_client.post(f"/service/{service.id}/job", json={"created_by": str(user.id)})
    assert response.status_code == 400 and "id" in response.get_json()["message"]
    bad_time = _create(admin_client, service, upload, user, scheduled_for="tomorrow")
    assert bad_time.get_json()["message"] == {"scheduled_for": ["Not a valid datetime."]}
    service.active = False
    session.commit()
    response = _create(admin_client, service, upload, user)
    assert (response.status_code, response.get_json()["message"]) == (
        403,
        "Create job is not allowed: service is inactive ",
    )


def test_another_services_jobs_and_files_are_not_found(
    admin_client, session, service, email_template, user
):
    upload = checked_upload(session, service, email_template, email_rows(1))
    assert _create(admin_client, service, upload, user).status_code == 201
    other = create_service(session, user=user)
    assert _create(admin_client, other, upload, user).status_code == 404
    for path in ("", "/notifications", "/notification_count"):
        assert admin_client.get(f"/service/{other.id}/job/{upload.id}{path}").status_code == 404
    assert admin_client.post(f"/service/{other.id}/job/{upload.id}/cancel").status_code == 404
    assert admin_client.get(f"/service/{service.id}/job/{uuid.uuid4()}").status_code == 404


def test_jobs_are_listed_a_page_at_a_time(admin_client, session, service, email_template, user):
    later = clock.utcnow() + timedelta(hours=1)
    for n in range(3):
        upload = checked_upload(session, service, email_template, email_rows(1))
        _create(
            admin_client,
            service,
            upload,
            user,
            **({"scheduled_for": later.isoformat()} if n else {}),
        )
    listed = admin_client.get(f"/service/{service.id}/job").get_json()
    assert (listed["total"], listed["page_size"], len(listed["data"]), listed["links"]) == (
        3,
        50,
        3,
        {},
    )
    scheduled = admin_client.get(f"/service/{service.id}/job?statuses=scheduled,pending").get_json()
    assert scheduled["total"] == 2
    today = admin_client.get(f"/service/{service.id}/job?limit_days=0").get_json()
    assert today["total"] == 3
    finished = [job for job in listed["data"] if job["job_status"] == "finished"]
    assert finished[0]["statistics"] == [{"status": "delivered", "count": 1}]
    assert admin_client.get(f"/service/{service.id}/job?page=0").status_code == 400


def test_a_jobs_notifications_in_row_order_by_page_and_status(
    admin_client, session, service, email_template, user
):
    upload = checked_upload(session, service, email_template, email_rows(5))
    _create(admin_client, service, upload, user)
    base = f"/service/{service.id}/job/{upload.id}/notifications"
    page = admin_client.get(f"{base}?page_size=2&page=2").get_json()
    assert [n["job_row_number"] for n in page["notifications"]] == [2, 3]
    assert (page["total"], page["page_size"]) == (5, 2)
    assert set(page["links"]) == {"prev", "next"}
    assert admin_client.get(f"{base}?status=delivered").get_json()["total"] == 5
    assert admin_client.get(f"{base}?status=created").get_json()["total"] == 0
