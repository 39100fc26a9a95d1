"""Returned letters: the printer reports the references of letters that came back undelivered;
each becomes `returned-letter` (kept or already in history) and is listed by the day it was
reported, on the service's pages, in its CSV and in the callback it may have asked for."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.templates.templates import is_precompiled_letter
from postroom.domain.vocabulary.dates import iso, local_today
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.notification_types import LETTER
from postroom.domain.vocabulary.statuses import RETURNED_LETTER
from postroom.models import (
    Job,
    Notification,
    NotificationHistory,
    NotificationStatusEvent,
    ReturnedLetter,
    TemplateHistory,
    User,
)

logger = logging.getLogger(__name__)

REFERENCE = re.compile(r"[0-9A-Z]{16}")
# The printer's lists carry its own prefix before our reference.
PRINTER_PREFIX = re.compile(r"NOTIFY00[0-9]")
# A service is told of returned letters on its dashboard while the latest report is this recent.
RECENT = timedelta(days=7)
CSV_COLUMNS = (
    "Notification ID",
    "Reference",
    "Date sent",
    "Sent by",
    "Template name",
    "Template ID",
    "Template version",
    "Spreadsheet file name",
    "Spreadsheet row number",
    "Uploaded letter file name",
)


def references_in(text: str) -> list[str]:
    """The references pasted in, one a line, without the printer's prefix; every one a real
    reference, or an error naming those that are not."""
    references = [PRINTER_PREFIX.sub("", line.strip()) for line in text.splitlines()]
    references = [reference for reference in references if reference]
    invalid = [reference for reference in references if not REFERENCE.fullmatch(reference)]
    if invalid:
        raise InvalidRequest(f"Invalid references: {', '.join(invalid)}")
    if not references:
        raise InvalidRequest("Enter the references of the returned letters")
    return references


def record_returned(
    session: Session, references: Sequence[str], reported_at: date
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Mark the letters returned; (service id, notification id) of each found. A letter reported
    again keeps one row, of its latest report."""
    found: dict[uuid.UUID, uuid.UUID] = {}
    now = utcnow()
    for table in (Notification, NotificationHistory):
        rows = session.execute(
            select(table.id, table.service_id).where(
                table.notification_type == LETTER, table.reference.in_(references)
            )
        ).all()
        found.update((row.id, row.service_id) for row in rows)
        session.execute(
            update(table)
            .where(table.id.in_([row.id for row in rows]))
            .values(status=RETURNED_LETTER, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    if len(found) < len(set(references)):
        logger.warning("%d returned letter references not found", len(set(references)) - len(found))
    already = set(
        session.scalars(
            select(ReturnedLetter.notification_id).where(ReturnedLetter.notification_id.in_(found))
        )
    )
    session.execute(
        update(ReturnedLetter)
        .where(ReturnedLetter.notification_id.in_(already))
        .values(reported_at=reported_at, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.add_all(
        ReturnedLetter(reported_at=reported_at, service_id=service_id, notification_id=n_id)
        for n_id, service_id in found.items()
        if n_id not in already
    )
    session.add_all(
        NotificationStatusEvent(notification_id=n_id, status=RETURNED_LETTER) for n_id in found
    )
    session.commit()
    return [(service_id, n_id) for n_id, service_id in found.items()]


def summary(session: Session, service_id: uuid.UUID) -> list[dict]:
    """How many letters came back on each day they were reported, the latest first."""
    rows = session.execute(
        select(ReturnedLetter.reported_at, func.count())
        .where(ReturnedLetter.service_id == service_id)
        .group_by(ReturnedLetter.reported_at)
        .order_by(ReturnedLetter.reported_at.desc())
    ).all()
    return [{"returned_letter_count": count, "reported_at": day.isoformat()} for day, count in rows]


def statistics(session: Session, service_id: uuid.UUID) -> dict:
    """The latest report's day, and the count of returned letters while it is recent."""
    latest = session.scalar(
        select(func.max(ReturnedLetter.reported_at)).where(ReturnedLetter.service_id == service_id)
    )
    if latest is None or local_today() - latest > RECENT:
        return {"returned_letter_count": 0, "most_recent_report": latest and latest.isoformat()}
    count = session.scalar(
        select(func.count()).where(
            ReturnedLetter.service_id == service_id,
            ReturnedLetter.reported_at >= local_today() - RECENT,
        )
    )
    return {"returned_letter_count": count, "most_recent_report": latest.isoformat()}


def _letter(session: Session, notification_id: uuid.UUID):
    return session.get(Notification, notification_id) or session.get(
        NotificationHistory, notification_id
    )


def details(session: Session, notification_id: uuid.UUID) -> dict | None:
    """What a service is told of one returned letter (the callback's fields, the CSV's
    columns), None if the letter is gone."""
    letter = _letter(session, notification_id)
    if letter is None:
        return None
    template = session.get(TemplateHistory, (letter.template_id, letter.template_version))
    precompiled = template is not None and is_precompiled_letter(template)
    job = letter.job_id and session.get(Job, letter.job_id)
    user = letter.created_by_id and session.get(User, letter.created_by_id)
    uploaded = precompiled and letter.api_key_id is None
    return {
        "notification_id": str(letter.id),
        "reference": letter.client_reference if letter.api_key_id else None,
        "date_sent": iso(letter.sent_at or letter.created_at),
        "sent_by": user.email_address if user else "API",
        "template_name": template and template.name,
        "template_id": str(letter.template_id),
        "template_version": None if precompiled else letter.template_version,
        "spreadsheet_file_name": job.original_file_name if job else None,
        "spreadsheet_row_number": letter.job_row_number + 1 if job else None,
        "upload_letter_file_name": letter.client_reference if uploaded else None,
    }


def reported_on(session: Session, service_id: uuid.UUID, reported_at: date) -> list[dict]:
    """Every letter of the service reported returned on `reported_at`, the latest sent first."""
    ids = session.scalars(
        select(ReturnedLetter.notification_id).where(
            ReturnedLetter.service_id == service_id, ReturnedLetter.reported_at == reported_at
        )
    ).all()
    found = [d for d in (details(session, n_id) for n_id in ids) if d is not None]
    return sorted(found, key=lambda d: d["date_sent"], reverse=True)


def csv_row(returned: dict) -> list:
    return [
        returned["notification_id"],
        returned["reference"],
        returned["date_sent"],
        returned["sent_by"],
        returned["template_name"],
        returned["template_id"],
        returned["template_version"],
        returned["spreadsheet_file_name"],
        returned["spreadsheet_row_number"],
        returned["upload_letter_file_name"],
    ]
