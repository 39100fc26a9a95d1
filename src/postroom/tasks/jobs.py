"""Jobs: processing a job's file into notifications, starting scheduled jobs when they are due,
finding jobs that stopped, and removing files past their retention."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from functools import cache

from sqlalchemy import func, select, update

from postroom import runtime
from postroom.cache import Cache, make_cache
from postroom.clock import utcnow
from postroom.db import db
from postroom.domain.jobs import processing, uploads
from postroom.domain.jobs.jobs import IN_PROGRESS, PENDING, SCHEDULED
from postroom.models import Job
from postroom.tasks.celery_app import celery
from postroom.tasks.delivery import dispatch

logger = logging.getLogger(__name__)

# A job in progress that has not moved for this long lost its worker; a pending one that waited
# this long was never picked up (its task lost with its broker). Either is queued again: rows
# made already are skipped, so a job processed twice at once still makes each row once.
STALLED_AFTER = timedelta(minutes=2)


@cache
def _cache() -> Cache:
    return make_cache(runtime.settings())


def queue_job(job: Job) -> None:
    """Queue a committed job to be processed now (a scheduled one waits for the scheduler)."""
    _queue([job.id])


def _after_batch() -> None:
    if celery.conf.task_always_eager:
        dispatch()  # tasks run where they are queued (the tests): no dispatcher polls


@celery.task(name="process-job")
def process_job(job_id: str) -> str | None:
    with db.scope() as session:
        status = processing.process(session, _cache(), uuid.UUID(job_id), _after_batch)
    logger.info("Job %s: %s", job_id, status)
    return status


def _queue(job_ids: list[uuid.UUID]) -> None:
    for job_id in job_ids:
        process_job.apply_async(args=[str(job_id)], queue="jobs")


@celery.task(name="run-scheduled-jobs")
def run_scheduled_jobs() -> int:
    """Due scheduled jobs become pending and are queued; locked, skipping those another
    scheduler holds, so two schedulers never start the same job twice."""
    with db.scope() as session:
        due = session.scalars(
            select(Job.id)
            .where(Job.job_status == SCHEDULED, Job.scheduled_for <= utcnow())
            .with_for_update(skip_locked=True)
        ).all()
        if due:
            session.execute(update(Job).where(Job.id.in_(due)).values(job_status=PENDING))
    _queue(list(due))
    return len(due)


@celery.task(name="check-job-status")
def check_job_status() -> int:
    """Queue again the jobs that stopped: in progress with no progress for a while, or pending
    and never picked up."""
    before = utcnow() - STALLED_AFTER
    with db.scope() as session:
        stalled = session.scalars(
            select(Job.id).where(
                Job.job_status.in_((IN_PROGRESS, PENDING)),
                func.coalesce(Job.updated_at, Job.created_at) <= before,
            )
        ).all()
    if stalled:
        logger.warning("Queueing %d stalled jobs again", len(stalled))
    _queue(list(stalled))
    return len(stalled)


@celery.task(name="remove-job-files")
def remove_job_files() -> int:
    with db.scope() as session:
        removed = uploads.remove_expired(session)
    logger.info("Removed %d files of jobs past their retention", removed)
    return removed
