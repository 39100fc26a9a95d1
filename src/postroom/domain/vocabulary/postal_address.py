"""Postal addresses for letters: taken from `address_line_1` to `address_line_7` (or lines 1 to
6 and the older `postcode`) in the personalisation, checked by GOV.UK Notify's rules and in its
order, with its words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.text.placeholders import normalise_name, normalise_values

FIRST_SIX = tuple(f"address_line_{n}" for n in range(1, 7))
MIN_LINES, MAX_LINES = 3, 7
# A line may not start with one of these (they start formulas and markup on the way to print).
INVALID_FIRST_CHARACTERS = tuple('@()=[]"\\/,<>~')
INVALID_CHARACTERS_MESSAGE = (
    "Address lines must not start with any of the following characters: @ ( ) = [ ] ” \\ / , < >"
)
# Royal Mail's postcode areas, then district, sector and a unit without C, I, K, M, O or V.
POSTCODE_AREAS = (
    "AB|AL|B|BA|BB|BD|BF|BH|BL|BN|BR|BS|BT|BX|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|"
    "DH|DL|DN|DT|DY|E|EC|EH|EN|EX|FK|FY|G|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|"
    "JE|KA|KT|KW|KY|L|GIR|LA|LD|LE|LL|LN|LS|LU|M|ME|MK|ML|N|NE|NG|NN|NP|NR|NW|OL|OX|PA|"
    "PE|PH|PL|PO|PR|RG|RH|RM|S|SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|TA|TD|TF|TN|TQ|"
    "TR|TS|TW|UB|W|WA|WC|WD|WF|WN|WR|WS|WV|YO|ZE"
)
UK_POSTCODE = re.compile(rf"({POSTCODE_AREAS})[0-9][0-9A-Z]?[0-9][A-BD-HJLNP-UW-Z]{{2}}")
BFPO_LINE = re.compile(r"^\s*bfpo\s*(?:c/o)?(?:\s*(\d+))?\s*$", re.IGNORECASE)
# Names of the United Kingdom itself, dropped from the end of an address as Notify drops them.
UK_NAMES = {
    "uk",
    "u.k.",
    "united kingdom",
    "great britain",
    "britain",
    "gb",
    "england",
    "scotland",
    "wales",
    "northern ireland",
}
# Royal Mail's Europe zone (its other countries are the rest of the world), by English name.
EUROPE = frozenset(
    {
        "albania",
        "andorra",
        "armenia",
        "austria",
        "azerbaijan",
        "azores",
        "belarus",
        "belgium",
        "bosnia and herzegovina",
        "bulgaria",
        "canary islands",
        "croatia",
        "cyprus",
        "czechia",
        "czech republic",
        "denmark",
        "estonia",
        "faroe islands",
        "finland",
        "france",
        "georgia",
        "germany",
        "gibraltar",
        "greece",
        "greenland",
        "hungary",
        "iceland",
        "ireland",
        "republic of ireland",
        "italy",
        "kazakhstan",
        "kosovo",
        "kyrgyzstan",
        "latvia",
        "liechtenstein",
        "lithuania",
        "luxembourg",
        "madeira",
        "malta",
        "moldova",
        "monaco",
        "montenegro",
        "netherlands",
        "the netherlands",
        "north macedonia",
        "norway",
        "poland",
        "portugal",
        "romania",
        "russia",
        "san marino",
        "serbia",
        "slovakia",
        "slovenia",
        "spain",
        "sweden",
        "switzerland",
        "tajikistan",
        "turkey",
        "turkmenistan",
        "ukraine",
        "uzbekistan",
        "vatican city",
    }
)
NO_FIXED_ABODE = re.compile(r"no fixed (abode|address)", re.IGNORECASE)


class InvalidAddress(InvalidRequest):
    """An address that breaks a rule: the API's words, and the code Notify's precompiled letter
    validation names it by (`not-enough-address-lines`, ...)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class PostalAddress:
    lines: tuple[str, ...]
    international: bool

    @property
    def normalised(self) -> str:
        """For searching: lower case, one line, no punctuation worth ignoring."""
        return " ".join(" ".join(self.lines).lower().replace(",", " ").split())


def normalise_postcode(raw: str) -> str | None:
    """`sw1a1aa` as Royal Mail sorts it (`SW1A 1AA`), or None when it is not a real postcode."""
    compact = "".join(raw.split()).upper()
    if not UK_POSTCODE.fullmatch(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


# Keys match as placeholders do (`Address Line 1`, `address-line-1`), as Notify's.
_FIRST_SIX_KEYS = tuple(map(normalise_name, FIRST_SIX))
_LINE_7_KEY = normalise_name("address_line_7")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([,.])")


def _lines(personalisation: dict) -> list[str]:
    values = normalise_values(personalisation)
    last = _LINE_7_KEY if _LINE_7_KEY in values else "postcode"
    raw = "\n".join(str(values.get(key) or "") for key in (*_FIRST_SIX_KEYS, last))
    lines = []
    for typed in raw.splitlines():  # a value with line breaks in it is several lines
        line = " ".join(typed.split()).rstrip(" ,")
        if " ," in line or " ." in line:  # spaces are single now: the only way it can match
            line = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", line)
        if line:
            lines.append(line)
    return lines


def raw_address_lines(personalisation: dict) -> tuple[str, ...]:
    """The address as typed (spaces tidied), before any rule is checked: what a preview shows
    of an address that does not pass them."""
    return tuple(_lines(personalisation))


def _bfpo(lines: list[str]) -> tuple[str | None, list[str]]:
    """A British Forces Post Office number, and the lines without any BFPO line."""
    numbered = next((m for m in map(BFPO_LINE.match, lines) if m and m.group(1)), None)
    if numbered is None:
        return None, lines
    return f"BFPO {int(numbered.group(1))}", [line for line in lines if not BFPO_LINE.match(line)]


def _is_uk(line: str) -> bool:
    return " ".join(line.lower().split()) in UK_NAMES


def _country_of(lines: list[str]) -> tuple[bool, list[str]]:
    """Whether the last line names another country, and the lines without the name of the
    United Kingdom at their end. Another country is a last line with no digit that is not a
    postcode (Postroom keeps no list of countries)."""
    trailing_uk = 0
    while trailing_uk < len(lines) and _is_uk(lines[-1 - trailing_uk]):
        trailing_uk += 1
    if trailing_uk:
        return False, lines[:-trailing_uk]
    last = lines[-1] if lines else ""
    return bool(last) and not re.search(r"\d", last) and not normalise_postcode(last), lines


def address_from(personalisation: dict, *, allow_international: bool) -> PostalAddress:
    bfpo, lines = _bfpo(_lines(personalisation))
    international, lines = _country_of(lines)
    postcode = None if international or not lines else normalise_postcode(lines[-1])
    if postcode:
        lines = [*lines[:-1], postcode]
    if bfpo:
        lines = [*lines, bfpo]
    if len(lines) < MIN_LINES:
        raise InvalidAddress(
            f"Address must be at least {MIN_LINES} lines", "not-enough-address-lines"
        )
    if len(lines) > MAX_LINES:
        raise InvalidAddress(
            f"Address must be no more than {MAX_LINES} lines", "too-many-address-lines"
        )
    if bfpo and international:
        raise InvalidAddress(
            "The last line of a BFPO address must not be a country.", "has-country-for-bfpo-address"
        )
    if not (postcode or bfpo or (international and allow_international)):
        if allow_international:
            raise InvalidAddress(
                "Last line of address must be a real UK postcode or another country",
                "not-a-real-uk-postcode-or-country",
            )
        code = "cant-send-international-letters" if international else "not-a-real-uk-postcode"
        raise InvalidAddress("Must be a real UK postcode", code)
    if any(line.startswith(INVALID_FIRST_CHARACTERS) for line in lines):
        raise InvalidAddress(INVALID_CHARACTERS_MESSAGE, "invalid-char-in-address")
    if not all(any(c.isalnum() for c in line) for line in lines[:2]):
        raise InvalidAddress(
            "The first 2 lines of the address must both include at least one alphanumeric "
            "character",
            "invalid-address-line-1-or-2",
        )
    if any(line.lower() == "nfa" for line in lines) or NO_FIXED_ABODE.search("\n".join(lines)):
        raise InvalidAddress("Must be a real address", "no-fixed-abode-address")
    return PostalAddress(tuple(lines), international=international)


def postage_zone(address: PostalAddress) -> str | None:
    """`europe` or `rest-of-world` for an address abroad (by its last line, the country)."""
    if not address.international:
        return None
    country = " ".join(address.lines[-1].lower().split())
    return "europe" if country in EUROPE else "rest-of-world"
