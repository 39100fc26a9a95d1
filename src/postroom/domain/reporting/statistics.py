"""Notification counts for statistics: past days from the daily fact table, today from live rows.

A page costs the same with ten thousand or a hundred million notifications, because only today's
rows are ever counted live; everything older was counted once, nightly, into
`ft_notification_status`."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, insert, literal, select, union_all
from sqlalchemy.orm import Session

from postroom.domain.vocabulary.dates import (
    financial_year_bounds,
    financial_year_months,
    local_today,
    utc_range_for_local_days,
)
from postroom.domain.vocabulary.notification_types import KEY_TYPE_TEST, NOTIFICATION_TYPES
from postroom.domain.vocabulary.statuses import (
    CANCELLED,
    COUNTED,
    DELIVERED_GROUP,
    FAILED_GROUP,
    REQUESTED,
    group_of,
)
from postroom.models import FactNotificationStatus, Notification, NotificationHistory
from postroom.models.statistics import NO_JOB_ID

Counts = dict[str, dict[str, int]]


# Above this share of failures, the dashboard warns (GOV.UK Notify's threshold).
FAILURE_WARNING_PERCENT = 3


@dataclass(frozen=True)
class Totals:
    notification_type: str
    requested: int
    delivered: int
    failed: int

    @classmethod
    def of(cls, notification_type: str, counts: dict[str, int]) -> Totals:
        """From one type's counts (see `empty_counts`)."""
        return cls(
            notification_type, counts[REQUESTED], counts[DELIVERED_GROUP], counts[FAILED_GROUP]
        )

    @property
    def failure_percent(self) -> float:
        return round(100 * self.failed / self.requested, 1) if self.requested else 0.0

    @property
    def warning(self) -> bool:
        return self.failure_percent > FAILURE_WARNING_PERCENT


def empty_counts() -> Counts:
    return {kind: dict.fromkeys(COUNTED, 0) for kind in NOTIFICATION_TYPES}


def add_to_counts(counts: Counts, notification_type: str, status: str, count: int) -> None:
    """Everything but cancelled is requested; delivered and failed by the status groups."""
    if status == CANCELLED:
        return
    bucket = counts[notification_type]
    bucket[REQUESTED] += count
    group = group_of(status)
    if group in (DELIVERED_GROUP, FAILED_GROUP):
        bucket[group] += count


def _fact_rows(session, service_ids, first: date, last: date, include_test_key: bool):
    """(service_id, local_date, type, status, count) from the fact table for [first, last]."""
    query = (
        select(
            FactNotificationStatus.service_id,
            FactNotificationStatus.local_date,
            FactNotificationStatus.notification_type,
            FactNotificationStatus.notification_status,
            func.sum(FactNotificationStatus.notification_count),
        )
        .where(
            FactNotificationStatus.service_id.in_(service_ids),
            FactNotificationStatus.local_date.between(first, last),
        )
        .group_by(
            FactNotificationStatus.service_id,
            FactNotificationStatus.local_date,
            FactNotificationStatus.notification_type,
            FactNotificationStatus.notification_status,
        )
    )
    if not include_test_key:
        query = query.where(FactNotificationStatus.key_type != KEY_TYPE_TEST)
    return session.execute(query).all()


def _live_rows(session, service_ids, day: date, include_test_key: bool):
    """(service_id, day, type, status, count) counted from today's notifications."""
    start, end = utc_range_for_local_days(day, day)
    query = (
        select(
            Notification.service_id,
            Notification.notification_type,
            Notification.status,
            func.count(),
        )
        .where(
            Notification.service_id.in_(service_ids),
            Notification.created_at >= start,
            Notification.created_at < end,
        )
        .group_by(Notification.service_id, Notification.notification_type, Notification.status)
    )
    if not include_test_key:
        query = query.where(Notification.key_type != KEY_TYPE_TEST)
    return [(service_id, day, *rest) for service_id, *rest in session.execute(query).all()]


def daily_rows(
    session: Session,
    service_ids: Iterable[uuid.UUID],
    first: date,
    last: date,
    include_test_key: bool = True,
):
    """Counts per service, local day, type and status for the local days `first` to `last`."""
    service_ids = list(service_ids)
    if not service_ids or first > last:
        return []
    today = local_today()
    rows = []
    if first < today:
        rows += _fact_rows(
            session, service_ids, first, min(last, today - timedelta(days=1)), include_test_key
        )
    if first <= today <= last:
        rows += _live_rows(session, service_ids, today, include_test_key)
    return rows


def statistics_by_service(
    session: Session,
    service_ids: Iterable[uuid.UUID],
    first: date,
    last: date,
    include_test_key: bool = True,
) -> dict[uuid.UUID, Counts]:
    service_ids = list(service_ids)
    result = {service_id: empty_counts() for service_id in service_ids}
    for service_id, _day, kind, status, count in daily_rows(
        session, service_ids, first, last, include_test_key
    ):
        add_to_counts(result[service_id], kind, status, count)
    return result


def service_statistics(
    session: Session,
    service_id: uuid.UUID,
    *,
    limit_days: int = 7,
    today_only: bool = False,
    include_test_key: bool = False,
) -> Counts:
    """Requested, delivered and failed by type over the last `limit_days` local days, today
    included. Messages sent with test keys are left out unless asked for, as in Notify."""
    today = local_today()
    first = today if today_only else today - timedelta(days=limit_days - 1)
    return statistics_by_service(session, [service_id], first, today, include_test_key)[service_id]


def monthly_statistics(session: Session, service_id: uuid.UUID, year: int) -> dict[str, Counts]:
    """Counts by month (`YYYY-MM`) and type for the financial year starting in April `year`,
    test key messages left out."""
    months = {month: empty_counts() for month in financial_year_months(year)}
    first, last = financial_year_bounds(year)
    rows = daily_rows(session, [service_id], first, last, include_test_key=False)
    for _service_id, day, kind, status, count in rows:
        add_to_counts(months[f"{day.year}-{day.month:02d}"], kind, status, count)
    return months


def update_fact_notification_status(session: Session, day: date) -> int:
    """Count one local day's notifications into the fact table, replacing what was there.

    Safe to run again for the same day (the nightly task rebuilds the last few days, so late
    status updates are picked up). Returns the number of fact rows written."""
    start, end = utc_range_for_local_days(day, day)
    sources = [
        select(
            table.service_id,
            table.template_id,
            func.coalesce(table.job_id, NO_JOB_ID).label("job_id"),
            table.notification_type,
            table.key_type,
            table.status,
        ).where(table.created_at >= start, table.created_at < end)
        for table in (Notification, NotificationHistory)
    ]
    # A notification being moved to history may briefly be in both tables: count it once.
    sources[1] = sources[1].where(
        ~select(Notification.id).where(Notification.id == NotificationHistory.id).exists()
    )
    both = union_all(*sources).subquery()
    grouped = select(
        literal(day),
        both.c.service_id,
        both.c.template_id,
        both.c.job_id,
        both.c.notification_type,
        both.c.key_type,
        both.c.status,
        func.count(),
    ).group_by(
        both.c.service_id,
        both.c.template_id,
        both.c.job_id,
        both.c.notification_type,
        both.c.key_type,
        both.c.status,
    )
    session.execute(delete(FactNotificationStatus).where(FactNotificationStatus.local_date == day))
    session.execute(
        insert(FactNotificationStatus).from_select(
            [
                "local_date",
                "service_id",
                "template_id",
                "job_id",
                "notification_type",
                "key_type",
                "notification_status",
                "notification_count",
            ],
            grouped,
        )
    )
    session.flush()
    return session.scalar(select(func.count()).where(FactNotificationStatus.local_date == day))
