"""How the web interface names a message's status, by message type, in GOV.UK Notify's words."""

from __future__ import annotations

from postroom.domain import statuses
from postroom.domain.notification_types import EMAIL, LETTER, SMS

_LABELS = {
    EMAIL: {
        statuses.PERMANENT_FAILURE: "Email address does not exist",
        statuses.TEMPORARY_FAILURE: "Inbox not accepting messages right now",
    },
    SMS: {
        statuses.PERMANENT_FAILURE: "Phone number does not exist",
        statuses.TEMPORARY_FAILURE: "Phone not accepting messages right now",
        statuses.SENT: "Sent to an international number",
    },
    LETTER: {
        statuses.CREATED: "Waiting to be printed",
        statuses.SENDING: "Printing",
        statuses.ACCEPTED: "Printing",
        statuses.RECEIVED: "Posted",
        statuses.CANCELLED: "Cancelled",
        statuses.VALIDATION_FAILED: "Validation failed",
        statuses.RETURNED_LETTER: "Returned",
    },
}
_COMMON = {
    statuses.CREATED: "Sending",
    statuses.SENDING: "Sending",
    statuses.PENDING: "Sending",
    statuses.SENT: "Delivered",
    statuses.DELIVERED: "Delivered",
    statuses.TECHNICAL_FAILURE: "Technical failure",
    statuses.PERMANENT_FAILURE: "Failed",
    statuses.TEMPORARY_FAILURE: "Failed",
}


def label(status: str, notification_type: str) -> str:
    return _LABELS.get(notification_type, {}).get(status) or _COMMON.get(
        status, status.replace("-", " ").capitalize()
    )
