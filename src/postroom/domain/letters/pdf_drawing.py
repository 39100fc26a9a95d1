"""Drawing on a PDF page with PDFium (through pypdfium2's raw bindings): white boxes, text in an
embedded TrueType font, and taking text out of an area. One library reads, checks and changes a
precompiled letter, and PDFium embeds (a subset of) the font it draws with, as printers want.

Coordinates are PDF points from the page's bottom left corner."""

from __future__ import annotations

import ctypes
import io
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

# Debian's fonts-liberation: Liberation Sans has Arial's metrics (Notify writes in Arial).
FONT_FILE = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)


@lru_cache(maxsize=1)
def _font_bytes() -> bytes:
    return FONT_FILE.read_bytes()


class Drawing:
    """What is drawn on one document; the font is loaded (and embedded) once per document."""

    def __init__(self, document: pdfium.PdfDocument) -> None:
        self.document = document
        data = _font_bytes()
        self._font_data = ctypes.create_string_buffer(data, len(data))  # kept alive with us
        self.font = raw.FPDFText_LoadFont(
            document.raw,
            ctypes.cast(self._font_data, ctypes.POINTER(ctypes.c_uint8)),
            len(data),
            raw.FPDF_FONT_TRUETYPE,
            True,  # as a CID font: every character, not only Latin-1
        )

    def box(self, page: pdfium.PdfPage, left, bottom, width, height, colour=WHITE) -> None:
        rect = raw.FPDFPageObj_CreateNewRect(left, bottom, width, height)
        raw.FPDFPageObj_SetFillColor(rect, *colour, 255)
        raw.FPDFPath_SetDrawMode(rect, raw.FPDF_FILLMODE_WINDING, False)
        raw.FPDFPage_InsertObject(page.raw, rect)

    def text(self, page: pdfium.PdfPage, text: str, x, y, size, colour=BLACK) -> None:
        obj = raw.FPDFPageObj_CreateTextObj(self.document.raw, self.font, size)
        wide = _utf16(text)
        raw.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_SetFillColor(obj, *colour, 255)
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        raw.FPDFPage_InsertObject(page.raw, obj)


def _utf16(text: str) -> ctypes.Array:
    encoded = (text + "\0").encode("utf-16-le")
    return ctypes.create_string_buffer(encoded, len(encoded))


def remove_text_within(page: pdfium.PdfPage, left, bottom, right, top) -> int:
    """Take out the page's own text objects lying wholly within the rectangle (text inside form
    XObjects stays, under whatever is drawn over it); how many went."""
    inside = [
        obj
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=1)
        if _within(obj.get_bounds(), left, bottom, right, top)
    ]
    for obj in inside:
        page.remove_obj(obj)
    return len(inside)


def _within(bounds, left, bottom, right, top) -> bool:
    obj_left, obj_bottom, obj_right, obj_top = bounds
    return obj_left >= left and obj_right <= right and obj_bottom >= bottom and obj_top <= top


def has_unembedded_fonts(document: pdfium.PdfDocument) -> bool:
    for page in document:
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]):
            font = raw.FPDFTextObj_GetFont(obj.raw)
            if font and not raw.FPDFFont_GetIsEmbedded(font):
                return True
    return False


def saved(document: pdfium.PdfDocument, changed_pages=()) -> bytes:
    """The document as a PDF, with the content streams of `changed_pages` written anew."""
    for page in changed_pages:
        page.gen_content()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
