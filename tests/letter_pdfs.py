"""Real PDFs for the letter tests, written with pypdf: pages of any size, text (Helvetica, not
embedded, as many office programs leave it) placed in millimetres from the top left."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

POINTS_PER_MM = 72 / 25.4
ADDRESS = ("Ada Lovelace", "12 High Street", "London", "SW1A 1AA")
A4 = (210, 297)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(height_pt: float, texts: list[tuple], size: float) -> bytes:
    """Each text's top left corner at (x mm, y mm) from the page's top left; a fourth item
    `"white"` writes it in white."""
    commands = []
    for text, x, y, *colour in texts:
        baseline = height_pt - y * POINTS_PER_MM - size
        fill = "1 1 1 rg" if colour == ["white"] else "0 0 0 rg"
        commands.append(
            f"BT {fill} /F1 {size} Tf {x * POINTS_PER_MM:.2f} {baseline:.2f} Td "
            f"({_escaped(text)}) Tj ET"
        )
    return "\n".join(commands).encode("latin-1")


def address_block(lines=ADDRESS, top: float = 42, spacing: float = 4) -> list[tuple]:
    return [(line, 26, top + spacing * n) for n, line in enumerate(lines)]


def pdf(pages: list[list[tuple]], size=A4, rotate: int = 0, font_size=9):
    """A PDF of `pages`, each a list of (text, x mm, y mm)."""
    writer = PdfWriter()
    width, height = size[0] * POINTS_PER_MM, size[1] * POINTS_PER_MM
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for texts in pages:
        page = writer.add_blank_page(width, height)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = DecodedStreamObject()
        stream.set_data(_content(height, texts, font_size))
        page[NameObject("/Contents")] = writer._add_object(stream)
        if rotate:
            page.rotate(rotate)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def letter(lines=ADDRESS, pages: int = 1, body="Dear Ada, thank you for your letter.", **kwargs):
    """A letter that passes every check: the address in the window, a line of body text."""
    first = [*address_block(lines), (body, 20, 110)]
    return pdf([first] + [[(f"Page {n}", 20, 20)] for n in range(2, pages + 1)], **kwargs)


def joined(*files: bytes) -> bytes:
    """The files' pages one after another, as someone pasting letters into one file."""
    writer = PdfWriter()
    for content in files:
        writer.append(io.BytesIO(content))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
