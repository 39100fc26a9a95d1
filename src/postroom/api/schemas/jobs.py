"""Request and response schemas of the jobs part of the admin API."""

from __future__ import annotations

from postroom.api.schemas.common import (
    DATETIME,
    NULLABLE_DATETIME,
    NULLABLE_UUID,
    UUID,
    data_of,
    strict_object,
)
from postroom.domain.jobs.jobs import JOB_STATUSES

NULLABLE_STRING = {"type": ["string", "null"]}
COUNT = {"type": "integer", "minimum": 0}

CREATE_JOB = strict_object(
    {
        "id": UUID,
        "created_by": UUID,
        "scheduled_for": NULLABLE_STRING,
        "sender_id": NULLABLE_UUID,
        "contact_list_id": NULLABLE_UUID,  # sent by Notify's admin; Postroom has no contact lists
    },
    required=("id", "created_by"),
)

STATISTICS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["status", "count"],
        "properties": {"status": {"type": "string"}, "count": COUNT},
    },
}

JOB = {
    "type": "object",
    "required": ["id", "service", "template", "job_status", "notification_count", "created_at"],
    "properties": {
        "id": UUID,
        "service": UUID,
        "service_name": {"type": "object", "properties": {"name": {"type": "string"}}},
        "template": UUID,
        "template_version": {"type": "integer"},
        "template_name": {"type": "string"},
        "template_type": {"type": "string"},
        "original_file_name": {"type": "string"},
        "notification_count": COUNT,
        "job_status": {"enum": list(JOB_STATUSES)},
        "scheduled_for": NULLABLE_DATETIME,
        "created_at": DATETIME,
        "updated_at": NULLABLE_DATETIME,
        "processing_started": NULLABLE_DATETIME,
        "processing_finished": NULLABLE_DATETIME,
        "created_by": {
            "type": ["object", "null"],
            "properties": {"id": UUID, "name": {"type": "string"}},
        },
        "api_key": NULLABLE_UUID,
        "sender_id": NULLABLE_UUID,
        "contact_list_id": NULLABLE_UUID,
        "archived": {"type": "boolean"},
        "statistics": STATISTICS,
    },
}

JOB_RESPONSE = data_of(JOB)

LINKS = {"type": "object", "additionalProperties": {"type": "string"}}

JOBS_RESPONSE = {
    "type": "object",
    "required": ["data", "links", "total", "page_size"],
    "properties": {
        "data": {"type": "array", "items": JOB},
        "links": LINKS,
        "total": COUNT,
        "page_size": COUNT,
    },
}

JOB_NOTIFICATION = {
    "type": "object",
    "required": ["id", "to", "status", "job_row_number"],
    "properties": {
        "id": UUID,
        "to": {"type": "string"},
        "status": {"type": "string"},
        "job_row_number": {"type": "integer"},
        "notification_type": {"type": "string"},
        "created_at": DATETIME,
    },
}

JOB_NOTIFICATIONS_RESPONSE = {
    "type": "object",
    "required": ["notifications", "links", "total", "page_size"],
    "properties": {
        "notifications": {"type": "array", "items": JOB_NOTIFICATION},
        "links": LINKS,
        "total": COUNT,
        "page_size": COUNT,
    },
}

COUNT_RESPONSE = {"type": "object", "required": ["count"], "properties": {"count": COUNT}}

# As Notify's: no `data` envelope.
SCHEDULED_STATS_RESPONSE = {
    "type": "object",
    "required": ["count", "soonest_scheduled_for"],
    "properties": {"count": COUNT, "soonest_scheduled_for": NULLABLE_DATETIME},
}
