"""Reports from providers: email events and text message receipts."""

from __future__ import annotations

from postroom.api.schemas.common import strict_object
from postroom.domain.delivery import receipts

REFERENCE = {
    "type": "string",
    "minLength": 1,
    "maxLength": 255,
    "description": "The provider's reference: for SMTP, the Message-ID (angle brackets optional)",
}
DETAIL = {"type": "string", "maxLength": 1000}
TIMESTAMP = {"type": "string", "maxLength": 64, "description": "ISO 8601; UTC unless it says"}

EMAIL_RECEIPT = strict_object(
    {
        "reference": REFERENCE,
        "event": {"enum": list(receipts.EMAIL_EVENTS)},
        "bounce_type": {"enum": list(receipts.BOUNCE_TYPES)},
        "complaint_type": {"type": "string", "maxLength": 255},
        "complaint_id": {"type": "string", "maxLength": 255},
        "timestamp": TIMESTAMP,
        "detail": DETAIL,
    },
    required=("reference", "event"),
) | {
    "if": {"properties": {"event": {"const": receipts.EMAIL_BOUNCE}}},
    "then": {"required": ["bounce_type"]},
}

SMS_RECEIPT = strict_object(
    {
        "reference": REFERENCE,
        "status": {"enum": list(receipts.SMS_REPORTS)},
        "detail": DETAIL,
    },
    required=("reference", "status"),
)

INBOUND_SMS = strict_object(
    {
        "to": {"type": "string", "minLength": 1, "maxLength": 20, "description": "Our number"},
        "from": {"type": "string", "minLength": 1, "maxLength": 20},
        "content": {"type": "string", "minLength": 1, "maxLength": 10000},
        "reference": REFERENCE,
    },
    required=("to", "from", "content"),
)
