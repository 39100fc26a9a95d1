"""Telling a file's type from its content, for files sent by email without a filename."""

from __future__ import annotations

import io
import zipfile

import pytest

from postroom.domain.sending.file_types import FILE_TYPES, sniffed
from tests.files_to_send import small_csv, small_pdf


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "content, mimetype",
    [
        (small_pdf(), "application/pdf"),
        (small_csv(), "text/plain"),
        ("Dear résident\r\n".encode(), "text/plain"),
        (b'{"amount": 12.5}', "application/json"),
        (b"{not json", "text/plain"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"{\\rtf1\\ansi Hello}", "text/rtf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "application/msword"),
        (zipped({"word/document.xml": b"<w/>"}), FILE_TYPES["docx"][0]),
        (zipped({"xl/workbook.xml": b"<x/>"}), FILE_TYPES["xlsx"][0]),
        (zipped({"mimetype": FILE_TYPES["odt"][0].encode()}), FILE_TYPES["odt"][0]),
        (zipped({"readme.txt": b"hi"}), "application/zip"),
        (b"PK\x03\x04 truncated", "application/octet-stream"),
        (b"\x00\x01\x02binary", "application/octet-stream"),
        (b"\xff\xfe\xfa not utf-8", "application/octet-stream"),
    ],
)
def test_a_files_type_is_told_by_its_first_bytes(content, mimetype):
    assert sniffed(content) == mimetype
