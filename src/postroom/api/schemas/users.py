"""Request and response schemas of the users part of the admin API."""

from __future__ import annotations

from postroom.api.schemas.common import (
    DATETIME,
    NON_EMPTY_STRING,
    NULLABLE_DATETIME,
    NULLABLE_UUID,
    UUID,
    data_of,
    strict_object,
)
from postroom.domain.vocabulary.users import AUTH_TYPES, USER_STATES

AUTH_TYPE = {"enum": list(AUTH_TYPES)}
NULLABLE_STRING = {"type": ["string", "null"]}

CREATE_USER = strict_object(
    {
        "name": NON_EMPTY_STRING,
        "email_address": NON_EMPTY_STRING,
        "password": {"type": "string"},
        "mobile_number": NULLABLE_STRING,
        "auth_type": AUTH_TYPE,
    },
    required=("name", "email_address", "password"),
)

UPDATE_USER = strict_object(
    {
        "name": NON_EMPTY_STRING,
        "email_address": NON_EMPTY_STRING,
        "mobile_number": NULLABLE_STRING,
        "auth_type": AUTH_TYPE,
        "updated_by": UUID,
    }
)

FIND_BY_EMAIL = strict_object({"email": NON_EMPTY_STRING}, required=("email",))

USER = {
    "type": "object",
    "required": [
        "id",
        "name",
        "email_address",
        "mobile_number",
        "auth_type",
        "state",
        "platform_admin",
        "services",
        "organisations",
        "permissions",
    ],
    "properties": {
        "id": UUID,
        "name": {"type": "string"},
        "email_address": {"type": "string"},
        "mobile_number": NULLABLE_STRING,
        "auth_type": AUTH_TYPE,
        "state": {"enum": list(USER_STATES)},
        "platform_admin": {"type": "boolean"},
        "logged_in_at": NULLABLE_DATETIME,
        "password_changed_at": DATETIME,
        "failed_login_count": {"type": "integer"},
        "email_access_validated_at": DATETIME,
        "current_session_id": NULLABLE_UUID,
        "can_use_webauthn": {"const": False},
        "created_at": DATETIME,
        "services": {"type": "array", "items": UUID},
        "organisations": {"type": "array", "items": UUID},
        "permissions": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "not": {"anyOf": [{"required": ["password"]}, {"required": ["password_hash"]}]},
}

USER_RESPONSE = data_of(USER)
