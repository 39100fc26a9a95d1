"""The three lists of "who a message comes from" a service keeps: text message senders, email
reply-to addresses and letter contact blocks. They share their rules on defaults and archiving,
so those rules live here once; each kind says only what differs."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.recipient_format import normalise_email, normalise_phone_number
from postroom.models import (
    InboundNumber,
    ServiceEmailReplyTo,
    ServiceLetterContact,
    ServiceSmsSender,
    Template,
)


@dataclass(frozen=True)
class ContactKind:
    model: type
    field: str  # the column holding the value: sms_sender, email_address, contact_block
    name: str  # how messages name one: "SMS sender", "email reply-to address", ...
    clean: Callable[[Session, uuid.UUID, str, uuid.UUID | None], str]
    default_required: bool  # must one always be the default?
    no_default_message: str
    archive_default_message: str


def _clean_sms_sender(_session, _service_id, value: str, _id) -> str:
    """Up to 11 letters and numbers (an alphanumeric sender), or a phone number."""
    value = value.strip()
    if re.fullmatch(r"[A-Za-z0-9 &.\-_']{3,11}", value) and re.search(r"[A-Za-z]", value):
        return value
    try:
        return normalise_phone_number(value).removeprefix("+")
    except ValueError:
        pass
    raise InvalidRequest(
        {
            "sms_sender": [
                "Text message sender must be 3 to 11 letters and numbers, or a phone number."
            ]
        }
    )


def _clean_reply_to(session: Session, service_id: uuid.UUID, value: str, own_id) -> str:
    try:
        address = normalise_email(value)
    except ValueError as error:
        raise InvalidRequest({"email_address": ["Enter a valid email address."]}) from error
    existing = session.scalars(
        select(ServiceEmailReplyTo).where(
            ServiceEmailReplyTo.service_id == service_id,
            ServiceEmailReplyTo.archived.is_(False),
        )
    )
    if any(r.email_address.lower() == address.lower() and r.id != own_id for r in existing):
        raise InvalidRequest(f"Your service already uses ‘{address}’ as an email reply-to address.")
    return address


def _clean_contact_block(_session, _service_id, value: str, _id) -> str:
    lines = value.strip().splitlines()
    if not lines:
        raise InvalidRequest({"contact_block": ["Contact block cannot be empty."]})
    if len(lines) > 10:
        raise InvalidRequest({"contact_block": ["Contact block must be 10 lines or fewer."]})
    return "\n".join(line.rstrip() for line in lines)


SMS_SENDERS = ContactKind(
    ServiceSmsSender,
    "sms_sender",
    "SMS sender",
    _clean_sms_sender,
    default_required=True,
    no_default_message="You must have at least one SMS sender as the default.",
    archive_default_message="You cannot delete a default SMS sender",
)
REPLY_TO = ContactKind(
    ServiceEmailReplyTo,
    "email_address",
    "email reply-to address",
    _clean_reply_to,
    default_required=True,
    no_default_message="You must have at least one reply to email address as the default.",
    archive_default_message=(
        "You cannot delete a default email reply to address if other reply to addresses exist"
    ),
)
LETTER_CONTACTS = ContactKind(
    ServiceLetterContact,
    "contact_block",
    "letter contact block",
    _clean_contact_block,
    default_required=False,
    no_default_message="",
    archive_default_message="",
)


def list_contacts(session: Session, kind: ContactKind, service_id: uuid.UUID) -> list:
    model = kind.model
    return list(
        session.scalars(
            select(model)
            .where(model.service_id == service_id, model.archived.is_(False))
            .order_by(model.is_default.desc(), model.created_at)
        )
    )


def get_contact(session: Session, kind: ContactKind, service_id: uuid.UUID, contact_id: uuid.UUID):
    contact = session.get(kind.model, contact_id)
    if contact is None or contact.service_id != service_id:
        raise NotFound()
    return contact


def _make_only_default(session: Session, kind: ContactKind, service_id: uuid.UUID) -> None:
    session.execute(
        update(kind.model).where(kind.model.service_id == service_id).values(is_default=False)
    )


def add_contact(
    session: Session,
    kind: ContactKind,
    service_id: uuid.UUID,
    value: str,
    is_default: bool,
    **extra,
):
    value = kind.clean(session, service_id, value, None)
    existing = list_contacts(session, kind, service_id)
    if kind.default_required and not existing and not is_default:
        raise InvalidRequest(kind.no_default_message)
    if is_default:
        _make_only_default(session, kind, service_id)
    contact = kind.model(
        service_id=service_id, is_default=is_default, **{kind.field: value}, **extra
    )
    session.add(contact)
    session.flush()
    return contact


def update_contact(
    session: Session,
    kind: ContactKind,
    service_id: uuid.UUID,
    contact_id: uuid.UUID,
    value: str,
    is_default: bool,
):
    contact = get_contact(session, kind, service_id, contact_id)
    if contact.archived:
        raise InvalidRequest(f"This {kind.name} has been deleted.")
    if getattr(contact, "inbound_number_id", None) is None:
        value = kind.clean(session, service_id, value, contact.id)
    elif value.strip() != contact.sms_sender:  # replies to it would reach no one
        raise InvalidRequest(f"You can not change the inbound number for service {service_id}")
    else:
        value = contact.sms_sender
    if kind.default_required and contact.is_default and not is_default:
        raise InvalidRequest(kind.no_default_message)
    if is_default:
        _make_only_default(session, kind, service_id)
    setattr(contact, kind.field, value)
    contact.is_default = is_default
    session.flush()
    return contact


def archive_contact(
    session: Session, kind: ContactKind, service_id: uuid.UUID, contact_id: uuid.UUID
):
    contact = get_contact(session, kind, service_id, contact_id)
    others = [c for c in list_contacts(session, kind, service_id) if c.id != contact.id]
    if kind.default_required and contact.is_default and (others or kind is SMS_SENDERS):
        raise InvalidRequest(kind.archive_default_message)
    if kind is SMS_SENDERS and contact.inbound_number_id is not None:
        raise InvalidRequest("You cannot delete an inbound number")
    contact.archived = True
    contact.is_default = False
    if kind is LETTER_CONTACTS:
        session.execute(
            update(Template)
            .where(Template.service_letter_contact_id == contact.id)
            .values(service_letter_contact_id=None)
        )
    session.flush()
    return contact


def send_from_inbound_number(
    session: Session, service_id: uuid.UUID, sender: ServiceSmsSender | None, number: InboundNumber
) -> ServiceSmsSender:
    """Make `sender` (a new one when None) the default, sending from the service's inbound
    number. The number is not checked as a sender typed in is: it may be a short code."""
    _make_only_default(session, SMS_SENDERS, service_id)
    if sender is None:
        sender = ServiceSmsSender(service_id=service_id)
        session.add(sender)
    sender.sms_sender, sender.inbound_number_id, sender.is_default = number.number, number.id, True
    session.flush()
    return sender
