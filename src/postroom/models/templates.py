"""Templates, their versions and the folders that hold them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from postroom.models.base import Base, created_at, updated_at, uuid_pk


class TemplateFolder(Base):
    __tablename__ = "template_folder"

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("template_folder.id"))
    created_at: Mapped[datetime] = created_at()


template_folder_map = Table(
    "template_folder_map",
    Base.metadata,
    Column("template_id", Uuid, ForeignKey("templates.id"), primary_key=True),
    Column("template_folder_id", Uuid, ForeignKey("template_folder.id"), nullable=False),
)


class TemplateColumns:
    name: Mapped[str] = mapped_column(String(255))
    template_type: Mapped[str] = mapped_column(String(16))  # email, sms, letter
    content: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    postage: Mapped[str | None] = mapped_column(String(16))
    process_type: Mapped[str] = mapped_column(String(16), default="normal")
    service_letter_contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service_letter_contacts.id")
    )
    letter_welsh_subject: Mapped[str | None] = mapped_column(Text)
    letter_welsh_content: Mapped[str | None] = mapped_column(Text)
    letter_languages: Mapped[str | None] = mapped_column(String(32))
    letter_attachment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("letter_attachments.id")
    )
    has_unsubscribe_link: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whether personalisation is hidden from the notification pages once sent.
    redact_personalisation: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)


class Template(TemplateColumns, Base):
    __tablename__ = "templates"

    id: Mapped[uuid.UUID] = uuid_pk()
    folder = relationship(TemplateFolder, secondary=template_folder_map, uselist=False)


class TemplateHistory(TemplateColumns, Base):
    __tablename__ = "templates_history"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
