"""What the public API reads for every request and every message it accepts, and a delivery
worker for every message it sends, remembered for a moment in this process (see `remembered`):
objects detached from any session, read-only."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.domain.services.api_keys import list_api_keys
from postroom.domain.services.senders import ContactKind, list_contacts
from postroom.infrastructure.read_cache import remembered
from postroom.models import (
    ApiKey,
    GuestListRecipient,
    Service,
    ServiceCallback,
    ServiceEmailReplyTo,
    ServiceLetterContact,
    ServicePermission,
    ServiceSmsSender,
    Template,
    TemplateHistory,
    User,
)


@remembered(Service, ServicePermission)
def service(session: Session, service_id: uuid.UUID) -> Service | None:
    return session.get(Service, service_id)


@remembered(ApiKey)
def api_keys(session: Session, service_id: uuid.UUID) -> list[ApiKey]:
    return list_api_keys(session, service_id)


@remembered(Template)
def template(session: Session, template_id: uuid.UUID) -> Template | None:
    return session.get(Template, template_id)


@remembered(TemplateHistory)
def template_version(session: Session, template_id: uuid.UUID, version: int) -> TemplateHistory:
    return session.get(TemplateHistory, (template_id, version))


@remembered(ServiceSmsSender, ServiceEmailReplyTo, ServiceLetterContact)
def contacts(session: Session, kind: ContactKind, service_id: uuid.UUID) -> list:
    return list_contacts(session, kind, service_id)


@remembered(ServiceCallback)
def callback_types(session: Session, service_id: uuid.UUID) -> frozenset[str]:
    """Which callbacks (delivery status, received text messages) the service has set up."""
    return frozenset(
        session.scalars(
            select(ServiceCallback.callback_type).where(ServiceCallback.service_id == service_id)
        )
    )


@remembered(User, Service, GuestListRecipient)
def allowed_recipients(session: Session, service_id: uuid.UUID) -> frozenset[str]:
    """Who a trial-mode service or a team key may send to: the team and the guest list,
    normalised as recipients are."""
    allowed: set[str] = set()
    for member in session.scalars(select(User).where(User.services.any(Service.id == service_id))):
        allowed.add(member.email_address.lower())
        if member.mobile_number:
            allowed.add(member.mobile_number.removeprefix("+"))
    for entry in session.scalars(
        select(GuestListRecipient).where(GuestListRecipient.service_id == service_id)
    ):
        allowed.add(entry.recipient.lower().removeprefix("+"))
    return frozenset(allowed)
