"""Reading an uploaded spreadsheet into rows of text: CSV, TSV, XLSX, XLSM, XLS and ODS.

- CSV and TSV: the standard `csv` module, which is fast (C) and handles quoting as spreadsheets
  write it. UTF-8 only, with or without a byte order mark, as Notify; a file in another encoding
  (or with NUL bytes, as UTF-16 has) is unreadable rather than read as nonsense.
- XLSX, XLSM, XLS and ODS: python-calamine (Rust, well kept, one library for all four), several
  times faster than openpyxl or pyexcel and typed (numbers, booleans, dates). It gives the sheets'
  visibility and, for XLSX/XLSM/XLS, merged ranges; it does not give hidden rows and columns, nor
  ODS merges, so `sheet_layout` reads them from the XML (zipfile + iterparse), which also bounds
  the sheet's size before calamine builds it (see there why that must come first).
- XLS hidden rows and columns are not skipped: the format is binary (BIFF), reading its row and
  column records means a second reader (xlrd with formatting_info, pure Python and slow on large
  files) for a format Excel stopped saving by default in 2007, and Notify does not skip them either.

Values are the text a person sees: a whole number without ".0" (phone numbers stored as
numbers), other numbers to 15 significant digits as Excel shows them, TRUE/FALSE, dates as ISO
(2026-12-02, 2026-12-02 09:30, 09:30). Every cell is stripped of surrounding whitespace, zero-width
characters included. Empty rows and columns around the data are dropped (Notify strips the
trailing ones of the whole file, and a spreadsheet's table may start below or right of A1), and
every row has the same number of cells.
"""

from __future__ import annotations

import csv
import datetime
import io

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from postroom.domain.jobs import sheet_layout
from postroom.domain.vocabulary.errors import InvalidRequest

EXTENSIONS = ("csv", "tsv", "xlsx", "xlsm", "xls", "ods")
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_COLUMNS = 1000
# Rows read at most; a file with more than `recipient_file.MAX_ROWS` but no more than this
# reaches the check page, which says how many it has (as Notify).
MAX_ROWS_READ = 200_000
# Cells a workbook's sheet may span (rows × columns), so one file cannot take the memory of
# the process reading it: 100,000 rows of 100 columns.
MAX_CELLS = 10_000_000

WRONG_TYPE = "The file must be a spreadsheet that Postroom can read"
TOO_BIG = "The file must be smaller than 10MB"
NO_FILE = "You need to choose a file to upload"
UNREADABLE = "Postroom cannot read this file - try using a different file type"
TOO_MANY_COLUMNS = "Your file has too many columns (Postroom can process up to 1,000 columns)"
TOO_MANY_ROWS = "Your file has too many rows (Postroom can process up to 100,000 rows at once)"
TOO_MUCH = (
    "Your file took too long to process – try again, or remove any sheets, columns or rows "
    "that are not needed"
)

# Python's whitespace (NBSP and the other Unicode spaces among it) and the zero-width
# characters it does not count as whitespace but a person cannot see.
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + (
    "\u180e\u200b\u200c\u200d\u2060\ufeff"
)


class UnreadableSpreadsheet(InvalidRequest):
    """The file cannot be read as a spreadsheet; `message` says why, for the upload page."""


def read(file_name: str, content: bytes) -> list[list[str]]:
    """Every row of the first visible sheet, the header first, as stripped strings; hidden rows
    and columns left out, merged cells read as their top-left value, trailing empty rows and
    columns dropped."""
    extension = file_name.rpartition(".")[2].lower() if "." in file_name else ""
    if extension not in EXTENSIONS:
        raise UnreadableSpreadsheet(WRONG_TYPE)
    if not content:
        raise UnreadableSpreadsheet(NO_FILE)
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableSpreadsheet(TOO_BIG)
    try:
        if extension in ("csv", "tsv"):
            rows = _delimited(content, "," if extension == "csv" else "\t")
        else:
            rows = _workbook(extension, content)
    except UnreadableSpreadsheet:
        raise
    except Exception as error:  # calamine's, zipfile's and the XML parser's many errors
        raise UnreadableSpreadsheet(UNREADABLE) from error
    except BaseException as error:
        # Calamine panics on some corrupt files (a slice out of range in an XLS), and pyo3 raises
        # a Rust panic as PanicException, which is not an Exception.
        if type(error).__name__ != "PanicException":
            raise
        raise UnreadableSpreadsheet(UNREADABLE) from error
    return _within_limits(_trimmed(rows))


def _delimited(content: bytes, delimiter: str) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableSpreadsheet(UNREADABLE) from error
    if "\x00" in text:
        raise UnreadableSpreadsheet(UNREADABLE)
    # Trailing blank lines and separators go first (as Notify), so a file padded with a million
    # empty lines is not read line by line.
    text = text.rstrip(WHITESPACE + delimiter)
    rows = []
    for row in csv.reader(io.StringIO(text, newline=None), delimiter=delimiter):
        if len(rows) == MAX_ROWS_READ:
            raise UnreadableSpreadsheet(TOO_MANY_ROWS)
        rows.append([cell.strip(WHITESPACE) for cell in row])
    return rows


def _workbook(extension: str, content: bytes) -> list[list[str]]:
    layouts = sheet_layout.ods_layouts(content) if extension == "ods" else {}
    for layout in layouts.values():
        _refuse_oversized(layout)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    name = next(
        (s.name for s in workbook.sheets_metadata if s.visible == SheetVisibleEnum.Visible), None
    )
    if name is None:
        return []
    if extension in ("xlsx", "xlsm"):
        layout = sheet_layout.xlsx_layout(content, name)
        _refuse_oversized(layout)
    else:
        layout = layouts.get(name, sheet_layout.Layout())
    sheet = workbook.get_sheet_by_name(name)
    # XLS has no XML to measure first; its sheets are at most 65,536 × 256, which calamine can
    # hold, but not turned into Python objects.
    _refuse_oversized(sheet_layout.Layout(height=sheet.height, width=sheet.width))
    grid = [[_text(value) for value in row] for row in sheet.to_python(skip_empty_area=False)]
    for (first_row, first_column), (last_row, last_column) in (
        sheet.merged_cell_ranges or layout.merged
    ):
        value = grid[first_row][first_column] if first_row < len(grid) else ""
        for row in grid[first_row : last_row + 1]:
            row[first_column : last_column + 1] = [value] * len(row[first_column : last_column + 1])
    if layout.hidden_columns:
        grid = [[c for i, c in enumerate(row) if i not in layout.hidden_columns] for row in grid]
    return [row for i, row in enumerate(grid) if i not in layout.hidden_rows]


def _refuse_oversized(layout: sheet_layout.Layout) -> None:
    if layout.width > MAX_COLUMNS:
        raise UnreadableSpreadsheet(TOO_MANY_COLUMNS)
    if layout.height > MAX_ROWS_READ:
        raise UnreadableSpreadsheet(TOO_MANY_ROWS)
    if layout.height * layout.width > MAX_CELLS:
        raise UnreadableSpreadsheet(TOO_MUCH)


def _text(value) -> str:
    kind = type(value)
    if kind is str:
        return value.strip(WHITESPACE)
    if kind is float:
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return f"{value:.15g}"
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is datetime.datetime:
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(" ", "seconds" if value.second else "minutes")
    if kind is datetime.time:
        return value.isoformat("seconds" if value.second else "minutes")
    return str(value)  # int, date (ISO already), timedelta (H:MM:SS)


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """The rows without the empty rows and columns around the data, all as wide as the widest."""
    filled = [i for i, row in enumerate(rows) if any(row)]
    if not filled:
        return []
    rows = rows[filled[0] : filled[-1] + 1]
    filled_rows = [row for row in rows if any(row)]
    # The first and last cells are usually filled: look no further then (a third faster on CSV).
    first = min(0 if row[0] else next(i for i, c in enumerate(row) if c) for row in filled_rows)
    end = max(
        len(row) if row[-1] else len(row) - next(i for i, c in enumerate(reversed(row)) if c)
        for row in filled_rows
    )
    if first == 0 and all(len(row) == end for row in rows):
        return rows
    width = end - first
    return [cells + [""] * (width - len(cells)) for cells in (row[first:end] for row in rows)]


def _within_limits(rows: list[list[str]]) -> list[list[str]]:
    if rows and len(rows[0]) > MAX_COLUMNS:
        raise UnreadableSpreadsheet(TOO_MANY_COLUMNS)
    if len(rows) > MAX_ROWS_READ:
        raise UnreadableSpreadsheet(TOO_MANY_ROWS)
    return rows
