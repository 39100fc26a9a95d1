"""Checking a precompiled letter's PDF as GOV.UK Notify's template-preview does, in its order:
readable and at most 10 pages, every page A4 portrait, nothing outside the printable area, no
print tag on pages 2 onwards (a letter downloaded from Postroom pasted into another), and an
address in the window that passes the postal address rules.

Pages are read with pypdfium2 (PDFium, the engine of Chromium's viewer): it rasterises for the
printable-area check and reads the text in the address window. Areas are in millimetres from the
page's top left corner, as the letter specification gives them."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field

import pypdf
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageOps

from postroom.domain.vocabulary.postal_address import InvalidAddress, PostalAddress, address_from

# The word printed in white in the first page's top left margin of every letter Postroom prints
# (the render helper's `rendering.PRINT_TAG` once it lands; the same value).
PRINT_TAG = "POSTROOM"
MAX_PAGES = 10
A4_MM = (210.0, 297.0)
A4_TOLERANCE_MM = 2.0
POINTS_PER_MM = 72 / 25.4
CHECK_DPI = 50  # enough to see a stray mark; one A4 page is 413 × 585 pixels
GENEROUS_MM = 1.0  # each allowed area is 1 mm larger, so anti-aliased edges do not fail
WINDOW_MARGIN_MM = 3.0  # the address is read from a little more than the window


@dataclass(frozen=True)
class Area:
    left: float
    top: float
    right: float
    bottom: float

    def grown(self, by: float) -> Area:
        return Area(self.left - by, self.top - by, self.right + by, self.bottom + by)

    def in_pixels(self, dpi: float) -> tuple[int, int, int, int]:
        scale = dpi / 25.4
        return (
            round(self.left * scale),
            round(self.top * scale),
            round(self.right * scale),
            round(self.bottom * scale),
        )


ADDRESS_WINDOW = Area(24.6, 39.5, 120.0, 66.3)
# Where content may be: the first page has its logo, sender's address, window and body areas.
FIRST_PAGE_AREAS = (
    Area(15.0, 5.0, 125.0, 30.0),  # logo
    Area(125.0, 5.0, 195.0, 95.0),  # the service's address
    ADDRESS_WINDOW,
    Area(15.0, 95.0, 195.0, 292.0),  # body
)
OTHER_PAGE_AREAS = (Area(15.0, 5.0, 195.0, 292.0),)
TAG_AREA = Area(0.0, 0.0, 105.0, 5.0)  # the top margin's left half, where the tag is printed


def allowed_areas(page_number: int) -> tuple[Area, ...]:
    return FIRST_PAGE_AREAS if page_number == 1 else OTHER_PAGE_AREAS


@dataclass
class Checked:
    """What the checks found: `message` is Notify's code (None when the letter passes), with
    the pages at fault; `address` is the window's address when it passed."""

    page_count: int | None = None
    message: str | None = None
    invalid_pages: list[int] = field(default_factory=list)
    address_lines: list[str] = field(default_factory=list)
    address: PostalAddress | None = None

    @property
    def passed(self) -> bool:
        return self.message is None


class UnreadablePdf(Exception):
    pass


def open_pdf(content: bytes) -> pdfium.PdfDocument:
    """The PDF, its rotated pages turned upright (their content rotated instead), so that every
    later step reads portrait pages in the page's own coordinates."""
    try:
        document = pdfium.PdfDocument(content)
        if any(page.get_rotation() for page in document):
            document = pdfium.PdfDocument(_upright(content))
    except (pdfium.PdfiumError, pypdf.errors.PyPdfError, ValueError) as error:
        raise UnreadablePdf(str(error)) from error
    return document


def _upright(content: bytes) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(content)))
    for page in writer.pages:
        if page.rotation:
            page.transfer_rotation_to_content()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_size_mm(page: pdfium.PdfPage) -> tuple[float, float]:
    width, height = page.get_size()
    return width / POINTS_PER_MM, height / POINTS_PER_MM


def _is_a4_portrait(page: pdfium.PdfPage) -> bool:
    width, height = page_size_mm(page)
    tolerance = A4_TOLERANCE_MM + 1e-3  # PDFium gives sizes as 32-bit floats
    return abs(width - A4_MM[0]) <= tolerance and abs(height - A4_MM[1]) <= tolerance


def render(page: pdfium.PdfPage, dpi: float, *, grey: bool = False) -> Image.Image:
    image = page.render(scale=dpi / 72, grayscale=grey).to_pil()
    return image.convert("L" if grey else "RGB")


def _has_content_outside(page: pdfium.PdfPage, page_number: int) -> bool:
    image = render(page, CHECK_DPI, grey=True)
    draw = ImageDraw.Draw(image)
    for area in allowed_areas(page_number):
        draw.rectangle(area.grown(GENEROUS_MM).in_pixels(CHECK_DPI), fill=255)
    # Any pixel left that is not pure white is content where the printer cannot print.
    return ImageOps.invert(image).getbbox() is not None


def text_in(page: pdfium.PdfPage, area: Area) -> str:
    _width, height = page.get_size()
    text = page.get_textpage()
    try:
        return text.get_text_bounded(
            left=area.left * POINTS_PER_MM,
            bottom=height - area.bottom * POINTS_PER_MM,
            right=area.right * POINTS_PER_MM,
            top=height - area.top * POINTS_PER_MM,
        )
    finally:
        text.close()


def has_print_tag(page: pdfium.PdfPage) -> bool:
    return PRINT_TAG in text_in(page, TAG_AREA.grown(1.0)).replace(" ", "")


def address_lines(page: pdfium.PdfPage) -> list[str]:
    raw = unicodedata.normalize("NFKD", text_in(page, ADDRESS_WINDOW.grown(WINDOW_MARGIN_MM)))
    return [" ".join(line.split()) for line in raw.splitlines() if line.strip()]


def address_of(lines: list[str], *, allow_international: bool) -> PostalAddress:
    """The window's lines as a postal address (InvalidAddress, with its code, if they are not
    one): the address rules take them as `address_line_1` onwards."""
    if not lines:
        raise InvalidAddress("The address block is empty", "address-is-empty")
    if len(lines) > 7:  # address_from reads seven lines at most
        raise InvalidAddress("Address must be no more than 7 lines", "too-many-address-lines")
    fields = {f"address_line_{n}": line for n, line in enumerate(lines, start=1)}
    return address_from(fields, allow_international=allow_international)


def check(content: bytes, *, allow_international: bool) -> Checked:
    try:
        document = open_pdf(content)
    except UnreadablePdf:
        return Checked(message="unable-to-read-the-file")
    try:
        return _check(document, allow_international)
    finally:
        document.close()


def _check(document: pdfium.PdfDocument, allow_international: bool) -> Checked:
    checked = Checked(page_count=len(document))
    if checked.page_count == 0:
        checked.message = "unable-to-read-the-file"
        return checked
    if checked.page_count > MAX_PAGES:
        checked.message = "letter-too-long"
        return checked
    pages = list(enumerate(document, start=1))
    for message, at_fault in (
        ("letter-not-a4-portrait-oriented", lambda number, page: not _is_a4_portrait(page)),
        ("content-outside-printable-area", lambda number, page: _has_content_outside(page, number)),
        ("notify-tag-found-in-content", lambda number, page: number > 1 and has_print_tag(page)),
    ):
        invalid = [number for number, page in pages if at_fault(number, page)]
        if invalid:
            checked.message, checked.invalid_pages = message, invalid
            return checked
    checked.address_lines = address_lines(document[0])
    try:
        checked.address = address_of(checked.address_lines, allow_international=allow_international)
    except InvalidAddress as error:
        checked.message = error.code
    return checked
