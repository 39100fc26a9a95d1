"""What providers report about messages they took: receipts, applied a batch at a time, move
each message to the status their outcome means; complaints (a recipient marking an email as
spam) change no status but are kept for the service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from postroom.domain.delivery.status_changes import find_by_references, update_status
from postroom.domain.vocabulary import statuses
from postroom.models import Complaint, Notification
from postroom.providers.base import DeliveryReceipt, Outcome

STATUS_OF = {
    Outcome.DELIVERED: statuses.DELIVERED,
    Outcome.IN_TRANSIT: statuses.PENDING,
    Outcome.UNDELIVERABLE: statuses.PERMANENT_FAILURE,
    Outcome.NOT_DELIVERED: statuses.TEMPORARY_FAILURE,
    Outcome.PROVIDER_FAILED: statuses.TECHNICAL_FAILURE,
}

EMAIL_DELIVERED, EMAIL_BOUNCE, EMAIL_COMPLAINT = "delivered", "bounce", "complaint"
EMAIL_EVENTS = (EMAIL_DELIVERED, EMAIL_BOUNCE, EMAIL_COMPLAINT)
BOUNCE_TYPES = ("permanent", "transient")
# What an HTTP text message provider may report (README, "Providers"), in Postroom's words.
SMS_REPORTS = {status: outcome for outcome, status in STATUS_OF.items()}


def status_for(outcome: Outcome) -> str:
    return STATUS_OF[Outcome(outcome)]


def apply_receipts(
    session: Session, received: Sequence[DeliveryReceipt]
) -> tuple[list[Notification], list[DeliveryReceipt]]:
    """Move the notifications the receipts name on, looked up in one query; of two receipts for
    one reference the later wins. The notifications that changed, and the receipts whose
    reference names none (yet: a receipt can overtake the commit of its reference)."""
    latest = {receipt.reference: receipt for receipt in received}
    found = find_by_references(session, list(latest))
    changed, unknown = [], []
    for reference, receipt in latest.items():
        notification = found.get(reference)
        if notification is None:
            unknown.append(receipt)
        elif update_status(
            session,
            notification,
            status_for(receipt.outcome),
            receipt.detail or f"receipt from {receipt.provider}",
        ):
            changed.append(notification)
    return changed, unknown


def email_event_outcome(event: str, bounce_type: str | None) -> Outcome:
    """What an email event says became of it. A transient bounce (a full mailbox, say) may
    succeed later; a permanent one (no such address) will not."""
    if event == EMAIL_DELIVERED:
        return Outcome.DELIVERED
    if event == EMAIL_BOUNCE:
        return Outcome.NOT_DELIVERED if bounce_type == "transient" else Outcome.UNDELIVERABLE
    raise ValueError(f"{event} changes no status")


def normalise_reference(reference: str) -> str:
    """Message-IDs come back with or without their angle brackets; we store them without."""
    return reference.strip().strip("<>")


def record_complaint(
    session: Session,
    notification: Notification,
    *,
    complaint_type: str | None,
    provider_complaint_id: str | None,
    complaint_date: datetime | None,
) -> Complaint:
    complaint = Complaint(
        notification_id=notification.id,
        service_id=notification.service_id,
        complaint_type=complaint_type,
        provider_complaint_id=provider_complaint_id,
        complaint_date=complaint_date,
    )
    session.add(complaint)
    session.flush()
    return complaint
