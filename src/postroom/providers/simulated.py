"""Simulated providers: the embedded default, and where test keys' messages always go.

They accept everything and, shortly after, report a realistic outcome through the same receipt
path real providers use: delivered, or the failure GOV.UK Notify's simulated recipients get."""

from __future__ import annotations

import uuid

from postroom.domain.vocabulary import statuses
from postroom.providers.base import DeliveryReceipt, OutgoingEmail, OutgoingSms, ReceiptSink

# GOV.UK Notify's addresses and numbers for trying out failures with a test key.
PERMANENT_FAILURE_EMAIL = "perm-fail@simulator.notify"
TEMPORARY_FAILURE_EMAIL = "temp-fail@simulator.notify"
PERMANENT_FAILURE_NUMBER_SUFFIX = "7700900002"
TEMPORARY_FAILURE_NUMBER_SUFFIX = "7700900003"


def email_outcome(to: str) -> str:
    address = to.strip().lower()
    if address == PERMANENT_FAILURE_EMAIL:
        return statuses.PERMANENT_FAILURE
    if address == TEMPORARY_FAILURE_EMAIL:
        return statuses.TEMPORARY_FAILURE
    return statuses.DELIVERED


def sms_outcome(to: str) -> str:
    if to.endswith(PERMANENT_FAILURE_NUMBER_SUFFIX):
        return statuses.PERMANENT_FAILURE
    if to.endswith(TEMPORARY_FAILURE_NUMBER_SUFFIX):
        return statuses.TEMPORARY_FAILURE
    return statuses.DELIVERED


class SimulatedEmailProvider:
    name = "simulated-email"

    def __init__(self, receipt_sink: ReceiptSink) -> None:
        self.receipt_sink = receipt_sink

    def send_email(self, message: OutgoingEmail) -> str:
        reference = f"sim-{uuid.uuid4()}"
        self.receipt_sink(DeliveryReceipt(reference, email_outcome(message.to), self.name))
        return reference


class SimulatedSmsProvider:
    name = "simulated-sms"

    def __init__(self, receipt_sink: ReceiptSink) -> None:
        self.receipt_sink = receipt_sink

    def send_sms(self, message: OutgoingSms) -> str:
        reference = f"sim-{uuid.uuid4()}"
        self.receipt_sink(DeliveryReceipt(reference, sms_outcome(message.to), self.name))
        return reference
