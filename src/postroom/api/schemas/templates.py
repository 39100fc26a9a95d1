"""Request and response schemas of the templates part of the admin API."""

from __future__ import annotations

from postroom.api.schemas.common import (
    DATETIME,
    NON_EMPTY_STRING,
    NULLABLE_DATETIME,
    NULLABLE_UUID,
    UUID,
    data_of,
    list_of,
    strict_object,
)
from postroom.domain.templates.templates import LETTER_LANGUAGES
from postroom.domain.vocabulary.notification_types import NOTIFICATION_TYPES, POSTAGE_TYPES

TEMPLATE_TYPE = {"enum": list(NOTIFICATION_TYPES)}
POSTAGE = {"enum": list(POSTAGE_TYPES)}
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_BOOLEAN = {"type": ["boolean", "null"]}

# What GOV.UK Notify's admin sends besides the template itself: the service (and, for a change,
# the template) the path already names, which must agree with it; whether an email has an
# unsubscribe link (null for the other types); the letter's language and its Welsh version.
NOTIFY_ADMIN_FIELDS = {
    "service": UUID,
    "has_unsubscribe_link": NULLABLE_BOOLEAN,
    "letter_languages": {"enum": list(LETTER_LANGUAGES)},
    "letter_welsh_subject": NULLABLE_STRING,
    "letter_welsh_content": NULLABLE_STRING,
}

CREATE_TEMPLATE = strict_object(
    {
        "name": NON_EMPTY_STRING,
        "template_type": TEMPLATE_TYPE,
        "content": NON_EMPTY_STRING,
        "subject": NULLABLE_STRING,
        "created_by": UUID,
        "parent_folder_id": NULLABLE_UUID,
        "postage": POSTAGE,
        "reply_to": NULLABLE_UUID,
        "process_type": {"enum": ["normal", "priority"]},
        **NOTIFY_ADMIN_FIELDS,
    },
    required=("name", "template_type", "content", "created_by"),
)

UPDATE_TEMPLATE = strict_object(
    {
        "name": NON_EMPTY_STRING,
        "template_type": TEMPLATE_TYPE,
        "content": NON_EMPTY_STRING,
        "subject": NULLABLE_STRING,
        "created_by": UUID,
        "postage": POSTAGE,
        "reply_to": NULLABLE_UUID,
        "archived": {"type": "boolean"},
        "hidden": {"type": "boolean"},
        "process_type": {"enum": ["normal", "priority"]},
        "redact_personalisation": {"type": "boolean"},
        "id": UUID,
        **NOTIFY_ADMIN_FIELDS,
    },
    required=("created_by",),
)

TEMPLATE = {
    "type": "object",
    "required": [
        "id",
        "name",
        "template_type",
        "content",
        "subject",
        "service",
        "version",
        "archived",
        "created_at",
        "created_by",
    ],
    "properties": {
        "id": UUID,
        "name": {"type": "string"},
        "template_type": TEMPLATE_TYPE,
        "content": {"type": "string"},
        "subject": NULLABLE_STRING,
        "service": UUID,
        "version": {"type": "integer", "minimum": 1},
        "archived": {"type": "boolean"},
        "hidden": {"type": "boolean"},
        "is_precompiled_letter": {"type": "boolean"},
        "postage": {"enum": [*POSTAGE_TYPES, None]},
        "folder": NULLABLE_UUID,
        "reply_to": NULLABLE_UUID,
        "process_type": {"type": "string"},
        "redact_personalisation": {"type": "boolean"},
        "has_unsubscribe_link": {"type": "boolean"},
        "letter_languages": {"enum": [*LETTER_LANGUAGES, None]},
        "letter_welsh_subject": NULLABLE_STRING,
        "letter_welsh_content": NULLABLE_STRING,
        "created_at": DATETIME,
        "updated_at": NULLABLE_DATETIME,
        "created_by": UUID,
    },
}

TEMPLATE_RESPONSE = data_of(TEMPLATE)
TEMPLATES_RESPONSE = list_of(TEMPLATE)
