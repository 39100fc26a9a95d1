"""What goes into and comes out of SMPP 3.4 PDUs: a text message as the submit_sm parts it is
sent in, and deliver_sm read as a delivery receipt or as an inbound message."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from postroom.providers.base import Outcome
from postroom.text import gsm, sms

DATA_CODING_DEFAULT = 0x00  # the SMSC's default alphabet: GSM 03.38
DATA_CODING_LATIN1 = 0x03
DATA_CODING_UCS2 = 0x08
ESM_CLASS_UDHI = 0x40  # short_message starts with a user data header
ESM_CLASS_RECEIPT = 0x04  # deliver_sm is an SMSC delivery receipt
REGISTERED_DELIVERY_FINAL_RECEIPT = 0x01

TON_INTERNATIONAL, TON_NATIONAL, TON_NETWORK_SPECIFIC, TON_ALPHANUMERIC = 1, 2, 3, 5
NPI_UNKNOWN, NPI_E164 = 0, 1
TLV_MESSAGE_STATE = 0x0427
TLV_RECEIPTED_MESSAGE_ID = 0x001E

# What the receipt's `stat:` (and the message_state TLV's number) says became of a message.
# Expired and unknown messages may arrive on a later try; the rest will not.
RECEIPT_STATES = {
    "DELIVRD": Outcome.DELIVERED,
    "EXPIRED": Outcome.NOT_DELIVERED,
    "UNKNOWN": Outcome.NOT_DELIVERED,
    "DELETED": Outcome.UNDELIVERABLE,
    "UNDELIV": Outcome.UNDELIVERABLE,
    "REJECTD": Outcome.UNDELIVERABLE,
    "ACCEPTD": Outcome.IN_TRANSIT,
    "ENROUTE": Outcome.IN_TRANSIT,
}
MESSAGE_STATES = {
    1: "ENROUTE",
    2: "DELIVRD",
    3: "EXPIRED",
    4: "DELETED",
    5: "UNDELIV",
    6: "ACCEPTD",
    7: "UNKNOWN",
    8: "REJECTD",
}
_RECEIPT_FIELD = re.compile(r"(\w+(?: date)?):(\S*)")


@dataclass(frozen=True)
class Part:
    """One submit_sm's worth of a message."""

    short_message: bytes
    data_coding: int
    esm_class: int


@dataclass(frozen=True)
class Address:
    addr: str
    ton: int
    npi: int


def source_address(sender: str) -> Address:
    """A sender name is alphanumeric; a long number international; a short code the network's."""
    digits = sender.removeprefix("+")
    if not digits.isdigit():
        return Address(sender, TON_ALPHANUMERIC, NPI_UNKNOWN)
    if len(digits) <= 6:
        return Address(digits, TON_NETWORK_SPECIFIC, NPI_UNKNOWN)
    return Address(digits, TON_INTERNATIONAL, NPI_E164)


def destination_address(number: str) -> Address:
    return Address(number.removeprefix("+"), TON_INTERNATIONAL, NPI_E164)


def submit_parts(content: str, reference: int | None = None) -> list[Part]:
    """The message as the parts it is submitted in: GSM 03.38 when it can be, UCS-2 when not,
    several parts joined by a concatenation header when it is too long for one."""
    unicode = sms.is_unicode(content)
    data_coding = DATA_CODING_UCS2 if unicode else DATA_CODING_DEFAULT

    def encode(text: str) -> bytes:
        return text.encode("utf-16-be") if unicode else gsm.encode(text)

    texts = sms.fragments(content)
    if len(texts) == 1:
        return [Part(encode(texts[0]), data_coding, 0)]
    reference = random.randrange(256) if reference is None else reference
    return [
        Part(bytes((5, 0, 3, reference, len(texts), n)) + encode(text), data_coding, ESM_CLASS_UDHI)
        for n, text in enumerate(texts, start=1)
    ]


def _tlv(tlvs, tag: int):
    return next((tlv for tlv in tlvs if tlv.tag == tag), None)


def is_receipt(esm_class: int) -> bool:
    return bool(esm_class & ESM_CLASS_RECEIPT)


def receipt_outcome(short_message: bytes, tlvs) -> tuple[str, Outcome, str] | None:
    """(message id, what became of it, the SMSC's state) from a delivery receipt, or None when
    it names no message or state we know. The TLVs, when present, win over the text."""
    fields = dict(_RECEIPT_FIELD.findall(short_message.decode("latin-1")))
    id_tlv = _tlv(tlvs, TLV_RECEIPTED_MESSAGE_ID)
    state_tlv = _tlv(tlvs, TLV_MESSAGE_STATE)
    message_id = (id_tlv.as_string() if id_tlv else None) or fields.get("id")
    state = MESSAGE_STATES.get(state_tlv.as_int()) if state_tlv else None
    state = state or fields.get("stat", "").upper()
    if not message_id or state not in RECEIPT_STATES:
        return None
    return message_id, RECEIPT_STATES[state], state


def decode_text(short_message: bytes, data_coding: int) -> str:
    if data_coding == DATA_CODING_UCS2:
        return short_message.decode("utf-16-be", errors="replace")
    if data_coding == DATA_CODING_LATIN1:
        return short_message.decode("latin-1")
    return gsm.decode(short_message)


def split_header(short_message: bytes, esm_class: int) -> tuple[tuple[int, int, int] | None, bytes]:
    """((reference, total, number) of a concatenated part or None, the text's bytes)."""
    if not esm_class & ESM_CLASS_UDHI or not short_message:
        return None, short_message
    length = short_message[0]
    header, body = short_message[1 : 1 + length], short_message[1 + length :]
    position = 0
    while position + 2 <= len(header):
        element, size = header[position], header[position + 1]
        value = header[position + 2 : position + 2 + size]
        if element == 0x00 and size == 3:  # 8-bit reference
            return (value[0], value[1], value[2]), body
        if element == 0x08 and size == 4:  # 16-bit reference
            return (int.from_bytes(value[:2], "big"), value[2], value[3]), body
        position += 2 + size
    return None, body


class Reassembler:
    """Joins the parts of long inbound messages; a message is whole once every part is in.
    Parts of messages never completed are forgotten once `limit` others are waiting."""

    def __init__(self, limit: int = 1000) -> None:
        self.limit = limit
        self._waiting: dict[tuple, dict[int, str]] = {}

    def add(
        self, sender: str, short_message: bytes, esm_class: int, data_coding: int
    ) -> str | None:
        header, body = split_header(short_message, esm_class)
        text = decode_text(body, data_coding)
        if header is None:
            return text
        reference, total, number = header
        key = (sender, reference, total)
        parts = self._waiting.setdefault(key, {})
        parts[number] = text
        if len(parts) < total:
            if len(self._waiting) > self.limit:
                del self._waiting[next(iter(self._waiting))]
            return None
        del self._waiting[key]
        return "".join(parts[n] for n in sorted(parts))
