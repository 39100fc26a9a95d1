"""Uploaded files of recipients: sealed in the file storage, read back as the rows they were,
and removed once their retention has passed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from postroom import clock
from postroom.domain.jobs import uploads
from postroom.domain.services.retention_periods import add_retention
from postroom.domain.vocabulary.errors import NotFound
from postroom.models import Job, Upload
from tests.factories import create_service, create_template

ROWS = [
    ["email address", "name"],
    ["ada@example.gov.uk", "Ada, Countess"],
    ["b@x.gov.uk", 'say "hi"\nthen'],
]


def _upload(session, service, template, rows=ROWS, name="list.csv") -> Upload:
    upload = uploads.store(session, service.id, template, name, rows)
    session.commit()
    return upload


def _job(session, upload: Upload, template, status="finished", **kwargs) -> Job:
    job = Job(
        id=upload.id,
        original_file_name=upload.original_file_name,
        service_id=upload.service_id,
        template_id=template.id,
        template_version=template.version,
        notification_count=upload.row_count,
        job_status=status,
        **kwargs,
    )
    session.add(job)
    session.commit()
    return job


def test_a_file_is_kept_sealed_and_read_back_as_its_rows(session, service):
    template = create_template(session, service, template_type="email")
    upload = _upload(session, service, template)
    assert upload.row_count == 2
    assert b"Countess" not in upload.content  # sealed, not stored as it came
    assert uploads.rows_of(uploads.get(session, service.id, upload.id)) == ROWS
    assert uploads.csv_of(upload).startswith(b"email address,name\r\n")


def test_a_sealed_file_copied_onto_another_upload_does_not_open(session, service):
    template = create_template(session, service, template_type="email")
    first, second = _upload(session, service, template), _upload(session, service, template)
    second.content = first.content
    with pytest.raises(ValueError):
        uploads.rows_of(second)


def test_another_services_upload_is_not_found(session, service, user):
    template = create_template(session, service, template_type="email")
    upload = _upload(session, service, template)
    other = create_service(session, user=user, name="Another service")
    with pytest.raises(NotFound):
        uploads.get(session, other.id, upload.id)


def test_files_go_after_the_retention_of_their_type_and_their_jobs_are_archived(session, service):
    email = create_template(session, service, template_type="email")
    sms = create_template(session, service, template_type="sms")
    add_retention(session, service.id, "sms", 3)
    session.commit()
    start = clock.utcnow()
    old_email = _job(session, _upload(session, service, email), email, created_at=start)
    old_sms = _job(session, _upload(session, service, sms), sms, created_at=start)
    scheduled = _job(
        session, _upload(session, service, email), email, status="scheduled", created_at=start
    )
    never_started = _upload(session, service, email)

    with clock.frozen(start + timedelta(days=3, minutes=1)):
        # The texts' retention is 3 days, the emails' the default 7; an unstarted upload a day.
        assert uploads.remove_expired(session) == 2
    with clock.frozen(start + timedelta(days=7, minutes=1)):
        assert uploads.remove_expired(session) == 1

    left = set(session.scalars(select(Upload.id)))
    assert left == {scheduled.id}  # a scheduled job keeps its file whatever its age
    assert never_started.id not in left
    session.expire_all()
    assert session.get(Job, old_sms.id).archived and session.get(Job, old_email.id).archived
    assert not session.get(Job, scheduled.id).archived
