"""Services, their versions, permissions and the settings that hang off them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from postroom.models.base import Base, created_at, updated_at, uuid_pk


class ServiceColumns:
    """Columns shared by a service and each of its history rows."""

    name: Mapped[str] = mapped_column(String(255))
    normalised_service_name: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    restricted: Mapped[bool] = mapped_column(Boolean, default=True)
    count_as_live: Mapped[bool] = mapped_column(Boolean, default=True)
    email_message_limit: Mapped[int] = mapped_column(Integer)
    sms_message_limit: Mapped[int] = mapped_column(Integer)
    letter_message_limit: Mapped[int] = mapped_column(Integer)
    international_sms_message_limit: Mapped[int] = mapped_column(Integer)
    rate_limit: Mapped[int] = mapped_column(Integer, default=3000)
    email_sender_local_part: Mapped[str] = mapped_column(String(255))
    custom_email_sender_name: Mapped[str | None] = mapped_column(String(255))
    prefix_sms: Mapped[bool] = mapped_column(Boolean, default=True)
    organisation_type: Mapped[str | None] = mapped_column(String(32))
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id"), index=True
    )
    email_branding_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("email_branding.id"))
    letter_branding_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("letter_branding.id"))
    contact_link: Mapped[str | None] = mapped_column(String(255))
    volume_email: Mapped[int | None] = mapped_column(Integer)
    volume_sms: Mapped[int | None] = mapped_column(Integer)
    volume_letter: Mapped[int | None] = mapped_column(Integer)
    consent_to_research: Mapped[bool | None] = mapped_column(Boolean)
    has_active_go_live_request: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whether the team confirmed no other service has a name like this one (a rename undoes it).
    confirmed_unique: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    go_live_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    go_live_at: Mapped[datetime | None] = mapped_column(DateTime)
    billing_contact_names: Mapped[str | None] = mapped_column(Text)
    billing_contact_email_addresses: Mapped[str | None] = mapped_column(Text)
    billing_reference: Mapped[str | None] = mapped_column(String(255))
    purchase_order_number: Mapped[str | None] = mapped_column(String(255))
    notes: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)


class Service(ServiceColumns, Base):
    __tablename__ = "services"

    id: Mapped[uuid.UUID] = uuid_pk()
    # Names are unique among services, compared case- and punctuation-insensitively.
    __table_args__ = (
        UniqueConstraint("name"),
        UniqueConstraint("normalised_service_name"),
    )

    permissions: Mapped[list[ServicePermission]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    data_retention: Mapped[list[ServiceDataRetention]] = relationship(cascade="all, delete-orphan")
    # Loaded when asked for: the API authenticates every request with a Service, and needs none.
    organisation = relationship("Organisation")
    # Loaded only when asked for: the public API reads a service on every request.
    users = relationship("User", secondary="user_to_service", back_populates="services")

    @property
    def permission_names(self) -> list[str]:
        return sorted(p.permission for p in self.permissions)


class ServiceHistory(ServiceColumns, Base):
    __tablename__ = "services_history"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)


class ServicePermission(Base):
    """A capability switched on for a service: `email`, `sms`, `letter`, `inbound_sms`, ..."""

    __tablename__ = "service_permissions"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = created_at()


class ServiceDataRetention(Base):
    __tablename__ = "service_data_retention"
    __table_args__ = (UniqueConstraint("service_id", "notification_type"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    notification_type: Mapped[str] = mapped_column(String(16))
    days_of_retention: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()


class GuestListRecipient(Base):
    """An email address or phone number a trial-mode service may send to."""

    __tablename__ = "service_guest_list"

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    recipient_type: Mapped[str] = mapped_column(String(16))  # "email" or "mobile"
    recipient: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = created_at()


class InboundNumber(Base):
    __tablename__ = "inbound_numbers"

    id: Mapped[uuid.UUID] = uuid_pk()
    number: Mapped[str] = mapped_column(String(255), unique=True)
    provider: Mapped[str] = mapped_column(String(64))
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("services.id"), unique=True, nullable=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
    # Loaded only when asked for: a received text looks its number up and needs no service.
    service: Mapped[Service | None] = relationship()


class ServiceContactColumns:
    """What text message senders, reply-to addresses and letter contacts have in common."""

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()


class ServiceSmsSender(ServiceContactColumns, Base):
    __tablename__ = "service_sms_senders"

    sms_sender: Mapped[str] = mapped_column(String(255))  # 11 letters, or a phone number
    inbound_number_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("inbound_numbers.id"), unique=True
    )


class ServiceEmailReplyTo(ServiceContactColumns, Base):
    __tablename__ = "service_email_reply_to"

    email_address: Mapped[str] = mapped_column(Text)


class ServiceLetterContact(ServiceContactColumns, Base):
    __tablename__ = "service_letter_contacts"

    contact_block: Mapped[str] = mapped_column(Text)


class ServiceCallbackColumns:
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    # delivery_status, inbound_sms, complaint or returned_letter
    callback_type: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(String(2048))
    bearer_token: Mapped[str] = mapped_column(Text)  # encrypted, see domain.secrets
    updated_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
    version: Mapped[int] = mapped_column(Integer, default=1)


class ServiceCallback(ServiceCallbackColumns, Base):
    """Where Postroom tells a service about delivery receipts, replies and complaints."""

    __tablename__ = "service_callbacks"
    __table_args__ = (UniqueConstraint("service_id", "callback_type"),)

    id: Mapped[uuid.UUID] = uuid_pk()


class ServiceCallbackHistory(ServiceCallbackColumns, Base):
    __tablename__ = "service_callbacks_history"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
