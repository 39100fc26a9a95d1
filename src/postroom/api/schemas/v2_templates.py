"""Schemas of the public API's templates, with GOV.UK Notify's fields."""

from __future__ import annotations

from postroom.api.schemas.common import NULLABLE_DATETIME, UUID

TEMPLATE = {
    "type": "object",
    "required": ["id", "type", "created_at", "updated_at", "version", "created_by", "body", "name"],
    "properties": {
        "id": UUID,
        "type": {"enum": ["sms", "email", "letter"]},
        "created_at": {"type": "string"},
        "updated_at": NULLABLE_DATETIME,
        "created_by": {"type": "string"},
        "version": {"type": "integer"},
        "body": {"type": "string"},
        "subject": {"type": ["string", "null"]},
        "name": {"type": "string"},
        "personalisation": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["required"],
                "properties": {"required": {"type": "boolean"}},
            },
        },
        "letter_contact_block": {"type": ["string", "null"]},
        "postage": {"type": ["string", "null"]},
    },
}
TEMPLATES = {
    "type": "object",
    "required": ["templates"],
    "properties": {"templates": {"type": "array", "items": TEMPLATE}},
}
PREVIEW_REQUEST = {
    "type": "object",
    "properties": {"personalisation": {"type": "object"}},
    "additionalProperties": False,
}
PREVIEW = {
    "type": "object",
    "required": ["id", "type", "version", "body", "subject"],
    "properties": {
        "id": UUID,
        "type": {"enum": ["sms", "email", "letter"]},
        "version": {"type": "integer"},
        "body": {"type": "string"},
        "subject": {"type": ["string", "null"]},
        "html": {"type": ["string", "null"]},
        "postage": {"type": ["string", "null"]},
    },
}
