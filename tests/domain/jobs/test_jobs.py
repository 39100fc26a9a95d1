"""Starting, cancelling, counting and listing jobs."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from postroom.domain.jobs import jobs
from postroom.domain.jobs.jobs import JobRefused
from postroom.domain.vocabulary.errors import NotFound
from tests.factories import create_notification, create_service, create_template
from tests.fixtures.job_files import checked_upload, email_rows


@pytest.fixture
def service(job_service):
    return job_service


def test_a_checked_file_starts_a_pending_job_with_its_upload_id(session, service, email_template):
    upload = checked_upload(session, service, email_template, email_rows(3), file_name="a.csv")
    job = jobs.start(session, service, upload, created_by_id=service.created_by_id)
    session.commit()
    assert (job.id, job.job_status, job.notification_count) == (upload.id, "pending", 3)
    assert (job.original_file_name, job.template_version) == ("a.csv", email_template.version)
    assert jobs.get(session, service.id, job.id) is job


def test_a_job_with_a_time_is_scheduled(session, service, email_template, now):
    upload = checked_upload(session, service, email_template, email_rows(1))
    at = now + timedelta(hours=3)
    job = jobs.start(session, service, upload, created_by_id=None, scheduled_for=at)
    assert (job.job_status, job.scheduled_for) == ("scheduled", at)


@pytest.mark.parametrize(
    ("ahead", "message"),
    [
        (timedelta(minutes=-1), {"scheduled_for": ["Date cannot be in the past"]}),
        (
            timedelta(days=7, minutes=1),
            {"scheduled_for": ["Date cannot be more than 7 days in the future"]},
        ),
    ],
)
def test_a_job_is_scheduled_only_up_to_seven_days_ahead(
    session, service, email_template, now, ahead, message
):
    upload = checked_upload(session, service, email_template, email_rows(1))
    with pytest.raises(JobRefused) as refused:
        jobs.start(session, service, upload, created_by_id=None, scheduled_for=now + ahead)
    assert refused.value.message == message


def test_a_file_not_checked_or_with_problems_cannot_start(session, service, email_template):
    upload = checked_upload(session, service, email_template, email_rows(1))
    upload.check_status = "checking"
    with pytest.raises(JobRefused, match="File is not valid, can't create job"):
        jobs.start(session, service, upload, created_by_id=None)
    upload.check_status = "checked"
    found = jobs.recipient_file.CheckResult.from_json(upload.check_result)
    upload.check_result = jobs.recipient_file.CheckResult(
        **{**found.__dict__, "rows_with_problems": 1}
    ).to_json()
    with pytest.raises(JobRefused, match="File is not valid, can't create job"):
        jobs.start(session, service, upload, created_by_id=None)


def test_a_file_starts_one_job_only(session, service, email_template):
    upload = checked_upload(session, service, email_template, email_rows(1))
    jobs.start(session, service, upload, created_by_id=None)
    session.commit()
    with pytest.raises(JobRefused, match="File is not valid"):
        jobs.start(session, service, upload, created_by_id=None)


def test_an_inactive_service_cannot_start_a_job(session, service, email_template):
    upload = checked_upload(session, service, email_template, email_rows(1))
    service.active = False
    with pytest.raises(JobRefused) as refused:
        jobs.start(session, service, upload, created_by_id=None)
    assert refused.value.status_code == 403
    assert refused.value.message == "Create job is not allowed: service is inactive "


def test_a_trial_service_cannot_start_a_letter_job(session, service):
    letters = create_template(session, service, template_type="letter", content="Dear ((name))")
    rows = [["address line 1", "address line 2", "postcode", "name"], ["A", "B", "SW1A 1AA", "C"]]
    upload = checked_upload(session, service, letters, rows)
    with pytest.raises(JobRefused) as refused:
        jobs.start(session, service, upload, created_by_id=None)
    assert refused.value.status_code == 403
    assert refused.value.message == "Create letter job is not allowed for service in trial mode "


def test_a_deleted_template_cannot_start_a_job(session, service, email_template):
    upload = checked_upload(session, service, email_template, email_rows(1))
    email_template.archived = True
    with pytest.raises(JobRefused) as refused:
        jobs.start(session, service, upload, created_by_id=None)
    assert refused.value.message == {"archived": ["Template has been deleted"]}


def _job(session, service, template, rows=2, **start):
    upload = checked_upload(session, service, template, email_rows(rows))
    job = jobs.start(session, service, upload, created_by_id=None, **start)
    session.commit()
    return job


def test_another_services_job_is_not_found(session, service, email_template):
    job = _job(session, service, email_template)
    other = create_service(session)
    with pytest.raises(NotFound):
        jobs.get(session, other.id, job.id)
    with pytest.raises(NotFound):
        jobs.cancel(session, other.id, job.id)
    with pytest.raises(NotFound):
        jobs.get(session, service.id, uuid.uuid4())


def test_only_a_scheduled_job_can_be_cancelled(session, service, email_template, now):
    scheduled = _job(session, service, email_template, scheduled_for=now + timedelta(hours=1))
    assert jobs.cancel(session, service.id, scheduled.id).job_status == "cancelled"
    session.commit()
    with pytest.raises(JobRefused):
        jobs.cancel(session, service.id, scheduled.id)
    with pytest.raises(JobRefused):
        jobs.cancel(session, service.id, _job(session, service, email_template).id)


def test_counts_follow_the_job_page(session, service, email_template):
    job = _job(session, service, email_template, rows=10)
    for status in ["delivered", "sent", "permanent-failure", "cancelled", "sending", "created"]:
        create_notification(session, email_template, status=status, job_id=job.id)
    counted = jobs.counts(session, job)
    assert (counted.total, counted.delivered, counted.failed, counted.sending) == (10, 2, 2, 6)
    assert counted.by_status["sending"] == 1
    assert jobs.notification_count(session, job) == 6


def test_jobs_listed_newest_first_by_status_and_days(session, service, email_template, now):
    older = _job(session, service, email_template)
    older.created_at = now - timedelta(days=3)
    newer = _job(session, service, email_template)
    scheduled = _job(session, service, email_template, scheduled_for=now + timedelta(hours=2))
    session.commit()
    found, total = jobs.list_jobs(session, service.id)
    assert [j.id for j in found][-1] == older.id and total == 3
    found, total = jobs.list_jobs(session, service.id, limit_days=1)
    assert {j.id for j in found} == {newer.id, scheduled.id}
    found, total = jobs.list_jobs(session, service.id, statuses_=["scheduled"])
    assert [j.id for j in found] == [scheduled.id]
    found, total = jobs.list_jobs(session, service.id, page=2, page_size=2)
    assert (len(found), total) == (1, 3)


def test_scheduled_stats_count_and_soonest(session, service, email_template, now):
    assert jobs.scheduled_stats(session, service.id) == {"count": 0, "soonest_scheduled_for": None}
    _job(session, service, email_template, scheduled_for=now + timedelta(hours=5))
    _job(session, service, email_template, scheduled_for=now + timedelta(hours=2))
    _job(session, service, email_template)
    assert jobs.scheduled_stats(session, service.id) == {
        "count": 2,
        "soonest_scheduled_for": now + timedelta(hours=2),
    }
