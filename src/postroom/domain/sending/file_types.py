"""The kinds of file a service may send by email (GOV.UK Notify's list), and telling a file's
kind from its first bytes when no filename says it."""

from __future__ import annotations

import io
import json
import zipfile

# extension: mimetype, and what the download page calls it (Notify's words)
FILE_TYPES = {
    "pdf": ("application/pdf", "PDF"),
    "csv": ("text/csv", "CSV file"),
    "txt": ("text/plain", "text file"),
    "json": ("application/json", "JSON file"),
    "doc": ("application/msword", "Microsoft Word document"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Microsoft Word document",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Microsoft Excel spreadsheet",
    ),
    "odt": ("application/vnd.oasis.opendocument.text", "text file"),
    "rtf": ("text/rtf", "text file"),
    "jpg": ("image/jpeg", "JPEG file"),
    "jpeg": ("image/jpeg", "JPEG file"),
    "png": ("image/png", "PNG file"),
}
ALLOWED_MIMETYPES = {mimetype for mimetype, _name in FILE_TYPES.values()} | {"application/rtf"}
EXTENSIONS_LISTED = ", ".join(sorted(f"'.{extension}'" for extension in FILE_TYPES))
UNKNOWN = "application/octet-stream"

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"{\\rtf", "text/rtf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),  # the old Office format
)
_OFFICE_PARTS = (
    ("word/document.xml", FILE_TYPES["docx"][0]),
    ("xl/workbook.xml", FILE_TYPES["xlsx"][0]),
)


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[1]


def mimetype_of_extension(extension: str) -> str | None:
    known = FILE_TYPES.get(extension)
    return known[0] if known else None


def name_of(mimetype: str) -> str:
    for known, name in FILE_TYPES.values():
        if known == mimetype:
            return name
    return "text file" if mimetype == "application/rtf" else "file"


def extension_for(mimetype: str) -> str:
    if mimetype == "application/rtf":
        return "rtf"
    return next(ext for ext, (known, _name) in FILE_TYPES.items() if known == mimetype)


def _zipped(content: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        for part, mimetype in _OFFICE_PARTS:
            if part in names:
                return mimetype
        if (
            "mimetype" in names
            and archive.read("mimetype").strip() == FILE_TYPES["odt"][0].encode()
        ):
            return FILE_TYPES["odt"][0]
    except (zipfile.BadZipFile, KeyError, OSError):
        return UNKNOWN
    return "application/zip"


def _text(content: bytes) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return UNKNOWN
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        return UNKNOWN
    if text.lstrip()[:1] in ("{", "["):
        try:
            json.loads(text)
            return "application/json"
        except ValueError:
            pass
    return "text/plain"


def sniffed(content: bytes) -> str:
    """The file's mimetype, from what it starts with (text that reads as UTF-8 is plain text)."""
    for signature, mimetype in _SIGNATURES:
        if content.startswith(signature):
            return mimetype
    if content.startswith(b"PK\x03\x04"):
        return _zipped(content)
    return _text(content)
