"""Simulated providers: the embedded default, and where test keys' messages always go.

They accept everything and, shortly after, report a realistic outcome through the same receipt
path real providers use: delivered, or the failure GOV.UK Notify's simulated recipients get."""

from __future__ import annotations

import uuid
from contextlib import nullcontext

from postroom.providers.base import (
    DeliveryReceipt,
    Outcome,
    OutgoingEmail,
    OutgoingSms,
    ReceiptSink,
)

# GOV.UK Notify's addresses and numbers for trying out failures with a test key.
PERMANENT_FAILURE_EMAIL = "perm-fail@simulator.notify"
TEMPORARY_FAILURE_EMAIL = "temp-fail@simulator.notify"
PERMANENT_FAILURE_NUMBER_SUFFIX = "7700900002"
TEMPORARY_FAILURE_NUMBER_SUFFIX = "7700900003"


def email_outcome(to: str) -> Outcome:
    address = to.strip().lower()
    if address == PERMANENT_FAILURE_EMAIL:
        return Outcome.UNDELIVERABLE
    if address == TEMPORARY_FAILURE_EMAIL:
        return Outcome.NOT_DELIVERED
    return Outcome.DELIVERED


def sms_outcome(to: str) -> Outcome:
    if to.endswith(PERMANENT_FAILURE_NUMBER_SUFFIX):
        return Outcome.UNDELIVERABLE
    if to.endswith(TEMPORARY_FAILURE_NUMBER_SUFFIX):
        return Outcome.NOT_DELIVERED
    return Outcome.DELIVERED


class SimulatedEmailProvider:
    name = "simulated-email"

    def __init__(self, receipt_sink: ReceiptSink) -> None:
        self.receipt_sink = receipt_sink

    def kept_open(self):
        return nullcontext()

    def send_email(self, message: OutgoingEmail) -> str:
        reference = f"sim-{uuid.uuid4()}"
        self.receipt_sink(DeliveryReceipt(reference, email_outcome(message.to), self.name))
        return reference


class SimulatedSmsProvider:
    name = "simulated-sms"

    def __init__(self, receipt_sink: ReceiptSink) -> None:
        self.receipt_sink = receipt_sink

    def kept_open(self):
        return nullcontext()

    def send_sms(self, message: OutgoingSms) -> str:
        reference = f"sim-{uuid.uuid4()}"
        self.receipt_sink(DeliveryReceipt(reference, sms_outcome(message.to), self.name))
        return reference
