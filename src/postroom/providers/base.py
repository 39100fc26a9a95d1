"""What every provider offers, and what it hands back."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True)
class OutgoingEmail:
    notification_id: str
    from_address: str
    from_name: str
    to: str
    subject: str
    text_body: str
    html_body: str
    reply_to: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OutgoingSms:
    notification_id: str
    to: str  # E.164 digits without the plus
    sender: str
    content: str


class Outcome(StrEnum):
    """What a provider says became of a message, in a provider's terms: the domain decides
    which status each one means."""

    DELIVERED = "delivered"  # it reached the recipient
    IN_TRANSIT = "in-transit"  # on its way: a later report will say how it ended
    UNDELIVERABLE = "undeliverable"  # no such recipient: it will never arrive
    NOT_DELIVERED = "not-delivered"  # not this time (a full inbox, a phone off for days)
    PROVIDER_FAILED = "provider-failed"  # the provider itself could not handle it


@dataclass(frozen=True)
class DeliveryReceipt:
    """A provider's word on a message: its reference and what became of it."""

    reference: str
    outcome: Outcome
    provider: str
    detail: str | None = None


@dataclass(frozen=True)
class IncomingSms:
    """A text message someone sent to one of our numbers."""

    to: str  # our number, E.164 digits
    sender: str  # theirs
    content: str
    provider: str
    reference: str | None = None


ReceiptSink = Callable[[DeliveryReceipt], None]
InboundSink = Callable[[IncomingSms], None]


@dataclass(frozen=True)
class SessionSinks:
    """Where a provider that stays connected (SMPP) reports what arrives on its connection at
    any moment, long after the send that opened it."""

    receipt: ReceiptSink
    inbound: InboundSink


class ProviderError(Exception):
    """The provider did not take the message. Retryable errors are tried again later;
    `unreachable` ones (no connection could be made) say the same of every message sent now."""

    def __init__(self, message: str, *, retryable: bool, unreachable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.unreachable = unreachable


class EmailProvider(Protocol):
    name: str

    def kept_open(self) -> AbstractContextManager:
        """Within it, sends share one connection to the provider."""
        ...

    def send_email(self, message: OutgoingEmail) -> str:
        """Hand the message over; return the provider's reference for it."""
        ...


class SmsProvider(Protocol):
    name: str

    def kept_open(self) -> AbstractContextManager:
        """Within it, sends share one connection to the provider."""
        ...

    def send_sms(self, message: OutgoingSms) -> str:
        """Hand the message over; return the provider's reference for it."""
        ...
