"""Finding a service's messages for the notifications page and its downloads: the four status
filters and their counts, the retention window, the search (see `search_terms`), and pages read
newest first.

Counts come from the daily fact table plus today's rows (see `statistics`), so they cost the same
at any volume. Pages are keyset pages on `(created_at, id)`: each continues after the last row of
the one before, so page ten thousand costs what page one does (no OFFSET)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import ColumnElement, Select, and_, or_, select, tuple_
from sqlalchemy.orm import Session

from postroom.domain.activity.search_terms import search_condition
from postroom.domain.reporting.statistics import add_to_counts, daily_rows, empty_counts
from postroom.domain.services.retention_periods import DEFAULT_DAYS_OF_RETENTION, list_retention
from postroom.domain.vocabulary.dates import local_midnight_in_utc, local_today, to_local
from postroom.domain.vocabulary.notification_types import (
    KEY_TYPE_TEST,
    LETTER,
    NOTIFICATION_TYPES,
    SMS,
)
from postroom.domain.vocabulary.recipient_format import format_for_people
from postroom.domain.vocabulary.status_labels import label
from postroom.domain.vocabulary.statuses import (
    COUNTED,
    DELIVERED_GROUP,
    FAILED_GROUP,
    GROUPS,
    REQUESTED,
    SENDING_GROUP,
    STATUS_GROUP_ALIASES,
)
from postroom.models import Notification, TemplateHistory

PAGE_SIZE = 50

ALL_STATUSES = ",".join(GROUPS)
# GOV.UK Notify's filters: (count key, label, `status=` value).
STATUS_FILTERS = (
    (REQUESTED, "total", ALL_STATUSES),
    (SENDING_GROUP, "delivering", SENDING_GROUP),
    (DELIVERED_GROUP, "delivered", DELIVERED_GROUP),
    (FAILED_GROUP, "failed", FAILED_GROUP),
)


def status_parameter(raw: str | None) -> str:
    """The `status=` value in its usual form: known groups, in order; all three when none."""
    wanted = {part.strip() for part in (raw or "").split(",")}
    chosen = [group for group in GROUPS if group in wanted]
    return ",".join(chosen) if chosen else ALL_STATUSES


def statuses_for(parameter: str) -> tuple[str, ...]:
    """Every status the groups of a `status=` value stand for (cancelled is in none)."""
    groups = status_parameter(parameter).split(",")
    return tuple(status for group in groups for status in STATUS_GROUP_ALIASES[group])


def count_key(parameter: str) -> str | None:
    """Which of the four counts a `status=` value shows, or None for a mix of two groups."""
    parameter = status_parameter(parameter)
    return next((key for key, _, value in STATUS_FILTERS if value == parameter), None)


def selected_count(counts: dict[str, int], parameter: str) -> int:
    """How many messages a `status=` value selects, from `status_counts`."""
    return counts.get(count_key(parameter) or REQUESTED, 0)


# Retention: how far back each type's messages are shown.


def retention_days(
    session: Session, service_id: uuid.UUID, message_type: str | None
) -> dict[str, int]:
    """Days of retention for the type asked for, or for every type."""
    configured = {
        retention.notification_type: retention.days_of_retention
        for retention in list_retention(session, service_id)
    }
    types = (message_type,) if message_type else NOTIFICATION_TYPES
    return {kind: configured.get(kind, DEFAULT_DAYS_OF_RETENTION) for kind in types}


def first_day(days: int) -> date:
    """The first local day of "the last `days` days", today being the last."""
    return local_today() - timedelta(days=days - 1)


@dataclass(frozen=True)
class Selection:
    """Which of a service's messages a page or download covers."""

    service_id: uuid.UUID
    days_by_type: dict[str, int]
    status: str = ALL_STATUSES
    search_term: str | None = None
    search_references: bool = False
    statuses: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", status_parameter(self.status))
        object.__setattr__(self, "statuses", statuses_for(self.status))

    @property
    def days(self) -> int:
        """For "Messages sent in the last X days"."""
        return max(self.days_by_type.values())

    def conditions(self) -> list[ColumnElement]:
        conditions = [
            Notification.service_id == self.service_id,
            Notification.key_type != KEY_TYPE_TEST,
            Notification.status.in_(self.statuses),
            *_window(self.days_by_type),
        ]
        if self.search_term:
            conditions.append(
                search_condition(
                    self.service_id,
                    self.search_term,
                    list(self.days_by_type),
                    self.search_references,
                )
            )
        return conditions


def _window(days_by_type: dict[str, int]) -> list[ColumnElement]:
    """Each type's messages from the start of its retention window."""
    starts = {kind: local_midnight_in_utc(first_day(days)) for kind, days in days_by_type.items()}
    earliest = min(starts.values())
    conditions = [Notification.created_at >= earliest]  # the bound the index is read from
    if set(starts) != set(NOTIFICATION_TYPES) or len(set(starts.values())) > 1:
        conditions.append(
            or_(
                *(
                    and_(Notification.notification_type == kind, Notification.created_at >= start)
                    for kind, start in starts.items()
                )
            )
        )
    return conditions


# Counts for the status filters.


def status_counts(session: Session, selection: Selection) -> dict[str, int]:
    """requested (total), sending, delivered and failed within the window; test keys and
    cancelled messages left out."""
    firsts = {kind: first_day(days) for kind, days in selection.days_by_type.items()}
    counts = empty_counts()
    rows = daily_rows(session, [selection.service_id], min(firsts.values()), local_today(), False)
    for _service_id, day, kind, status, count in rows:
        if kind in firsts and day >= firsts[kind]:
            add_to_counts(counts, kind, status, count)
    total = {key: sum(counts[kind][key] for kind in selection.days_by_type) for key in COUNTED}
    total[SENDING_GROUP] = total[REQUESTED] - total[DELIVERED_GROUP] - total[FAILED_GROUP]
    return total


# Pages.

KEY = (Notification.created_at, Notification.id)


def after(anchor: tuple[datetime, uuid.UUID], *, older: bool = True) -> list[ColumnElement]:
    """Rows older (or newer) than `anchor` in (created_at, id) order. The plain bound on
    created_at lets the index do the work; the row comparison settles ties."""
    created_at, _ = anchor
    if older:
        return [Notification.created_at <= created_at, tuple_(*KEY) < tuple_(*anchor)]
    return [Notification.created_at >= created_at, tuple_(*KEY) > tuple_(*anchor)]


def newest_first(query: Select) -> Select:
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


@dataclass(frozen=True)
class Listed:
    id: uuid.UUID
    notification_type: str
    recipient: str
    template_name: str
    status: str
    status_label: str
    created_at: datetime  # local time


@dataclass(frozen=True)
class Page:
    notifications: list[Listed]
    newer_than: uuid.UUID | None  # the cursor of the previous page, if there is one
    older_than: uuid.UUID | None  # the cursor of the next page, if there is one


_LISTED_COLUMNS = (
    Notification.id,
    Notification.created_at,
    Notification.notification_type,
    Notification.to,
    Notification.normalised_to,
    Notification.status,
    Notification.template_id,
    Notification.template_version,
)


def _anchor(session: Session, service_id: uuid.UUID, notification_id: uuid.UUID | None):
    if notification_id is None:
        return None
    return session.execute(
        select(Notification.created_at, Notification.id).where(
            Notification.id == notification_id, Notification.service_id == service_id
        )
    ).first()


def notifications_page(
    session: Session,
    selection: Selection,
    *,
    older_than: uuid.UUID | None = None,
    newer_than: uuid.UUID | None = None,
) -> Page:
    """One page, newest first: the first, the one after `older_than`, or the one before
    `newer_than` (cursors are notification ids; an unknown one gives the first page)."""
    query = select(*_LISTED_COLUMNS).where(*selection.conditions())
    backwards = _anchor(session, selection.service_id, newer_than)
    forwards = None if backwards else _anchor(session, selection.service_id, older_than)
    if backwards:
        rows = session.execute(
            query.where(*after(tuple(backwards), older=False))
            .order_by(Notification.created_at, Notification.id)
            .limit(PAGE_SIZE + 1)
        ).all()
        more_newer, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE][::-1]
        newer = rows[0].id if more_newer and rows else None
        older = rows[-1].id if rows else None
    else:
        if forwards:
            query = query.where(*after(tuple(forwards)))
        rows = session.execute(newest_first(query).limit(PAGE_SIZE + 1)).all()
        more_older, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
        newer = rows[0].id if forwards and rows else None
        older = rows[-1].id if more_older else None
    names = template_names(session, {(row.template_id, row.template_version) for row in rows})
    listed = [
        Listed(
            id=row.id,
            notification_type=row.notification_type,
            recipient=recipient_for_people(row.notification_type, row.to, row.normalised_to),
            template_name=names.get((row.template_id, row.template_version), ""),
            status=row.status,
            status_label=label(row.status, row.notification_type),
            created_at=to_local(row.created_at),
        )
        for row in rows
    ]
    return Page(listed, newer, older)


def template_names(
    session: Session, versions: Iterable[tuple[uuid.UUID, int]]
) -> dict[tuple[uuid.UUID, int], str]:
    """Each template's name as it was at the version a message was sent with."""
    versions = sorted(versions)
    if not versions:
        return {}
    rows = session.execute(
        select(TemplateHistory.id, TemplateHistory.version, TemplateHistory.name).where(
            tuple_(TemplateHistory.id, TemplateHistory.version).in_(versions)
        )
    )
    return {(row.id, row.version): row.name for row in rows}


# Recipients as people read them.


_international_number = lru_cache(maxsize=4096)(format_for_people)


def recipient_for_people(notification_type: str, to: str, normalised_to: str | None) -> str:
    """UK mobiles as `07700 900123`, other numbers in international form, letters by the
    first line of their address, email addresses as sent."""
    if notification_type == LETTER:
        return to.splitlines()[0].strip().rstrip(",") if to else ""
    if notification_type == SMS and normalised_to and normalised_to.isdigit():
        if normalised_to.startswith("44") and len(normalised_to) == 12:  # most: no parsing
            return f"0{normalised_to[2:6]} {normalised_to[6:]}"
        return _international_number(normalised_to)
    return to
