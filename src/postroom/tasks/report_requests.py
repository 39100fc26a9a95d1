"""Building report requests: CSV files too large to download directly, written by a worker into
the data directory (`reports/`), on the `reports` queue."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from postroom import runtime
from postroom.db import db
from postroom.domain.activity import report_requests
from postroom.tasks.celery_app import celery

logger = logging.getLogger(__name__)


def reports_directory() -> Path:
    return runtime.settings().data_dir / "reports"


@celery.task(name="build-notifications-report")
def build_notifications_report(report_id: str) -> str | None:
    """Build the report once; a report already started or finished is left alone. The status
    is committed before the long read, so the report's page can say it is being prepared."""
    report_id_ = uuid.UUID(report_id)
    with db.scope() as session:
        if report_requests.start(session, report_id_) is None:
            return None
    path = None
    try:
        with db.scope() as session:
            path = report_requests.build(session, report_id_, reports_directory())
    except Exception:
        logger.exception("Report %s could not be built", report_id)
    with db.scope() as session:
        report_requests.finish(session, report_id_, path)
    return str(path) if path else None


def queue_report(report_id: uuid.UUID) -> None:
    build_notifications_report.delay(str(report_id))
