"""Notifications, their long-term history, status changes and complaints."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, uuid_pk


class NotificationColumns:
    """Columns kept for as long as a notification is kept in any form (no recipient data)."""

    job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    job_row_number: Mapped[int | None] = mapped_column(Integer)
    service_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    template_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    template_version: Mapped[int] = mapped_column(Integer)
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    key_type: Mapped[str] = mapped_column(String(16))
    notification_type: Mapped[str] = mapped_column(String(16))
    billable_units: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = created_at()
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(32), default="created")
    reference: Mapped[str | None] = mapped_column(String(255))  # the provider's reference
    client_reference: Mapped[str | None] = mapped_column(String(255))
    international: Mapped[bool] = mapped_column(Boolean, default=False)
    phone_prefix: Mapped[str | None] = mapped_column(String(8))
    rate_multiplier: Mapped[float | None] = mapped_column(Numeric(asdecimal=False))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    postage: Mapped[str | None] = mapped_column(String(16))
    document_download_count: Mapped[int | None] = mapped_column(Integer)
    provider_response: Mapped[str | None] = mapped_column(Text)
    # The service's one-click unsubscribe URL for this email (RFC 8058 headers).
    unsubscribe_link: Mapped[str | None] = mapped_column(Text)


class Notification(NotificationColumns, Base):
    """A message within its service's retention period: recipient and personalisation included."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_service_created", "service_id", "created_at"),
        Index(
            "ix_notifications_service_type_status_created",
            "service_id",
            "notification_type",
            "status",
            "created_at",
        ),
        Index("ix_notifications_service_to", "service_id", "normalised_to"),
        Index("ix_notifications_status_created", "status", "created_at"),
        # A job's row is made into one notification, however often its batch is run again.
        Index("uq_notifications_job_row", "job_id", "job_row_number", unique=True),
        Index("ix_notifications_reference", "reference"),
        Index("ix_notifications_client_reference", "service_id", "client_reference"),
        Index("ix_notifications_created_at", "created_at"),
        # The outbox: messages still to hand over, by service and type, oldest first, one index
        # a lane (see domain/delivery/outbox), so that neither lane's claims wade through the
        # other's backlog. Only rows in `created` are in them: they stay as small as the backlog.
        *(
            Index(
                f"ix_notifications_outbox_{lane}",
                "service_id",
                "notification_type",
                "created_at",
                postgresql_where=text(f"status = 'created' AND job_id {condition}"),
                sqlite_where=text(f"status = 'created' AND job_id {condition}"),
            )
            for lane, condition in (("priority", "IS NULL"), ("bulk", "IS NOT NULL"))
        ),
        Index(
            "ix_notifications_claim",
            "claim",
            postgresql_where=text("claim IS NOT NULL"),
            sqlite_where=text("claim IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    to: Mapped[str] = mapped_column(Text)
    normalised_to: Mapped[str | None] = mapped_column(String(255))
    personalisation: Mapped[str | None] = mapped_column(Text)  # encrypted
    reply_to_text: Mapped[str | None] = mapped_column(Text)
    # Handing over (see domain/delivery/outbox): the batch that holds the message and since
    # when, how many tries have failed, and when the next may start.
    claim: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)


class NotificationHistory(NotificationColumns, Base):
    """What remains of a notification after its retention period, for statistics and billing."""

    __tablename__ = "notification_history"
    __table_args__ = (
        Index("ix_notification_history_service_created", "service_id", "created_at"),
        Index("ix_notification_history_created_at", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)


class NotificationStatusEvent(Base):
    """Each status a notification passed through, for the notification page's status history."""

    __tablename__ = "notification_status_events"

    id: Mapped[uuid.UUID] = uuid_pk()
    notification_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = created_at()
    detail: Mapped[str | None] = mapped_column(Text)


class Complaint(Base):
    """An email recipient marked a message as spam (reported by the provider)."""

    __tablename__ = "complaints"

    id: Mapped[uuid.UUID] = uuid_pk()
    notification_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    provider_complaint_id: Mapped[str | None] = mapped_column(Text)
    complaint_type: Mapped[str | None] = mapped_column(Text)
    complaint_date: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = created_at()
