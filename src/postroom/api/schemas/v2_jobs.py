"""Schemas of the public API's jobs: GC Notify's bulk request and job, and Postroom's own
`GET /v2/jobs/{id}` counts."""

from __future__ import annotations

from postroom.api.schemas.common import NULLABLE_UUID, UUID
from postroom.api.schemas.jobs import JOB as ADMIN_JOB
from postroom.api.schemas.notifications import REFERENCE
from postroom.domain.jobs.recipient_file import MAX_ROWS

COUNT = {"type": "integer", "minimum": 0}

POST_BULK = {
    "type": "object",
    "properties": {
        "template_id": UUID,
        "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 255,
            "description": "The job's name, shown as its file name",
        },
        "rows": {
            "type": "array",
            "minItems": 2,
            "items": {"type": "array", "items": {"type": ["string", "number", "boolean", "null"]}},
            "description": f"The header, then between 1 and {MAX_ROWS:,} rows of recipients",
        },
        "csv": {"type": "string", "description": "The same as CSV text, instead of `rows`"},
        "scheduled_for": {
            "type": ["string", "null"],
            "format": "job_scheduled_for",
            "description": "ISO 8601, UTC unless a zone is given; up to 7 days ahead",
        },
        "reply_to_id": {
            **NULLABLE_UUID,
            "description": "The reply-to address (emails) or text message sender to use",
        },
        "reference": {**REFERENCE, "description": "Accepted and not kept, as GC Notify's"},
    },
    "required": ["template_id", "name"],
    "additionalProperties": False,
}

API_KEY = {
    "type": ["object", "null"],
    "required": ["id", "key_type", "name"],
    "properties": {"id": UUID, "key_type": {"type": "string"}, "name": {"type": "string"}},
}

# GC Notify's job (`job_schema`): the admin API's, its key named.
JOB = {
    **ADMIN_JOB,
    "required": [
        "id",
        "job_status",
        "original_file_name",
        "notification_count",
        "template",
        "template_version",
        "service",
        "scheduled_for",
        "created_at",
        "api_key",
        "sender_id",
    ],
    "properties": {**ADMIN_JOB["properties"], "api_key": API_KEY},
}

BULK_RESPONSE = {"type": "object", "required": ["data"], "properties": {"data": JOB}}

COUNTS = {
    "type": "object",
    "required": ["total", "created", "sending", "delivered", "failed", "by_status"],
    "properties": {
        "total": {**COUNT, "description": "Rows in the file: the messages the job will make"},
        "created": {**COUNT, "description": "Messages made so far"},
        "sending": {**COUNT, "description": "Neither delivered nor failed yet (or not made yet)"},
        "delivered": COUNT,
        "failed": {**COUNT, "description": "Failed, or cancelled"},
        "by_status": {
            "type": "object",
            "additionalProperties": COUNT,
            "description": "Messages made so far by status, as `GET /v2/notifications` shows it",
        },
    },
}

JOB_WITH_COUNTS = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {
            **JOB,
            "required": [*JOB["required"], "counts"],
            "properties": {**JOB["properties"], "counts": COUNTS},
        }
    },
}
