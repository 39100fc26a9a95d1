"""An upload made ready for the check page: a small file checked at once, a large one left for
a worker, which commits how far it has got as it goes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from postroom.db import db
from postroom.domain.jobs import recipient_file, upload_checks, uploads
from postroom.models import Upload
from tests.factories import create_template
from tests.fixtures.job_files import roomy_service
from tests.spreadsheets import make_file


def _rows(count: int) -> list[list[str]]:
    return [["email address", "name"]] + [[f"p{n}@example.gov.uk", "A"] for n in range(count)]


@pytest.fixture
def service(session, user):
    return roomy_service(session, user)


@pytest.fixture
def template(session, service):
    return create_template(session, service, template_type="email", content="Hello ((name))")


def _receive(session, cache, service, template, content, file_name="people.csv"):
    upload = upload_checks.receive(
        session, cache, service, template, file_name, content, created_by_id=None
    )
    session.commit()
    return upload


def test_a_small_file_is_checked_at_once(session, cache, service, template):
    upload = _receive(session, cache, service, template, make_file("csv", _rows(3)))
    assert not upload_checks.in_worker(upload)
    result = upload_checks.result_of(upload)
    assert (upload.row_count, upload.rows_checked) == (3, 3)
    assert result.row_count == 3 and result.columns == ("email address", "name")


def test_a_large_file_is_kept_as_uploaded_until_a_worker_reads_it(
    session, cache, service, template
):
    content = make_file("ods", _rows(10_000))
    assert len(content) > upload_checks.READ_IN_REQUEST_BYTES["ods"]
    upload = _receive(session, cache, service, template, content, "people.ods")
    assert upload.check_status == uploads.READING and upload_checks.result_of(upload) is None
    assert uploads.csv_of(upload) == content  # sealed as it came

    upload_checks.check_in_worker(session, cache, upload.id)
    session.expire_all()
    upload = session.get(Upload, upload.id)
    assert upload.check_status == uploads.CHECKED and upload.row_count == 10_000
    assert uploads.rows_of(upload)[:2] == _rows(1)  # now kept as CSV
    assert upload_checks.result_of(upload).row_count == 10_000


def test_the_worker_commits_its_progress_as_it_goes(session, cache, service, template, monkeypatch):
    upload = uploads.store(session, service.id, template, "people.csv", _rows(6_000))
    session.commit()
    seen = []
    real_check = recipient_file.check

    def check(rows, template, service, context, progress=None):
        def watched(count):
            progress(count)
            with db.engine.connect() as other:  # what the page's request would read
                seen.append(other.scalar(select(Upload.rows_checked).where(Upload.id == upload.id)))

        return real_check(rows, template, service, context, watched)

    monkeypatch.setattr(recipient_file, "check", check)
    upload_checks.check_in_worker(session, cache, upload.id)
    assert seen == [5_000, 6_000]


def test_a_task_run_again_leaves_a_checked_upload_alone(session, cache, service, template):
    upload = _receive(session, cache, service, template, make_file("csv", _rows(1)))
    before = upload.check_result
    upload.check_result = "kept"
    session.commit()
    upload_checks.check_in_worker(session, cache, upload.id)
    assert session.get(Upload, upload.id).check_result == "kept" != before
