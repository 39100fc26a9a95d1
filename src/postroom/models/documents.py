"""Files sent by email: what the download pages need to know of each, and (on the embedded
default) the file itself, sealed with a key that only the link in the email carries."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, uuid_pk


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_available_until", "available_until"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    mimetype: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    confirm_email: Mapped[bool] = mapped_column(Boolean)
    # Sealed with the document's key: its filename and the address it was sent to.
    details: Mapped[bytes] = mapped_column(LargeBinary)
    # Sealed with the document's key; empty when the file lives in object storage.
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = created_at()
    available_until: Mapped[datetime] = mapped_column(DateTime)
