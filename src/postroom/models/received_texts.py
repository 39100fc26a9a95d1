"""Text messages received on a service's inbound number."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, uuid_pk


class InboundSms(Base):
    __tablename__ = "inbound_sms"
    __table_args__ = (
        Index("ix_inbound_sms_service_created", "service_id", "created_at"),
        Index("ix_inbound_sms_service_user_number", "service_id", "user_number"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"))
    content: Mapped[str] = mapped_column(Text)  # encrypted
    notify_number: Mapped[str] = mapped_column(String(255))
    user_number: Mapped[str] = mapped_column(String(255))
    provider: Mapped[str] = mapped_column(String(64))
    provider_reference: Mapped[str | None] = mapped_column(String(255))
    provider_date: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = created_at()
