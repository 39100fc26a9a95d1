"""Templated letters made into real PDFs and read back with PDFium: where each part is printed
(the address in the envelope's window), the date and page numbers in English and Welsh, Welsh
then English, the print tag, the page limit, attachments and markdown."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from postroom.domain.letters import rendering
from postroom.domain.letters.rendering import Letter
from tests.fixtures.letter_pdfs import blank_pdf, page_count, page_size_mm, text_of, text_within

ADDRESS = ("Ada Lovelace", "12 High Street", "London", "SW1A 1AA")
# The envelope's window (reference 2.5: 24.6 to 120 mm across, 39.5 to 66.3 mm down).
WINDOW = (24.6, 39.5, 120, 66.3)
DAY = date(2026, 12, 4)


def _template(content="Dear ((name)),\n\nYour permit is ready.", subject="Your ((thing))", **kw):
    return SimpleNamespace(
        subject=subject,
        content=content,
        letter_languages=kw.get("letter_languages"),
        letter_welsh_subject=kw.get("welsh_subject"),
        letter_welsh_content=kw.get("welsh_content"),
    )


def _letter(template=None, values=None, **kw) -> Letter:
    values = {"name": "Ada", "thing": "parking permit"} if values is None else values
    return Letter(
        address=kw.pop("address", ADDRESS),
        contact_block=kw.pop("contact_block", "Parking Office\nTown Hall"),
        day=DAY,
        parts=rendering.parts_of(template or _template(), values),
        **kw,
    )


def test_the_address_is_printed_in_the_window_in_capitals_and_the_page_is_a4():
    pdf = rendering.render(_letter()).pdf
    assert page_size_mm(pdf) == (210.0, 297.0)
    assert text_within(pdf, *WINDOW) == "ADA LOVELACE\n12 HIGH STREET\nLONDON\nSW1A 1AA"
    # Nothing else reaches into the window.
    assert "Parking" not in text_within(pdf, *WINDOW)


def test_a_long_address_line_is_cut_at_the_window_not_wrapped():
    long_line = "Flat 1234567, The Very Long Name Of A Building With Many Words In It"
    pdf = rendering.render(_letter(address=(long_line, "High Street", "SW1A 1AA"))).pdf
    lines = text_within(pdf, 0, WINDOW[1], 210, WINDOW[3]).split("\n")
    assert len(lines) == 3 and lines[0].startswith("FLAT 1234567") and lines[1] == "HIGH STREET"


def test_contact_block_date_subject_body_and_page_number_in_their_places():
    pdf = rendering.render(_letter()).pdf
    assert text_within(pdf, 125, 5, 195, 95) == "Parking Office\nTown Hall"
    body = text_within(pdf, 15, 95, 195, 282)
    assert body.startswith("4 December 2026\nYour parking permit\nDear Ada,\nYour permit is ready.")
    assert text_within(pdf, 150, 282, 210, 297) == "Page 1 of 1"


def test_a_welsh_then_english_letter_is_welsh_first_with_welsh_dates_and_page_numbers():
    template = _template(
        letter_languages="welsh_then_english",
        welsh_subject="Eich ((thing))",
        welsh_content="Annwyl ((name)),",
    )
    pdf = rendering.render(_letter(template)).pdf
    assert page_count(pdf) == 2
    welsh, english = text_of(pdf, 1), text_of(pdf, 2)
    assert "4 Rhagfyr 2026\nEich parking permit\nAnnwyl Ada," in welsh
    assert text_within(pdf, 150, 282, 210, 297, page=1) == "Tudalen 1 o 1"
    assert "4 December 2026\nYour parking permit" in english
    assert text_within(pdf, 150, 282, 210, 297, page=2) == "Page 1 of 1"
    # The address and contact block are printed once, on the Welsh first page.
    assert "ADA LOVELACE" in welsh and "ADA LOVELACE" not in english
    assert "Parking Office" not in english


def test_the_print_version_has_the_white_tag_in_the_top_left_margin_and_the_preview_not():
    printed = rendering.render(_letter(), print_version=True).pdf
    assert text_within(printed, 0, 0, 15, 5) == rendering.PRINT_TAG == "POSTROOM"
    assert rendering.PRINT_TAG not in text_of(rendering.render(_letter()).pdf)


def test_pages_are_counted_by_laying_out_and_a_letter_over_10_pages_is_too_long():
    long = _template(content="\n\n".join(f"Paragraph {n}. " + "Words " * 60 for n in range(60)))
    letter = _letter(long)
    pages = rendering.page_count(letter)
    assert pages > 10 and rendering.render(letter).page_count == pages
    assert page_count(rendering.render(letter).pdf) == pages
    assert text_within(rendering.render(letter).pdf, 150, 282, 210, 297, page=2) == (
        f"Page 2 of {pages}"
    )
    with pytest.raises(rendering.LetterTooLong) as refused:
        rendering.check_length(pages)
    assert refused.value.message == (
        "Letters must be 10 pages or less (5 double-sided sheets of paper). "
        f"Your letter is {pages} pages long."
    )
    rendering.check_length(10)


@pytest.mark.parametrize(("pages", "sheets"), [(0, 0), (1, 1), (2, 1), (3, 2), (10, 5)])
def test_a_letter_is_charged_by_sheets_printed_on_both_sides(pages, sheets):
    assert rendering.sheets(pages) == sheets


def test_an_attachment_is_printed_after_the_letter_and_counted():
    attachment = blank_pdf(2)
    letter = _letter(attachment=attachment, attachment_pages=2)
    assert rendering.page_count(letter) == 3
    rendered = rendering.render(letter)
    assert rendered.page_count == 3 == page_count(rendered.pdf)
    assert "Your permit is ready" in text_of(rendered.pdf, 1)
    assert [text_of(rendered.pdf, n).strip() for n in (2, 3)] == [
        "Attached page 1",
        "Attached page 2",
    ]


def test_markdown_headings_lists_and_links_are_printed_and_html_is_printed_as_typed():
    template = _template(
        content="# Before you go\n\n* one\n* two\n\n[Our site](https://example.gov.uk) <b>x</b>"
    )
    text = text_of(rendering.render(_letter(template)).pdf)
    assert "Before you go\none\ntwo\nOur site: https://example.gov.uk <b>x</b>" in text


def test_missing_values_stay_as_placeholders_and_no_address_shows_the_address_placeholders():
    letter = _letter(values={}, address=rendering.address_for_preview(()))
    pdf = rendering.render(letter).pdf
    assert text_within(pdf, 0, WINDOW[1], 210, WINDOW[3]).split("\n")[:3] == [
        "((ADDRESS LINE 1))",
        "((ADDRESS LINE 2))",
        "((ADDRESS LINE 3))",
    ]
    assert "Dear ((name))," in text_of(pdf)


def test_a_letter_fetches_nothing_from_outside_it():
    template = _template(content="![x](https://example.com/tracker.png) file:///etc/passwd")
    text = text_of(rendering.render(_letter(template)).pdf)
    assert "file:///etc/passwd" in text  # printed as typed, not read
