"""Files the web interface hands over to be saved: named so that any file name survives."""

from __future__ import annotations

from urllib.parse import quote


def attachment(filename: str) -> str:
    """`Content-Disposition` for any file name: plain ASCII, and the exact name (RFC 6266)."""
    plain = filename.encode("ascii", "replace").decode().replace('"', "'")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"
