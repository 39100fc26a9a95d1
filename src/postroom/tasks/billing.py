"""Nightly billing: rebuild the daily billing facts for the last few days."""

from __future__ import annotations

from postroom.db import db
from postroom.domain.reporting.billing import update_fact_billing
from postroom.tasks.celery_app import celery
from postroom.tasks.statistics import days_to_rebuild


@celery.task(name="build-billing-facts")
def build_billing_facts(day: str | None = None) -> None:
    """Yesterday and the days before it (late receipts change what is billable), or one day."""
    for one_day in days_to_rebuild(day):
        with db.scope() as session:
            update_fact_billing(session, one_day)
