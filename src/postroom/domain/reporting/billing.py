"""Billable volume per local day (`ft_billing`), built nightly from notifications and their
history, and a service's usage for a financial year: text message fragments against the free
allowance and their cost at each day's rate, emails sent, and letters by postage and rate.

Past days are read from the fact table and today is counted live, so the usage page costs the
same whatever the volume."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, insert, select, union_all
from sqlalchemy.orm import Session

from postroom.domain.reporting import rates
from postroom.domain.reporting.monthly_statistics import months_so_far
from postroom.domain.reporting.template_counts import past_and_today
from postroom.domain.vocabulary import organisation_types
from postroom.domain.vocabulary.dates import financial_year_bounds, utc_range_for_local_days
from postroom.domain.vocabulary.notification_types import EMAIL, KEY_TYPE_TEST, LETTER, SMS
from postroom.domain.vocabulary.statuses import BILLABLE_STATUSES
from postroom.models import (
    AnnualBilling,
    FactBilling,
    Notification,
    NotificationHistory,
    Organisation,
    Service,
)

UNKNOWN_PROVIDER = "unknown"
NO_POSTAGE = "none"
FACT_COLUMNS = (
    "service_id",
    "template_id",
    "notification_type",
    "provider",
    "rate_multiplier",
    "international",
    "rate",
    "postage",
)


def _billable_groups(session: Session, day: date, service_ids: list[uuid.UUID] | None):
    """Billable messages of one local day grouped as the fact table needs them, with the
    billable units (fragments, or sheets for letters) of a single message kept apart."""
    start, end = utc_range_for_local_days(day, day)
    sources = []
    for table in (Notification, NotificationHistory):
        query = select(
            table.service_id,
            table.template_id,
            table.notification_type,
            func.coalesce(table.sent_by, UNKNOWN_PROVIDER).label("provider"),
            func.coalesce(table.rate_multiplier, 1).label("rate_multiplier"),
            table.international,
            func.coalesce(table.postage, NO_POSTAGE).label("postage"),
            table.billable_units,
        ).where(
            table.created_at >= start,
            table.created_at < end,
            table.key_type != KEY_TYPE_TEST,
            table.status.in_(BILLABLE_STATUSES),
        )
        if service_ids is not None:
            query = query.where(table.service_id.in_(service_ids))
        sources.append(query)
    # A notification being moved to history may briefly be in both tables: count it once.
    sources[1] = sources[1].where(
        ~select(Notification.id).where(Notification.id == NotificationHistory.id).exists()
    )
    both = union_all(*sources).subquery()
    keys = [both.c[name] for name in (*FACT_COLUMNS, "billable_units") if name != "rate"]
    return session.execute(select(*keys, func.count()).group_by(*keys)).all()


def crown_by_service(session: Session, service_ids: set[uuid.UUID]) -> dict[uuid.UUID, bool]:
    """Whether each service pays crown letter rates."""
    if not service_ids:
        return {}
    rows = session.execute(
        select(Service.id, Service.organisation_type, Organisation.crown)
        .outerjoin(Organisation, Organisation.id == Service.organisation_id)
        .where(Service.id.in_(service_ids))
    )
    return {service_id: rates.is_crown(kind, crown) for service_id, kind, crown in rows}


def billing_rows(
    session: Session, day: date, service_ids: Iterable[uuid.UUID] | None = None
) -> list[dict]:
    """The fact rows of one local day (all services, or those named), each priced at the rate
    valid that day: a fragment's for texts, by sheets, postage and crown for letters."""
    groups = _billable_groups(session, day, None if service_ids is None else list(service_ids))
    sms_rate = rates.sms_rate_on(session, day)
    letter_prices = rates.letter_prices_on(session, day)
    crown = crown_by_service(
        session, {g.service_id for g in groups if g.notification_type == LETTER}
    )
    rows: dict[tuple, dict] = {}
    for *key, units, count in groups:
        fact = dict(zip([c for c in FACT_COLUMNS if c != "rate"], key, strict=True))
        kind = fact["notification_type"]
        fact["rate_multiplier"] = round(fact["rate_multiplier"])  # whole numbers in ft_billing
        if kind == SMS:
            fact["rate"] = sms_rate
        elif kind == LETTER:
            fact["rate"] = letter_prices.rate(units, fact["postage"], crown[fact["service_id"]])
        else:
            fact["rate"] = 0.0
        row = rows.setdefault(
            tuple(fact[c] for c in FACT_COLUMNS),
            {**fact, "billable_units": 0, "notifications_sent": 0},
        )
        row["billable_units"] += units * count
        row["notifications_sent"] += count
    return list(rows.values())


def update_fact_billing(session: Session, day: date) -> int:
    """Rebuild one local day of the billing fact table; safe to run again. Returns the number
    of rows written."""
    rows = billing_rows(session, day)
    session.execute(delete(FactBilling).where(FactBilling.local_date == day))
    if rows:
        session.execute(insert(FactBilling), [{"local_date": day, **row} for row in rows])
    session.flush()
    return len(rows)


def _year_rows(session: Session, service_id: uuid.UUID, year: int) -> list[tuple]:
    """(day, type, rate, multiplier, postage, billable units, sent) for the service's year, in
    day order: past days from the fact table, today counted live."""
    past, today = past_and_today(*financial_year_bounds(year))
    rows = []
    if past:
        keys = (
            FactBilling.local_date,
            FactBilling.notification_type,
            FactBilling.rate,
            FactBilling.rate_multiplier,
            FactBilling.postage,
        )
        rows += session.execute(
            select(
                *keys,
                func.sum(FactBilling.billable_units),
                func.sum(FactBilling.notifications_sent),
            )
            .where(
                FactBilling.service_id == service_id,
                FactBilling.local_date.between(*past),
            )
            .group_by(*keys)
        ).all()
    if today:
        rows += [
            (
                today,
                r["notification_type"],
                r["rate"],
                r["rate_multiplier"],
                r["postage"],
                r["billable_units"],
                r["notifications_sent"],
            )
            for r in billing_rows(session, today, [service_id])
        ]
    return sorted(rows, key=lambda row: row[0])


def free_allowance(session: Session, service: Service, year: int) -> int:
    """The service's free text message fragments for the year: the year's own allowance, else
    the latest one set before it, else the default for its type of organisation."""
    rows = session.execute(
        select(AnnualBilling.financial_year_start, AnnualBilling.free_sms_fragment_limit)
        .where(AnnualBilling.service_id == service.id)
        .order_by(AnnualBilling.financial_year_start.desc())
    ).all()
    for start, limit in rows:
        if start <= year:
            return limit
    if rows:
        return rows[-1][1]  # only later years are set: the earliest of them
    defaults = organisation_types.DEFAULT_FREE_SMS_FRAGMENT_LIMITS
    return defaults.get(service.organisation_type, defaults[None])


# Letters are shown by postage in this order; Europe and the rest of the world as international.
INTERNATIONAL = "international"
POSTAGE_GROUPS = {"first": "first", "second": "second", "economy": "economy"}
POSTAGE_ORDER = ("first", "second", "economy", INTERNATIONAL)


@dataclass
class Charged:
    """Units (text message fragments or letters) charged at one rate."""

    rate: float
    units: int = 0

    @property
    def cost(self) -> float:
        return round(self.units * self.rate, 4)


@dataclass
class LetterGroup(Charged):
    postage: str = INTERNATIONAL


class _Letters:
    """Letters sent and their cost, from a list of groups by postage and rate."""

    letters: list[LetterGroup]

    @property
    def letters_sent(self) -> int:
        return sum(group.units for group in self.letters)

    @property
    def letter_cost(self) -> float:
        return sum(group.cost for group in self.letters)


@dataclass
class MonthUsage(_Letters):
    month: str  # YYYY-MM
    sms_fragments: int = 0
    sms_free: int = 0  # fragments covered by the free allowance
    sms_charged: list[Charged] = field(default_factory=list)
    emails: int = 0
    letters: list[LetterGroup] = field(default_factory=list)

    @property
    def sms_cost(self) -> float:
        return sum(charged.cost for charged in self.sms_charged)

    @property
    def cost(self) -> float:
        return self.sms_cost + self.letter_cost


@dataclass
class Usage(_Letters):
    year: int
    free_allowance: int
    months: list[MonthUsage]  # every month of the year so far, April first
    letters: list[LetterGroup]  # the year's letters by postage, then rate

    @property
    def sms_fragments(self) -> int:
        return sum(month.sms_fragments for month in self.months)

    @property
    def remaining_allowance(self) -> int:
        return max(self.free_allowance - self.sms_fragments, 0)

    @property
    def sms_cost(self) -> float:
        return sum(month.sms_cost for month in self.months)

    @property
    def emails(self) -> int:
        return sum(month.emails for month in self.months)


def _charge(charges: list, rate: float, units: int, make=Charged, **kind) -> None:
    """Add units at a rate to a list of charges, one entry per rate (and kind)."""
    for charged in charges:
        if charged.rate == rate and all(getattr(charged, k) == v for k, v in kind.items()):
            charged.units += units
            return
    charges.append(make(rate=rate, units=units, **kind))


def _sorted_letters(groups: list[LetterGroup]) -> list[LetterGroup]:
    return sorted(groups, key=lambda g: (POSTAGE_ORDER.index(g.postage), g.rate))


def usage(session: Session, service: Service, year: int) -> Usage:
    """The service's usage in the financial year, month by month so far. The free allowance
    covers fragments in the order they were sent; the rest cost the rate of the day they were
    sent on."""
    allowance = free_allowance(session, service, year)
    by_month = {month: MonthUsage(month) for month in months_so_far(year)}
    year_letters: list[LetterGroup] = []
    left = allowance
    for day, kind, rate, multiplier, postage, units, sent in _year_rows(session, service.id, year):
        month = by_month.get(f"{day.year}-{day.month:02d}")
        if month is None:
            continue
        if kind == SMS:
            fragments = int(units) * int(multiplier)
            free = min(left, fragments)
            left -= free
            month.sms_fragments += fragments
            month.sms_free += free
            if fragments > free:
                _charge(month.sms_charged, rate, fragments - free)
        elif kind == EMAIL:
            month.emails += int(sent)
        elif kind == LETTER:
            group = POSTAGE_GROUPS.get(postage, INTERNATIONAL)
            for letters in (month.letters, year_letters):
                _charge(letters, rate, int(sent), LetterGroup, postage=group)
    for month in by_month.values():
        month.letters = _sorted_letters(month.letters)
    return Usage(year, allowance, list(by_month.values()), _sorted_letters(year_letters))
