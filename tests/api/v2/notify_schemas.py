"""The response schemas of GOV.UK Notify's public API, written down from its code and
documentation: notifications-api `app/v2/notifications/notification_schemas.py`,
`app/v2/template/template_schemas.py`, `app/v2/templates/templates_schemas.py`,
`app/v2/inbound_sms/inbound_sms_schemas.py` and its error shape (`app/v2/errors.py`), the same
schemas the official Python client's integration tests hold Notify to.

They keep Notify's required fields, types and nulls. Where Notify's schema has fallen behind what
its serialisers always send (the cost fields, `postage`, `one_click_unsubscribe_url`,
`estimated_delivery`), the field is described as the serialiser and the documentation give it,
without becoming required; where its serialiser sends a null its schema forbids (a text message
or email template's `postage`), the null is allowed, since that is Notify's answer.

`SCHEMAS` maps each v2 endpoint and success status to its schema (`FILE_RESPONSES` to a media
type, for the letter's PDF); any 4xx or 5xx under `/v2/` must have `ERROR_RESPONSE`'s shape."""

from __future__ import annotations

DRAFT_4 = "http://json-schema.org/draft-04/schema#"
DRAFT_7 = "http://json-schema.org/draft-07/schema#"

NULLABLE_STRING = {"type": ["string", "null"]}
# `app/schema_validation/definitions.py`: the hyphenated form only.
UUID = {
    "type": "string",
    "pattern": "^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$",
}

TEMPLATE = {
    "type": "object",
    "properties": {"id": UUID, "version": {"type": "integer"}, "uri": {"type": "string"}},
    "required": ["id", "version", "uri"],
}

# `Notification.serialize_with_cost_data` and the documentation's "Get message status".
COST_DETAILS = {
    "type": "object",
    "properties": {
        "billable_sms_fragments": {"type": "integer"},
        "international_rate_multiplier": {"type": "number"},
        "sms_rate": {"type": "number"},
        "billable_sheets_of_paper": {"type": "integer"},
        "postage": {"type": "string"},
    },
    "additionalProperties": False,
}

GET_NOTIFICATION_RESPONSE = {
    "$schema": DRAFT_4,
    "description": "GET notification response schema",
    "type": "object",
    "properties": {
        "id": UUID,
        "reference": NULLABLE_STRING,
        "email_address": NULLABLE_STRING,
        "phone_number": NULLABLE_STRING,
        **{f"line_{n}": NULLABLE_STRING for n in range(1, 7)},
        "postcode": NULLABLE_STRING,
        "type": {"enum": ["sms", "letter", "email"]},
        "status": {"type": "string"},
        "template": TEMPLATE,
        "body": {"type": "string"},
        "subject": NULLABLE_STRING,
        "created_at": {"type": "string"},
        "created_by_name": NULLABLE_STRING,
        "sent_at": NULLABLE_STRING,
        "completed_at": NULLABLE_STRING,
        "scheduled_for": NULLABLE_STRING,
        "postage": NULLABLE_STRING,
        "one_click_unsubscribe_url": NULLABLE_STRING,
        "estimated_delivery": {"type": "string"},
        "is_cost_data_ready": {"type": "boolean"},
        "cost_in_pounds": {"type": ["number", "null"]},
        "cost_details": COST_DETAILS,
    },
    "required": [
        "id",
        "reference",
        "email_address",
        "phone_number",
        "line_1",
        "line_2",
        "line_3",
        "line_4",
        "line_5",
        "line_6",
        "postcode",
        "type",
        "status",
        "template",
        "body",
        "created_at",
        "sent_at",
        "completed_at",
    ],
}

LINKS = {
    "type": "object",
    "properties": {"current": {"type": "string"}, "next": {"type": "string"}},
    "additionalProperties": False,
    "required": ["current"],
}

GET_NOTIFICATIONS_RESPONSE = {
    "$schema": DRAFT_4,
    "description": "GET list of notifications response schema",
    "type": "object",
    "properties": {
        "notifications": {"type": "array", "items": {"$ref": "#/definitions/notification"}},
        "links": LINKS,
    },
    "additionalProperties": False,
    "required": ["notifications", "links"],
    "definitions": {"notification": GET_NOTIFICATION_RESPONSE},
}


def _post_response(content: dict, scheduled_for: dict) -> dict:
    return {
        "$schema": DRAFT_4,
        "type": "object",
        "properties": {
            "id": UUID,
            "reference": NULLABLE_STRING,
            "content": {"type": "object", **content},
            "uri": {"type": "string"},
            "template": TEMPLATE,
            "scheduled_for": scheduled_for,
        },
        "required": ["id", "content", "uri", "template"],
    }


POST_SMS_RESPONSE = _post_response(
    {
        "properties": {"body": {"type": "string"}, "from_number": {"type": "string"}},
        "required": ["body", "from_number"],
    },
    NULLABLE_STRING,
)
POST_EMAIL_RESPONSE = _post_response(
    {
        "properties": {
            "from_email": {"type": "string"},
            "body": {"type": "string"},
            "subject": {"type": "string"},
        },
        "required": ["body", "from_email", "subject"],
    },
    NULLABLE_STRING,
)
POST_LETTER_RESPONSE = _post_response(
    {
        "properties": {"body": {"type": "string"}, "subject": {"type": "string"}},
        "required": ["body", "subject"],
    },
    {"type": "null"},  # letters cannot be scheduled
)

# notification_schemas.py `post_precompiled_letter_response`.
POST_PRECOMPILED_LETTER_RESPONSE = {
    "$schema": DRAFT_4,
    "type": "object",
    "properties": {"id": UUID, "reference": NULLABLE_STRING, "postage": {"type": "string"}},
    "required": ["id", "reference"],
    "additionalProperties": False,
}

TEMPLATE_TYPES = ["sms", "email", "letter", "broadcast"]
# Notify's schema says a string; its serialiser sends null for text message and email templates.
POSTAGE = {"type": ["string", "null"]}

GET_TEMPLATE_BY_ID_RESPONSE = {
    "$schema": DRAFT_7,
    "description": "GET template by id schema response",
    "type": "object",
    "properties": {
        "id": UUID,
        "type": {"enum": TEMPLATE_TYPES},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
        "created_by": {"type": "string"},
        "version": {"type": "integer"},
        "body": {"type": "string"},
        "subject": NULLABLE_STRING,
        "name": {"type": "string"},
        "postage": POSTAGE,
        "personalisation": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"required": {"type": "boolean"}},
            },
        },
    },
    "required": ["id", "type", "created_at", "updated_at", "version", "created_by", "body", "name"],
}

GET_ALL_TEMPLATE_RESPONSE = {
    "$schema": DRAFT_7,
    "description": "GET response schema when getting all templates",
    "type": "object",
    "properties": {"templates": {"type": "array", "items": {"$ref": "#/definitions/template"}}},
    "required": ["templates"],
    "definitions": {"template": GET_TEMPLATE_BY_ID_RESPONSE},
}

POST_TEMPLATE_PREVIEW_RESPONSE = {
    "$schema": DRAFT_7,
    "description": "POST template preview schema response",
    "type": "object",
    "properties": {
        "id": UUID,
        "type": {"enum": TEMPLATE_TYPES},
        "version": {"type": "integer"},
        "body": {"type": "string"},
        "subject": NULLABLE_STRING,
        "postage": POSTAGE,
        "html": NULLABLE_STRING,
    },
    "required": ["id", "type", "version", "body"],
    "additionalProperties": False,
}

GET_INBOUND_SMS_RESPONSE = {
    "$schema": DRAFT_4,
    "description": "GET list of inbound sms response schema",
    "type": "object",
    "properties": {
        "received_text_messages": {"type": "array", "items": {"$ref": "#/definitions/inbound_sms"}},
        "links": LINKS,
    },
    "required": ["received_text_messages", "links"],
    "additionalProperties": False,
    "definitions": {
        "inbound_sms": {
            "type": "object",
            "properties": {
                "user_number": {"type": "string"},
                "created_at": {"type": "string", "format": "date-time"},
                "service_id": UUID,
                "id": UUID,
                "notify_number": {"type": "string"},
                "content": {"type": "string"},
            },
            "required": [
                "id",
                "user_number",
                "created_at",
                "service_id",
                "notify_number",
                "content",
            ],
            "additionalProperties": False,
        }
    },
}

ERROR_RESPONSE = {
    "$schema": DRAFT_4,
    "type": "object",
    "properties": {
        "status_code": {"type": "integer"},
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
                "required": ["error", "message"],
            },
        },
    },
    "required": ["status_code", "errors"],
}

# GC Notify's bulk API (cds-snc/notification-api `openapi/v2-notifications-api-en.yaml`,
# `PostBulkResponse`): the job it started. Postroom's `GET /v2/jobs/{id}` and its cancel, beyond
# GC Notify, answer the same job.
BULK_JOB_RESPONSE = {
    "type": "object",
    "properties": {
        "data": {
            "type": "object",
            "required": ["id", "template", "job_status", "notification_count"],
            "properties": {
                "id": UUID,
                "original_file_name": {"type": "string"},
                "notification_count": {"type": "integer"},
                "template": UUID,
                "template_version": {"type": "integer"},
                "service": UUID,
                "created_by": {
                    "type": ["object", "null"],
                    "properties": {"id": UUID, "name": {"type": "string"}},
                },
                "created_at": {"type": "string"},
                "updated_at": NULLABLE_STRING,
                "job_status": {
                    "enum": [
                        "pending",
                        "in progress",
                        "finished",
                        "sending limits exceeded",
                        "scheduled",
                        "cancelled",
                        "ready to send",
                        "sent to dvla",
                        "error",
                    ]
                },
                "scheduled_for": NULLABLE_STRING,
                "processing_started": NULLABLE_STRING,
                "processing_finished": NULLABLE_STRING,
                "service_name": {"type": "object", "properties": {"name": {"type": "string"}}},
                "template_type": {"enum": ["email", "sms", "letter"]},
                "api_key": {
                    "type": ["object", "null"],
                    "properties": {
                        "id": UUID,
                        "name": {"type": "string"},
                        "key_type": {"enum": ["normal", "team", "test"]},
                    },
                },
                "archived": {"type": "boolean"},
                "sender_id": {"anyOf": [UUID, {"type": "null"}]},
            },
        }
    },
    "required": ["data"],
}

SCHEMAS = {
    ("v2.jobs.send_bulk", 201): BULK_JOB_RESPONSE,
    ("v2.jobs.get_job", 200): BULK_JOB_RESPONSE,
    ("v2.jobs.cancel_job", 200): BULK_JOB_RESPONSE,
    ("v2.notifications.get_notification", 200): GET_NOTIFICATION_RESPONSE,
    ("v2.notifications.list_notifications", 200): GET_NOTIFICATIONS_RESPONSE,
    ("v2.notifications.send_sms", 201): POST_SMS_RESPONSE,
    ("v2.notifications.send_email", 201): POST_EMAIL_RESPONSE,
    ("v2.notifications.send_letter", 201): {
        "anyOf": [POST_LETTER_RESPONSE, POST_PRECOMPILED_LETTER_RESPONSE]
    },
    ("v2.templates.get_template", 200): GET_TEMPLATE_BY_ID_RESPONSE,
    ("v2.templates.get_template_version", 200): GET_TEMPLATE_BY_ID_RESPONSE,
    ("v2.templates.list_templates", 200): GET_ALL_TEMPLATE_RESPONSE,
    ("v2.templates.preview_template", 200): POST_TEMPLATE_PREVIEW_RESPONSE,
    ("v2.received_text_messages.list_received_text_messages", 200): GET_INBOUND_SMS_RESPONSE,
}
# Answers that are files, not JSON: the endpoint, success status and the file's media type.
FILE_RESPONSES = {("v2.notifications.get_pdf_for_letter", 200): "application/pdf"}
