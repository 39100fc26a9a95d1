"""Jobs: a file of recipients sent with one template, now or at a scheduled time."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, updated_at, uuid_pk


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
    # pending, scheduled, in progress, finished, cancelled, sending limits exceeded, ...
    job_status: Mapped[str] = mapped_column(String(32), default="pending")
    scheduled_for: Mapped[datetime | None] = mapped_column(DateTime)
    processing_started: Mapped[datetime | None] = mapped_column(DateTime)
    processing_finished: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
