"""Daily notification counts by status: what the statistics pages read instead of notifications."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, updated_at

# Rows built from messages not sent by a job use this job id, so it can be part of the key.
NO_JOB_ID = uuid.UUID(int=0)


class FactNotificationStatus(Base):
    __tablename__ = "ft_notification_status"
    __table_args__ = (Index("ix_ft_notification_status_service_date", "service_id", "local_date"),)

    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    template_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    job_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    notification_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    key_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    notification_status: Mapped[str] = mapped_column(String(32), primary_key=True)
    notification_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
