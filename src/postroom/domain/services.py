"""Services: creating, changing and archiving them, and who belongs to them."""

from __future__ import annotations

import re
import unicodedata
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain import organisation_types, permissions
from postroom.domain.dates import financial_year_of, local_today
from postroom.domain.errors import InvalidRequest, NotFound
from postroom.domain.notification_types import DEFAULT_SERVICE_PERMISSIONS
from postroom.domain.service_users import add_user_to_service
from postroom.domain.versioning import save_version
from postroom.models import (
    AnnualBilling,
    ApiKey,
    ApiKeyHistory,
    EmailBranding,
    LetterBranding,
    Organisation,
    Service,
    ServiceHistory,
    ServicePermission,
    ServiceSmsSender,
    Template,
    TemplateHistory,
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


def list_services(
    session: Session, *, only_active: bool = False, user_id: uuid.UUID | None = None
) -> list[Service]:
    query = select(Service).order_by(Service.created_at, Service.name)
    if only_active:
        query = query.where(Service.active.is_(True))
    if user_id is not None:
        query = query.where(Service.users.any(User.id == user_id))
    return list(session.scalars(query))


def find_services_by_name(session: Session, fragment: str) -> list[Service]:
    """Services whose name contains `fragment`, ignoring case."""
    pattern = (
        "%"
        + fragment.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        + "%"
    )
    query = (
        select(Service)
        .where(func.lower(Service.name).like(pattern, escape="\\"))
        .order_by(Service.name)
        .limit(FIND_BY_NAME_LIMIT)
    )
    return list(session.scalars(query))


FIND_BY_NAME_LIMIT = 100

# What an update may change, and how: everything else about a service has its own operation.
UPDATABLE_FIELDS = (
    "name",
    "restricted",
    "organisation_type",
    "contact_link",
    "prefix_sms",
    "email_message_limit",
    "sms_message_limit",
    "letter_message_limit",
    "international_sms_message_limit",
    "rate_limit",
    "volume_email",
    "volume_sms",
    "volume_letter",
    "consent_to_research",
    "count_as_live",
    "billing_contact_names",
    "billing_contact_email_addresses",
    "billing_reference",
    "purchase_order_number",
    "custom_email_sender_name",
    "email_sender_local_part",
    "has_active_go_live_request",
    "notes",
)


def update_service(session: Session, service: Service, changes: dict) -> Service:
    """Apply `changes` (already shape-checked) and save a new version of the service."""
    if not service.active:
        raise InvalidRequest("This service has been archived and cannot be changed.")
    if "name" in changes:
        name = changes["name"].strip()
        check_name_available(session, name, excluding=service.id)
        changes = {**changes, "name": name}
        service.normalised_service_name = normalise_service_name(name)
    for field in UPDATABLE_FIELDS:
        if field in changes:
            setattr(service, field, changes[field])
    if "email_branding" in changes:
        service.email_branding_id = _existing(
            session, EmailBranding, changes["email_branding"], "email_branding"
        )
    if "letter_branding" in changes:
        service.letter_branding_id = _existing(
            session, LetterBranding, changes["letter_branding"], "letter_branding"
        )
    if "organisation" in changes:
        service.organisation_id = _existing(
            session, Organisation, changes["organisation"], "organisation"
        )
    if "permissions" in changes:
        set_service_permissions(service, changes["permissions"])
    if changes.get("restricted") is False and service.go_live_at is None:
        service.go_live_at = utcnow()
    save_version(session, service)
    return service


def _existing(session: Session, model, raw_id: str | None, field: str) -> uuid.UUID | None:
    if raw_id is None:
        return None
    found = session.get(model, uuid.UUID(raw_id))
    if found is None:
        raise InvalidRequest({field: [f"No {field.replace('_', ' ')} with id {raw_id}."]})
    return found.id


def set_service_permissions(service: Service, wanted: list[str]) -> None:
    if len(set(wanted)) != len(wanted):
        raise InvalidRequest({"permissions": ["Duplicate service permission."]})
    current = {p.permission: p for p in service.permissions}
    service.permissions = [
        current.get(name) or ServicePermission(permission=name) for name in wanted
    ]


ARCHIVED_PREFIX = "_archived_"


def archive_service(session: Session, service: Service) -> None:
    """Deactivate for good: renamed out of the way, templates archived, API keys revoked.
    Archiving an archived service changes nothing."""
    if not service.active:
        return
    now = utcnow()
    stamp = now.strftime("%Y-%m-%d_%H:%M:%S")
    service.active = False
    service.name = f"{ARCHIVED_PREFIX}{stamp}_{service.name}"
    service.normalised_service_name = normalise_service_name(service.name)
    service.email_sender_local_part = f"{ARCHIVED_PREFIX}{stamp}_{service.email_sender_local_part}"
    save_version(session, service)
    for template in session.scalars(
        select(Template).where(Template.service_id == service.id, Template.archived.is_(False))
    ):
        template.archived = True
        save_version(session, template)
    for key in session.scalars(
        select(ApiKey).where(ApiKey.service_id == service.id, ApiKey.expiry_date.is_(None))
    ):
        key.expiry_date = now
        save_version(session, key)
    session.flush()


def service_history(session: Session, service_id: uuid.UUID) -> dict[str, list]:
    """Every version of the service, its API keys and its templates, oldest first."""

    def versions(model, owner_column):
        return list(
            session.scalars(
                select(model)
                .where(owner_column == service_id)
                .order_by(model.created_at, model.version)
            )
        )

    return {
        "service_history": versions(ServiceHistory, ServiceHistory.id),
        "api_key_history": versions(ApiKeyHistory, ApiKeyHistory.service_id),
        "template_history": versions(TemplateHistory, TemplateHistory.service_id),
    }
