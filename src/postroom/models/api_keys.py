"""API keys: a secret per key, encrypted at rest, versioned so revocations keep their history."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, updated_at, uuid_pk


class ApiKeyColumns:
    name: Mapped[str] = mapped_column(String(255))
    secret: Mapped[str] = mapped_column(Text)  # encrypted, see domain.secrets
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    key_type: Mapped[str] = mapped_column(String(16))  # normal, team, test
    expiry_date: Mapped[datetime | None] = mapped_column(DateTime)  # set when revoked
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)


class ApiKey(ApiKeyColumns, Base):
    __tablename__ = "api_keys"
    id: Mapped[uuid.UUID] = uuid_pk()


class ApiKeyHistory(ApiKeyColumns, Base):
    __tablename__ = "api_keys_history"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
