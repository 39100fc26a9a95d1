"""The guest list: who a trial-mode service may send to besides its team."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.recipient_format import normalise_email, normalise_phone_number
from postroom.models import GuestListRecipient

EMAIL = "email"
MOBILE = "mobile"


def get_guest_list(session: Session, service_id: uuid.UUID) -> dict[str, list[str]]:
    rows = session.scalars(
        select(GuestListRecipient)
        .where(GuestListRecipient.service_id == service_id)
        .order_by(GuestListRecipient.created_at, GuestListRecipient.recipient)
    )
    result: dict[str, list[str]] = {"email_addresses": [], "phone_numbers": []}
    for row in rows:
        result["email_addresses" if row.recipient_type == EMAIL else "phone_numbers"].append(
            row.recipient
        )
    return result


def replace_guest_list(
    session: Session, service_id: uuid.UUID, email_addresses: list[str], phone_numbers: list[str]
) -> None:
    """Replace the whole list, or change nothing if any entry is invalid."""
    entries: list[tuple[str, str]] = []
    for raw in email_addresses:
        entries.append((EMAIL, _valid(raw, normalise_email)))
    for raw in phone_numbers:
        entries.append((MOBILE, _valid(raw, normalise_phone_number)))
    session.execute(delete(GuestListRecipient).where(GuestListRecipient.service_id == service_id))
    seen = set()
    for kind, recipient in entries:
        if (kind, recipient) not in seen:
            seen.add((kind, recipient))
            session.add(
                GuestListRecipient(service_id=service_id, recipient_type=kind, recipient=recipient)
            )
    session.flush()


def _valid(raw: str, normalise) -> str:
    try:
        return normalise(raw)
    except ValueError as error:
        raise InvalidRequest(
            f'Invalid guest list: "{raw}" is not a valid email address or phone number'
        ) from error
