"""CSV files that stream in constant memory and that a spreadsheet opens safely."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

# What a spreadsheet takes for the start of a formula (OWASP's list: = + - @, tab, return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A value a spreadsheet shows as text: a leading formula character gets a `'` before it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_chunks(header: Sequence[str], pages: Iterable[Iterable[Sequence[str]]]) -> Iterator[str]:
    """The file as text: the header, then one chunk per page of rows, each value made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for page in pages:
        writer.writerows([spreadsheet_safe(value) for value in row] for row in page)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no rows at all: the header alone
        yield buffer.getvalue()
