"""Users, their membership of services, permissions, verification codes and invitations."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from postroom.models.base import Base, created_at, updated_at, uuid_pk

user_to_service = Table(
    "user_to_service",
    Base.metadata,
    Column("user_id", Uuid, ForeignKey("users.id"), primary_key=True),
    Column("service_id", Uuid, ForeignKey("services.id"), primary_key=True, index=True),
)


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(255))
    email_address: Mapped[str] = mapped_column(String(255), unique=True)
    mobile_number: Mapped[str | None] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(Text)
    password_changed_at: Mapped[datetime] = created_at()
    logged_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    failed_login_count: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending, active, inactive
    platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    auth_type: Mapped[str] = mapped_column(String(32), default="sms_auth")
    totp_secret: Mapped[str | None] = mapped_column(Text)  # encrypted
    totp_last_step: Mapped[int | None] = mapped_column(Integer)  # of the last app code accepted
    current_session_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    email_access_validated_at: Mapped[datetime] = created_at()
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()

    services = relationship("Service", secondary=user_to_service, back_populates="users")
    organisations = relationship("Organisation", secondary="user_to_organisation")


class Permission(Base):
    """One database permission of a user on a service (`send_emails`, `view_activity`, ...)."""

    __tablename__ = "permissions"
    __table_args__ = (UniqueConstraint("service_id", "user_id", "permission"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    permission: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = created_at()


class UserFolderPermission(Base):
    __tablename__ = "user_folder_permissions"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    template_folder_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("template_folder.id"), primary_key=True
    )
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)


class VerifyCode(Base):
    """A second-factor or email-validation code; stored hashed, used once."""

    __tablename__ = "verify_codes"

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(Text)
    code_type: Mapped[str] = mapped_column(String(16))  # email or sms
    expiry_datetime: Mapped[datetime] = mapped_column(DateTime)
    code_used: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = created_at()


class InvitedUser(Base):
    __tablename__ = "invited_users"

    id: Mapped[uuid.UUID] = uuid_pk()
    email_address: Mapped[str] = mapped_column(String(255))
    from_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    permissions: Mapped[str] = mapped_column(Text)  # comma-separated database permissions
    folder_permissions: Mapped[list] = mapped_column(JSON, default=list)
    auth_type: Mapped[str] = mapped_column(String(32), default="sms_auth")
    created_at: Mapped[datetime] = created_at()
