"""Postal addresses for letters: taken from `address_line_1` to `address_line_7` (and the older
`postcode`) in the personalisation, checked as GOV.UK Notify checks them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from postroom.domain.vocabulary.errors import InvalidRequest

ADDRESS_FIELDS = tuple(f"address_line_{n}" for n in range(1, 8))
MIN_LINES, MAX_LINES = 3, 7
# Outward code, space optional, inward code; BFPO addresses are out of scope.
UK_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2})$")


@dataclass(frozen=True)
class PostalAddress:
    lines: tuple[str, ...]
    international: bool

    @property
    def normalised(self) -> str:
        """For searching: lower case, one line, no punctuation worth ignoring."""
        return " ".join(" ".join(self.lines).lower().replace(",", " ").split())


def normalise_postcode(raw: str) -> str | None:
    compact = re.sub(r"\s+", "", raw.upper())
    if not UK_POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def address_from(personalisation: dict, *, allow_international: bool) -> PostalAddress:
    values = {str(k).lower().replace(" ", "_"): v for k, v in (personalisation or {}).items()}
    lines = [str(values[f]).strip() for f in ADDRESS_FIELDS if str(values.get(f) or "").strip()]
    if str(values.get("postcode") or "").strip():
        lines.append(str(values["postcode"]).strip())
    if len(lines) < MIN_LINES:
        raise InvalidRequest(f"Address must be at least {MIN_LINES} lines")
    if len(lines) > MAX_LINES:
        raise InvalidRequest(f"Address must be no more than {MAX_LINES} lines")
    postcode = normalise_postcode(lines[-1])
    if postcode:
        return PostalAddress((*lines[:-1], postcode), international=False)
    if allow_international and not re.search(r"\d", lines[-1]):
        return PostalAddress(tuple(lines), international=True)
    if allow_international:
        raise InvalidRequest("Last line of address must be a real UK postcode or another country")
    raise InvalidRequest("Must be a real UK postcode")
