"""Nightly statistics: rebuild the daily status facts for the last few days."""

from __future__ import annotations

from datetime import date, timedelta

from postroom.db import db
from postroom.domain.reporting.statistics import update_fact_notification_status
from postroom.domain.vocabulary.dates import local_today
from postroom.tasks.celery_app import celery

# Receipts can arrive days late, so the nightly run rebuilds more than just yesterday.
DAYS_TO_REBUILD = 3


def days_to_rebuild(day: str | None) -> list[date]:
    """One day when asked for, otherwise yesterday and the few days before it."""
    if day:
        return [date.fromisoformat(day)]
    return [local_today() - timedelta(days=n) for n in range(1, DAYS_TO_REBUILD + 1)]


@celery.task(name="build-notification-status-facts")
def build_notification_status_facts(day: str | None = None) -> None:
    for one_day in days_to_rebuild(day):
        with db.scope() as session:
            update_fact_notification_status(session, one_day)
