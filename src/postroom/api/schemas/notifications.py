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

# A precompiled letter: the PDF itself, base64 encoded, and nothing else (Notify's schema).
POST_PRECOMPILED_LETTER = {
    "type": "object",
    "properties": {
        "reference": {"type": "string"},
        "content": {"type": "string"},
        "postage": {"type": "string", "format": "letter_postage"},
    },
    "required": ["reference", "content"],
    "additionalProperties": False,
}
POST_PRECOMPILED_LETTER_RESPONSE = {
    "type": "object",
    "required": ["id", "reference", "postage"],
    "properties": {"id": UUID, "reference": {"type": "string"}, "postage": {"type": "string"}},
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
# Each personalisation value that `sanitise_content_for` changed, before and after.
POST_EMAIL_RESPONSE["required"].append("sanitised_content")
POST_EMAIL_RESPONSE["properties"]["sanitised_content"] = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "required": ["unsanitised", "sanitised"],
        "properties": {"unsanitised": {}, "sanitised": {}},
    },
}

POST_LETTER_RESPONSE = _post_response(
    {
        "type": "object",
        "required": ["body", "subject"],
        "properties": {"body": {"type": "string"}, "subject": {"type": "string"}},
    }
)

NULLABLE_STRING = {"type": ["string", "null"]}
ADDRESS_FIELDS = [*(f"line_{n}" for n in range(1, 7)), "postcode"]
COST_FIELDS = ["is_cost_data_ready", "cost_in_pounds", "cost_details"]
NOTIFICATION = {
    "type": "object",
    "required": [
        "id",
        "reference",
        "email_address",
        "phone_number",
        *ADDRESS_FIELDS,
        "type",
        "status",
        "template",
        "body",
        "created_at",
        "sent_at",
        "completed_at",
        *COST_FIELDS,
    ],
    "properties": {
        "id": UUID,
        "reference": {"type": ["string", "null"]},
        "email_address": {"type": ["string", "null"]},
        "phone_number": {"type": ["string", "null"]},
        **dict.fromkeys(ADDRESS_FIELDS, NULLABLE_STRING),
        "postage": NULLABLE_STRING,
        "one_click_unsubscribe_url": NULLABLE_STRING,
        "estimated_delivery": {"type": "string", "description": "Letters only"},
        "is_cost_data_ready": {"type": "boolean"},
        "cost_in_pounds": {"type": ["number", "null"]},
        "cost_details": {
            "type": "object",
            "description": "Texts: billable_sms_fragments, international_rate_multiplier, "
            "sms_rate; letters: billable_sheets_of_paper, postage; empty until ready",
        },
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
