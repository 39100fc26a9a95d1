"""What messages cost: text message fragment rates and letter rates, each valid from a local day
until the next one takes over. Platform admins add them; billing reads the rate of each day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from postroom.domain.vocabulary.dates import local_midnight_in_utc, to_local
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.notification_types import POSTAGE_TYPES, SMS
from postroom.domain.vocabulary.organisation_types import CROWN_ORGANISATION_TYPES
from postroom.models import LetterRate, SmsRate

# The most any rate may be, in pounds: catches a rate typed in pence.
MAX_RATE = 100


def valid_from_day(rate: SmsRate | LetterRate) -> date:
    """The local day a rate starts on."""
    return to_local(rate.valid_from if isinstance(rate, SmsRate) else rate.start_date).date()


def last_day(rate: LetterRate) -> date | None:
    """The last local day a letter rate applies on, if another has replaced it."""
    return to_local(rate.end_date).date() - timedelta(days=1) if rate.end_date else None


def _check_rate(rate: float) -> None:
    if not 0 <= rate <= MAX_RATE:
        raise InvalidRequest({"rate": [f"Rate must be between 0 and {MAX_RATE}"]})


def sms_rates(session: Session) -> list[SmsRate]:
    """Every text message rate, the newest first."""
    return list(
        session.scalars(
            select(SmsRate)
            .where(SmsRate.notification_type == SMS)
            .order_by(SmsRate.valid_from.desc())
        )
    )


def add_sms_rate(session: Session, valid_from: date, rate: float) -> SmsRate:
    _check_rate(rate)
    start = local_midnight_in_utc(valid_from)
    if session.scalar(select(SmsRate.id).where(SmsRate.valid_from == start)) is not None:
        raise InvalidRequest({"valid_from": ["A text message rate already starts on this day"]})
    sms_rate = SmsRate(valid_from=start, rate=rate, notification_type=SMS)
    session.add(sms_rate)
    session.flush()
    return sms_rate


def known_sms_rate_on(session: Session, day: date) -> float | None:
    """The price of one fragment sent on local day `day`; None before the first rate."""
    return session.scalar(
        select(SmsRate.rate)
        .where(SmsRate.notification_type == SMS, SmsRate.valid_from <= local_midnight_in_utc(day))
        .order_by(SmsRate.valid_from.desc())
        .limit(1)
    )


def sms_rate_on(session: Session, day: date) -> float:
    """The price of one fragment sent on local day `day`: 0 before the first rate."""
    return known_sms_rate_on(session, day) or 0.0


def letter_rates(session: Session) -> list[LetterRate]:
    """Every letter rate: postage, crown or not, sheets, then the newest first."""
    order = {postage: n for n, postage in enumerate(POSTAGE_TYPES)}
    newest_first = session.scalars(select(LetterRate).order_by(LetterRate.start_date.desc()))
    return sorted(
        newest_first, key=lambda r: (order.get(r.post_class, 99), not r.crown, r.sheet_count)
    )


def add_letter_rate(
    session: Session,
    *,
    valid_from: date,
    sheet_count: int,
    post_class: str,
    crown: bool,
    rate: float,
) -> LetterRate:
    """A new rate for letters of this many sheets, postage and crown status; the rate it
    replaces ends the day this one starts."""
    _check_rate(rate)
    if post_class not in POSTAGE_TYPES:
        raise InvalidRequest({"post_class": ["Select a postage class"]})
    if not 1 <= sheet_count <= 10:
        raise InvalidRequest({"sheet_count": ["Sheets must be between 1 and 10"]})
    start = local_midnight_in_utc(valid_from)
    same_kind = select(LetterRate).where(
        LetterRate.sheet_count == sheet_count,
        LetterRate.post_class == post_class,
        LetterRate.crown.is_(crown),
    )
    if session.scalars(same_kind.where(LetterRate.start_date >= start)).first() is not None:
        raise InvalidRequest(
            {"valid_from": ["A rate for these letters already starts on or after this day"]}
        )
    for current in session.scalars(
        same_kind.where(or_(LetterRate.end_date.is_(None), LetterRate.end_date > start))
    ):
        current.end_date = start
    letter_rate = LetterRate(
        start_date=start,
        end_date=None,
        sheet_count=sheet_count,
        post_class=post_class,
        crown=crown,
        rate=rate,
    )
    session.add(letter_rate)
    session.flush()
    return letter_rate


@dataclass(frozen=True)
class LetterPrices:
    """The letter rates valid on one day, by (sheets, postage, crown)."""

    by_kind: dict[tuple[int, str, bool], float]

    def known_rate(self, sheets: int, post_class: str, crown: bool) -> float | None:
        """The rate for a letter, None if no rate covers it; one longer than any rate covers
        costs the longest one's."""
        sheets = max(sheets, 1)
        known = [n for (n, p, c) in self.by_kind if p == post_class and c == crown and n <= sheets]
        return self.by_kind[(max(known), post_class, crown)] if known else None

    def rate(self, sheets: int, post_class: str, crown: bool) -> float:
        """The rate for a letter: 0 if no rate covers it."""
        return self.known_rate(sheets, post_class, crown) or 0.0


def letter_prices_on(session: Session, day: date) -> LetterPrices:
    start = local_midnight_in_utc(day)
    rows = session.scalars(
        select(LetterRate).where(
            LetterRate.start_date <= start,
            or_(LetterRate.end_date.is_(None), LetterRate.end_date > start),
        )
    )
    return LetterPrices({(r.sheet_count, r.post_class, r.crown): r.rate for r in rows})


def is_crown(organisation_type: str | None, organisation_crown: bool | None = None) -> bool:
    """Crown bodies pay crown letter rates: the organisation says so, or else the type does."""
    if organisation_crown is not None:
        return organisation_crown
    return organisation_type in CROWN_ORGANISATION_TYPES
