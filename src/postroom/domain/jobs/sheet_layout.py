"""What a sheet's XML says that python-calamine does not: which rows and columns are hidden,
ODS merged cells, and how far a sheet's cells reach.

The reach matters for safety, not only for limits: calamine turns a sheet into one dense block
from its top-left to its furthest cell, so an XLSX of two cells, A1 and XFD1048576, asks it for
17 billion cells and the process aborts (not an exception: a Rust allocation failure). Each scan
streams the XML (expat callbacks, or `iterparse` clearing what it has read), so a scan runs in
constant memory whatever the file claims, and the reader refuses a sheet that reaches too far
before calamine builds it.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
XLSX_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]+)$")


@dataclass
class Layout:
    """One sheet: hidden row and column indexes (from 0), merged ranges as calamine gives them
    (`((first_row, first_column), (last_row, last_column))`), and the extent of its cells that
    hold something (rows, columns)."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    height: int = 0
    width: int = 0


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _ranges_to_set(ranges: list[tuple[int, int]], limit: int) -> set[int]:
    """Indexes in the (first, last) ranges, below `limit`: a file may hide every column up to
    16,384 or every row to the millionth, and only those within the data matter."""
    return {index for first, last in ranges for index in range(first, min(last, limit - 1) + 1)}


# XLSX and XLSM


def xlsx_sheet_path(archive: zipfile.ZipFile, sheet_name: str) -> str:
    """The part holding the sheet of this name: workbook.xml names it, its relationships file
    says where it is."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relationship_id = next(
        element.get(f"{{{XLSX_RELATIONSHIPS}}}id")
        for element in workbook.iter()
        if _local(element.tag) == "sheet" and element.get("name") == sheet_name
    )
    relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(
        element.get("Target")
        for element in relationships.iter(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship")
        if element.get("Id") == relationship_id
    )
    return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)


def _xlsx_position(reference: str | None, row: int, column: int) -> tuple[int, int]:
    """A cell's (row, column) from its `r` (`B12`), or the next one along when it has none."""
    match = CELL_REFERENCE.match(reference or "")
    if match is None:
        return row, column + 1
    letters, digits = match.groups()
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter.upper()) - 64
    return int(digits) - 1, index - 1


class _XlsxScan:
    """Expat callbacks over a sheet's XML: several times faster than iterparse, as no element
    objects are built (a 100,000-row sheet has about two million elements)."""

    def __init__(self) -> None:
        self.layout = Layout()
        self.hidden_column_ranges: list[tuple[int, int]] = []
        self.row, self.column = -1, -1

    def start(self, name: str, attributes: dict[str, str]) -> None:
        name = name.rpartition(":")[2]  # a prefix, when a writer uses one (x:row)
        if name == "c":
            self.row, self.column = _xlsx_position(attributes.get("r"), self.row, self.column)
        elif name == "v" or name == "is":  # the cell holds something
            layout = self.layout
            layout.height = max(layout.height, self.row + 1)
            layout.width = max(layout.width, self.column + 1)
        elif name == "row":
            self.row = int(attributes.get("r", self.row + 2)) - 1
            self.column = -1
            if attributes.get("hidden") in ("1", "true"):
                self.layout.hidden_rows.add(self.row)
        elif name == "col" and attributes.get("hidden") in ("1", "true"):
            first, last = int(attributes["min"]) - 1, int(attributes["max"]) - 1
            self.hidden_column_ranges.append((first, last))


def xlsx_layout(content: bytes, sheet_name: str) -> Layout:
    scan = _XlsxScan()
    parser = expat.ParserCreate()
    parser.StartElementHandler = scan.start
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parser.ParseFile(archive.open(xlsx_sheet_path(archive, sheet_name)))
    layout = scan.layout
    layout.hidden_columns = _ranges_to_set(scan.hidden_column_ranges, layout.width)
    return layout


# ODS


def _ods_attribute(element: ElementTree.Element, name: str, default: str | None = None):
    return element.get(f"{{{ODS_TABLE}}}{name}", default)


def _repeated(element: ElementTree.Element, name: str) -> int:
    return int(_ods_attribute(element, name, "1"))


def ods_layouts(content: bytes) -> dict[str, Layout]:
    """Every table of the document, by name (calamine reads every table when it opens an ODS,
    so every one is measured before it does)."""
    layouts: dict[str, Layout] = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        part = archive.open("content.xml")
        layout, row, column = Layout(), 0, 0
        hidden_rows: list[tuple[int, int]] = []
        hidden_columns: list[tuple[int, int]] = []
        for event, element in ElementTree.iterparse(part, events=("start", "end")):
            name = _local(element.tag)
            if event == "start":
                if name == "table":
                    layout, row, column = Layout(), 0, 0
                    hidden_rows, hidden_columns = [], []
                    layouts[_ods_attribute(element, "name", "")] = layout
                elif name == "table-row":
                    column = 0
                continue
            if name in ("table-cell", "covered-table-cell"):
                repeated = _repeated(element, "number-columns-repeated")
                if name == "table-cell" and (
                    element.get(f"{{{ODS_OFFICE}}}value-type") is not None or len(element)
                ):
                    layout.height = max(layout.height, row + 1)
                    layout.width = max(layout.width, column + repeated)
                    rows_spanned = _repeated(element, "number-rows-spanned")
                    columns_spanned = _repeated(element, "number-columns-spanned")
                    if rows_spanned > 1 or columns_spanned > 1:
                        last = (row + rows_spanned - 1, column + columns_spanned - 1)
                        layout.merged.append(((row, column), last))
                column += repeated
                element.clear()
            elif name == "table-row":
                repeated = _repeated(element, "number-rows-repeated")
                if layout.height == row + 1:  # the row held something: so do its repeats
                    layout.height = row + repeated
                if _ods_attribute(element, "visibility", "visible") != "visible":
                    hidden_rows.append((row, row + repeated - 1))
                row += repeated
                element.clear()
            elif name == "table-column":
                repeated = _repeated(element, "number-columns-repeated")
                if _ods_attribute(element, "visibility", "visible") != "visible":
                    hidden_columns.append((column, column + repeated - 1))
                column += repeated
            elif name == "table":
                layout.hidden_rows = _ranges_to_set(hidden_rows, layout.height)
                layout.hidden_columns = _ranges_to_set(hidden_columns, layout.width)
                element.clear()
    return layouts
