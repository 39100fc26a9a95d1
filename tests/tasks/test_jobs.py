"""The job tasks: processing (in a real worker process killed mid-job too), scheduled jobs
started when due, stalled jobs queued again, files removed after their retention."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from postroom import clock
from postroom.domain.jobs import jobs, processing
from postroom.models import Job, Notification, Upload
from postroom.tasks import celery_app, schedule
from postroom.tasks.jobs import (
    check_job_status,
    queue_job,
    remove_job_files,
    run_scheduled_jobs,
)
from tests.fixtures.job_files import checked_upload, email_rows

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def service(job_service):
    return job_service


def _job(session, service, template, rows=3, **start):
    upload = checked_upload(session, service, template, email_rows(rows))
    job = jobs.start(session, service, upload, created_by_id=service.created_by_id, **start)
    session.commit()
    return job


def _statuses(session, job) -> list[str]:
    session.expire_all()
    return list(
        session.scalars(
            select(Notification.status)
            .where(Notification.job_id == job.id)
            .order_by(Notification.job_row_number)
        )
    )


def _status(session, job) -> str:
    session.expire_all()
    return session.get(Job, job.id).job_status


def test_tasks_are_routed_and_scheduled():
    assert celery_app.TASK_ROUTES["process-job"] == {"queue": "jobs"}
    for name in ("run-scheduled-jobs", "check-job-status"):
        assert schedule.BEAT_SCHEDULE[name]["schedule"] == 60.0
    nightly = schedule.BEAT_SCHEDULE["remove-job-files"]["schedule"]
    assert (nightly.hour, nightly.minute) == ({4}, {0})


def test_a_queued_job_is_processed_and_handed_over(session, service, email_template):
    job = _job(session, service, email_template, rows=5)
    queue_job(job)
    assert _status(session, job) == "finished"
    statuses = _statuses(session, job)
    assert len(statuses) == 5 and "created" not in statuses  # the outbox handed them over


def test_scheduled_jobs_start_when_due(session, service, email_template):
    at = clock.utcnow() + timedelta(hours=1)
    due = _job(session, service, email_template, scheduled_for=at)
    later = _job(session, service, email_template, scheduled_for=at + timedelta(hours=1))
    with clock.frozen(at - timedelta(seconds=1)):
        assert run_scheduled_jobs.apply().result == 0
    with clock.frozen(at + timedelta(seconds=30)):
        assert run_scheduled_jobs.apply().result == 1
    assert _status(session, due) == "finished" and len(_statuses(session, due)) == 3
    assert _status(session, later) == "scheduled"


def test_a_cancelled_job_never_starts(session, service, email_template):
    at = clock.utcnow() + timedelta(hours=1)
    job = _job(session, service, email_template, scheduled_for=at)
    jobs.cancel(session, service.id, job.id)
    session.commit()
    with clock.frozen(at + timedelta(minutes=1)):
        assert run_scheduled_jobs.apply().result == 0
    assert _status(session, job) == "cancelled" and _statuses(session, job) == []


def test_stalled_and_never_picked_up_jobs_are_queued_again(
    session, service, email_template, app_cache
):
    never_picked_up = _job(session, service, email_template)
    stalled = _job(session, service, email_template, rows=1200)

    def stop():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        processing.process(session, app_cache, stalled.id, stop)
    session.rollback()
    fresh = _job(session, service, email_template)
    later = clock.utcnow() + timedelta(minutes=2, seconds=1)
    with clock.frozen(later - timedelta(minutes=1)):
        assert check_job_status.apply().result == 0  # moving, or just queued: left alone
    with clock.frozen(later):
        fresh.created_at = later  # made just now
        session.commit()
        assert check_job_status.apply().result == 2
    assert _status(session, never_picked_up) == "finished"
    assert _status(session, stalled) == "finished"
    assert len(_statuses(session, stalled)) == 1200
    assert _status(session, fresh) == "pending"


def test_files_past_retention_are_removed_and_jobs_archived(session, service, email_template):
    job = _job(session, service, email_template)
    queue_job(job)
    with clock.frozen(clock.utcnow() + timedelta(days=8)):
        assert remove_job_files.apply().result == 1
    session.expire_all()
    assert session.get(Job, job.id).archived and session.get(Upload, job.id) is None


WORKER = """
import sys, uuid
from postroom import runtime
from postroom.cache import make_cache
from postroom.db import db
from postroom.domain.jobs import processing

settings = runtime.configure()

def tell():
    print("batch", flush=True)

with db.scope() as session:
    processing.process(session, make_cache(settings), uuid.UUID(sys.argv[1]), tell)
"""


def test_a_worker_killed_mid_job_loses_no_row_and_makes_none_twice(
    session, backend, service, email_template, app_cache
):
    rows = 10_000
    job = _job(session, service, email_template, rows=rows)
    env = {**os.environ, **backend["env"], "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(job.id)], cwd=ROOT, env=env, stdout=subprocess.PIPE
    )
    try:
        assert worker.stdout.readline() == b"batch\n"  # its first batch is committed
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.wait()
    assert worker.returncode == -signal.SIGKILL
    session.expire_all()
    killed = session.get(Job, job.id)
    assert killed.job_status == "in progress" and 500 <= killed.rows_processed < rows

    assert processing.process(session, app_cache, job.id) == "finished"
    count, distinct = session.execute(
        select(func.count(), func.count(func.distinct(Notification.job_row_number))).where(
            Notification.job_id == job.id
        )
    ).one()
    assert (count, distinct) == (rows, rows)
    assert session.get(Job, job.id, populate_existing=True).rows_processed == rows
