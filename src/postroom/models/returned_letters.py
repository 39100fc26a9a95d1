"""Letters the printer reports came back undelivered."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, updated_at, uuid_pk


class ReturnedLetter(Base):
    """One returned letter, on the day it was reported (reported again: the later day)."""

    __tablename__ = "returned_letters"
    __table_args__ = (Index("ix_returned_letters_service_reported", "service_id", "reported_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    reported_at: Mapped[date] = mapped_column(Date)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"))
    notification_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
