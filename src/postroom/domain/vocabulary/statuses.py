"""Notification statuses, their groups, and which are final or billable: defined once, here."""

from __future__ import annotations

from postroom.domain.vocabulary.notification_types import LETTER

CREATED = "created"
SENDING = "sending"
PENDING = "pending"
SENT = "sent"  # sent internationally: no delivery receipt will come
DELIVERED = "delivered"
PERMANENT_FAILURE = "permanent-failure"
TEMPORARY_FAILURE = "temporary-failure"
TECHNICAL_FAILURE = "technical-failure"
CANCELLED = "cancelled"
VALIDATION_FAILED = "validation-failed"
VIRUS_SCAN_FAILED = "virus-scan-failed"
RETURNED_LETTER = "returned-letter"
PENDING_VIRUS_CHECK = "pending-virus-check"
# Letters: accepted by the print provider, then received (posted).
ACCEPTED = "accepted"
RECEIVED = "received"

STATUSES = (
    CREATED,
    SENDING,
    PENDING,
    SENT,
    DELIVERED,
    PERMANENT_FAILURE,
    TEMPORARY_FAILURE,
    TECHNICAL_FAILURE,
    CANCELLED,
    VALIDATION_FAILED,
    VIRUS_SCAN_FAILED,
    RETURNED_LETTER,
    PENDING_VIRUS_CHECK,
    ACCEPTED,
    RECEIVED,
)

# The three groups every page and statistic uses.
SENDING_STATUSES = (CREATED, SENDING, PENDING, PENDING_VIRUS_CHECK, ACCEPTED)
DELIVERED_STATUSES = (DELIVERED, SENT, RECEIVED)
FAILED_STATUSES = (
    PERMANENT_FAILURE,
    TEMPORARY_FAILURE,
    TECHNICAL_FAILURE,
    VALIDATION_FAILED,
    VIRUS_SCAN_FAILED,
    RETURNED_LETTER,
)

# A final status never changes again.
FINAL_STATUSES = (*DELIVERED_STATUSES, *FAILED_STATUSES, CANCELLED)

# Statuses a service is billed for: the message reached the provider.
BILLABLE_STATUSES = (
    SENDING,
    PENDING,
    SENT,
    DELIVERED,
    PERMANENT_FAILURE,
    TEMPORARY_FAILURE,
    ACCEPTED,
    RECEIVED,
    RETURNED_LETTER,
)

# The groups by name, as filters and statistics name them.
SENDING_GROUP, DELIVERED_GROUP, FAILED_GROUP = "sending", "delivered", "failed"
GROUPS = (SENDING_GROUP, DELIVERED_GROUP, FAILED_GROUP)
# Statistics count every message but the cancelled as requested, and each once delivered or failed.
REQUESTED = "requested"
COUNTED = (REQUESTED, DELIVERED_GROUP, FAILED_GROUP)

# Group names accepted in status filters (the public API's and the web interface's).
STATUS_GROUP_ALIASES = {
    FAILED_GROUP: FAILED_STATUSES,
    SENDING_GROUP: SENDING_STATUSES,
    DELIVERED_GROUP: DELIVERED_STATUSES,
}


def group_of(status: str) -> str:
    """`sending`, `delivered` or `failed`; cancelled counts as none of them."""
    if status in DELIVERED_STATUSES:
        return DELIVERED_GROUP
    if status in FAILED_STATUSES:
        return FAILED_GROUP
    if status in SENDING_STATUSES:
        return SENDING_GROUP
    return CANCELLED


# The public API shows letters as GOV.UK Notify does: `accepted` until posted, `received` after
# (a returned letter was posted too); every other status is shown as stored.
LETTER_SHOWN_ACCEPTED = (CREATED, SENDING, ACCEPTED)
LETTER_SHOWN_RECEIVED = (DELIVERED, RECEIVED, RETURNED_LETTER)


def public_status(notification_type: str, status: str) -> str:
    if notification_type == LETTER:
        if status in LETTER_SHOWN_ACCEPTED:
            return ACCEPTED
        if status in LETTER_SHOWN_RECEIVED:
            return RECEIVED
    return status


# What the public API's `status` filter accepts, in Notify's order (its messages list them so).
PUBLIC_STATUSES = (
    CANCELLED,
    CREATED,
    SENDING,
    SENT,
    DELIVERED,
    PENDING,
    FAILED_GROUP,
    TECHNICAL_FAILURE,
    TEMPORARY_FAILURE,
    PERMANENT_FAILURE,
    PENDING_VIRUS_CHECK,
    VALIDATION_FAILED,
    VIRUS_SCAN_FAILED,
    RETURNED_LETTER,
    ACCEPTED,
    RECEIVED,
)
# As Notify's filter: a name stands for itself but for these three (so `sending` is only
# `sending` and `delivered` only `delivered`, unlike the groups above). Like Notify's, `received`
# does not bring back returned letters although they are shown as received.
_PUBLIC_FILTER_EXPANSIONS = {
    FAILED_GROUP: FAILED_STATUSES,
    ACCEPTED: (CREATED, SENDING, ACCEPTED),
    RECEIVED: (DELIVERED, RECEIVED),
}


def statuses_for_public_filter(names: list[str]) -> list[str]:
    """The stored statuses the public API's `status` filter names stand for."""
    return sorted({s for name in names for s in _PUBLIC_FILTER_EXPANSIONS.get(name, (name,))})
