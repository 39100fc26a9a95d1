"""What the web interface shows of a letter: its PDF, and each page as a PNG (150 dpi, as
Notify's previews), drawn by PDFium. A page seen once is usually asked for again at once (the
page lists its images, each is fetched), so the last few PDFs made are kept."""

from __future__ import annotations

import functools
import io

import pypdfium2

from postroom.domain.letters.rendering import Letter, RenderedLetter, render
from postroom.domain.vocabulary.errors import NotFound

DPI = 150


@functools.lru_cache(maxsize=16)
def preview(letter: Letter) -> RenderedLetter:
    """The letter's preview PDF (no print tag), made once for the same letter."""
    return render(letter)


def png_page(pdf: bytes, page_number: int, dpi: int = DPI) -> bytes:
    """Page `page_number` (from 1) of `pdf` as a PNG; NotFound past the last page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        if not 1 <= page_number <= len(document):
            raise NotFound()
        page = document[page_number - 1]
        image = page.render(scale=dpi / 72).to_pil()
        page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def page_count_of(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()
