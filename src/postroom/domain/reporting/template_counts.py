"""How many messages each template sent, by month: past days from the daily fact table, today
from live rows; test keys and cancelled messages left out."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import extract, func, select

from postroom.domain.vocabulary.dates import local_today, utc_range_for_local_days
from postroom.domain.vocabulary.notification_types import KEY_TYPE_TEST
from postroom.domain.vocabulary.statuses import CANCELLED
from postroom.models import FactNotificationStatus, Notification


def past_counts(session, service_id, first: date, last: date):
    """(year, month, template_id, count) from the fact table, cancelled and test keys left out."""
    year = extract("year", FactNotificationStatus.local_date)
    month = extract("month", FactNotificationStatus.local_date)
    return session.execute(
        select(
            year,
            month,
            FactNotificationStatus.template_id,
            func.sum(FactNotificationStatus.notification_count),
        )
        .where(
            FactNotificationStatus.service_id == service_id,
            FactNotificationStatus.local_date.between(first, last),
            FactNotificationStatus.key_type != KEY_TYPE_TEST,
            FactNotificationStatus.notification_status != CANCELLED,
        )
        .group_by(year, month, FactNotificationStatus.template_id)
    ).all()


def todays_counts(session, service_id, today: date):
    start, end = utc_range_for_local_days(today, today)
    rows = session.execute(
        select(Notification.template_id, func.count())
        .where(
            Notification.service_id == service_id,
            Notification.created_at >= start,
            Notification.created_at < end,
            Notification.key_type != KEY_TYPE_TEST,
            Notification.status != CANCELLED,
        )
        .group_by(Notification.template_id)
    ).all()
    return [(today.year, today.month, template_id, count) for template_id, count in rows]


def past_and_today(first: date, last: date) -> tuple[tuple[date, date] | None, date | None]:
    """Which part of the local days `first` to `last` the fact tables hold (the days before
    today) and whether today, counted live, is among them."""
    today = local_today()
    past = (first, min(last, today - timedelta(days=1))) if first < today else None
    return past, (today if first <= today <= last else None)


def counts_between(session, service_id, first: date, last: date):
    """(year, month, template_id, count) for the local days `first` to `last`."""
    past, today = past_and_today(first, last)
    rows = []
    if past:
        rows += past_counts(session, service_id, *past)
    if today:
        rows += todays_counts(session, service_id, today)
    return rows
