"""Reading an uploaded spreadsheet into rows of text: CSV, TSV, XLSX, XLSM, XLS and ODS."""

from __future__ import annotations

from postroom.domain.vocabulary.errors import InvalidRequest

EXTENSIONS = ("csv", "tsv", "xlsx", "xlsm", "xls", "ods")
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_COLUMNS = 1000
# Rows read at most; a file with more than `recipient_file.MAX_ROWS` but no more than this
# reaches the check page, which says how many it has (as Notify).
MAX_ROWS_READ = 200_000


class UnreadableSpreadsheet(InvalidRequest):
    """The file cannot be read as a spreadsheet; `message` says why, for the upload page."""


def read(file_name: str, content: bytes) -> list[list[str]]:
    """Every row of the first visible sheet, the header first, as stripped strings; hidden rows
    and columns left out, merged cells read as their top-left value, trailing empty rows and
    columns dropped."""
    raise NotImplementedError  # issue 12: the spreadsheet helper
