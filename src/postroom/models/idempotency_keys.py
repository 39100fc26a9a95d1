"""Idempotency keys of the public API: the first answer to a request, replayed to its retries."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at


class IdempotencyKey(Base):
    """One key a service sent with one type of API key; kept a day. `status_code` and
    `response` are empty while the request that claimed the key is being processed."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (Index("ix_idempotency_keys_created_at", "created_at"),)

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), primary_key=True)
    key_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    # SHA-256 of the path and the body: a retry must be the same request.
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[str | None] = mapped_column(Text)  # the JSON body as first sent
    created_at: Mapped[datetime] = created_at()
