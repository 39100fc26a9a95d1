"""Schemas of the public API's notifications, with GOV.UK Notify's fields."""

from __future__ import annotations

from postroom.api.schemas.common import NULLABLE_DATETIME, UUID

PERSONALISATION = {"type": "object"}
REFERENCE = {"type": ["string", "null"], "maxLength": 1000}
# Accepted and checked as Notify checks it, then ignored: neither schedules single messages.
SCHEDULED_FOR = {"type": ["string", "null"], "format": "datetime_within_next_day"}

POST_SMS = {
    "type": "object",
    "properties": {
        "phone_number": {"type": "string", "format": "phone_number"},
        "template_id": UUID,
        "personalisation": PERSONALISATION,
        "reference": REFERENCE,
        "sms_sender_id": UUID,
        "scheduled_for": SCHEDULED_FOR,
    },
    "required": ["phone_number", "template_id"],
    "additionalProperties": False,
}

POST_EMAIL = {
    "type": "object",
    "properties": {
        "email_address": {"type": "string", "format": "email_address"},
        "template_id": UUID,
        "personalisation": PERSONALISATION,
        "reference": REFERENCE,
        "email_reply_to_id": UUID,
        "scheduled_for": SCHEDULED_FOR,
        "one_click_unsubscribe_url": {"type": "string"},
        "sanitise_content_for": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Personalisation keys whose values lose their links and formatting",
        },
    },
    "required": ["email_address", "template_id"],
    "additionalProperties": False,
}

POST_LETTER = {
    "type": "object",
    "properties": {
        "template_id": UUID,
        "personalisation": PERSONALISATION,
        "reference": REFERENCE,
    },
    "required": ["template_id", "personalisation"],
    "additionalProperties": False,
}

TEMPLATE_REF = {
    "type": "object",
    "required": ["id", "version", "uri"],
    "properties": {"id": UUID, "version": {"type": "integer"}, "uri": {"type": "string"}},
}


def _post_response(content: dict) -> dict:
    return {
        "type": "object",
        "required": ["id", "reference", "content", "uri", "template", "scheduled_for"],
        "properties": {
            "id": UUID,
            "reference": {"type": ["string", "null"]},
            "content": content,
            "uri": {"type": "string"},
            "template": TEMPLATE_REF,
            "scheduled_for": NULLABLE_DATETIME,
        },
    }


POST_SMS_RESPONSE = _post_response(
    {
        "type": "object",
        "required": ["body", "from_number"],
        "properties": {"body": {"type": "string"}, "from_number": {"type": ["string", "null"]}},
    }
)
POST_EMAIL_RESPONSE = _post_response(
    {
        "type": "object",
        "required": ["body", "subject", "from_email"],
        "properties": {
            "body": {"type": "string"},
            "subject": {"type": "string"},
            "from_email": {"type": "string"},
            "one_click_unsubscribe_url": {"type": ["string", "null"]},
        },
    }
)

POST_LETTER_RESPONSE = _post_response(
    {
        "type": "object",
        "required": ["body", "subject"],
        "properties": {"body": {"type": "string"}, "subject": {"type": "string"}},
    }
)

NOTIFICATION = {
    "type": "object",
    "required": ["id", "reference", "type", "status", "template", "body", "created_at"],
    "properties": {
        "id": UUID,
        "reference": {"type": ["string", "null"]},
        "email_address": {"type": ["string", "null"]},
        "phone_number": {"type": ["string", "null"]},
        "type": {"enum": ["sms", "email", "letter"]},
        "status": {"type": "string"},
        "template": TEMPLATE_REF,
        "body": {"type": "string"},
        "subject": {"type": ["string", "null"]},
        "created_at": {"type": "string"},
        "created_by_name": {"type": ["string", "null"]},
        "sent_at": NULLABLE_DATETIME,
        "completed_at": NULLABLE_DATETIME,
        "scheduled_for": NULLABLE_DATETIME,
    },
}

NOTIFICATIONS = {
    "type": "object",
    "required": ["notifications", "links"],
    "properties": {
        "notifications": {"type": "array", "items": NOTIFICATION},
        "links": {
            "type": "object",
            "required": ["current"],
            "properties": {"current": {"type": "string"}, "next": {"type": "string"}},
        },
    },
}

V2_ERROR = {
    "type": "object",
    "required": ["status_code", "errors"],
    "properties": {
        "status_code": {"type": "integer"},
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["error", "message"],
                "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
