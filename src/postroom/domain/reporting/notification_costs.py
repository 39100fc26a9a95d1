"""What one message costs, as GOV.UK Notify's public API tells it: text messages by billable
fragments × rate multiplier × the fragment rate of the day they were sent, letters by sheets and
postage at the letter rate of their day, emails nothing. The cost is ready once what it is made
of is known: the fragments (counted once the text reached the provider), the sheets (once the
letter is counted) and the day's rate."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from postroom.domain.reporting import rates
from postroom.domain.reporting.billing import crown_by_service
from postroom.domain.vocabulary.dates import to_local
from postroom.domain.vocabulary.notification_types import EMAIL, LETTER
from postroom.domain.vocabulary.statuses import BILLABLE_STATUSES, FINAL_STATUSES
from postroom.models import Notification


@dataclass(frozen=True)
class Cost:
    is_cost_data_ready: bool
    cost_in_pounds: float | None
    cost_details: dict = field(default_factory=dict)


NOT_READY = Cost(False, None)
FREE = Cost(True, 0.0)


@dataclass
class _RatesByDay:
    """The rates of each local day asked for, each looked up once."""

    session: Session
    sms: dict[date, float | None] = field(default_factory=dict)
    letters: dict[date, rates.LetterPrices] = field(default_factory=dict)

    def sms_rate(self, day: date) -> float | None:
        if day not in self.sms:
            self.sms[day] = rates.known_sms_rate_on(self.session, day)
        return self.sms[day]

    def letter_prices(self, day: date) -> rates.LetterPrices:
        if day not in self.letters:
            self.letters[day] = rates.letter_prices_on(self.session, day)
        return self.letters[day]


def _sms_cost(notification: Notification, rate: float | None) -> Cost:
    if notification.status not in BILLABLE_STATUSES or not notification.billable_units:
        return NOT_READY  # not sent to a provider (yet): nothing counted
    if rate is None:
        return NOT_READY
    multiplier = notification.rate_multiplier or 1.0
    return Cost(
        True,
        notification.billable_units * multiplier * rate,
        {
            "billable_sms_fragments": notification.billable_units,
            "international_rate_multiplier": multiplier,
            "sms_rate": rate,
        },
    )


def _letter_cost(notification: Notification, prices: rates.LetterPrices, crown: bool) -> Cost:
    postage = notification.postage
    if notification.status in FINAL_STATUSES and notification.status not in BILLABLE_STATUSES:
        # Never printed (cancelled, failed validation or a technical failure): no sheets charged.
        return Cost(True, 0.0, {"billable_sheets_of_paper": 0, "postage": postage})
    sheets = notification.billable_units
    rate = prices.known_rate(sheets, postage, crown) if sheets else None
    if rate is None:
        return NOT_READY
    return Cost(True, rate, {"billable_sheets_of_paper": sheets, "postage": postage})


def costs_of(session: Session, notifications: list[Notification]) -> dict[uuid.UUID, Cost]:
    """Each message's cost, the rates of each day and the services' crown status read once."""
    by_day = _RatesByDay(session)
    letter_services = {n.service_id for n in notifications if n.notification_type == LETTER}
    crown = crown_by_service(session, letter_services)
    costs = {}
    for notification in notifications:
        day = to_local(notification.created_at).date()
        if notification.notification_type == EMAIL:
            costs[notification.id] = FREE
        elif notification.notification_type == LETTER:
            costs[notification.id] = _letter_cost(
                notification, by_day.letter_prices(day), crown[notification.service_id]
            )
        else:
            costs[notification.id] = _sms_cost(notification, by_day.sms_rate(day))
    return costs
