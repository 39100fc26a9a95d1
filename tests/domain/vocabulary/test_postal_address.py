"""Postal addresses checked as GOV.UK Notify checks them (notifications-utils' PostalAddress and
the API's validate_address)."""

from __future__ import annotations

import pytest

from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.postal_address import address_from, normalise_postcode, postage_zone


def _address(*lines: str, allow_international: bool = False, **named):
    personalisation = {f"address_line_{n}": line for n, line in enumerate(lines, start=1)}
    return address_from({**personalisation, **named}, allow_international=allow_international)


def _refusal(*lines: str, **options) -> str:
    with pytest.raises(InvalidRequest) as error:
        _address(*lines, **options)
    return error.value.message


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        (" EC1A 1BB ", "EC1A 1BB"),
        ("m11ae", "M1 1AE"),
        ("NOPE", None),
        ("QQ1 1AA", None),  # no such postcode area
        ("SW1A 1AC", None),  # the unit never uses C, I, K, M, O or V
    ],
)
def test_postcodes(raw, clean):
    assert normalise_postcode(raw) == clean


def test_lines_are_tidied_and_blank_ones_dropped():
    address = _address("  Ada   Lovelace ,", "", "12 High Street , Flat 2", postcode="sw1a 1aa")
    assert address.lines == ("Ada Lovelace", "12 High Street, Flat 2", "SW1A 1AA")


def test_address_line_7_takes_the_place_of_postcode():
    address = _address("A", "B", "C", "D", "E", "F", "SW1A 1AA", postcode="ignored")
    assert address.lines[-1] == "SW1A 1AA" and len(address.lines) == 7


def test_address_keys_match_as_spreadsheet_headers_are_written():
    address = address_from(
        {"Address Line 1": "A", "address-line-2": "1 High Street", "ADDRESSLINE3": "SW1A 1AA"},
        allow_international=False,
    )
    assert address.lines == ("A", "1 High Street", "SW1A 1AA")


def test_the_united_kingdom_named_at_the_end_is_dropped():
    assert _address("A", "1 High Street", "SW1A 1AA", "United Kingdom").lines == (
        "A",
        "1 High Street",
        "SW1A 1AA",
    )


def test_international_addresses_need_the_permission():
    lines = ("A", "1 Rue de Rivoli", "France")
    assert _address(*lines, allow_international=True).international
    assert _refusal(*lines) == "Must be a real UK postcode"
    assert (
        _refusal("A", "1 High Street", "SW1A 1", allow_international=True)
        == "Last line of address must be a real UK postcode or another country"
    )


def test_bfpo_addresses():
    address = _address("Sgt A Lovelace", "Unit 4", "bfpo 0801")
    assert address.lines == ("Sgt A Lovelace", "Unit 4", "BFPO 801")
    with_postcode = _address("Sgt A Lovelace", "Unit 4", "BFPO 801", "bf1 4aa")
    assert with_postcode.lines == ("Sgt A Lovelace", "Unit 4", "BF1 4AA", "BFPO 801")
    assert (
        _refusal("Sgt A Lovelace", "Unit 4", "BFPO 801", "Germany", allow_international=True)
        == "The last line of a BFPO address must not be a country."
    )


@pytest.mark.parametrize("first", list('@()=[]"\\/,<>~'))
def test_lines_starting_with_a_formula_or_markup_character_are_refused(first):
    assert _refusal("A", f"{first}1 High Street", "SW1A 1AA").startswith(
        "Address lines must not start with any of the following characters"
    )


@pytest.mark.parametrize("line", ["NFA", "nfa", "No fixed abode", "c/o no fixed address"])
def test_no_fixed_abode_is_not_an_address(line):
    assert _refusal("A", line, "SW1A 1AA") == "Must be a real address"


def test_the_rules_are_checked_in_notifys_order():
    # Too few lines speaks before the postcode; the postcode before the characters.
    assert _refusal("=A", "nope") == "Address must be at least 3 lines"
    assert _refusal("=A", "B", "nope") == "Must be a real UK postcode"


def test_the_first_two_lines_need_a_letter_or_digit():
    assert _refusal("Ada", "-", "SW1A 1AA") == (
        "The first 2 lines of the address must both include at least one alphanumeric character"
    )
    assert _address("Ada", "1", "SW1A 1AA").lines[1] == "1"


@pytest.mark.parametrize(
    ("country", "zone"),
    [("France", "europe"), ("Bosnia and Herzegovina", "europe"), ("Japan", "rest-of-world")],
)
def test_an_address_abroad_has_its_postage_zone(country, zone):
    address = _address("Ada", "1 Main Street", country, allow_international=True)
    assert postage_zone(address) == zone
    assert postage_zone(_address("Ada", "1 High Street", "SW1A 1AA")) is None
