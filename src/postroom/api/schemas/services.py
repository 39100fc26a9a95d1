"""Request and response schemas of the services part of the admin API."""

from __future__ import annotations

from postroom.api.schemas.common import (
    DATETIME,
    NON_EMPTY_STRING,
    NULLABLE_DATETIME,
    NULLABLE_UUID,
    UUID,
    data_of,
    list_of,
    strict_object,
)
from postroom.domain.notification_types import SERVICE_PERMISSIONS
from postroom.domain.organisation_types import ORGANISATION_TYPES

ORGANISATION_TYPE = {"enum": [*ORGANISATION_TYPES, None]}
PERMISSIONS = {"type": "array", "items": {"enum": list(SERVICE_PERMISSIONS)}}
LIMIT = {"type": "integer", "minimum": 0}
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_VOLUME = {"type": ["integer", "null"], "minimum": 0}
COUNTS = {
    "type": "object",
    "required": ["requested", "delivered", "failed"],
    "properties": {k: {"type": "integer"} for k in ("requested", "delivered", "failed")},
}
STATISTICS = {
    "type": "object",
    "required": ["email", "sms", "letter"],
    "properties": {"email": COUNTS, "sms": COUNTS, "letter": COUNTS},
}

CREATE_SERVICE = strict_object(
    {
        "name": NON_EMPTY_STRING,
        "user_id": UUID,
        "created_by": UUID,
        "organisation_type": ORGANISATION_TYPE,
        "active": {"type": "boolean"},
        "restricted": {"type": "boolean"},
        "permissions": PERMISSIONS,
        "email_sender_local_part": NON_EMPTY_STRING,
        "organisation": NULLABLE_UUID,
    },
    required=("name", "user_id"),
)

UPDATE_SERVICE = strict_object(
    {
        "name": NON_EMPTY_STRING,
        "restricted": {"type": "boolean"},
        "organisation_type": ORGANISATION_TYPE,
        "organisation": NULLABLE_UUID,
        "permissions": PERMISSIONS,
        "email_branding": NULLABLE_UUID,
        "letter_branding": NULLABLE_UUID,
        "contact_link": NULLABLE_STRING,
        "prefix_sms": {"type": "boolean"},
        "email_message_limit": LIMIT,
        "sms_message_limit": LIMIT,
        "letter_message_limit": LIMIT,
        "international_sms_message_limit": LIMIT,
        "rate_limit": {"type": "integer", "minimum": 1},
        "volume_email": NULLABLE_VOLUME,
        "volume_sms": NULLABLE_VOLUME,
        "volume_letter": NULLABLE_VOLUME,
        "consent_to_research": {"type": ["boolean", "null"]},
        "count_as_live": {"type": "boolean"},
        "billing_contact_names": NULLABLE_STRING,
        "billing_contact_email_addresses": NULLABLE_STRING,
        "billing_reference": NULLABLE_STRING,
        "purchase_order_number": NULLABLE_STRING,
        "custom_email_sender_name": NULLABLE_STRING,
        "email_sender_local_part": NON_EMPTY_STRING,
        "has_active_go_live_request": {"type": "boolean"},
        "notes": NULLABLE_STRING,
        "created_by": UUID,
    }
)

SERVICE = {
    "type": "object",
    "required": ["id", "name", "active", "restricted", "created_at", "organisation_type"],
    "properties": {
        "id": UUID,
        "name": {"type": "string"},
        "active": {"type": "boolean"},
        "restricted": {"type": "boolean"},
        "created_at": DATETIME,
        "updated_at": NULLABLE_DATETIME,
        "organisation_type": ORGANISATION_TYPE,
        "organisation": NULLABLE_UUID,
        "permissions": PERMISSIONS,
        "email_branding": NULLABLE_UUID,
        "letter_branding": NULLABLE_UUID,
        "statistics": STATISTICS,
        **{
            name: {"type": "integer"}
            for name in (
                "email_message_limit",
                "sms_message_limit",
                "letter_message_limit",
                "international_sms_message_limit",
                "rate_limit",
                "version",
            )
        },
    },
}

FOUND_SERVICE = {
    "type": "object",
    "required": ["id", "name", "active", "restricted", "organisation_name"],
    "properties": {
        "id": UUID,
        "name": {"type": "string"},
        "active": {"type": "boolean"},
        "restricted": {"type": "boolean"},
        "organisation_name": NULLABLE_STRING,
    },
}

SERVICE_USER = {
    "type": "object",
    "required": ["id", "name", "email_address", "mobile_number", "permissions"],
    "properties": {
        "id": UUID,
        "name": {"type": "string"},
        "email_address": {"type": "string"},
        "mobile_number": NULLABLE_STRING,
        "permissions": {"type": "array", "items": {"type": "string"}},
        "folder_permissions": {"type": "array", "items": UUID},
    },
}

ADD_USER = strict_object(
    {
        "permissions": {
            "type": "array",
            "items": strict_object({"permission": NON_EMPTY_STRING}, required=("permission",)),
        },
        "folder_permissions": {"type": "array", "items": UUID},
    },
    required=("permissions",),
)

SERVICE_WITH_USERS = data_of(
    {
        "type": "object",
        "required": ["id", "name", "users"],
        "properties": {
            "id": UUID,
            "name": {"type": "string"},
            "users": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {"id": UUID, "name": {"type": "string"}},
                },
            },
        },
    }
)

VERSION = {
    "type": "object",
    "required": ["id", "name", "version", "created_at", "updated_at"],
    "properties": {
        "id": UUID,
        "name": {"type": "string"},
        "version": {"type": "integer"},
        "created_at": DATETIME,
        "updated_at": NULLABLE_DATETIME,
    },
}
API_KEY_VERSION = {
    "type": "object",
    "required": ["id", "name", "key_type", "created_at", "revoked_at", "version"],
    "properties": {
        "id": UUID,
        "name": {"type": "string"},
        "key_type": {"type": "string"},
        "created_at": DATETIME,
        "revoked_at": NULLABLE_DATETIME,
        "version": {"type": "integer"},
    },
}
HISTORY = data_of(
    {
        "type": "object",
        "required": ["service_history", "api_key_history", "template_history"],
        "properties": {
            "service_history": {"type": "array", "items": VERSION},
            "api_key_history": {"type": "array", "items": API_KEY_VERSION},
            "template_history": {"type": "array", "items": VERSION},
        },
    }
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
