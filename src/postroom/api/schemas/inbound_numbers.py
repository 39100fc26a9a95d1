"""Request and response schemas of inbound numbers, as GOV.UK Notify's admin API has them."""

from __future__ import annotations

from postroom.api.schemas.common import (
    DATETIME,
    NON_EMPTY_STRING,
    NULLABLE_DATETIME,
    UUID,
    data_of,
    list_of,
    strict_object,
)

INBOUND_NUMBER = {
    "type": "object",
    "required": ["id", "number", "provider", "service", "active", "created_at", "updated_at"],
    "properties": {
        "id": UUID,
        "number": {"type": "string"},
        "provider": {"type": "string"},
        "service": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {"id": UUID, "name": {"type": "string"}},
                },
            ]
        },
        "active": {"type": "boolean"},
        "created_at": DATETIME,
        "updated_at": NULLABLE_DATETIME,
    },
}
INBOUND_NUMBERS = list_of(INBOUND_NUMBER)
SERVICE_NUMBER = data_of({"oneOf": [INBOUND_NUMBER, {"type": "object", "maxProperties": 0}]})

ADD_NUMBER = strict_object(
    {"inbound_number": NON_EMPTY_STRING, "provider": NON_EMPTY_STRING},
    required=("inbound_number",),
)
ADDED_NUMBER = data_of({"type": "string"})
# Without an id, the first available number.
ALLOCATE = strict_object({"inbound_number_id": UUID})
