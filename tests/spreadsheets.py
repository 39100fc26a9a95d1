"""Real spreadsheet files made from rows, in every format Postroom reads, by real writers:
the csv module (CSV, TSV), openpyxl (XLSX, XLSM), xlwt (XLS) and odfpy (ODS).

`make_file(extension, rows, ...)` returns the file's bytes. Row and column numbers in
`hidden_rows`, `hidden_columns` and `merged` count from 0 over `rows` as given; `merged` is a list
of `(first_row, first_column, last_row, last_column)` ranges (inclusive) whose top-left cell keeps
its value and the others are covered. `hidden_first_sheet` puts a hidden sheet, holding other
rows, before the one with `rows`. A cell is written as its Python type (a number as a number, a
date as a date, `None` as no cell), so the reader's conversions are tested on real typed cells.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable

import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableProperties
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import P
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

HIDDEN_SHEET_ROWS = [["secret"], ["never read"]]

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def make_file(
    extension: str,
    rows: list[list],
    *,
    hidden_rows: Iterable[int] = (),
    hidden_columns: Iterable[int] = (),
    merged: Iterable[tuple[int, int, int, int]] = (),
    hidden_first_sheet: bool = False,
) -> bytes:
    hidden_rows, hidden_columns, merged = set(hidden_rows), set(hidden_columns), list(merged)
    if extension in ("csv", "tsv"):
        if hidden_rows or hidden_columns or merged or hidden_first_sheet:
            raise ValueError(f"a .{extension} file has no hidden parts, merges or sheets")
        return _delimited(rows, "," if extension == "csv" else "\t")
    writer = {"xlsx": _xlsx, "xlsm": _xlsm, "xls": _xls, "ods": _ods}[extension]
    return writer(rows, hidden_rows, hidden_columns, merged, hidden_first_sheet)


def _delimited(rows: list[list], delimiter: str) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
        ["" if cell is None else cell for cell in row] for row in rows
    )
    return out.getvalue().encode("utf-8")


def _covered(merged: list[tuple[int, int, int, int]]) -> set[tuple[int, int]]:
    """The cells a merge hides: all but each range's top-left."""
    return {
        (r, c)
        for r1, c1, r2, c2 in merged
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
        if (r, c) != (r1, c1)
    }


def _xlsx(rows, hidden_rows, hidden_columns, merged, hidden_first_sheet) -> bytes:
    book = Workbook()
    sheet = book.active
    if hidden_first_sheet:
        sheet.title = "Hidden"
        for row in HIDDEN_SHEET_ROWS:
            sheet.append(row)
        sheet.sheet_state = "hidden"
        sheet = book.create_sheet("Recipients")
        book.active = 1
    covered = _covered(merged)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None and (r, c) not in covered:
                sheet.cell(row=r + 1, column=c + 1, value=value)
    for r in hidden_rows:
        sheet.row_dimensions[r + 1].hidden = True
    for c in hidden_columns:
        sheet.column_dimensions[get_column_letter(c + 1)].hidden = True
    for r1, c1, r2, c2 in merged:
        sheet.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsm(*args) -> bytes:
    """An XLSX whose workbook part has the macro-enabled content type, as Excel saves a .xlsm
    (a macro-enabled workbook need not hold macros)."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx(*args)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "[Content_Types].xml":
                assert XLSX_MAIN.encode() in content
                content = content.replace(XLSX_MAIN.encode(), XLSM_MAIN.encode())
            target.writestr(item, content)
    return out.getvalue()


def _xls(rows, hidden_rows, hidden_columns, merged, hidden_first_sheet) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    if hidden_first_sheet:
        hidden = book.add_sheet("Hidden")
        for r, row in enumerate(HIDDEN_SHEET_ROWS):
            for c, value in enumerate(row):
                hidden.write(r, c, value)
        hidden.visibility = 1
    sheet = book.add_sheet("Recipients")
    if hidden_first_sheet:
        book.active_sheet = 1
        sheet.set_selected(True)
        hidden.set_selected(False)
    styles = {
        datetime.datetime: xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss"),
        datetime.date: xlwt.easyxf(num_format_str="yyyy-mm-dd"),
        datetime.time: xlwt.easyxf(num_format_str="hh:mm:ss"),
    }
    covered = _covered(merged)
    starts = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in merged}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in covered:
                continue
            style = styles.get(type(value), xlwt.Style.default_style)
            if (r, c) in starts:
                r2, c2 = starts[(r, c)]
                sheet.write_merge(r, r2, c, c2, value, style)
            elif value is not None:
                sheet.write(r, c, value, style)
    for r in hidden_rows:
        sheet.row(r).hidden = True
    for c in hidden_columns:
        sheet.col(c).hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ods(rows, hidden_rows, hidden_columns, merged, hidden_first_sheet) -> bytes:
    document = OpenDocumentSpreadsheet()
    if hidden_first_sheet:
        # LibreOffice hides a sheet with a table style that is not displayed.
        hidden_style = Style(name="hiddentable", family="table")
        hidden_style.addElement(TableProperties(display="false"))
        document.automaticstyles.addElement(hidden_style)
        hidden = Table(name="Hidden", stylename=hidden_style)
        for row in HIDDEN_SHEET_ROWS:
            hidden.addElement(_ods_row(row))
        document.spreadsheet.addElement(hidden)
    table = Table(name="Recipients")
    width = max((len(row) for row in rows), default=0)
    for c in range(width):
        column = TableColumn(visibility="collapse") if c in hidden_columns else TableColumn()
        table.addElement(column)
    covered = _covered(merged)
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in merged}
    for r, row in enumerate(rows):
        element = TableRow(visibility="collapse") if r in hidden_rows else TableRow()
        for c, value in enumerate(row):
            if (r, c) in covered:
                element.addElement(CoveredTableCell())
                continue
            cell = _ods_cell(value)
            if (r, c) in spans:
                cell.setAttribute("numberrowsspanned", str(spans[(r, c)][0]))
                cell.setAttribute("numbercolumnsspanned", str(spans[(r, c)][1]))
            element.addElement(cell)
        table.addElement(element)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _ods_row(row: list) -> TableRow:
    element = TableRow()
    for value in row:
        element.addElement(_ods_cell(value))
    return element


def _ods_cell(value) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
        shown = "TRUE" if value else "FALSE"
    elif isinstance(value, int | float):
        cell, shown = TableCell(valuetype="float", value=value), str(value)
    elif isinstance(value, datetime.datetime | datetime.date):
        cell, shown = TableCell(valuetype="date", datevalue=value.isoformat()), value.isoformat()
    elif isinstance(value, datetime.time):
        duration = f"PT{value.hour:02d}H{value.minute:02d}M{value.second:02d}S"
        cell, shown = TableCell(valuetype="time", timevalue=duration), value.isoformat()
    else:
        cell, shown = TableCell(valuetype="string"), value
    cell.addElement(P(text=shown))
    return cell
