"""Inbound numbers: the phone numbers (or short codes) people send text messages to. Each is
given to at most one service; texts to it reach that service while the number is active, and
the service sends from it by default, so replies come back."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from postroom import runtime
from postroom.domain.services import senders
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.recipient_format import normalise_phone_number
from postroom.models import InboundNumber, ServiceSmsSender
from postroom.providers.simulated import SimulatedSmsProvider
from postroom.providers.smpp import NAME as SMPP

# GOV.UK Notify's words, where it has them.
NONE_AVAILABLE = "There are no available inbound numbers"
ALREADY_HAS_ONE = "This service already has an inbound number"
NOT_A_NUMBER = "Enter a phone number or a short code of 3 to 15 digits"
_SEPARATORS = re.compile(r"[\s().-]")
_DIGITS = re.compile(r"\+?\d{3,15}")
# How many free numbers to try claiming when another request takes the first one meanwhile.
_CLAIM_ATTEMPTS = 5


def stored_form(raw: str) -> str:
    """How a number is stored and matched: digits, a phone number in international form without
    its `+` (07700 900123 becomes 447700900123, as providers send it), a short code as it is. The
    same number written two ways is then one number."""
    compact = _SEPARATORS.sub("", raw.strip())
    if not _DIGITS.fullmatch(compact):
        raise InvalidRequest({"inbound_number": [NOT_A_NUMBER]})
    if compact.startswith("0"):  # national form (or 00 and a country code)
        try:
            return normalise_phone_number(compact).removeprefix("+")
        except ValueError:
            pass
    return compact.removeprefix("+")


def matching_form(raw: str) -> str:
    """`stored_form` for a number a provider reports; what it cannot read is kept as sent."""
    try:
        return stored_form(raw)
    except InvalidRequest:
        return raw.strip().removeprefix("+")


def default_provider() -> str:
    """The provider texts arrive through: the SMSC when one is configured."""
    return SMPP if runtime.settings().smpp_url else SimulatedSmsProvider.name


def add_numbers(
    session: Session, numbers: Iterable[str], provider: str | None = None
) -> list[InboundNumber]:
    """Store new, unallocated, active numbers; none of them when one is unreadable or known."""
    wanted = [stored_form(raw) for raw in numbers if raw.strip()]
    if not wanted:
        raise InvalidRequest({"inbound_number": [NOT_A_NUMBER]})
    repeated = sorted({n for n in wanted if wanted.count(n) > 1})
    known = session.scalars(select(InboundNumber.number).where(InboundNumber.number.in_(wanted)))
    clashes = sorted(set(known) | set(repeated))
    if clashes:
        raise InvalidRequest(
            {"inbound_number": [f"{', '.join(clashes)} is already an inbound number"]}
        )
    added = [InboundNumber(number=n, provider=provider or default_provider()) for n in wanted]
    session.add_all(added)
    session.flush()
    return added


def list_numbers(session: Session) -> list[InboundNumber]:
    """Every number with the service holding it (they are shown together)."""
    query = select(InboundNumber).options(selectinload(InboundNumber.service))
    return list(session.scalars(query.order_by(InboundNumber.number)))


def available_numbers(session: Session) -> list[InboundNumber]:
    """Active numbers no service has."""
    return list(
        session.scalars(
            select(InboundNumber)
            .where(InboundNumber.active.is_(True), InboundNumber.service_id.is_(None))
            .order_by(InboundNumber.created_at, InboundNumber.number)
        )
    )


def number_for_service(session: Session, service_id: uuid.UUID) -> InboundNumber | None:
    return session.scalar(select(InboundNumber).where(InboundNumber.service_id == service_id))


def _claim(session: Session, service_id: uuid.UUID, number_id: uuid.UUID) -> bool:
    """Give a free number to the service, in one statement, so two requests cannot both get it."""
    claimed = session.execute(
        update(InboundNumber)
        .where(
            InboundNumber.id == number_id,
            InboundNumber.active.is_(True),
            InboundNumber.service_id.is_(None),
        )
        .values(service_id=service_id)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def _claim_any(session: Session, service_id: uuid.UUID) -> uuid.UUID:
    free = session.scalars(
        select(InboundNumber.id)
        .where(InboundNumber.active.is_(True), InboundNumber.service_id.is_(None))
        .order_by(InboundNumber.created_at, InboundNumber.number)
        .limit(_CLAIM_ATTEMPTS)
    ).all()
    for number_id in free:
        if _claim(session, service_id, number_id):
            return number_id
    raise InvalidRequest(NONE_AVAILABLE, 409)


def _number(session: Session, service_id: uuid.UUID, wanted: uuid.UUID | None) -> InboundNumber:
    """The service's number, switched on again if it had been, else a newly claimed one:
    `wanted`, or the first free one."""
    current = number_for_service(session, service_id)
    if current is not None:
        if wanted not in (None, current.id):
            raise InvalidRequest(ALREADY_HAS_ONE)
        current.active = True
        return current
    if wanted is None:
        wanted = _claim_any(session, service_id)
    elif not _claim(session, service_id, wanted):
        raise InvalidRequest(f"Inbound number: {wanted} is not available")
    number = session.get(InboundNumber, wanted)
    session.refresh(number)
    return number


def allocate(
    session: Session, service_id: uuid.UUID, inbound_number_id: uuid.UUID | None = None
) -> ServiceSmsSender:
    """Give the service an inbound number and make it the default text message sender, as
    GOV.UK Notify does: a service with one sender has that sender replaced by the number, one
    with several gets the number as a new default. Returns that sender."""
    number = _number(session, service_id, inbound_number_id)
    existing = senders.list_contacts(session, senders.SMS_SENDERS, service_id)
    linked = next((s for s in existing if s.inbound_number_id == number.id), None)
    if linked is None and len(existing) == 1:
        linked = existing[0]
    return senders.send_from_inbound_number(session, service_id, linked, number)


def deactivate(session: Session, service_id: uuid.UUID) -> InboundNumber:
    """Stop texts to the service's number reaching it; the number stays the service's."""
    number = number_for_service(session, service_id)
    if number is None:
        raise NotFound("This service has no inbound number")
    number.active = False
    session.flush()
    return number


def switch_receiving(session: Session, service_id: uuid.UUID, on: bool) -> None:
    """What switching the service's `inbound_sms` permission does to its number: on, it is given
    one (as `allocate`; refused when none is free); off, its number stops receiving."""
    if on:
        allocate(session, service_id)
    elif number_for_service(session, service_id) is not None:
        deactivate(session, service_id)
