"""Report requests: a CSV of more messages than a direct download allows, built by a worker into
a file in the data directory, then downloaded by the team member who asked for it."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.domain.activity import notification_csv
from postroom.domain.activity.search import (
    ALL_STATUSES,
    Selection,
    retention_days,
    status_parameter,
)
from postroom.domain.vocabulary.dates import to_local
from postroom.domain.vocabulary.errors import NotFound
from postroom.models import ReportRequest, Service

REPORT_TYPE = "notifications_report"
# As GOV.UK Notify: report requests are offered while the count is at most this (0 turns them off).
REPORT_REQUEST_MAX_NOTIFICATIONS = 5_000_000
PENDING, IN_PROGRESS, STORED, FAILED = "pending", "in-progress", "stored", "failed"
UNFINISHED = (PENDING, IN_PROGRESS)


def can_request(count: int) -> bool:
    return REPORT_REQUEST_MAX_NOTIFICATIONS > 0 and count <= REPORT_REQUEST_MAX_NOTIFICATIONS


def request_report(
    session: Session,
    service_id: uuid.UUID,
    user_id: uuid.UUID,
    message_type: str | None,
    status: str | None,
) -> tuple[ReportRequest, bool]:
    """The request, and whether it is new: asking again while the same report is still being
    built gives the one already asked for."""
    status = status_parameter(status)
    parameter = {
        "notification_type": message_type,
        "notification_status": "all" if status == ALL_STATUSES else status,
    }
    for unfinished in session.scalars(
        select(ReportRequest).where(
            ReportRequest.service_id == service_id,
            ReportRequest.user_id == user_id,
            ReportRequest.status.in_(UNFINISHED),
        )
    ):
        if unfinished.parameter == parameter:
            return unfinished, False
    report = ReportRequest(
        service_id=service_id,
        user_id=user_id,
        report_type=REPORT_TYPE,
        status=PENDING,
        parameter=parameter,
    )
    session.add(report)
    session.flush()
    return report, True


def get_report(
    session: Session, service_id: uuid.UUID, report_id: uuid.UUID, user_id: uuid.UUID
) -> ReportRequest:
    """Only the person who asked for a report sees it."""
    report = session.get(ReportRequest, report_id)
    if report is None or report.service_id != service_id or report.user_id != user_id:
        raise NotFound()
    return report


def selection_for(session: Session, report: ReportRequest) -> Selection:
    message_type = report.parameter.get("notification_type")
    status = report.parameter.get("notification_status")
    return Selection(
        service_id=report.service_id,
        days_by_type=retention_days(session, report.service_id, message_type),
        status=ALL_STATUSES if status in (None, "all") else status,
    )


def report_filename(session: Session, report: ReportRequest) -> str:
    service = session.get(Service, report.service_id)
    return notification_csv.filename(
        to_local(report.created_at).date(), report.parameter.get("notification_type"), service.name
    )


def report_path(directory: Path, report: ReportRequest) -> Path:
    return directory / f"{report.id}.csv"


def start(session: Session, report_id: uuid.UUID) -> ReportRequest | None:
    """Mark a pending report as being built; None if there is nothing to build."""
    report = session.get(ReportRequest, report_id)
    if report is None or report.status != PENDING:
        return None
    report.status = IN_PROGRESS
    session.flush()
    return report


def build(session: Session, report_id: uuid.UUID, directory: Path) -> Path:
    """Write the report's file (whole or not at all: written aside, then moved into place)."""
    report = session.get(ReportRequest, report_id)
    directory.mkdir(parents=True, exist_ok=True)
    path = report_path(directory, report)
    partial = path.with_suffix(".csv.part")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        for chunk in notification_csv.csv_text(session, selection_for(session, report)):
            handle.write(chunk)
    os.replace(partial, path)
    return path


def finish(session: Session, report_id: uuid.UUID, path: Path | None) -> None:
    """Stored with its file, or failed when there is none."""
    report = session.get(ReportRequest, report_id)
    report.status = STORED if path else FAILED
    report.file_path = str(path) if path else None
    session.flush()


def stored_file(report: ReportRequest) -> Path | None:
    if report.status != STORED or not report.file_path:
        return None
    path = Path(report.file_path)
    return path if path.is_file() else None
