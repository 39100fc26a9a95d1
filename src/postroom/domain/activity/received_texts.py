"""Text messages people send to a service's inbound number."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.domain.services.inbound_numbers import matching_form
from postroom.domain.vocabulary.dates import to_local
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.notification_types import SMS
from postroom.domain.vocabulary.recipient_format import format_for_people
from postroom.infrastructure.csv_export import csv_chunks
from postroom.infrastructure.encryption import decrypt, encrypt
from postroom.infrastructure.keyset_paging import newest_first_page
from postroom.models import InboundNumber, InboundSms, Notification


def receive(
    session: Session,
    *,
    notify_number: str,
    user_number: str,
    content: str,
    provider: str,
    provider_reference: str | None = None,
    provider_date: datetime | None = None,
) -> InboundSms:
    """Store a message for the service that owns the number it was sent to."""
    number = session.scalar(
        select(InboundNumber).where(
            InboundNumber.number == matching_form(notify_number), InboundNumber.active.is_(True)
        )
    )
    if number is None or number.service_id is None:
        raise NotFound(f"No service has the inbound number {notify_number}")
    message = InboundSms(
        service_id=number.service_id,
        notify_number=number.number,
        user_number=user_number.removeprefix("+"),
        content=encrypt(runtime.settings().secret_key, content),
        provider=provider,
        provider_reference=provider_reference,
        provider_date=provider_date,
    )
    session.add(message)
    session.flush()
    return message


def content_of(message: InboundSms) -> str:
    return decrypt(runtime.settings().secret_key, message.content)


def list_received(
    session: Session, service_id: uuid.UUID, older_than: uuid.UUID | None = None
) -> list[InboundSms]:
    """A page of the service's received messages, newest first."""
    return newest_first_page(session, InboundSms, service_id, older_than)


PAGE_SIZE = 50
CSV_COLUMNS = ("Phone number", "Message", "Received")
# The inbox shows a message without these at its start (GOV.UK Notify strips Excel's formula
# characters); its download keeps the whole message, made safe for spreadsheets instead.
FORMULA_STARTS = "=+-@"


def inbox_page(session: Session, service_id: uuid.UUID, page: int) -> tuple[list[InboundSms], bool]:
    """A page of the inbox, newest first, and whether there is a next one."""
    rows = session.scalars(
        select(InboundSms)
        .where(InboundSms.service_id == service_id)
        .order_by(InboundSms.created_at.desc(), InboundSms.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    return list(rows[:PAGE_SIZE]), len(rows) > PAGE_SIZE


def csv_text(session: Session, service_id: uuid.UUID, per_query: int = 1000) -> Iterator[str]:
    """Every message the service has received, newest first, as a CSV file read `per_query` at
    a time: who sent it (as people write the number), what it says, when (UK time)."""
    query = (
        select(InboundSms)
        .where(InboundSms.service_id == service_id)
        .order_by(InboundSms.created_at.desc())
        .execution_options(yield_per=per_query)
    )

    def pages():  # the query runs as the file is read, not before
        for partition in session.scalars(query).partitions():
            yield [
                (
                    format_for_people(message.user_number),
                    content_of(message),
                    to_local(message.created_at).strftime("%Y-%m-%d %H:%M"),
                )
                for message in partition
            ]

    return csv_chunks(CSV_COLUMNS, pages())


def shown_content(message: InboundSms) -> str:
    """The message as the inbox shows it."""
    return content_of(message).lstrip(FORMULA_STARTS)


def csv_filename(day: date) -> str:
    return f"Received text messages {day:%Y-%m-%d}.csv"


def conversation(session: Session, service_id: uuid.UUID, inbound_id: uuid.UUID):
    """The number a received message came from, and every message to and from it, oldest
    first: (number, [(when, direction, InboundSms or Notification)])."""
    message = session.get(InboundSms, inbound_id)
    if message is None or message.service_id != service_id:
        raise NotFound()
    number = message.user_number
    received = session.scalars(
        select(InboundSms).where(
            InboundSms.service_id == service_id, InboundSms.user_number == number
        )
    ).all()
    sent = session.scalars(
        select(Notification).where(
            Notification.service_id == service_id,
            Notification.notification_type == SMS,
            Notification.normalised_to.in_([number, f"+{number}"]),
        )
    ).all()
    thread = [(m.created_at, "inbound", m) for m in received]
    thread += [(n.created_at, "outbound", n) for n in sent]
    return number, sorted(thread, key=lambda item: item[0])
