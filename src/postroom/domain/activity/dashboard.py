"""What a service's dashboard shows: the last 7 days by message type, the templates used in
them, received text messages and upcoming scheduled sends. Past days come from the daily fact
table, today from live rows, so the dashboard costs the same at any volume."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.reporting import template_counts
from postroom.domain.reporting.statistics import Totals, service_statistics
from postroom.domain.vocabulary.dates import local_today
from postroom.domain.vocabulary.notification_types import NOTIFICATION_TYPES
from postroom.models import InboundSms, Job, Template

DAYS = 7


def totals(session: Session, service_id: uuid.UUID) -> list[Totals]:
    counts = service_statistics(session, service_id, limit_days=DAYS)
    return [Totals.of(kind, counts[kind]) for kind in NOTIFICATION_TYPES]


@dataclass(frozen=True)
class TemplateUse:
    template_id: uuid.UUID
    name: str
    template_type: str
    count: int


def template_statistics(session: Session, service_id: uuid.UUID) -> list[TemplateUse]:
    """Templates used in the last 7 days, most used first; test keys and cancelled messages
    left out."""
    today = local_today()
    counts: dict[uuid.UUID, int] = {}
    for *_month, template_id, count in template_counts.counts_between(
        session, service_id, today - timedelta(days=DAYS - 1), today
    ):
        counts[template_id] = counts.get(template_id, 0) + int(count)
    if not counts:
        return []
    found = session.scalars(select(Template).where(Template.id.in_(counts))).all()
    used = [TemplateUse(t.id, t.name, t.template_type, counts[t.id]) for t in found]
    return sorted(used, key=lambda use: (-use.count, use.name))


@dataclass(frozen=True)
class InboxSummary:
    count: int
    latest: object  # datetime of the newest message, or None


def inbox_summary(session: Session, service_id: uuid.UUID) -> InboxSummary:
    since = utcnow() - timedelta(days=DAYS)
    count, latest = session.execute(
        select(func.count(), func.max(InboundSms.created_at)).where(
            InboundSms.service_id == service_id, InboundSms.created_at >= since
        )
    ).one()
    return InboxSummary(count, latest)


def upcoming(session: Session, service_id: uuid.UUID) -> list[Job]:
    """Scheduled sends that have not started, soonest first."""
    return list(
        session.scalars(
            select(Job)
            .where(
                Job.service_id == service_id,
                Job.job_status == "scheduled",
                Job.scheduled_for > utcnow(),
            )
            .order_by(Job.scheduled_for)
        )
    )
