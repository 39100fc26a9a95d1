"""Text messages people send to a service's inbound number."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.domain.errors import NotFound
from postroom.domain.paging import newest_first_page
from postroom.domain.secrets import decrypt, encrypt
from postroom.models import InboundNumber, InboundSms


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
            InboundNumber.number == notify_number.removeprefix("+"), InboundNumber.active.is_(True)
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
