"""Organisations and the email and letter branding they offer their services."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, updated_at, uuid_pk


class EmailBranding(Base):
    __tablename__ = "email_branding"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(255), unique=True)
    colour: Mapped[str | None] = mapped_column(String(7))
    logo: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str | None] = mapped_column(String(255))
    alt_text: Mapped[str | None] = mapped_column(String(255))
    brand_type: Mapped[str] = mapped_column(String(32), default="org")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()


class LetterBranding(Base):
    __tablename__ = "letter_branding"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(255), unique=True)
    filename: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(255), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    organisation_type: Mapped[str | None] = mapped_column(String(32))
    crown: Mapped[bool | None] = mapped_column(Boolean)
    email_branding_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("email_branding.id"))
    letter_branding_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("letter_branding.id"))
    agreement_signed: Mapped[bool | None] = mapped_column(Boolean)
    agreement_signed_at: Mapped[datetime | None]
    billing_contact_names: Mapped[str | None] = mapped_column(Text)
    billing_contact_email_addresses: Mapped[str | None] = mapped_column(Text)
    billing_reference: Mapped[str | None] = mapped_column(String(255))
    purchase_order_number: Mapped[str | None] = mapped_column(String(255))
    notes: Mapped[str | None] = mapped_column(Text)
    # Shown to the organisation's services on their request to go live.
    request_to_go_live_notes: Mapped[str | None] = mapped_column(Text)
    # When set, the organisation's own team approves its services' requests to go live.
    can_approve_own_go_live_requests: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # The yearly free text-message allowance its services get (None: the platform's default).
    free_sms_fragment_limit: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()


class InvitedOrganisationUser(Base):
    """An invitation to join an organisation's team (organisation users have no permissions to
    choose: each sees every service of the organisation)."""

    __tablename__ = "invited_organisation_users"

    id: Mapped[uuid.UUID] = uuid_pk()
    email_address: Mapped[str] = mapped_column(String(255))
    invited_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # accepted, cancelled
    created_at: Mapped[datetime] = created_at()


class OrganisationDomain(Base):
    """An email domain whose users belong to the organisation (e.g. `example.gov.uk`)."""

    __tablename__ = "organisation_domain"

    domain: Mapped[str] = mapped_column(String(255), primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)


user_to_organisation = Table(
    "user_to_organisation",
    Base.metadata,
    Column("user_id", Uuid, ForeignKey("users.id"), primary_key=True),
    Column("organisation_id", Uuid, ForeignKey("organisation.id"), primary_key=True),
)

# Branding pools: the brandings an organisation offers its services to choose from.
email_branding_to_organisation = Table(
    "email_branding_to_organisation",
    Base.metadata,
    Column("organisation_id", Uuid, ForeignKey("organisation.id"), primary_key=True),
    Column("email_branding_id", Uuid, ForeignKey("email_branding.id"), primary_key=True),
)

letter_branding_to_organisation = Table(
    "letter_branding_to_organisation",
    Base.metadata,
    Column("organisation_id", Uuid, ForeignKey("organisation.id"), primary_key=True),
    Column("letter_branding_id", Uuid, ForeignKey("letter_branding.id"), primary_key=True),
)
