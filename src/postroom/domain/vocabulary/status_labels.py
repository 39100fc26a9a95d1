"""How the web interface names a message's status, by message type, in GOV.UK Notify's words,
and which section of the "Using Postroom" page explains it."""

from __future__ import annotations

from postroom.domain.vocabulary import statuses
from postroom.domain.vocabulary.notification_types import EMAIL, LETTER, SMS

# The "Using Postroom" page's sections: the delivery states, and letters as a whole, are the
# places to land when a status has no section of its own.
DELIVERY_AND_FAILURE = "messagedeliveryandfailure"
LETTERS = "letters"

# (label, section) for each status, where a message type words it its own way...
_SHOWN = {
    EMAIL: {
        statuses.PERMANENT_FAILURE: ("Email address does not exist", "does-not-exist"),
        statuses.TEMPORARY_FAILURE: (
            "Inbox not accepting messages right now",
            "inbox-not-accepting-messages",
        ),
    },
    SMS: {
        statuses.PERMANENT_FAILURE: ("Phone number does not exist", "does-not-exist"),
        statuses.TEMPORARY_FAILURE: (
            "Phone not accepting messages right now",
            "phone-not-accepting-messages",
        ),
        statuses.SENT: ("Sent to an international number", "sent-internationally"),
    },
    LETTER: {
        statuses.CREATED: ("Waiting to be printed", "letter-waiting-to-be-printed"),
        statuses.SENDING: ("Printing", "letter-printing"),
        statuses.ACCEPTED: ("Printing", "letter-printing"),
        statuses.RECEIVED: ("Posted", "letter-posted"),
        statuses.DELIVERED: ("Posted", "letter-posted"),  # what "received" is stored as
        statuses.CANCELLED: ("Cancelled", "letter-cancelled"),
        statuses.VALIDATION_FAILED: ("Validation failed", "letter-validation-failed"),
        statuses.RETURNED_LETTER: ("Returned", "letter-returned"),
    },
}
# ...and for every type otherwise.
_COMMON = {
    statuses.CREATED: ("Sending", "sending"),
    statuses.SENDING: ("Sending", "sending"),
    statuses.PENDING: ("Sending", "sending"),
    statuses.SENT: ("Delivered", "delivered"),
    statuses.DELIVERED: ("Delivered", "delivered"),
    statuses.TECHNICAL_FAILURE: ("Technical failure", "technical-failure"),
    statuses.PERMANENT_FAILURE: ("Failed", "does-not-exist"),
    statuses.TEMPORARY_FAILURE: ("Failed", "not-accepting-messages"),
}


def _shown(status: str, notification_type: str) -> tuple[str, str] | None:
    return _SHOWN.get(notification_type, {}).get(status) or _COMMON.get(status)


def label(status: str, notification_type: str) -> str:
    shown = _shown(status, notification_type)
    return shown[0] if shown else status.replace("-", " ").capitalize()


def guidance_anchor(status: str, notification_type: str) -> str:
    """The id of the "Using Postroom" section that says what this status means."""
    shown = _shown(status, notification_type)
    if shown:
        return shown[1]
    return LETTERS if notification_type == LETTER else DELIVERY_AND_FAILURE
