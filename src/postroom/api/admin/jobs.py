"""Admin API: jobs, as GOV.UK Notify's `/service/<id>/job` routes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import Blueprint, jsonify, request

from postroom.api.openapi import endpoint
from postroom.api.schemas import jobs as schemas
from postroom.api.serialise import ident
from postroom.db import db
from postroom.domain.accounts.users import get_user
from postroom.domain.jobs import jobs as jobs_domain
from postroom.domain.jobs import uploads
from postroom.domain.sending import cached_reads
from postroom.domain.services.services import get_service
from postroom.domain.vocabulary.dates import iso
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.models import Job, User
from postroom.tasks.jobs import queue_job

blueprint = Blueprint("jobs", __name__)
PREFIX = "/service/<uuid:service_id>/job"
PAGE = {"type": "integer", "minimum": 1, "default": 1}
STATUS_LIST = {"type": "array", "items": {"type": "string"}}


def serialise_job(job: Job) -> dict:
    template = cached_reads.template(db.session, job.template_id)
    creator = db.session.get(User, job.created_by_id) if job.created_by_id else None
    return {
        "id": str(job.id),
        "service": str(job.service_id),
        "service_name": {"name": get_service(db.session, job.service_id).name},
        "template": str(job.template_id),
        "template_version": job.template_version,
        "template_name": template.name,
        "template_type": template.template_type,
        "original_file_name": job.original_file_name,
        "notification_count": job.notification_count,
        "job_status": job.job_status,
        "scheduled_for": iso(job.scheduled_for),
        "created_at": iso(job.created_at),
        "updated_at": iso(job.updated_at),
        "processing_started": iso(job.processing_started),
        "processing_finished": iso(job.processing_finished),
        "created_by": {"id": str(creator.id), "name": creator.name} if creator else None,
        "api_key": ident(job.api_key_id),
        "sender_id": ident(job.sender_id),
        "contact_list_id": None,
        "archived": job.archived,
    }


def _statistics(by_status: dict[str, int]) -> list[dict]:
    return [{"status": status, "count": count} for status, count in sorted(by_status.items())]


def _scheduled_for(raw: str | None) -> datetime | None:
    """A time as Notify's admin sends it (ISO 8601; without a zone it is UTC), stored as UTC."""
    if raw is None:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as error:
        raise InvalidRequest({"scheduled_for": ["Not a valid datetime."]}) from error
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _links(page: int, page_size: int, total: int) -> dict:
    """Notify's page links: `prev` and `next` where there are such pages."""
    links = {}
    if page > 1:
        links["prev"] = f"{request.base_url}?page={page - 1}"
    if page * page_size < total:
        links["next"] = f"{request.base_url}?page={page + 1}"
    return links


@blueprint.post(PREFIX)
@endpoint(
    "Start a job from a checked upload",
    body=schemas.CREATE_JOB,
    responses={201: schemas.JOB_RESPONSE},
)
def create_job(service_id, body):
    service = get_service(db.session, service_id)
    scheduled_for = _scheduled_for(body.get("scheduled_for"))
    jobs_domain.check_service_may_start(service)
    upload = uploads.get(db.session, service.id, uuid.UUID(body["id"]))
    creator = get_user(db.session, uuid.UUID(body["created_by"]))
    job = jobs_domain.start(
        db.session,
        service,
        upload,
        created_by_id=creator.id,
        scheduled_for=scheduled_for,
        sender_id=uuid.UUID(body["sender_id"]) if body.get("sender_id") else None,
    )
    db.session.commit()
    if job.job_status == jobs_domain.PENDING:
        queue_job(job)
    return jsonify(data={**serialise_job(job), "statistics": []}), 201


@blueprint.get(PREFIX)
@endpoint(
    "List a service's jobs",
    query={
        "limit_days": {"type": "integer", "minimum": 0, "maximum": 366},
        "statuses": STATUS_LIST,
        "page": PAGE,
    },
    responses={200: schemas.JOBS_RESPONSE},
)
def list_jobs(service_id, query):
    service = get_service(db.session, service_id)
    found, total = jobs_domain.list_jobs(
        db.session,
        service.id,
        limit_days=query["limit_days"],
        statuses_=query["statuses"],
        page=query["page"],
    )
    by_job = jobs_domain.status_counts(db.session, [job.id for job in found])
    return jsonify(
        data=[{**serialise_job(job), "statistics": _statistics(by_job[job.id])} for job in found],
        links=_links(query["page"], jobs_domain.PAGE_SIZE, total),
        total=total,
        page_size=jobs_domain.PAGE_SIZE,
    )


@blueprint.get(f"{PREFIX}/scheduled-job-stats")
@endpoint("How many jobs wait for their time", responses={200: schemas.SCHEDULED_STATS_RESPONSE})
def scheduled_job_stats(service_id):
    stats = jobs_domain.scheduled_stats(db.session, get_service(db.session, service_id).id)
    return jsonify(count=stats["count"], soonest_scheduled_for=iso(stats["soonest_scheduled_for"]))


@blueprint.get(f"{PREFIX}/<uuid:job_id>")
@endpoint("Get a job with its notifications by status", responses={200: schemas.JOB_RESPONSE})
def get_job(service_id, job_id):
    job = jobs_domain.get(db.session, service_id, job_id)
    counted = jobs_domain.counts(db.session, job)
    return jsonify(data={**serialise_job(job), "statistics": _statistics(counted.by_status)})


@blueprint.post(f"{PREFIX}/<uuid:job_id>/cancel")
@endpoint("Cancel a scheduled job", responses={200: schemas.JOB_RESPONSE})
def cancel_job(service_id, job_id):
    job = jobs_domain.cancel(db.session, service_id, job_id)
    db.session.commit()
    return jsonify(data=serialise_job(job))


def _serialise_notification(notification, job: Job) -> dict:
    return {
        "id": str(notification.id),
        "to": notification.to,
        "job_row_number": notification.job_row_number,
        "status": notification.status,
        "notification_type": notification.notification_type,
        "template": {"id": str(notification.template_id), "version": notification.template_version},
        "job": {"id": str(job.id), "original_file_name": job.original_file_name},
        "client_reference": notification.client_reference,
        "key_type": notification.key_type,
        "created_at": iso(notification.created_at),
        "sent_at": iso(notification.sent_at),
        "updated_at": iso(notification.updated_at),
    }


@blueprint.get(f"{PREFIX}/<uuid:job_id>/notifications")
@endpoint(
    "A job's notifications, in the order of its rows",
    query={
        "page": PAGE,
        "page_size": {"type": "integer", "minimum": 1, "maximum": 5000, "default": 50},
        "status": STATUS_LIST,
    },
    responses={200: schemas.JOB_NOTIFICATIONS_RESPONSE},
)
def job_notifications(service_id, job_id, query):
    job = jobs_domain.get(db.session, service_id, job_id)
    found, total = jobs_domain.notifications_of(
        db.session, job, statuses_=query["status"], page=query["page"], page_size=query["page_size"]
    )
    return jsonify(
        notifications=[_serialise_notification(n, job) for n in found],
        links=_links(query["page"], query["page_size"], total),
        total=total,
        page_size=query["page_size"],
    )


@blueprint.get(f"{PREFIX}/<uuid:job_id>/notification_count")
@endpoint("How many notifications a job has made", responses={200: schemas.COUNT_RESPONSE})
def job_notification_count(service_id, job_id):
    job = jobs_domain.get(db.session, service_id, job_id)
    return jsonify(count=jobs_domain.notification_count(db.session, job))
