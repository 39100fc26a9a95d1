"""An uploaded file made ready for the check page: read and checked while the request waits when
it is small, or by a worker (`tasks.uploads`) when it is large, the worker writing how far it has
got into the upload for the page to show. No request waits on a large file."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from sqlalchemy import update
from sqlalchemy.orm import Session

from postroom.cache import Cache
from postroom.domain.jobs import recipient_file, spreadsheet, uploads
from postroom.models import Service, Template, Upload

# The largest file of each format read while the request waits, measured on this 2-core
# machine: each reads in a quarter of a second at most. Zipped formats pack many rows into few
# bytes (64 KB of XLSX is 3,300 rows, read in 0.07 s; 16 KB of ODS is 4,800 rows, read in
# 0.25 s). 5,000 rows check in 0.01 s. Anything larger goes to a worker.
READ_IN_REQUEST_BYTES = {
    "csv": 512 * 1024,
    "tsv": 512 * 1024,
    "xls": 1024 * 1024,
    "xlsx": 64 * 1024,
    "xlsm": 64 * 1024,
    "ods": 16 * 1024,
}
CHECK_IN_REQUEST_ROWS = 5_000


def _read_in_request(file_name: str, size: int) -> bool:
    extension = PurePath(file_name).suffix.lower().lstrip(".")
    return size <= READ_IN_REQUEST_BYTES.get(extension, 0)


def receive(
    session: Session,
    cache: Cache,
    service: Service,
    template: Template,
    file_name: str,
    content: bytes,
    *,
    created_by_id: uuid.UUID | None,
) -> Upload:
    """The upload of a file, added to the session: checked already when it is small, else
    waiting for a worker (`in_worker`). A small file that cannot be read raises
    `spreadsheet.UnreadableSpreadsheet`, for the upload page to say why."""
    if not _read_in_request(file_name, len(content)):
        return uploads.store_raw(
            session, service.id, template, file_name, content, created_by_id=created_by_id
        )
    rows = spreadsheet.read(file_name, content)
    upload = uploads.store(
        session, service.id, template, file_name, rows, created_by_id=created_by_id
    )
    if upload.row_count <= CHECK_IN_REQUEST_ROWS:
        _check(session, cache, upload, service, template, rows)
    return upload


def in_worker(upload: Upload) -> bool:
    return upload.check_status in (uploads.READING, uploads.CHECKING)


def check_in_worker(session: Session, cache: Cache, upload_id: uuid.UUID) -> None:
    """Read the file if it is still as uploaded, then check it, committing progress as it goes.
    An upload already checked, or gone, is left alone (a task run twice does nothing more)."""
    upload = session.get(Upload, upload_id)
    if upload is None or not in_worker(upload):
        return
    service = session.get(Service, upload.service_id)
    template = session.get(Template, upload.template_id)
    if upload.check_status == uploads.READING:
        try:
            rows = spreadsheet.read(upload.original_file_name, uploads.csv_of(upload))
        except spreadsheet.UnreadableSpreadsheet as error:
            upload.check_status = uploads.UNREADABLE
            upload.check_result = str(error.message)
            session.commit()
            return
        uploads.replace_rows(upload, rows)
        session.commit()  # the page can now say how many rows there are
    else:
        rows = uploads.rows_of(upload)

    def progress(rows_checked: int) -> None:
        session.execute(
            update(Upload).where(Upload.id == upload_id).values(rows_checked=rows_checked)
        )
        session.commit()

    _check(session, cache, upload, service, template, rows, progress)
    session.commit()


def _check(session, cache, upload, service, template, rows, progress=None) -> None:
    context = recipient_file.context_for(
        session, cache, service, template, upload.original_file_name
    )
    result = recipient_file.check(rows, template, service, context, progress)
    upload.check_result = result.to_json()
    upload.check_status = uploads.CHECKED
    upload.rows_checked = upload.row_count


def result_of(upload: Upload) -> recipient_file.CheckResult | None:
    """What the check found, once it is done and the file could be read."""
    if upload.check_status != uploads.CHECKED:
        return None
    return recipient_file.CheckResult.from_json(upload.check_result)
