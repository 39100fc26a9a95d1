"""Request and response schemas of the services part of the admin API."""

from __future__ import annotations

from postroom.api.schemas.common import (
    DATETIME,
    NULLABLE_DATETIME,
    NULLABLE_UUID,
    UUID,
    data_of,
    list_of,
    strict_object,
)
from postroom.domain.services.services import LOCAL_PART_MAX_LENGTH, NAME_MAX_LENGTH
from postroom.domain.vocabulary.notification_types import SERVICE_PERMISSIONS
from postroom.domain.vocabulary.organisation_types import ORGANISATION_TYPES
from postroom.domain.vocabulary.statuses import COUNTED
from postroom.models.base import LARGEST_INTEGER

# The message types a service has a daily limit for, each in a `<kind>_message_limit` field.
MESSAGE_LIMIT_KINDS = ("email", "sms", "letter", "international_sms")
NAME = {"type": "string", "minLength": 1, "maxLength": NAME_MAX_LENGTH}
ORGANISATION_TYPE = {"enum": [*ORGANISATION_TYPES, None]}
PERMISSIONS = {"type": "array", "items": {"enum": list(SERVICE_PERMISSIONS)}}
LIMIT = {"type": "integer", "minimum": 0, "maximum": LARGEST_INTEGER}
SHORT_TEXT = {"type": ["string", "null"], "maxLength": 255}
LONG_TEXT = {"type": ["string", "null"]}
NULLABLE_VOLUME = {"type": ["integer", "null"], "minimum": 0, "maximum": LARGEST_INTEGER}
EMAIL_SENDER_LOCAL_PART = {
    "type": "string",
    "minLength": 1,
    "maxLength": LOCAL_PART_MAX_LENGTH,
    "pattern": r"^[A-Za-z0-9._-]+$",
    "description": "Can only contain letters, numbers, full stops, hyphens and underscores.",
}
COUNTS = {
    "type": "object",
    "required": list(COUNTED),
    "properties": {k: {"type": "integer"} for k in COUNTED},
    "additionalProperties": False,
}
STATISTICS = {
    "type": "object",
    "required": ["email", "sms", "letter"],
    "properties": {"email": COUNTS, "sms": COUNTS, "letter": COUNTS},
    "additionalProperties": False,
}

CREATE_SERVICE = strict_object(
    {
        "name": NAME,
        "user_id": UUID,
        "created_by": UUID,
        "organisation_type": ORGANISATION_TYPE,
        "organisation": NULLABLE_UUID,
        "active": {"type": "boolean"},
        "restricted": {"type": "boolean"},
        "permissions": PERMISSIONS,
        "email_sender_local_part": EMAIL_SENDER_LOCAL_PART,
        # GOV.UK Notify's admin sends the daily limits it wants the service to start with.
        **{f"{kind}_message_limit": LIMIT for kind in MESSAGE_LIMIT_KINDS},
    },
    required=("name", "user_id"),
)

# What an update may change; `created_by` is the user making the change, as in Notify.
UPDATE_SERVICE = strict_object(
    {
        "name": NAME,
        "created_by": UUID,
        "restricted": {"type": "boolean"},
        "organisation_type": ORGANISATION_TYPE,
        "organisation": NULLABLE_UUID,
        "permissions": PERMISSIONS,
        "email_branding": NULLABLE_UUID,
        "letter_branding": NULLABLE_UUID,
        "contact_link": SHORT_TEXT,
        "prefix_sms": {"type": "boolean"},
        "email_message_limit": LIMIT,
        "sms_message_limit": LIMIT,
        "letter_message_limit": LIMIT,
        "international_sms_message_limit": LIMIT,
        "rate_limit": {**LIMIT, "minimum": 1},
        "volume_email": NULLABLE_VOLUME,
        "volume_sms": NULLABLE_VOLUME,
        "volume_letter": NULLABLE_VOLUME,
        "consent_to_research": {"type": ["boolean", "null"]},
        "count_as_live": {"type": "boolean"},
        "billing_contact_names": LONG_TEXT,
        "billing_contact_email_addresses": LONG_TEXT,
        "billing_reference": SHORT_TEXT,
        "purchase_order_number": SHORT_TEXT,
        "custom_email_sender_name": SHORT_TEXT,
        "email_sender_local_part": EMAIL_SENDER_LOCAL_PART,
        "has_active_go_live_request": {"type": "boolean"},
        "confirmed_unique": {"type": "boolean"},
        "go_live_user": NULLABLE_UUID,
        "go_live_at": {"type": ["string", "null"], "description": "ISO 8601 date and time."},
        "notes": LONG_TEXT,
    }
)


def _typed(kind, *names: str) -> dict:
    return {name: {"type": kind} for name in names}


# The columns a service and each of its versions share, as the API shows them.
SERVICE_COLUMNS = {
    "id": UUID,
    "name": {"type": "string"},
    "created_at": DATETIME,
    "updated_at": NULLABLE_DATETIME,
    "organisation_type": ORGANISATION_TYPE,
    "organisation": NULLABLE_UUID,
    "email_branding": NULLABLE_UUID,
    "letter_branding": NULLABLE_UUID,
    "go_live_user": NULLABLE_UUID,
    "go_live_at": NULLABLE_DATETIME,
    "created_by": UUID,
    **_typed(
        "boolean",
        "active",
        "restricted",
        "prefix_sms",
        "count_as_live",
        "has_active_go_live_request",
        "confirmed_unique",
    ),
    **_typed(
        "integer",
        "email_message_limit",
        "sms_message_limit",
        "letter_message_limit",
        "international_sms_message_limit",
        "rate_limit",
        "version",
    ),
    **_typed(["integer", "null"], "volume_email", "volume_sms", "volume_letter"),
    "consent_to_research": {"type": ["boolean", "null"]},
    "email_sender_local_part": {"type": "string"},
    **_typed(
        ["string", "null"],
        "contact_link",
        "custom_email_sender_name",
        "billing_contact_names",
        "billing_contact_email_addresses",
        "billing_reference",
        "purchase_order_number",
        "notes",
    ),
}
SERVICE = {
    "type": "object",
    "required": list(SERVICE_COLUMNS) + ["permissions", "organisation_name"],
    "properties": {
        **SERVICE_COLUMNS,
        "permissions": PERMISSIONS,
        "organisation_name": {"type": ["string", "null"]},
        "statistics": STATISTICS,
    },
    "additionalProperties": False,
}

FOUND_SERVICE = strict_object(
    {
        "id": UUID,
        "name": {"type": "string"},
        "active": {"type": "boolean"},
        "restricted": {"type": "boolean"},
        "organisation_name": {"type": ["string", "null"]},
    },
    required=("id", "name", "active", "restricted", "organisation_name"),
)

SERVICE_USER = strict_object(
    {
        "id": UUID,
        "name": {"type": "string"},
        "email_address": {"type": "string"},
        "mobile_number": {"type": ["string", "null"]},
        "permissions": {"type": "array", "items": {"type": "string"}},
        "folder_permissions": {"type": "array", "items": UUID},
    },
    required=("id", "name", "email_address", "mobile_number", "permissions", "folder_permissions"),
)

ADD_USER = strict_object(
    {
        "permissions": {
            "type": "array",
            "items": strict_object({"permission": {"type": "string"}}, required=("permission",)),
        },
        "folder_permissions": {"type": "array", "items": UUID},
    },
    required=("permissions",),
)

SERVICE_WITH_USERS = data_of(
    {
        **SERVICE,
        "required": [*SERVICE["required"], "users"],
        "properties": {
            **SERVICE["properties"],
            "users": {
                "type": "array",
                "items": strict_object(
                    {"id": UUID, "name": {"type": "string"}}, required=("id", "name")
                ),
            },
        },
    }
)

SERVICE_VERSION = {**SERVICE, "required": list(SERVICE_COLUMNS), "properties": SERVICE_COLUMNS}


def _version_of(properties: dict) -> dict:
    """A version of an API key or template: what both have, and `properties` of its own."""
    common = {
        "id": UUID,
        "name": {"type": "string"},
        "service_id": UUID,
        "created_at": DATETIME,
        "updated_at": NULLABLE_DATETIME,
        "created_by": UUID,
        "version": {"type": "integer"},
    }
    return strict_object({**common, **properties}, required=(*common, *properties))


API_KEY_VERSION = _version_of(
    {
        "key_type": {"type": "string"},
        "expiry_date": NULLABLE_DATETIME,
        "revoked_at": NULLABLE_DATETIME,
    }
)
TEMPLATE_VERSION = _version_of(
    {"template_type": {"type": "string"}, "archived": {"type": "boolean"}}
)
HISTORY = data_of(
    strict_object(
        {
            "service_history": {"type": "array", "items": SERVICE_VERSION},
            "api_key_history": {"type": "array", "items": API_KEY_VERSION},
            "template_history": {"type": "array", "items": TEMPLATE_VERSION},
        },
        required=("service_history", "api_key_history", "template_history"),
    )
)

GUEST_LIST = strict_object(
    {
        "email_addresses": {"type": "array", "items": {"type": "string"}},
        "phone_numbers": {"type": "array", "items": {"type": "string"}},
    },
    required=("email_addresses", "phone_numbers"),
)

MONTHLY = data_of(
    {
        "type": "object",
        "patternProperties": {r"^\d{4}-\d{2}$": STATISTICS},
        "additionalProperties": False,
    }
)

SERVICE_RESPONSE = data_of(SERVICE)
SERVICES_RESPONSE = list_of(SERVICE)
FOUND_SERVICES_RESPONSE = list_of(FOUND_SERVICE)
SERVICE_USERS_RESPONSE = list_of(SERVICE_USER)
STATISTICS_RESPONSE = data_of(STATISTICS)
