"""The PDF a letter template may have attached, printed after the letter."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, uuid_pk


class LetterAttachment(Base):
    """Kept after it is removed from its template (`archived_at`): the template's older
    versions, and the letters sent from them, still print with it."""

    __tablename__ = "letter_attachments"

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    original_filename: Mapped[str] = mapped_column(String(255))
    page_count: Mapped[int] = mapped_column(Integer)
    # The PDF, sealed; empty when the file lives in object storage.
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at()
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
