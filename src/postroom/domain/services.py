"""Services: creating, changing and archiving them, and who belongs to them."""

from __future__ import annotations

import re
import unicodedata
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.domain import organisation_types, permissions
from postroom.domain.dates import financial_year_of, local_today
from postroom.domain.errors import InvalidRequest, NotFound
from postroom.domain.notification_types import DEFAULT_SERVICE_PERMISSIONS
from postroom.domain.versioning import save_version
from postroom.models import (
    AnnualBilling,
    Permission,
    Service,
    ServicePermission,
    ServiceSmsSender,
    User,
)

# The text message sender a new service gets until it sets its own.
DEFAULT_SMS_SENDER = "POSTROOM"


def normalise_service_name(name: str) -> str:
    """Names that differ only in case, accents, spaces or punctuation count as the same name."""
    decomposed = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def email_sender_local_part(name: str) -> str:
    """`My Service!` becomes `my.service`, the local part of the address emails come from."""
    decomposed = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9\s.-]", "", decomposed).split()
    return ".".join(words).strip(".-") or "service"


def check_name_available(session: Session, name: str, excluding: uuid.UUID | None = None) -> None:
    if not normalise_service_name(name):
        raise InvalidRequest({"name": ["Service name must contain letters or numbers."]})
    query = select(Service.id).where(
        Service.normalised_service_name == normalise_service_name(name)
    )
    if excluding is not None:
        query = query.where(Service.id != excluding)
    if session.scalar(query) is not None:
        raise InvalidRequest({"name": [f"Duplicate service name '{name}'"]})


def get_service(session: Session, service_id: uuid.UUID) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound()
    return service


def create_service(
    session: Session,
    *,
    name: str,
    user: User,
    organisation_type: str | None = None,
    permissions_: list[str] | tuple[str, ...] | None = None,
    restricted: bool = True,
    active: bool = True,
    organisation_id: uuid.UUID | None = None,
    email_sender_local_part_: str | None = None,
    created_by: User | None = None,
) -> Service:
    """A new service in trial mode, with its creator as its first team member holding every
    permission, the trial limits for its organisation type, a default text message sender and
    this financial year's free text message allowance."""
    name = name.strip()
    check_name_available(session, name)
    limits = organisation_types.trial_limits(organisation_type)
    service = Service(
        name=name,
        normalised_service_name=normalise_service_name(name),
        active=active,
        restricted=restricted,
        email_message_limit=limits.email,
        sms_message_limit=limits.sms,
        letter_message_limit=limits.letter,
        international_sms_message_limit=limits.international_sms,
        email_sender_local_part=email_sender_local_part_ or email_sender_local_part(name),
        organisation_type=organisation_type,
        organisation_id=organisation_id,
        created_by_id=(created_by or user).id,
        prefix_sms=True,
        rate_limit=3000,
        count_as_live=not user.platform_admin,
    )
    service.permissions = [
        ServicePermission(permission=p)
        for p in (DEFAULT_SERVICE_PERMISSIONS if permissions_ is None else permissions_)
    ]
    save_version(session, service, new=True)
    add_user_to_service(session, service, user, permissions.DATABASE_PERMISSIONS)
    session.add(
        ServiceSmsSender(service_id=service.id, sms_sender=DEFAULT_SMS_SENDER, is_default=True)
    )
    session.add(
        AnnualBilling(
            service_id=service.id,
            financial_year_start=financial_year_of(local_today()),
            free_sms_fragment_limit=organisation_types.DEFAULT_FREE_SMS_FRAGMENT_LIMITS.get(
                organisation_type, organisation_types.DEFAULT_FREE_SMS_FRAGMENT_LIMITS[None]
            ),
        )
    )
    session.flush()
    return service


def add_user_to_service(
    session: Session,
    service: Service,
    user: User,
    database_permissions: list[str] | tuple[str, ...],
) -> None:
    if user in service.users:
        raise InvalidRequest(f"User id: {user.id} already part of service id: {service.id}")
    service.users.append(user)
    for permission in sorted(set(database_permissions)):
        session.add(Permission(service_id=service.id, user_id=user.id, permission=permission))
    session.flush()
