"""Request and response schemas of the API keys part of the admin API."""

from __future__ import annotations

from postroom.api.schemas.common import (
    DATETIME,
    NON_EMPTY_STRING,
    NULLABLE_DATETIME,
    UUID,
    data_of,
    strict_object,
)
from postroom.domain.vocabulary.notification_types import KEY_TYPES

CREATE_API_KEY = strict_object(
    {"name": NON_EMPTY_STRING, "key_type": {"enum": list(KEY_TYPES)}, "created_by": UUID},
    required=("name", "key_type", "created_by"),
)

API_KEY = {
    "type": "object",
    "required": ["id", "name", "key_type", "created_at", "created_by", "expiry_date", "version"],
    "properties": {
        "id": UUID,
        "name": {"type": "string"},
        "key_type": {"enum": list(KEY_TYPES)},
        "created_at": DATETIME,
        "updated_at": NULLABLE_DATETIME,
        "created_by": UUID,
        "expiry_date": NULLABLE_DATETIME,
        "version": {"type": "integer"},
    },
    "not": {"required": ["secret"]},
}

SECRET_RESPONSE = data_of({"type": "string", "format": "uuid"})
API_KEYS_RESPONSE = {
    "type": "object",
    "required": ["apiKeys"],
    "properties": {"apiKeys": {"type": "array", "items": API_KEY}},
}
REVOKED_RESPONSE = {"type": "object"}
