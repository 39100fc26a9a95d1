"""Notifications as a CSV file: the columns GOV.UK Notify's report has, values a spreadsheet will
not run as formulas, and rows read 10,000 at a time so a file of any size streams in constant
memory.

Used for direct downloads (up to `MAX_NOTIFICATIONS_FOR_DOWNLOAD` messages) and for the report
files a worker builds for anything larger (see `report_requests`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.domain.activity.search import (
    Selection,
    after,
    newest_first,
    recipient_for_people,
    template_names,
)
from postroom.domain.vocabulary.dates import DEFAULT_TIMEZONE, to_local
from postroom.domain.vocabulary.status_labels import label
from postroom.infrastructure.csv_export import csv_chunks
from postroom.models import ApiKey, Job, Notification, User

# Above this many messages the notifications page offers a report request instead.
MAX_NOTIFICATIONS_FOR_DOWNLOAD = 100_000
ROWS_PER_QUERY = 10_000
COLUMNS = (
    "Recipient",
    "Reference",
    "Template",
    "Type",
    "Sent by",
    "Sent by email",
    "Job",
    "Status",
    "Time",
    "API key name",
)
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def can_download(count: int) -> bool:
    """Whether this many messages can be downloaded at once, rather than built as a report."""
    return count <= MAX_NOTIFICATIONS_FOR_DOWNLOAD


def filename(day: date, message_type: str | None, service_name: str) -> str:
    """`{date} - {message_type} - {service_name} report.csv`, the date local (Europe/London)."""
    name = " ".join(service_name.split())  # no line breaks in a header
    return f"{day.isoformat()} - {message_type or 'all'} - {name} report.csv"


def _lookup(session: Session, model, columns, ids: set, known: dict) -> None:
    """Load the rows of `ids` not yet in `known` (id -> tuple of `columns`), in one query."""
    missing = {i for i in ids if i is not None and i not in known}
    if missing:
        rows = session.execute(select(model.id, *columns).where(model.id.in_(missing)))
        known.update({row[0]: tuple(row[1:]) for row in rows})


_COLUMNS = (
    Notification.id,
    Notification.created_at,
    Notification.notification_type,
    Notification.to,
    Notification.normalised_to,
    Notification.client_reference,
    Notification.status,
    Notification.template_id,
    Notification.template_version,
    Notification.created_by_id,
    Notification.job_id,
    Notification.api_key_id,
)


def rows(
    session: Session, selection: Selection, per_query: int = ROWS_PER_QUERY
) -> Iterator[list[list[str]]]:
    """The CSV rows, newest first, a page of up to `per_query` (10,000) at a time."""
    users: dict[uuid.UUID, tuple] = {}
    jobs: dict[uuid.UUID, tuple] = {}
    keys: dict[uuid.UUID, tuple] = {}
    names: dict = {}
    query = newest_first(select(*_COLUMNS).where(*selection.conditions())).limit(per_query)
    anchor = None
    while True:
        page = session.execute(query if anchor is None else query.where(*after(anchor))).all()
        if not page:
            return
        _lookup(
            session, User, (User.name, User.email_address), {r.created_by_id for r in page}, users
        )
        _lookup(session, Job, (Job.original_file_name,), {r.job_id for r in page}, jobs)
        _lookup(session, ApiKey, (ApiKey.name,), {r.api_key_id for r in page}, keys)
        versions = {(r.template_id, r.template_version) for r in page} - names.keys()
        names.update(template_names(session, versions))
        yield [_row(r, users, jobs, keys, names) for r in page]
        if len(page) < per_query:
            return
        anchor = (page[-1].created_at, page[-1].id)


def _row(row, users, jobs, keys, names) -> list[str]:
    sender_name, sender_email = users.get(row.created_by_id, ("", ""))
    values = (
        recipient_for_people(row.notification_type, row.to, row.normalised_to),
        row.client_reference or "",
        names.get((row.template_id, row.template_version), ""),
        row.notification_type,
        sender_name,
        sender_email,
        jobs.get(row.job_id, ("",))[0],
        label(row.status, row.notification_type),
        to_local(row.created_at, DEFAULT_TIMEZONE).strftime(TIME_FORMAT),
        keys.get(row.api_key_id, ("",))[0],
    )
    return list(values)


def csv_text(
    session: Session, selection: Selection, per_query: int = ROWS_PER_QUERY
) -> Iterator[str]:
    """The file as text: the header, then one chunk per page of rows."""
    return csv_chunks(COLUMNS, rows(session, selection, per_query))
