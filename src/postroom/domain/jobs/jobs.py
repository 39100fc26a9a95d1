"""Jobs: started from a checked upload, now or scheduled; cancelled while scheduled; counted."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.models import Job, Service, Upload

# Notify's job statuses (those Postroom's jobs pass through).
PENDING, SCHEDULED, IN_PROGRESS, FINISHED = "pending", "scheduled", "in progress", "finished"
CANCELLED, SENDING_LIMITS_EXCEEDED, ERROR = "cancelled", "sending limits exceeded", "error"


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
    given, else `pending`. The caller commits, then queues it (`tasks.jobs.queue_job`)."""
    raise NotImplementedError  # issue 12: the processing helper


def get(session: Session, service_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    raise NotImplementedError  # issue 12: the processing helper


def cancel(session: Session, service_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    """Only a job still scheduled can be cancelled (Notify's rule)."""
    raise NotImplementedError  # issue 12: the processing helper


def counts(session: Session, job: Job) -> JobCounts:
    raise NotImplementedError  # issue 12: the processing helper
