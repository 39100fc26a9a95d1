"""Uploaded files of recipients: kept as CSV (whatever the format uploaded, as Notify does),
sealed with a key derived from the secret key, in the file storage the files sent by email use.

A job started from an upload takes its id. The file is kept while the job may need it (to be
processed, or downloaded while scheduled) and until the service's retention for the template's
type has passed, then removed (`remove_expired`) and the job marked archived."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.clock import utcnow
from postroom.domain.services.retention_periods import days_of_retention
from postroom.domain.vocabulary.errors import NotFound
from postroom.infrastructure.encryption import key_for, open_sealed, seal
from postroom.infrastructure.file_storage import file_storage
from postroom.models import Job, Template, Upload

PURPOSE = "uploads"
# An upload's check: its file waiting for a worker to read it, being checked (`rows_checked` so
# far), checked (`check_result`), or found unreadable (`check_result` says why).
READING, CHECKING, CHECKED, UNREADABLE = "reading", "checking", "checked", "unreadable"
# An upload never started as a job is of no use after a day (Notify leaves it to the bucket).
UNSTARTED_UPLOAD_LIFETIME = timedelta(days=1)


def _key() -> bytes:
    return key_for(runtime.settings().secret_key, PURPOSE)


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


def _new_upload(
    service_id: uuid.UUID,
    template: Template,
    file_name: str,
    created_by_id: uuid.UUID | None,
    api_key_id: uuid.UUID | None,
) -> Upload:
    return Upload(
        id=uuid.uuid4(),
        service_id=service_id,
        template_id=template.id,
        original_file_name=file_name,
        created_by_id=created_by_id,
        api_key_id=api_key_id,
        row_count=0,
        check_status=CHECKING,
        rows_checked=0,
        created_at=utcnow(),
    )


def store(
    session: Session,
    service_id: uuid.UUID,
    template: Template,
    file_name: str,
    rows: list[list[str]],
    *,
    created_by_id: uuid.UUID | None = None,
    api_key_id: uuid.UUID | None = None,
) -> Upload:
    """Keep `rows` (the header first) as the upload of `file_name` for `template`; added to the
    session, for the caller to commit."""
    upload = _new_upload(service_id, template, file_name, created_by_id, api_key_id)
    replace_rows(upload, rows)
    session.add(upload)
    return upload


def store_raw(
    session: Session,
    service_id: uuid.UUID,
    template: Template,
    file_name: str,
    content: bytes,
    *,
    created_by_id: uuid.UUID | None = None,
) -> Upload:
    """Keep a file as uploaded, sealed, for a worker to read (`READING`): reading a large
    spreadsheet takes longer than a request may. The worker then calls `replace_rows`."""
    upload = _new_upload(service_id, template, file_name, created_by_id, None)
    upload.check_status = READING
    file_storage().put(upload, seal(_key(), content, upload.id.bytes))
    session.add(upload)
    return upload


def replace_rows(upload: Upload, rows: list[list[str]]) -> None:
    """The upload's file becomes `rows` as CSV (the header first), ready to be checked."""
    file_storage().put(upload, seal(_key(), as_csv(rows), upload.id.bytes))
    upload.row_count = max(len(rows) - 1, 0)
    upload.check_status = CHECKING


def get(session: Session, service_id: uuid.UUID, upload_id: uuid.UUID) -> Upload:
    upload = session.get(Upload, upload_id)
    if upload is None or upload.service_id != service_id:
        raise NotFound("Upload not found")
    return upload


def csv_of(upload: Upload) -> bytes:
    """The file as stored: CSV, UTF-8 (or, while `READING`, the file as uploaded)."""
    return open_sealed(_key(), file_storage().get(upload), upload.id.bytes)


def rows_of(upload: Upload) -> list[list[str]]:
    return list(iter_rows(upload))


def iter_rows(upload: Upload) -> Iterator[list[str]]:
    """The rows one by one, the header first: a page that shows a few of them stops early."""
    return csv.reader(io.StringIO(csv_of(upload).decode()))


def remove_expired(session: Session) -> int:
    """Nightly: the files of jobs past their service's retention for the template's type (from
    when they were due to send) go, and the jobs are marked archived; so do uploads never
    started that are more than a day old. How many files went."""
    now = utcnow()
    expired = []
    # Only what the decision needs: on the embedded default the files are in the rows.
    for upload in session.execute(
        select(
            Upload.id,
            Upload.service_id,
            Upload.created_at,
            Job.job_status,
            func.coalesce(Job.scheduled_for, Job.created_at).label("due"),
            Template.template_type,
        )
        .outerjoin(Job, Job.id == Upload.id)
        .join(Template, Template.id == Upload.template_id)
    ):
        if upload.job_status is None:
            gone = upload.created_at <= now - UNSTARTED_UPLOAD_LIFETIME
        else:
            days = days_of_retention(session, upload.service_id, upload.template_type)
            gone = upload.job_status != "scheduled" and upload.due <= now - timedelta(days=days)
        if gone:
            expired.append(upload)
    if not expired:
        return 0
    file_storage().delete(expired)
    ids = [upload.id for upload in expired]
    session.execute(update(Job).where(Job.id.in_(ids)).values(archived=True))
    session.execute(delete(Upload).where(Upload.id.in_(ids)))
    session.commit()
    return len(expired)
