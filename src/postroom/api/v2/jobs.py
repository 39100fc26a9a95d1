"""Public API v2: sending to a list (GC Notify's `POST /v2/notifications/bulk`), and, beyond GC
Notify, a job's progress and cancelling it while it waits for its time."""

from __future__ import annotations

import logging
import uuid

from flask import Blueprint, current_app, g, jsonify

from postroom.api.admin.jobs import serialise_job
from postroom.api.openapi import endpoint
from postroom.api.schemas import v2_jobs as schemas
from postroom.api.v2.idempotency import idempotent
from postroom.api.v2.notifications import V2
from postroom.api.v2.validation import job_time, validate_rows
from postroom.db import db
from postroom.domain.jobs import bulk, spreadsheet, uploads
from postroom.domain.jobs import jobs as jobs_domain
from postroom.domain.jobs.recipient_file import MAX_ROWS
from postroom.domain.sending import cached_reads
from postroom.domain.sending.acceptance import SendingRefused
from postroom.domain.vocabulary.statuses import public_status
from postroom.models import ApiKey, Job
from postroom.tasks.jobs import queue_job

blueprint = Blueprint("jobs", __name__)
logger = logging.getLogger(__name__)

BULK_DESCRIPTION = (
    f"As GC Notify's bulk API: up to {MAX_ROWS:,} recipients at once, as `rows` (the header "
    "first) or as `csv`, checked as a file uploaded in the web interface is, and answered with "
    "the job, which makes the messages in the background. `scheduled_for` may be up to 7 days "
    "ahead. A test key's job makes test messages; a team key's may only go to the team and "
    "the guest list. The request counts once against the rate limit; its rows count against "
    "today's limit. Follow it with `GET /v2/jobs/{id}`."
)


def _rows(body: dict) -> list[list[str]]:
    """The rows sent, read as an uploaded CSV file is (cells stripped, empty rows dropped)."""
    given = [source for source in ("rows", "csv") if body.get(source)]
    if len(given) != 1:
        raise SendingRefused("You should specify either rows or csv")
    content = uploads.as_csv(body["rows"]) if given == ["rows"] else body["csv"].encode()
    return spreadsheet.read("bulk.csv", content)


def serialise_bulk_job(job: Job) -> dict:
    """A job as GC Notify's bulk API shows it: the admin API's job, its key named."""
    key = db.session.get(ApiKey, job.api_key_id) if job.api_key_id else None
    return {
        **serialise_job(job),
        "api_key": {"id": str(key.id), "key_type": key.key_type, "name": key.name} if key else None,
    }


@blueprint.post("/v2/notifications/bulk")
@idempotent
@endpoint(
    "Send to a list",
    body=schemas.POST_BULK,
    responses={201: schemas.BULK_RESPONSE},
    description=BULK_DESCRIPTION,
    **{**V2, "validate_body": validate_rows},
)
def send_bulk(body):
    wanted = bulk.BulkRequest(
        template_id=uuid.UUID(body["template_id"]),
        name=body["name"],
        rows=_rows(body),
        scheduled_for=job_time(body["scheduled_for"]) if body.get("scheduled_for") else None,
        reply_to_id=uuid.UUID(body["reply_to_id"]) if body.get("reply_to_id") else None,
    )
    cache = current_app.extensions["postroom_cache"]
    job = bulk.send(db.session, cache, g.service, g.api_key, wanted)
    db.session.commit()
    answer = serialise_bulk_job(job)  # as started: the job may be processed at once
    if job.job_status == jobs_domain.PENDING:
        try:
            queue_job(job)
        except Exception:  # the broker is unreachable: the job is stored, which is enough
            # (check-job-status queues a pending job nobody picked up), and a 500 would have
            # the client send it again
            logger.exception("Job %s not queued; check-job-status will queue it", job.id)
    return jsonify(data=answer), 201


def _counts(job: Job) -> dict:
    counted = jobs_domain.counts(db.session, job)
    kind = cached_reads.template(db.session, job.template_id).template_type
    by_status: dict[str, int] = {}
    for status, count in counted.by_status.items():
        shown = public_status(kind, status)
        by_status[shown] = by_status.get(shown, 0) + count
    return {
        "total": counted.total,
        "created": sum(counted.by_status.values()),
        "sending": counted.sending,
        "delivered": counted.delivered,
        "failed": counted.failed,
        "by_status": by_status,
    }


@blueprint.get("/v2/jobs/<job_id>")
@endpoint(
    "Get a job's status and counts",
    responses={200: schemas.JOB_WITH_COUNTS},
    description="Postroom's own (GC Notify has no such endpoint): the job as the bulk API "
    "answered it, now, with `counts` of its messages. `total` is the file's rows; `created` "
    "how many have been made into messages so far; `sending` those neither delivered nor "
    "failed (rows not made yet included); `failed` counts cancelled messages too, as the "
    "job page does; `by_status` counts the messages made by their status as "
    "`GET /v2/notifications` shows it.",
    **V2,
)
def get_job(job_id):
    job = jobs_domain.get(db.session, g.service.id, job_id)
    return jsonify(data={**serialise_bulk_job(job), "counts": _counts(job)})


@blueprint.post("/v2/jobs/<job_id>/cancel")
@endpoint(
    "Cancel a scheduled job",
    responses={200: schemas.BULK_RESPONSE},
    description="Postroom's own: a job can be cancelled while it waits for its time "
    "(`scheduled`); once it has started it cannot (400).",
    **V2,
)
def cancel_job(job_id):
    try:
        job = jobs_domain.cancel(db.session, g.service.id, job_id)
    except jobs_domain.JobRefused as refused:  # said with where the job is now
        status = jobs_domain.get(db.session, g.service.id, job_id).job_status
        raise SendingRefused(f"{refused.message}: this job is {status}") from refused
    db.session.commit()
    return jsonify(data=serialise_bulk_job(job))
