"""Cancelling letters, by GOV.UK Notify's rules: a letter still waiting (or being checked for
viruses) can be cancelled until its print run starts (5:30pm on the day it was accepted, or the
next day if it came after); a whole letter job once all its letters are made and none has gone
to print. What is cancelled no longer counts against today's letter limit."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from postroom.cache import Cache
from postroom.clock import utcnow
from postroom.domain.delivery.status_changes import update_status
from postroom.domain.jobs import jobs
from postroom.domain.printing.print_days import day_in_words, print_day, printing_started
from postroom.domain.sending import limits
from postroom.domain.vocabulary.dates import local_today
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import LETTER
from postroom.domain.vocabulary.statuses import (
    CANCELLED,
    CREATED,
    PENDING_VIRUS_CHECK,
    TECHNICAL_FAILURE,
    VALIDATION_FAILED,
    VIRUS_SCAN_FAILED,
)
from postroom.models import Job, Notification, NotificationStatusEvent, Template

CANCELLABLE = (CREATED, PENDING_VIRUS_CHECK)
# A job's letters may be cancelled together while every one of them is in one of these.
CANCELLABLE_IN_A_JOB = (
    *CANCELLABLE,
    CANCELLED,
    VIRUS_SCAN_FAILED,
    VALIDATION_FAILED,
    TECHNICAL_FAILURE,
)


def can_be_cancelled(notification: Notification) -> bool:
    return notification.status in CANCELLABLE and not printing_started(notification.created_at)


def printing_statement(notification: Notification) -> str:
    """When a letter is (or was) printed, in the words of Notify's letter pages."""
    day, today = print_day(notification.created_at), local_today()
    if can_be_cancelled(notification):
        return f"Printing starts {'today' if day == today else 'tomorrow'} at 5:30pm"
    if day == today:
        return "Printed today at 5:30pm"
    if day == today - timedelta(days=1):
        return "Printed yesterday at 5:30pm"
    return f"Printed on {day.day} {day:%B} at 5:30pm"


def why_not_cancellable(notification: Notification) -> str:
    if printing_started(notification.created_at):
        day = day_in_words(print_day(notification.created_at))
        return f"It’s too late to cancel this letter. Printing started {day} at 5.30pm"
    if notification.status == CANCELLED:
        return "This letter has already been cancelled."
    return (
        "We could not cancel this letter. "
        f"Letter status: {notification.status}, created_at: {notification.created_at}"
    )


def _of_service(session: Session, model, row_id: uuid.UUID, service_id: uuid.UUID, missing: str):
    row = session.get(model, row_id)
    if row is None or row.service_id != service_id:
        raise NotFound(missing)
    return row


def cancel_letter(
    session: Session, cache: Cache, service_id: uuid.UUID, notification_id: uuid.UUID
) -> Notification:
    notification = _of_service(
        session, Notification, notification_id, service_id, "Notification not found"
    )
    if notification.notification_type != LETTER:
        raise InvalidRequest("Notification cannot be cancelled - only letters can be cancelled")
    if not can_be_cancelled(notification):
        raise InvalidRequest(why_not_cancellable(notification))
    update_status(session, notification, CANCELLED)
    session.commit()
    limits.give_back_sent_today(cache, service_id, LETTER, [notification.created_at])
    return notification


def cancel_letter_job(
    session: Session, cache: Cache, service_id: uuid.UUID, job_id: uuid.UUID
) -> int:
    """Cancel every letter of a finished letter job: how many were cancelled."""
    job = _of_service(session, Job, job_id, service_id, "No result found")
    template = session.get(Template, job.template_id)
    if template.template_type != LETTER:
        raise InvalidRequest(
            "Only letter jobs can be cancelled through this endpoint. This is not a letter job."
        )
    letters = session.scalars(select(Notification).where(Notification.job_id == job.id)).all()
    if job.job_status != jobs.FINISHED or len(letters) != job.notification_count:
        raise InvalidRequest(
            "We are still processing these letters, please try again in 5 minutes."
        )
    if any(n.status not in CANCELLABLE_IN_A_JOB or printing_started(n.created_at) for n in letters):
        raise InvalidRequest(
            "It’s too late to cancel sending, these letters have already been sent."
        )
    cancelled = [n for n in letters if n.status != CANCELLED]
    now = utcnow()
    session.execute(
        update(Notification)
        .where(Notification.id.in_([n.id for n in cancelled]))
        .values(status=CANCELLED, billable_units=0, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    session.add_all(
        NotificationStatusEvent(notification_id=n.id, status=CANCELLED) for n in cancelled
    )
    job.job_status = jobs.CANCELLED
    session.commit()
    limits.give_back_sent_today(cache, service_id, LETTER, [n.created_at for n in cancelled])
    return len(cancelled)
