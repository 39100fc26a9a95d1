"""Sanitising a precompiled letter for print, the words a failure is shown with, and its page
images."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image

from postroom.domain.letters import pdf_checks, pdf_drawing, precompiled
from postroom.domain.vocabulary.errors import NotFound
from tests.letter_pdfs import ADDRESS, address_block, joined, letter, pdf

BODY = ("Dear Ada, thank you for your letter.", 20, 110)


def _sanitised(content: bytes, allow_international=False) -> bytes:
    checked = pdf_checks.check(content, allow_international=allow_international)
    assert checked.passed
    return precompiled.sanitise(content, checked)


def _text_objects_in_window(content: bytes) -> int:
    document = pdfium.PdfDocument(content)
    page = document[0]
    _w, height = page.get_size()
    window = pdf_checks.ADDRESS_WINDOW.grown(pdf_checks.WINDOW_MARGIN_MM)
    return pdf_drawing.remove_text_within(
        page,
        window.left * pdf_checks.POINTS_PER_MM,
        height - window.bottom * pdf_checks.POINTS_PER_MM,
        window.right * pdf_checks.POINTS_PER_MM,
        height - window.top * pdf_checks.POINTS_PER_MM,
    )


def test_the_sanitised_letter_passes_again_with_the_address_written_once():
    original = letter(("ada lovelace", "12  high street", "sw1a1aa"), pages=2)
    sanitised = _sanitised(original)
    checked = pdf_checks.check(sanitised, allow_international=False)
    assert checked.passed and checked.page_count == 2
    # As the address rules tidy it, each line once: the original lines were taken out.
    assert checked.address_lines == ["ada lovelace", "12 high street", "SW1A 1AA"]
    assert _text_objects_in_window(sanitised) == 3
    assert _text_objects_in_window(original) == 3


def test_the_sanitised_letter_embeds_every_font():
    original = letter()  # Helvetica, named but not embedded
    assert pdf_drawing.has_unembedded_fonts(pdfium.PdfDocument(original))
    sanitised = _sanitised(original)
    assert not pdf_drawing.has_unembedded_fonts(pdfium.PdfDocument(sanitised))
    assert b"FontFile2" in sanitised or b"FontFile" in sanitised


def test_the_sanitised_letter_has_the_print_tag_on_its_first_page_only_once():
    sanitised = _sanitised(letter())
    document = pdfium.PdfDocument(sanitised)
    assert pdf_checks.has_print_tag(document[0])
    again = _sanitised(sanitised)
    text = pdf_checks.text_in(pdfium.PdfDocument(again)[0], pdf_checks.TAG_AREA)
    assert text.count(pdf_checks.PRINT_TAG) == 1


def test_a_downloaded_letter_inside_another_file_is_caught_on_its_page():
    downloaded = _sanitised(letter(pages=2))
    checked = pdf_checks.check(joined(letter(), downloaded), allow_international=False)
    assert (checked.message, checked.invalid_pages) == ("notify-tag-found-in-content", [2])


def test_a_letter_with_embedded_fonts_is_not_rewritten_by_ghostscript(monkeypatch):
    once = _sanitised(letter())
    monkeypatch.setattr(precompiled, "embed_fonts", lambda content: pytest.fail("rewritten"))
    assert pdf_checks.check(_sanitised(once), allow_international=False).passed


@pytest.mark.parametrize(
    ("pages", "named", "are_or_is"),
    [
        ([2], "page 2", "is"),
        ([1, 3], "pages 1 and 3", "are"),
        ([1, 2, 4], "pages 1, 2 and 4", "are"),
    ],
)
def test_a_failure_names_its_pages(pages, named, are_or_is):
    error = precompiled.validation_error("letter-not-a4-portrait-oriented", pages, 4)
    assert error["title"] == "Your letter is not A4 portrait size"
    assert error["detail"].startswith(f"You need to change the size or orientation of {named}.")
    assert error["summary"].startswith(f"Validation failed because {named} {are_or_is} not A4")


def test_every_code_the_checks_give_has_words():
    for code, (title, *_words) in precompiled.VALIDATION_MESSAGES.items():
        error = precompiled.validation_error(code, [1], 11)
        assert error["title"] == title and "{" not in error["detail"] + error["summary"]
    too_long = precompiled.validation_error("letter-too-long", [], 11)
    assert too_long["detail"].endswith("Your letter is 11 pages long.")


def test_page_images_and_the_red_overlay():
    content = pdf([[*address_block(ADDRESS), BODY, ("Stray", 3, 150)]])
    plain = Image.open(io.BytesIO(precompiled.page_png(content, 1)))
    red = Image.open(io.BytesIO(precompiled.page_png(content, 1, overlay=True))).convert("RGB")
    assert plain.size == red.size == (827, 1170)  # A4 at 100 dpi
    margin, body = (10, 600), (400, 800)
    assert plain.convert("RGB").getpixel(margin) == (255, 255, 255)
    r, g, b = red.getpixel(margin)
    assert r == 255 and g < 255 and b < 255  # reddened where nothing may be printed
    assert red.getpixel(body) == (255, 255, 255)
    with pytest.raises(NotFound):
        precompiled.page_png(content, 2)
