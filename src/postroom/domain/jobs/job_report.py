"""A job's report as CSV, as Notify's: each row of the file with its message's template, type,
file name, status and time, in the order of the file. Streamed: a 100,000-row job is never held
in memory, and the file and the messages are read side by side in row order."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.domain.jobs import uploads
from postroom.domain.vocabulary.dates import to_local
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.status_labels import label
from postroom.models import Job, Notification, Template

READ_BATCH = 5_000


def filename(job: Job, template: Template) -> str:
    return f"{template.name} - {to_local(job.created_at):%Y-%m-%d %H%M}.csv"


@lru_cache(maxsize=1024)
def _local_time(utc: datetime) -> str:
    """Rows made in one batch share their second: each is converted once."""
    return f"{to_local(utc):%Y-%m-%d %H:%M:%S}"


def csv_lines(session: Session, job: Job, template: Template) -> Iterator[str]:
    """The header (Row number, the file's columns, Template, Type, Job, Status, Time), then a
    line for each message made so far, in chunks of READ_BATCH lines. Rows are numbered as
    Notify's report numbers them: the first row of data is 1."""
    try:
        rows = uploads.iter_rows(uploads.get(session, job.service_id, job.id))
    except NotFound:  # removed after the retention period, with the messages
        rows = iter([[]])
    header = next(rows, [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Row number", *header, "Template", "Type", "Job", "Status", "Time"])
    messages = session.execute(
        select(
            Notification.job_row_number,
            Notification.notification_type,
            Notification.status,
            Notification.created_at,
        )
        .where(Notification.job_id == job.id)
        .order_by(Notification.job_row_number)
        .execution_options(yield_per=READ_BATCH)
    )
    width, labels = len(header), {}
    index, row = -1, []
    for count, message in enumerate(messages, start=1):
        while index < message.job_row_number:
            index, row = index + 1, next(rows, [])
        kind, status = message.notification_type, message.status
        if (kind, status) not in labels:
            labels[kind, status] = label(status, kind)
        writer.writerow(
            [
                message.job_row_number + 1,
                *row[:width],
                *[""] * (width - len(row)),
                template.name,
                kind,
                job.original_file_name,
                labels[kind, status],
                _local_time(message.created_at.replace(microsecond=0)),
            ]
        )
        if count % READ_BATCH == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
