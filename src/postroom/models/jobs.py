"""Jobs: a file of recipients sent with one template, now or at a scheduled time; and the
uploaded files they are made from."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, updated_at, uuid_pk


class Upload(Base):
    """A file of recipients as uploaded for one template: kept as CSV, sealed, and checked. A job
    started from it takes its id, so the file and the job share one name in storage."""

    __tablename__ = "uploads"
    __table_args__ = (Index("ix_uploads_created_at", "created_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    template_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("templates.id"))
    original_file_name: Mapped[str] = mapped_column(String(255))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # The file as CSV, sealed (see domain/jobs/uploads); empty when it is in object storage.
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    # `checking` while a worker checks a large file (`rows_checked` so far), then `checked`:
    # `check_result` holds what the check found, as JSON.
    check_status: Mapped[str] = mapped_column(String(16), default="checking")
    rows_checked: Mapped[int] = mapped_column(Integer, default=0)
    check_result: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_service_created", "service_id", "created_at"),
        Index("ix_jobs_status_scheduled", "job_status", "scheduled_for"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    original_file_name: Mapped[str] = mapped_column(String(255))
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"))
    template_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("templates.id"))
    template_version: Mapped[int] = mapped_column(Integer)
    notification_count: Mapped[int] = mapped_column(Integer)
    notifications_sent: Mapped[int] = mapped_column(Integer, default=0)
    notifications_delivered: Mapped[int] = mapped_column(Integer, default=0)
    notifications_failed: Mapped[int] = mapped_column(Integer, default=0)
    # pending, scheduled, in progress, finished, cancelled, sending limits exceeded, error
    job_status: Mapped[str] = mapped_column(String(32), default="pending")
    scheduled_for: Mapped[datetime | None] = mapped_column(DateTime)
    processing_started: Mapped[datetime | None] = mapped_column(DateTime)
    processing_finished: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # Sent through the bulk API: the key that sent it (its type is the messages' key type).
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # The reply-to address or text message sender chosen for every message of the job.
    sender_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # Rows made into notifications so far, committed with them: where an interrupted job resumes.
    rows_processed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
