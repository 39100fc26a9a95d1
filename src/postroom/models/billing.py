"""Free allowances, rates with validity dates, and the daily billing facts."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from postroom.models.base import Base, created_at, updated_at, uuid_pk


class AnnualBilling(Base):
    """A service's free text message allowance for one financial year."""

    __tablename__ = "annual_billing"
    __table_args__ = (UniqueConstraint("service_id", "financial_year_start"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"), index=True)
    financial_year_start: Mapped[int] = mapped_column(Integer)
    free_sms_fragment_limit: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()


class SmsRate(Base):
    """The price of one text message fragment from `valid_from` until the next rate."""

    __tablename__ = "rates"

    id: Mapped[uuid.UUID] = uuid_pk()
    valid_from: Mapped[datetime] = mapped_column(DateTime, index=True)
    rate: Mapped[float] = mapped_column(Numeric(10, 4, asdecimal=False))
    notification_type: Mapped[str] = mapped_column(String(16), default="sms")


class LetterRate(Base):
    __tablename__ = "letter_rates"

    id: Mapped[uuid.UUID] = uuid_pk()
    start_date: Mapped[datetime] = mapped_column(DateTime)
    end_date: Mapped[datetime | None] = mapped_column(DateTime)
    sheet_count: Mapped[int] = mapped_column(Integer)
    rate: Mapped[float] = mapped_column(Numeric(10, 4, asdecimal=False))
    crown: Mapped[bool] = mapped_column(Boolean)
    post_class: Mapped[str] = mapped_column(
        String(16)
    )  # first, second, economy, europe, rest-of-world


class FactBilling(Base):
    """Billable volume per day, service, template and rate; built nightly, updated for today."""

    __tablename__ = "ft_billing"

    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
    template_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    notification_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    provider: Mapped[str] = mapped_column(String(64), primary_key=True)
    rate_multiplier: Mapped[int] = mapped_column(Integer, primary_key=True)
    international: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    rate: Mapped[float] = mapped_column(Numeric(10, 4, asdecimal=False), primary_key=True)
    postage: Mapped[str] = mapped_column(String(16), primary_key=True)
    billable_units: Mapped[int] = mapped_column(Integer, default=0)
    notifications_sent: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
