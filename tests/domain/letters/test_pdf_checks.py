"""A precompiled letter's checks, each failure with a real PDF made for it, in Notify's order."""

from __future__ import annotations

import pytest

from postroom.domain.letters import pdf_checks
from tests.letter_pdfs import ADDRESS, address_block, joined, letter, pdf

BODY = ("Dear Ada, thank you for your letter.", 20, 110)
A5 = (148, 210)


def _pages(*pages, **kwargs):
    return pdf(list(pages), **kwargs)


def _with_address(*lines, **kwargs):
    return _pages([*address_block(lines, **kwargs), BODY])


CASES = {
    "not a PDF": (b"Dear Ada", "unable-to-read-the-file", []),
    "a PDF cut short": (letter()[:200], "unable-to-read-the-file", []),
    "11 pages": (letter(pages=11), "letter-too-long", []),
    "A5": (letter(size=A5), "letter-not-a4-portrait-oriented", [1]),
    "landscape": (letter(size=(297, 210)), "letter-not-a4-portrait-oriented", [1]),
    "page 2 of 3 is A5": (
        joined(letter(), letter(size=A5), letter()),
        "letter-not-a4-portrait-oriented",
        [2],
    ),
    "4 mm too tall": (letter(size=(210, 301)), "letter-not-a4-portrait-oriented", [1]),
    "text in the left margin": (
        _pages([*address_block(), BODY, ("Ref 123", 3, 150)]),
        "content-outside-printable-area",
        [1],
    ),
    "text beside the window": (
        _pages([*address_block(), BODY, ("Ref 123", 16, 75)]),
        "content-outside-printable-area",
        [1],
    ),
    "text at the foot of pages 2 and 3": (
        _pages([*address_block(), BODY], [("Page 2", 20, 294)], [("Page 3", 100, 294)]),
        "content-outside-printable-area",
        [2, 3],
    ),
    "the tag on page 2": (
        _pages([*address_block(), BODY], [BODY, (pdf_checks.PRINT_TAG, 1.8, 1.8, "white")]),
        "notify-tag-found-in-content",
        [2],
    ),
    "no address": (_pages([BODY]), "address-is-empty", []),
    "two lines": (_with_address("Ada Lovelace", "SW1A 1AA"), "not-enough-address-lines", []),
    "eight lines": (
        pdf(
            [[*address_block([f"Line {n}" for n in range(1, 8)] + ["SW1A 1AA"], spacing=3)]],
            font_size=6,
        ),
        "too-many-address-lines",
        [],
    ),
}


# The address in the window, and what the address rules say of it.
ADDRESS_CASES = {
    "no postcode": (("Ada", "1 High Street", "London W1"), "not-a-real-uk-postcode"),
    "abroad": (("Ada", "1 Rue de la Paix", "Paris", "France"), "cant-send-international-letters"),
    "a bracket first": (("Ada", "(12) High Street", "SW1A 1AA"), "invalid-char-in-address"),
    "no letter or digit": (("---", "12 High Street", "SW1A 1AA"), "invalid-address-line-1-or-2"),
    "BFPO abroad": (("Sgt Ada", "Unit 1", "BFPO 123", "France"), "has-country-for-bfpo-address"),
    "no fixed abode": (("Ada", "No fixed abode", "SW1A 1AA"), "no-fixed-abode-address"),
}


@pytest.mark.parametrize(("lines", "message"), ADDRESS_CASES.values(), ids=ADDRESS_CASES.keys())
def test_each_address_failure_has_its_code(lines, message):
    checked = pdf_checks.check(_with_address(*lines), allow_international=False)
    assert (checked.message, checked.address_lines) == (message, list(lines))


@pytest.mark.parametrize(("content", "message", "pages"), CASES.values(), ids=CASES.keys())
def test_each_failure_has_its_code_and_pages(content, message, pages):
    checked = pdf_checks.check(content, allow_international=False)
    assert (checked.message, checked.invalid_pages) == (message, pages)
    assert not checked.passed and checked.address is None


def test_a_good_letter_passes_with_its_address():
    checked = pdf_checks.check(letter(pages=10), allow_international=False)
    assert checked.passed and checked.page_count == 10
    assert checked.address.lines == ADDRESS and not checked.address.international


def test_too_long_is_found_before_anything_else():
    checked = pdf_checks.check(letter(pages=11, size=A5), allow_international=False)
    assert (checked.message, checked.page_count) == ("letter-too-long", 11)


def test_size_is_found_before_content_outside_the_printable_area():
    content = _pages([*address_block(), ("Ref", 3, 150)], size=(297, 210))
    checked = pdf_checks.check(content, allow_international=False)
    assert checked.message == "letter-not-a4-portrait-oriented"


def test_a_landscape_page_turned_upright_is_a4_portrait():
    # 297 × 210 mm shown rotated by 90°: portrait as printed; its text stays where it was drawn.
    content = _pages([("Sideways", 20, 150)], size=(297, 210), rotate=90)
    assert pdf_checks.check(content, allow_international=False).message != (
        "letter-not-a4-portrait-oriented"
    )


def test_2_mm_either_way_is_still_a4():
    assert pdf_checks.check(letter(size=(212, 295)), allow_international=False).passed


def test_another_country_passes_with_the_permission_and_is_international():
    content = _with_address("Ada", "1 Rue de la Paix", "75002 Paris", "France")
    checked = pdf_checks.check(content, allow_international=True)
    assert checked.passed and checked.address.international
    assert checked.address.lines[-1] == "France"


def test_a_last_line_neither_postcode_nor_country_with_the_permission():
    checked = pdf_checks.check(
        _with_address("Ada", "1 High Street", "ZZ99 9ZZ"), allow_international=True
    )
    assert checked.message == "not-a-real-uk-postcode-or-country"


def test_the_address_is_read_with_a_little_room_around_the_window():
    # 2 mm above the window: within the 3 mm read around it, and the 1 mm it may be printed.
    assert pdf_checks.check(_with_address(*ADDRESS, top=38.6), allow_international=False).passed


def test_the_address_is_normalised_as_nfkd():
    content = _pages([*address_block(("Ada Lovelace", "12 High Street", "SW1A 1AA")), BODY])
    lines = pdf_checks.check(content, allow_international=False).address_lines
    assert lines == ["Ada Lovelace", "12 High Street", "SW1A 1AA"]
    assert pdf_checks.address_of(["Ｕnit ２", "12 High St", "SW1A 1AA"],
                                 allow_international=False).lines[0] == "Ｕnit ２"  # fmt: skip
