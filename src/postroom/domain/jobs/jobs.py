"""Jobs: started from a checked upload, now or scheduled; cancelled while scheduled; counted."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.jobs import recipient_file
from postroom.domain.sending import cached_reads
from postroom.domain.vocabulary import statuses
from postroom.domain.vocabulary.dates import local_midnight_in_utc, local_today
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import LETTER
from postroom.models import Job, Notification, Service, Upload

# Notify's job statuses (those Postroom's jobs pass through).
PENDING, SCHEDULED, IN_PROGRESS, FINISHED = "pending", "scheduled", "in progress", "finished"
CANCELLED, SENDING_LIMITS_EXCEEDED, ERROR = "cancelled", "sending limits exceeded", "error"
JOB_STATUSES = (
    PENDING,
    SCHEDULED,
    IN_PROGRESS,
    FINISHED,
    CANCELLED,
    SENDING_LIMITS_EXCEEDED,
    ERROR,
)
MAX_SCHEDULE_AHEAD = timedelta(days=7)
PAGE_SIZE = 50
# As the job page counts them (Notify's admin): a cancelled message failed to go.
JOB_FAILED_STATUSES = (*statuses.FAILED_STATUSES, statuses.CANCELLED)


class JobRefused(InvalidRequest):
    """A job that may not be created or changed; `message` in Notify's words."""


@dataclass(frozen=True)
class JobCounts:
    """A job's notifications as the job page and `GET /v2/jobs/{id}` count them."""

    total: int
    sending: int
    delivered: int
    failed: int
    by_status: dict[str, int]


def start(
    session: Session,
    service: Service,
    upload: Upload,
    *,
    created_by_id: uuid.UUID | None,
    scheduled_for: datetime | None = None,
    sender_id: uuid.UUID | None = None,
) -> Job:
    """The job of a checked upload (its id the upload's): `scheduled` when `scheduled_for` is
    given, else `pending`. The caller commits, then queues it (`tasks.jobs.queue_job`).
    Refused in Notify's order: inactive service, file not valid, letters in trial mode,
    template deleted, then the time it is scheduled for."""
    check_service_may_start(service)
    if upload.service_id != service.id:
        raise NotFound()
    if not _checked_ok(upload) or session.get(Job, upload.id) is not None:
        raise JobRefused("File is not valid, can't create job")
    template = cached_reads.template(session, upload.template_id)
    if template.template_type == LETTER and service.restricted:
        raise JobRefused("Create letter job is not allowed for service in trial mode ", 403)
    if template.archived:
        raise JobRefused({"archived": ["Template has been deleted"]})
    if scheduled_for is not None:
        _check_schedule(scheduled_for)
    job = Job(
        id=upload.id,
        original_file_name=upload.original_file_name,
        service_id=service.id,
        template_id=template.id,
        template_version=template.version,
        notification_count=upload.row_count,
        job_status=SCHEDULED if scheduled_for is not None else PENDING,
        scheduled_for=scheduled_for,
        created_by_id=created_by_id,
        api_key_id=upload.api_key_id,
        sender_id=sender_id,
        rows_processed=0,
        created_at=utcnow(),
    )
    session.add(job)
    return job


def check_service_may_start(service: Service) -> None:
    """Notify's first check, made before the file is even looked for."""
    if not service.active:
        raise JobRefused("Create job is not allowed: service is inactive ", 403)


def _checked_ok(upload: Upload) -> bool:
    if upload.check_status != "checked" or not upload.check_result:
        return False
    return recipient_file.CheckResult.from_json(upload.check_result).ok


def _check_schedule(scheduled_for: datetime) -> None:
    now = utcnow()
    if scheduled_for < now:
        raise JobRefused({"scheduled_for": ["Date cannot be in the past"]})
    if scheduled_for > now + MAX_SCHEDULE_AHEAD:
        raise JobRefused({"scheduled_for": ["Date cannot be more than 7 days in the future"]})


def get(session: Session, service_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    job = session.get(Job, job_id)
    if job is None or job.service_id != service_id:
        raise NotFound("Job not found")
    return job


def cancel(session: Session, service_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    """Only a job still scheduled can be cancelled (Notify's rule). Locked while it changes, so
    the scheduler cannot start it at the same moment. The caller commits."""
    job = locked(session, job_id)
    if job is None or job.service_id != service_id:
        raise NotFound("Job not found")
    if job.job_status != SCHEDULED:
        raise JobRefused("Only a scheduled job can be cancelled", 400)
    job.job_status = CANCELLED
    return job


def locked(session: Session, job_id: uuid.UUID) -> Job | None:
    """The job, read afresh and locked until the transaction ends (on PostgreSQL; SQLite
    writes one at a time anyway)."""
    return session.scalars(
        select(Job)
        .where(Job.id == job_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()


def status_counts(session: Session, job_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    """Each job's notifications by status, in one query."""
    found: dict[uuid.UUID, dict[str, int]] = {job_id: {} for job_id in job_ids}
    if not job_ids:
        return found
    for job_id, status, count in session.execute(
        select(Notification.job_id, Notification.status, func.count())
        .where(Notification.job_id.in_(job_ids))
        .group_by(Notification.job_id, Notification.status)
    ):
        found[job_id][status] = count
    return found


def counts(session: Session, job: Job) -> JobCounts:
    """As the job page: every row of the file counts, sending being those neither delivered
    nor failed yet (rows still to be made into messages included)."""
    return counts_of(job, status_counts(session, [job.id])[job.id])


def counts_of(job: Job, by_status: dict[str, int]) -> JobCounts:
    delivered = sum(by_status.get(s, 0) for s in statuses.DELIVERED_STATUSES)
    failed = sum(by_status.get(s, 0) for s in JOB_FAILED_STATUSES)
    total = job.notification_count
    return JobCounts(total, max(total - delivered - failed, 0), delivered, failed, by_status)


def list_jobs(
    session: Session,
    service_id: uuid.UUID,
    *,
    limit_days: int | None = None,
    statuses_: list[str] | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> tuple[list[Job], int]:
    """A page of the service's jobs, newest first, and how many there are in all; `limit_days`
    counts back from midnight today (0: today only)."""
    conditions = [Job.service_id == service_id]
    if limit_days is not None:
        since = local_midnight_in_utc(local_today() - timedelta(days=limit_days))
        conditions.append(Job.created_at >= since)
    if statuses_:
        conditions.append(Job.job_status.in_(statuses_))
    total = session.scalar(select(func.count()).select_from(Job).where(*conditions))
    jobs = session.scalars(
        select(Job)
        .where(*conditions)
        .order_by(Job.created_at.desc(), Job.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return list(jobs), total


def scheduled_stats(session: Session, service_id: uuid.UUID) -> dict:
    """How many of the service's jobs wait for their time, and the soonest of those times."""
    count, soonest = session.execute(
        select(func.count(), func.min(Job.scheduled_for)).where(
            Job.service_id == service_id, Job.job_status == SCHEDULED
        )
    ).one()
    return {"count": count, "soonest_scheduled_for": soonest}


def notifications_of(
    session: Session,
    job: Job,
    *,
    statuses_: list[str] | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> tuple[list[Notification], int]:
    """A page of the job's notifications in the order of the file's rows, and how many match."""
    conditions = [Notification.job_id == job.id]
    if statuses_:
        conditions.append(Notification.status.in_(statuses_))
    total = session.scalar(select(func.count()).select_from(Notification).where(*conditions))
    found = session.scalars(
        select(Notification)
        .where(*conditions)
        .order_by(Notification.job_row_number)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return list(found), total


def notification_count(session: Session, job: Job) -> int:
    return session.scalar(
        select(func.count()).select_from(Notification).where(Notification.job_id == job.id)
    )
