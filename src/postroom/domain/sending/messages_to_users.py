"""The messages Postroom sends to its own users (security codes, invitations, password resets,
confirmations of a new email address).

They are sent by Postroom's own service, through the same rules and delivery pipeline as any
service's messages, so on the embedded default they reach the simulated providers and can be read
on the development outbox and the worker's console. The service (the one its system user
created), that user, its key and its templates (found by name) are made the first time they are
needed."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.domain.accounts import users
from postroom.domain.sending import acceptance
from postroom.domain.services import api_keys, services
from postroom.domain.templates import templates
from postroom.domain.vocabulary.notification_types import EMAIL, KEY_TYPE_NORMAL, SMS
from postroom.domain.vocabulary.users import INACTIVE
from postroom.infrastructure.unique_clashes import clash_raises
from postroom.models import ApiKey, Service, Template, User

USER_ID = uuid.UUID("6af522d0-2915-4e52-83a3-3690455a5fe6")
SERVICE_NAME = "Postroom"
# Generous: every user's codes and invitations come through this one service.
DAILY_LIMIT = 10_000_000


@dataclass(frozen=True)
class OwnTemplate:
    name: str
    template_type: str
    subject: str | None
    content: str


SIGN_IN_CODE_SMS = OwnTemplate(
    "Sign-in code (text message)",
    SMS,
    None,
    "((code)) is your Postroom security code",
)
SIGN_IN_CODE_EMAIL = OwnTemplate(
    "Sign-in code (email)",
    EMAIL,
    "Your Postroom security code",
    "Hi ((name)),\n\nYour security code is ((code)).\n\nIt expires in 15 minutes.",
)
INVITATION = OwnTemplate(
    "Invitation to a service",
    EMAIL,
    "((user_name)) has invited you to collaborate on ((service_name)) on Postroom",
    "((user_name)) has invited you to collaborate on ((service_name)) on Postroom.\n\n"
    "Use this link to accept the invitation:\n((url))\n\n"
    "The invitation expires in 2 days.",
)
PASSWORD_RESET = OwnTemplate(
    "Password reset",
    EMAIL,
    "Reset your Postroom password",
    "Hi ((user_name)),\n\nWe received a request to reset your password on Postroom.\n\n"
    "If you did not ask for this, you can ignore this email.\n\n"
    "To reset your password, use this link:\n((url))",
)
EMAIL_CHANGE = OwnTemplate(
    "Change of email address",
    EMAIL,
    "Confirm your new email address for Postroom",
    "Hi ((user_name)),\n\nWe received a request to change the email address of your Postroom "
    "account to this one, ((email_address)).\n\n"
    "To confirm the change, use this link:\n((url))\n\n"
    "The link expires in 1 hour and works once. Until you use it, your account keeps its "
    "current email address.\n\n"
    "If you did not ask for this, you can ignore this email.",
)
OWN_TEMPLATES = (SIGN_IN_CODE_SMS, SIGN_IN_CODE_EMAIL, INVITATION, PASSWORD_RESET, EMAIL_CHANGE)


class _MadeMeanwhile(Exception):
    """Another process made the service (or its user) at the same moment."""


def own_service(session: Session) -> tuple[Service, ApiKey, dict[str, Template]]:
    """Postroom's own service, its key and its templates by name, made on first use."""
    service = session.scalar(select(Service).where(Service.created_by_id == USER_ID))
    if service is None:
        try:
            with clash_raises(session, _MadeMeanwhile(), "users", "services"):
                service = _create(session)
        except (_MadeMeanwhile, services.ServiceNameTaken):  # another process made it first
            service = session.scalar(select(Service).where(Service.created_by_id == USER_ID))
    key = session.scalar(select(ApiKey).where(ApiKey.service_id == service.id))
    found = {
        t.name: t
        for t in session.scalars(
            select(Template).where(Template.service_id == service.id, Template.archived.is_(False))
        )
    }
    for own in OWN_TEMPLATES:
        if own.name not in found:
            found[own.name] = templates.create_template(
                session,
                service,
                name=own.name,
                template_type=own.template_type,
                subject=own.subject,
                content=own.content,
                created_by_id=USER_ID,
            )
    return service, key, found


def is_own_service(service: Service) -> bool:
    return service.created_by_id == USER_ID


def _create(session: Session) -> Service:
    system_user = session.get(User, USER_ID)
    if system_user is None:
        system_user = User(
            id=USER_ID,
            name="Postroom",
            email_address="notify-service-user@postroom.invalid",
            password_hash=users.hash_password(secrets.token_urlsafe(32)),
            state=INACTIVE,  # it never signs in
        )
        session.add(system_user)
        session.flush()
    service = services.create_service(
        session, name=SERVICE_NAME, user=system_user, restricted=False
    )
    # Live, with room for every user's messages, and texts without a name prefix.
    service.prefix_sms = False
    service.count_as_live = False
    service.email_message_limit = service.sms_message_limit = DAILY_LIMIT
    service.rate_limit = DAILY_LIMIT
    api_keys.create_api_key(
        session, service, name="Postroom", key_type=KEY_TYPE_NORMAL, created_by_id=USER_ID
    )
    session.flush()
    return service


def message_to(
    session: Session, own: OwnTemplate, to: str, personalisation: dict
) -> tuple[Service, acceptance.Sender, acceptance.SendRequest]:
    """Who sends a message to one of Postroom's users, and what: sent like any other message."""
    service, key, found = own_service(session)
    request = acceptance.SendRequest(
        notification_type=own.template_type,
        template_id=found[own.name].id,
        recipient=to,
        personalisation=personalisation,
    )
    return service, acceptance.Sender.from_key(key), request
