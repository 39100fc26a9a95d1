"""Templated letters as GOV.UK Notify prints them (reference 2.1): A4, the logo, the address in
the envelope's window, the contact block, the date, the subject as a heading, the body from
markdown and "Page X of Y"; Welsh then English for a bilingual template; the template's attached
PDF after the letter. Made by WeasyPrint from the HTML and style sheet beside this module.

Laying a letter out is most of the cost of making its PDF, so counting its pages (as the API
does before it answers) lays it out without writing a file."""

from __future__ import annotations

import base64
import functools
import io
import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2
import pypdf
import weasyprint
from markupsafe import Markup
from weasyprint.text.fonts import FontConfiguration

from postroom.domain.templates.templates import WELSH_THEN_ENGLISH
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.text.markdown import to_letter_html
from postroom.text.placeholders import fill, format_list_inline, missing_placeholders
from postroom.text.templates import render_letter

# The white tag in the top-left margin of a printed letter's first page, which the precompiled
# letters' validator looks for (a letter downloaded from Postroom cannot be sent again unseen).
PRINT_TAG = "POSTROOM"
MAX_PAGES = 10  # 5 double-sided sheets
TOO_LONG = (
    "Letters must be 10 pages or less (5 double-sided sheets of paper). "
    "Your letter is {} pages long."
)
ENGLISH, WELSH = "english", "welsh"
WELSH_MONTHS = (
    "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
    "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
)  # fmt: skip
FOOTERS = {ENGLISH: ("Page", "of"), WELSH: ("Tudalen", "o")}
# A template's address before it is filled in: Notify's seven address placeholders.
ADDRESS_PLACEHOLDERS = tuple(f"((address line {n}))" for n in range(1, 8))

_HERE = Path(__file__).parent / "templates"
_PAGE = jinja2.Environment(
    loader=jinja2.FileSystemLoader(_HERE), autoescape=True, undefined=jinja2.StrictUndefined
).get_template("letter.html.jinja2")
# A letter reads nothing from outside it: its logo comes as a data URL.
_FETCHER = weasyprint.URLFetcher(allowed_protocols={"data"})
# Fonts are found once a thread, not once a letter (a third of laying one out); Pango's font
# map is not to be shared between threads.
_FONTS = threading.local()


class LetterTooLong(InvalidRequest):
    def __init__(self, pages: int) -> None:
        super().__init__(TOO_LONG.format(pages))
        self.pages = pages


@dataclass(frozen=True)
class Part:
    """The letter in one language: its subject and body, personalised."""

    language: str
    subject: str  # escaped already
    body_html: str


@dataclass(frozen=True)
class Letter:
    """Everything printed on a letter, filled in."""

    address: tuple[str, ...]
    contact_block: str | None
    day: date
    parts: tuple[Part, ...]  # Welsh first when bilingual
    logo_svg: bytes | None = None
    attachment: bytes | None = None  # a PDF, appended after the letter
    attachment_pages: int = 0


@dataclass(frozen=True)
class RenderedLetter:
    pdf: bytes
    page_count: int


def sheets(page_count: int) -> int:
    """What a letter is charged as: sheets of paper, printed on both sides."""
    return math.ceil(page_count / 2)


def date_line(day: date, language: str) -> str:
    if language == WELSH:
        return f"{day.day} {WELSH_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {day:%B %Y}"


def parts_of(template, values: Mapping[str, object] | None) -> tuple[Part, ...]:
    """The template's (or version's) letter in each of its languages, personalised."""
    languages = [(ENGLISH, template.subject or "", template.content)]
    if template.letter_languages == WELSH_THEN_ENGLISH:
        welsh = (WELSH, template.letter_welsh_subject or "", template.letter_welsh_content or "")
        languages.insert(0, welsh)
    parts = []
    for language, subject, content in languages:
        message = render_letter(subject, content, values)
        parts.append(Part(language, message.subject, to_letter_html(message.body)))
    return tuple(parts)


def fill_contact_block(contact_block: str | None, values: Mapping[str, object] | None) -> str:
    """Placeholders are allowed in the contact block, as in Notify."""
    return fill(contact_block or "", values, format_value=_inline).strip()


def missing_in_contact_block(contact_block: str | None, values) -> list[str]:
    return missing_placeholders([contact_block], values)


def _inline(value: object) -> str:
    return format_list_inline(value) if isinstance(value, list) else str(value)


@functools.cache
def _style_sheets(language: str) -> list[weasyprint.CSS]:
    """Parsed once a process: the letter's style sheet, and its page numbers in `language`."""
    page, of = FOOTERS[language]
    footer = (
        f'@page {{ @bottom-right {{ content: "{page} " counter(page) " {of} " counter(pages) }} }}'
    )
    return [weasyprint.CSS(filename=str(_HERE / "letter.css")), weasyprint.CSS(string=footer)]


def _font_config() -> FontConfiguration:
    if not hasattr(_FONTS, "config"):
        _FONTS.config = FontConfiguration()
    return _FONTS.config


def _html(letter: Letter, part: Part, *, first: bool, print_version: bool) -> str:
    logo = letter.logo_svg and "data:image/svg+xml;base64," + base64.b64encode(
        letter.logo_svg
    ).decode("ascii")
    return _PAGE.render(
        welsh=part.language == WELSH,
        first_page=first,
        print_tag=PRINT_TAG if print_version and first else None,
        logo=logo,
        address=letter.address,
        contact_block=letter.contact_block,
        date=date_line(letter.day, part.language),
        subject=Markup(part.subject),
        body=Markup(part.body_html),
    )


def _laid_out(letter: Letter, print_version: bool) -> list[weasyprint.Document]:
    """Each language laid out as its own document (its own page numbers); the first page's
    address, logo and contact block only once, at the start."""
    return [
        weasyprint.HTML(
            string=_html(letter, part, first=index == 0, print_version=print_version),
            url_fetcher=_FETCHER,
        ).render(stylesheets=_style_sheets(part.language), font_config=_font_config())
        for index, part in enumerate(letter.parts)
    ]


def page_count(letter: Letter) -> int:
    """Pages the letter will print on, its attachment's included."""
    return sum(len(doc.pages) for doc in _laid_out(letter, False)) + letter.attachment_pages


def check_length(pages: int) -> None:
    if pages > MAX_PAGES:
        raise LetterTooLong(pages)


def render(letter: Letter, *, print_version: bool = False) -> RenderedLetter:
    """The letter's PDF: a preview's, or (with `print_version`) the one that is printed, tagged."""
    documents = _laid_out(letter, print_version)
    pages = [page for doc in documents for page in doc.pages]
    pdf = documents[0].copy(pages).write_pdf()
    if letter.attachment is None:
        return RenderedLetter(pdf, len(pages))
    return RenderedLetter(*append_pdf(pdf, letter.attachment))


def append_pdf(first: bytes, second: bytes) -> tuple[bytes, int]:
    """`second`'s pages after `first`'s, and how many pages there are in all."""
    writer = pypdf.PdfWriter()
    for part in (first, second):
        writer.append(pypdf.PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def address_for_preview(lines: Sequence[str]) -> tuple[str, ...]:
    """The lines as given, or the address placeholders when there are none yet."""
    shown = tuple(line for line in lines if line.strip())
    return shown or ADDRESS_PLACEHOLDERS
