"""What a print provider is given for each letter, and how it says it could not take one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class LetterToPrint:
    notification_id: str
    reference: str  # 16 characters, [A-Z0-9]: on the letter, and how the printer names it
    postage: str  # first, second, economy, europe or rest-of-world
    address_lines: tuple[str, ...]
    international: bool
    pdf: bytes
    pages: int
    sheets: int  # printed on both sides
    file_name: str  # NOTIFY.<reference>.D.<class>.C.<created>.PDF
    print_day: date
    service_id: str
    organisation_id: str | None
    # Where the printer reports the letter despatched or rejected (providers that call back).
    callback_url: str


class PrintFailed(Exception):
    """The provider did not take the letter: `retryable` when trying again later may work
    (it was down, busy, or our credentials needed renewing), not when the request was wrong."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class PrintProvider(Protocol):
    name: str

    def send(self, letter: LetterToPrint) -> None:
        """Hand one letter over for printing; a letter handed over twice is printed once."""
