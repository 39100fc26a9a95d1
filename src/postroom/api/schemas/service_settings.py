"""Request and response schemas of a service's settings: senders, reply-to addresses, letter
contacts, data retention and callbacks."""

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
from postroom.domain.services.callbacks import DELIVERY_STATUS, INBOUND_SMS, RETURNED_LETTER
from postroom.domain.services.retention_periods import MAX_DAYS_OF_RETENTION, MIN_DAYS_OF_RETENTION
from postroom.domain.vocabulary.notification_types import NOTIFICATION_TYPES


def contact_schemas(field: str, extra_request: dict | None = None) -> dict:
    """Request and response schemas for one kind of sender/contact, whose value is in `field`."""
    request = strict_object(
        {field: NON_EMPTY_STRING, "is_default": {"type": "boolean"}, **(extra_request or {})},
        required=(field, "is_default"),
    )
    item = {
        "type": "object",
        "required": ["id", "service_id", field, "is_default", "archived", "created_at"],
        "properties": {
            "id": UUID,
            "service_id": UUID,
            field: {"type": "string"},
            "is_default": {"type": "boolean"},
            "archived": {"type": "boolean"},
            "created_at": DATETIME,
            "updated_at": NULLABLE_DATETIME,
            **({"inbound_number_id": NULLABLE_UUID} if extra_request else {}),
        },
    }
    return {"request": request, "item": item, "list": {"type": "array", "items": item}}


SMS_SENDER = contact_schemas("sms_sender", {"inbound_number_id": NULLABLE_UUID})
REPLY_TO = contact_schemas("email_address")
LETTER_CONTACT = contact_schemas("contact_block")

DAYS = {"type": "integer", "minimum": MIN_DAYS_OF_RETENTION, "maximum": MAX_DAYS_OF_RETENTION}
CREATE_RETENTION = strict_object(
    {"notification_type": {"enum": list(NOTIFICATION_TYPES)}, "days_of_retention": DAYS},
    required=("notification_type", "days_of_retention"),
)
UPDATE_RETENTION = strict_object({"days_of_retention": DAYS}, required=("days_of_retention",))
RETENTION = {
    "type": "object",
    "required": ["id", "service_id", "notification_type", "days_of_retention", "created_at"],
    "properties": {
        "id": UUID,
        "service_id": UUID,
        "notification_type": {"enum": list(NOTIFICATION_TYPES)},
        "days_of_retention": {"type": "integer"},
        "created_at": DATETIME,
        "updated_at": NULLABLE_DATETIME,
    },
}
RETENTION_RESULT = {"type": "object", "required": ["result"], "properties": {"result": RETENTION}}
RETENTION_LIST = {"type": "array", "items": RETENTION}

CREATE_CALLBACK = strict_object(
    {"url": NON_EMPTY_STRING, "bearer_token": {"type": "string"}, "updated_by_id": UUID},
    required=("url", "bearer_token", "updated_by_id"),
)
UPDATE_CALLBACK = strict_object(
    {"url": NON_EMPTY_STRING, "bearer_token": {"type": "string"}, "updated_by_id": UUID},
    required=("updated_by_id",),
)
# The types `callback-api` serves, as GOV.UK Notify names them (Postroom has no complaint callback).
CALLBACK_TYPE = {"enum": [DELIVERY_STATUS, INBOUND_SMS, RETURNED_LETTER]}


def typed_callback(schema: dict) -> dict:
    """`schema` with the callback's type in the body too, as Notify's admin sends it there."""
    return strict_object(
        {**schema["properties"], "callback_type": CALLBACK_TYPE},
        required=(*schema["required"], "callback_type"),
    )


CALLBACK = data_of(
    {
        "type": "object",
        "required": ["id", "service_id", "url", "updated_by_id", "created_at"],
        "properties": {
            "id": UUID,
            "service_id": UUID,
            "callback_type": CALLBACK_TYPE,
            "url": {"type": "string"},
            "updated_by_id": UUID,
            "created_at": DATETIME,
            "updated_at": NULLABLE_DATETIME,
        },
        "not": {"required": ["bearer_token"]},
    }
)
