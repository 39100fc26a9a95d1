"""Handing an accepted notification to a provider, exactly once.

A delivery task first claims the notification (an atomic update that only one task can win),
so a task that runs twice, or two workers given the same message, never send it twice."""

from __future__ import annotations

import uuid

from sqlalchemy import update
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.delivery.status_changes import update_status
from postroom.domain.sending import cached_reads
from postroom.domain.sending.acceptance import personalisation_of
from postroom.domain.services.services import email_from_address
from postroom.domain.templates.rendering import render
from postroom.domain.vocabulary import statuses
from postroom.domain.vocabulary.notification_types import EMAIL, KEY_TYPE_TEST
from postroom.models import Notification
from postroom.providers.base import OutgoingEmail, OutgoingSms

CLAIM_PREFIX = "claimed:"


def claim(session: Session, notification_id: uuid.UUID) -> Notification | None:
    """The notification, if this caller won the right to send it; None if another did or it was
    already sent."""
    token = f"{CLAIM_PREFIX}{uuid.uuid4()}"
    claimed = session.scalars(
        update(Notification)
        .where(
            Notification.id == notification_id,
            Notification.status == statuses.CREATED,
            Notification.sent_by.is_(None),
        )
        .values(sent_by=token)
        .returning(Notification)
        # What RETURNING gives back is the notification as updated: nothing else to look at.
        .execution_options(synchronize_session=False)
    ).one_or_none()
    session.commit()
    return claimed


def release(session: Session, notification: Notification) -> None:
    """Give the claim back so that a retry can have it."""
    notification.sent_by = None
    session.commit()


def uses_simulated_provider(notification: Notification) -> bool:
    return notification.key_type == KEY_TYPE_TEST


def outgoing(session: Session, notification: Notification) -> OutgoingEmail | OutgoingSms:
    template = cached_reads.template_version(
        session, notification.template_id, notification.template_version
    )
    service = cached_reads.service(session, notification.service_id)
    message = render(template, service, personalisation_of(notification))
    if notification.notification_type == EMAIL:
        return OutgoingEmail(
            notification_id=str(notification.id),
            from_address=email_from_address(service),
            from_name=service.custom_email_sender_name or service.name,
            to=notification.to,
            subject=message.subject,
            text_body=message.plain_body,
            html_body=message.html_body,
            reply_to=notification.reply_to_text,
            headers=unsubscribe_headers(notification.unsubscribe_link),
        )
    return OutgoingSms(
        notification_id=str(notification.id),
        to=notification.normalised_to,
        sender=notification.reply_to_text or "",
        content=message.content,
    )


def unsubscribe_headers(link: str | None) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe, which mail clients show as an unsubscribe button."""
    if not link:
        return {}
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def mark_sent(session: Session, notification: Notification, provider: str, reference: str) -> None:
    """The provider has it: `sending`, or `sent` for international texts, which get no receipt."""
    notification.sent_by = provider
    notification.sent_at = utcnow()
    notification.reference = reference
    status = statuses.SENT if notification.international else statuses.SENDING
    update_status(session, notification, status)
    session.commit()


def mark_failed(session: Session, notification: Notification, status: str, detail: str) -> None:
    notification.sent_by = None
    update_status(session, notification, status, detail)
    session.commit()
