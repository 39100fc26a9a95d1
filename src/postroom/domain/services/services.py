"""Services: creating, changing and archiving them, finding them, and their history."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from postroom import runtime
from postroom.clock import utcnow
from postroom.domain.services.api_keys import revoke_api_key
from postroom.domain.services.team import add_user_to_service
from postroom.domain.vocabulary import organisation_types, permissions
from postroom.domain.vocabulary.dates import financial_year_of, local_today
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import DEFAULT_SERVICE_PERMISSIONS
from postroom.domain.vocabulary.recipient_format import normalise_email, normalise_phone_number
from postroom.infrastructure.unique_clashes import clash_raises
from postroom.infrastructure.version_history import save_version
from postroom.models import (
    AnnualBilling,
    ApiKey,
    ApiKeyHistory,
    EmailBranding,
    LetterBranding,
    Organisation,
    OrganisationDomain,
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
NAME_MAX_LENGTH = 255  # the column's size; archived names are cut to fit it
LOCAL_PART_MAX_LENGTH = 64  # RFC 5321's limit for the part of an address before the @
FIND_BY_NAME_LIMIT = 100


def normalise_service_name(name: str) -> str:
    """Names that differ only in case, accents, spaces or punctuation count as the same name."""
    decomposed = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def email_sender_local_part(name: str) -> str:
    """`My Service!` becomes `my.service`, the local part of the address emails come from."""
    decomposed = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9\s.-]", "", decomposed).split()
    joined = re.sub(r"[.-]*\.[.-]*", ".", ".".join(words))
    return joined[:LOCAL_PART_MAX_LENGTH].strip(".-") or "service"


def email_from_address(service: Service) -> str:
    """The address the service's emails come from: its local part at Postroom's email domain."""
    return f"{service.email_sender_local_part}@{runtime.settings().email_domain}"


class ServiceNameTaken(InvalidRequest):
    """Another service has this name (compared ignoring case, spaces and punctuation)."""

    def __init__(self, name: str) -> None:
        super().__init__({"name": [f"Duplicate service name '{name}'"]})


def check_name_available(session: Session, name: str, excluding: uuid.UUID | None = None) -> None:
    if not normalise_service_name(name):
        raise InvalidRequest({"name": ["Service name must contain letters or numbers."]})
    query = select(Service.id).where(
        Service.normalised_service_name == normalise_service_name(name)
    )
    if excluding is not None:
        query = query.where(Service.id != excluding)
    if session.scalar(query) is not None:
        raise ServiceNameTaken(name)


def get_service(session: Session, service_id: uuid.UUID) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound()
    return service


def organisation_for_email_address(session: Session, email_address: str) -> Organisation | None:
    """The organisation owning the most specific domain of the address: a user at
    `team.example.gov.uk` belongs to whoever owns `team.example.gov.uk`, else `example.gov.uk`."""
    labels = email_address.rsplit("@", 1)[-1].lower().split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels))]
    domain = session.scalar(
        select(OrganisationDomain)
        .where(OrganisationDomain.domain.in_(candidates))
        .order_by(func.length(OrganisationDomain.domain).desc())
        .limit(1)
    )
    return None if domain is None else session.get(Organisation, domain.organisation_id)


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
    message_limits: dict[str, int] | None = None,
) -> Service:
    """A new service in trial mode, with its creator as its first team member holding every
    permission, the trial limits for its organisation type (unless `message_limits` sets some,
    by message type: `{"sms": 50}`), a default text message sender and
    this financial year's free text message allowance. Without an organisation it joins the one
    that owns its creator's email domain, as GOV.UK Notify does."""
    name = name.strip()
    check_name_available(session, name)
    organisation = (
        _existing(session, Organisation, organisation_id, "organisation")
        if organisation_id is not None
        else organisation_for_email_address(session, user.email_address)
    )
    if organisation is not None and organisation_type is None:
        organisation_type = organisation.organisation_type
    limits = replace(organisation_types.trial_limits(organisation_type), **(message_limits or {}))
    # Two requests for one name at once both pass the check; the constraint stops the second.
    with clash_raises(session, ServiceNameTaken(name), "services"):
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
            organisation_id=organisation.id if organisation else None,
            email_branding_id=organisation.email_branding_id if organisation else None,
            letter_branding_id=organisation.letter_branding_id if organisation else None,
            created_by_id=(created_by or user).id,
            prefix_sms=True,
            rate_limit=3000,
            # Services platform admins make are for trying things out, not for the public.
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
    return service


def list_services(
    session: Session, *, only_active: bool = False, user_id: uuid.UUID | None = None
) -> list[Service]:
    query = (
        select(Service)
        .options(selectinload(Service.organisation))
        .order_by(Service.created_at, Service.name)
    )
    if only_active:
        query = query.where(Service.active.is_(True))
    if user_id is not None:
        query = query.where(Service.users.any(User.id == user_id))
    return list(session.scalars(query))


def find_services_by_name(session: Session, fragment: str) -> list[Service]:
    """Services whose name contains `fragment`, ignoring case; `%` and `_` match themselves."""
    escaped = fragment.strip().lower()
    for special in ("\\", "%", "_"):
        escaped = escaped.replace(special, "\\" + special)
    query = (
        select(Service)
        .options(selectinload(Service.organisation))
        .where(func.lower(Service.name).like(f"%{escaped}%", escape="\\"))
        .order_by(Service.name)
        .limit(FIND_BY_NAME_LIMIT)
    )
    return list(session.scalars(query))


# Fields an update copies as they come (their shape is checked by the API's schema); the others
# it accepts need a rule and are handled in update_service.
COPIED_FIELDS = (
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
    "confirmed_unique",
    "notes",
)
# Fields holding the id of another row, which must exist (or be null).
REFERENCES = {
    "email_branding": ("email_branding_id", EmailBranding),
    "letter_branding": ("letter_branding_id", LetterBranding),
    "organisation": ("organisation_id", Organisation),
    "go_live_user": ("go_live_user_id", User),
}


def update_service(
    session: Session, service: Service, changes: dict, updated_by: User | None = None
) -> Service:
    """Apply `changes` and save a new version of the service, recording who made it."""
    if not service.active:
        raise InvalidRequest("This service has been archived and cannot be changed.")
    going_live = service.restricted and changes.get("restricted") is False
    # Two renames to one name at once both pass the check; the constraint stops the second.
    renamed = changes.get("name", service.name).strip()
    with clash_raises(session, ServiceNameTaken(renamed), "services"):
        if "name" in changes and renamed != service.name:
            check_name_available(session, renamed, excluding=service.id)
            service.name = renamed
            service.normalised_service_name = normalise_service_name(renamed)
            # A new name has not been checked against the others yet (Notify's admin says so).
            service.confirmed_unique = False
        for field in COPIED_FIELDS:
            if field in changes:
                setattr(service, field, changes[field])
        for field, (column, model) in REFERENCES.items():
            if field in changes:
                found = _existing(session, model, changes[field], field)
                setattr(service, column, found.id if found else None)
        if "permissions" in changes:
            set_service_permissions(service, changes["permissions"])
        if "go_live_at" in changes:
            service.go_live_at = _utc(changes["go_live_at"])
        if going_live:
            _lift_trial_mode(service, changes)
        if updated_by is not None:
            service.created_by_id = updated_by.id
        save_version(session, service)
    return service


def _lift_trial_mode(service: Service, changes: dict) -> None:
    """Going live, however it is asked for: the live daily limits (unless the same change sets
    others), the request to go live answered, and when it happened (unless given)."""
    live = organisation_types.LIVE_LIMITS
    for field, value in (
        ("email_message_limit", live.email),
        ("sms_message_limit", live.sms),
        ("letter_message_limit", live.letter),
        ("international_sms_message_limit", live.international_sms),
    ):
        if field not in changes:
            setattr(service, field, value)
    service.has_active_go_live_request = False
    if "go_live_at" not in changes:
        service.go_live_at = utcnow()


def _existing(session: Session, model, raw_id: uuid.UUID | str | None, field: str):
    """The row `raw_id` names, None for None; a 400 naming `field` when there is no such row."""
    if raw_id is None:
        return None
    found = session.get(model, raw_id if isinstance(raw_id, uuid.UUID) else uuid.UUID(raw_id))
    if found is None:
        raise InvalidRequest({field: [f"No {field.replace('_', ' ')} with id {raw_id}."]})
    return found


def _utc(raw: str | None) -> datetime | None:
    """Stored times are naive UTC; a time given with an offset is converted."""
    if raw is None:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as error:
        raise InvalidRequest({"go_live_at": ["Not a valid date and time."]}) from error
    return parsed if parsed.tzinfo is None else parsed.astimezone(UTC).replace(tzinfo=None)


def set_service_permissions(service: Service, wanted: list[str]) -> None:
    if len(set(wanted)) != len(wanted):
        raise InvalidRequest({"permissions": ["Duplicate service permission."]})
    current = {p.permission: p for p in service.permissions}
    service.permissions = [
        current.get(name) or ServicePermission(permission=name) for name in wanted
    ]


def archived_value(value: str, now: datetime) -> str:
    """GOV.UK Notify's form for the name and sender of an archived service, which frees them
    for new services: `_archived_2024-05-10-12:30:00_Old name`."""
    return f"_archived_{now:%Y-%m-%d-%H:%M:%S}_{value}"[:NAME_MAX_LENGTH]


def archive_service(session: Session, service: Service) -> None:
    """Deactivate for good: renamed out of the way, templates archived, API keys revoked.
    Archiving an archived service changes nothing."""
    if not service.active:
        return
    now = utcnow()
    service.active = False
    service.name = archived_value(service.name, now)
    service.normalised_service_name = normalise_service_name(service.name)
    service.email_sender_local_part = archived_value(service.email_sender_local_part, now)
    save_version(session, service)
    for template in session.scalars(
        select(Template).where(Template.service_id == service.id, Template.archived.is_(False))
    ):
        template.archived = True
        save_version(session, template)
    for key_id in session.scalars(
        select(ApiKey.id).where(ApiKey.service_id == service.id, ApiKey.expiry_date.is_(None))
    ).all():
        revoke_api_key(session, service.id, key_id)
    session.flush()


def service_history(session: Session, service_id: uuid.UUID) -> dict[str, list]:
    """Every version of the service, its API keys and its templates, oldest first."""

    def versions(model, owner_column):
        return list(
            session.scalars(
                select(model)
                .where(owner_column == service_id)
                .order_by(model.created_at, model.id, model.version)
            )
        )

    return {
        "service_history": versions(ServiceHistory, ServiceHistory.id),
        "api_key_history": versions(ApiKeyHistory, ApiKeyHistory.service_id),
        "template_history": versions(TemplateHistory, TemplateHistory.service_id),
    }


CONTACT_LINK_MAX_LENGTH = 255


def check_contact_link(value: str) -> str:
    """Where recipients can get help: an https URL, an email address or a phone number."""
    value = value.strip()
    if len(value) > CONTACT_LINK_MAX_LENGTH:
        raise InvalidRequest(
            {"contact_link": [f"Must be {CONTACT_LINK_MAX_LENGTH} characters or fewer"]}
        )
    parts = urlsplit(value)
    if parts.scheme == "https" and parts.hostname and "." in parts.hostname:
        return value
    for normalise in (normalise_email, normalise_phone_number):
        try:
            normalise(value)
        except ValueError:
            continue
        return value
    raise InvalidRequest(
        {"contact_link": ["Enter a URL starting with https://, an email address or a phone number"]}
    )
