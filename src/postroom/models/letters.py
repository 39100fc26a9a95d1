"""Precompiled letters: the PDF a service sent (sealed), and what checking it found."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, uuid_pk


class LetterFile(Base):
    """One precompiled letter's PDF: as uploaded, then replaced by the sanitised one once it
    passes. A letter sent from it takes its id, so the file and the notification share one
    name in storage (as Notify's do)."""

    __tablename__ = "letter_files"

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    file_name: Mapped[str | None] = mapped_column(String(255))  # uploaded through the web
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed; empty in object storage
    sanitised: Mapped[bool] = mapped_column(Boolean, default=False)
    page_count: Mapped[int | None] = mapped_column(Integer)
    # Notify's code for what failed (`letter-too-long`, ...) and the pages at fault, as JSON.
    message: Mapped[str | None] = mapped_column(String(64))
    invalid_pages: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)  # the window's lines, one a line
    created_at: Mapped[datetime] = created_at()
