"""Public API: GET /v2/jobs/{id} and POST /v2/jobs/{id}/cancel, Postroom's own."""

from __future__ import annotations

from datetime import timedelta

import pytest

from postroom.clock import utcnow
from postroom.models import Job
from tests.factories import create_notification, create_service, create_template


def _job(session, template, *, status="in progress", count=6, **fields) -> Job:
    job = Job(
        original_file_name="clinic.csv",
        service_id=template.service_id,
        template_id=template.id,
        template_version=template.version,
        notification_count=count,
        job_status=status,
        **fields,
    )
    session.add(job)
    session.commit()
    return job


@pytest.fixture
def template(session, live_service):
    return create_template(session, live_service, content="Hi")


def test_a_job_is_shown_with_its_counts(session, live_client, template):
    job = _job(session, template)
    for status in ("sending", "delivered", "sent", "permanent-failure", "cancelled"):
        create_notification(session, template, status=status, job_id=job.id)
    response = live_client.get(f"/v2/jobs/{job.id}")
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert (data["id"], data["job_status"], data["original_file_name"]) == (
        str(job.id),
        "in progress",
        "clinic.csv",
    )
    assert data["api_key"] is None  # started in the web interface
    assert data["counts"] == {
        "total": 6,
        "created": 5,
        "sending": 2,  # the one still sending, and the row not made yet
        "delivered": 2,
        "failed": 2,
        "by_status": {
            "sending": 1,
            "delivered": 1,
            "sent": 1,
            "permanent-failure": 1,
            "cancelled": 1,
        },
    }


def test_a_letter_jobs_statuses_are_shown_as_the_public_api_shows_them(
    session, live_client, live_service
):
    letter = create_template(session, live_service, template_type="letter", subject="S")
    job = _job(session, letter, count=2)
    for status in ("created", "sending"):
        create_notification(session, letter, status=status, job_id=job.id)
    counts = live_client.get(f"/v2/jobs/{job.id}").get_json()["data"]["counts"]
    assert counts["by_status"] == {"accepted": 2}


def test_another_services_job_is_not_found(session, live_client):
    other = create_template(session, create_service(session), content="Hi")
    job = _job(session, other)
    for path in (f"/v2/jobs/{job.id}", f"/v2/jobs/{job.id}/cancel"):
        method = live_client.post if path.endswith("cancel") else live_client.get
        response = method(path)
        assert response.status_code == 404
        assert response.get_json()["errors"] == [
            {"error": "NoResultFound", "message": "No result found"}
        ]
    session.refresh(job)
    assert job.job_status == "in progress"


def test_a_job_id_must_be_a_uuid(session, live_client):
    response = live_client.get("/v2/jobs/not-a-job")
    assert response.status_code == 400
    assert response.get_json()["errors"] == [
        {"error": "ValidationError", "message": "job_id is not a valid UUID"}
    ]


def test_a_scheduled_job_is_cancelled(session, live_client, template):
    job = _job(session, template, status="scheduled", scheduled_for=utcnow() + timedelta(hours=3))
    response = live_client.post(f"/v2/jobs/{job.id}/cancel")
    assert response.status_code == 200
    assert response.get_json()["data"]["job_status"] == "cancelled"
    session.refresh(job)
    assert job.job_status == "cancelled"


@pytest.mark.parametrize("status", ["pending", "in progress", "finished", "cancelled"])
def test_only_a_scheduled_job_can_be_cancelled(session, live_client, template, status):
    job = _job(session, template, status=status)
    response = live_client.post(f"/v2/jobs/{job.id}/cancel")
    assert response.status_code == 400
    [error] = response.get_json()["errors"]
    assert error["message"] == f"Only a scheduled job can be cancelled: this job is {status}"
    session.refresh(job)
    assert job.job_status == status


def test_the_job_routes_are_in_the_openapi_document(anonymous_client):
    paths = anonymous_client.get("/openapi.json").get_json()["paths"]
    counts = paths["/v2/jobs/{job_id}"]["get"]["responses"]["200"]["content"]
    schema = counts["application/json"]["schema"]["properties"]["data"]["properties"]["counts"]
    assert set(schema["required"]) == {
        "total",
        "created",
        "sending",
        "delivered",
        "failed",
        "by_status",
    }
    assert "post" in paths["/v2/jobs/{job_id}/cancel"]
