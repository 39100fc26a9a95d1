"""Reading uploaded spreadsheets: one table of cases run on a real file of every type, the
layout cases (hidden rows and columns, merged cells, hidden sheets) and every error."""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import zipfile

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from postroom.domain.jobs.spreadsheet import (
    EXTENSIONS,
    MAX_ROWS_READ,
    UnreadableSpreadsheet,
    read,
)
from tests.spreadsheets import make_file

WORKBOOKS = ("xlsx", "xlsm", "xls", "ods")

UNREADABLE = "Postroom cannot read this file - try using a different file type"

# (what, rows written, rows read): the same for every file type.
CASES = [
    ("a header and rows", [["email address", "name"], ["a@b.com", "Ann"]], None),
    ("only empty cells", [["", ""], ["", ""]], []),
    ("only a header", [["phone number"]], None),
    (
        "surrounding whitespace stripped, obscure too",
        [["  name\u00a0", "\u200bemail\ufeff "], ["\tAnn ", " \u2060a@b.com\u200b"]],
        [["name", "email"], ["Ann", "a@b.com"]],
    ),
    ("inner spaces kept", [["full name"], ["Ann  Smith"]], None),
    (
        "trailing empty rows and columns dropped",
        [["a", "b", ""], ["1", "", ""], ["", "", ""], ["", "", ""]],
        [["a", "b"], ["1", ""]],
    ),
    ("an empty row inside the data kept", [["a"], [""], ["2"]], None),
    ("short rows padded to the width", [["a", "b", "c"], ["1"]], [["a", "b", "c"], ["1", "", ""]]),
    ("leading empty row dropped", [["", ""], ["a", "b"]], [["a", "b"]]),
    ("unicode", [["naïve", "名前"], ["Zoë", "😀"]], None),
    ("commas, quotes and new lines in a cell", [["a"], ['x, "y"\nz']], None),
    ("whole numbers as text", [["n"], [7700900123], [0]], [["n"], ["7700900123"], ["0"]]),
    ("a cell of one space is empty", [["a", "b"], ["1", " "]], [["a", "b"], ["1", ""]]),
]


@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize("rows, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_file_type_reads_the_same_rows(extension, rows, expected):
    assert read(f"people.{extension}", make_file(extension, rows)) == (
        rows if expected is None else expected
    )


TYPED = [
    ("a phone number stored as a float", 447700900123.0, "447700900123"),
    ("a whole float", 3.0, "3"),
    ("a fraction", 1.5, "1.5"),
    ("float noise hidden as a spreadsheet does", 0.1 + 0.2, "0.3"),
    ("a negative number", -12.25, "-12.25"),
    ("true", True, "TRUE"),
    ("false", False, "FALSE"),
    ("a date", datetime.date(2026, 12, 2), "2026-12-02"),
    ("a date and time", datetime.datetime(2026, 12, 2, 9, 30), "2026-12-02 09:30"),
    (
        "seconds shown when there are some",
        datetime.datetime(2026, 12, 2, 9, 30, 5),
        "2026-12-02 09:30:05",
    ),
    ("a time", datetime.time(14, 5), "14:05"),
]


@pytest.mark.parametrize("extension", WORKBOOKS)
@pytest.mark.parametrize("value, shown", [c[1:] for c in TYPED], ids=[c[0] for c in TYPED])
def test_typed_cells_read_as_a_person_sees_them(extension, value, shown):
    assert read(f"f.{extension}", make_file(extension, [["value"], [value]])) == [
        ["value"],
        [shown],
    ]


@pytest.mark.parametrize("extension", ("csv", "tsv"))
def test_a_delimited_file_with_a_byte_order_mark_and_any_newlines(extension):
    separator = "," if extension == "csv" else "\t"
    content = f"\ufeffname{separator}n\r\nAnn{separator}1\rBob{separator}2\n\n  \n".encode()
    assert read(f"f.{extension}", content) == [["name", "n"], ["Ann", "1"], ["Bob", "2"]]


def test_trailing_commas_and_blank_lines_of_a_csv_are_dropped():
    assert read("f.csv", b"a,b,,\r\n1,2,,\r\n,,,\r\n\r\n" + b"\n" * 100_000) == [
        ["a", "b"],
        ["1", "2"],
    ]


def test_a_tab_is_a_value_in_a_csv_and_a_comma_in_a_tsv():
    assert read("f.csv", b"a\tb,c\n") == [["a\tb", "c"]]
    assert read("f.tsv", b"a,b\tc\n") == [["a,b", "c"]]


def test_the_extension_decides_whatever_its_case():
    assert read("PEOPLE.XLSX", make_file("xlsx", [["a"]])) == [["a"]]


LAYOUT_ROWS = [
    ["name", "secret", "email"],
    ["Ann", "x", "a@b.com"],
    ["Hide", "me", "h@b.com"],
    ["Bob", "y", "b@b.com"],
]


@pytest.mark.parametrize("extension", ("xlsx", "xlsm", "ods"))
def test_hidden_rows_and_columns_are_skipped(extension):
    content = make_file(extension, LAYOUT_ROWS, hidden_rows=[2], hidden_columns=[1])
    assert read(f"f.{extension}", content) == [
        ["name", "email"],
        ["Ann", "a@b.com"],
        ["Bob", "b@b.com"],
    ]


def test_hidden_rows_and_columns_of_an_xls_are_read_as_notify_does():
    content = make_file("xls", LAYOUT_ROWS, hidden_rows=[2], hidden_columns=[1])
    assert read("f.xls", content) == LAYOUT_ROWS


@pytest.mark.parametrize("extension", WORKBOOKS)
def test_merged_cells_take_their_top_left_value(extension):
    rows = [
        ["name", "team", "email"],
        ["Ann", "Blue", "a@b.com"],
        ["Bob", None, "b@b.com"],
        ["Cy", "Red", None],
    ]
    content = make_file(extension, rows, merged=[(1, 1, 2, 1), (3, 1, 3, 2)])
    assert read(f"f.{extension}", content) == [
        ["name", "team", "email"],
        ["Ann", "Blue", "a@b.com"],
        ["Bob", "Blue", "b@b.com"],
        ["Cy", "Red", "Red"],
    ]


@pytest.mark.parametrize("extension", WORKBOOKS)
def test_the_first_visible_sheet_is_read(extension):
    content = make_file(extension, [["email address"], ["a@b.com"]], hidden_first_sheet=True)
    assert read(f"f.{extension}", content) == [["email address"], ["a@b.com"]]


@pytest.mark.parametrize("extension", ("xlsx", "ods"))
def test_hidden_parts_beyond_the_data_do_not_matter(extension):
    content = make_file(
        extension, [["a", "b"], ["1", "2"]], hidden_rows=range(2, 50), hidden_columns=range(2, 30)
    )
    assert read(f"f.{extension}", content) == [["a", "b"], ["1", "2"]]


# Errors


@pytest.mark.parametrize("name", ["people.txt", "people.pdf", "people", "people.csv.exe", ".xlsx2"])
def test_a_file_that_is_not_a_spreadsheet_is_refused(name):
    with pytest.raises(UnreadableSpreadsheet) as error:
        read(name, b"a,b\n")
    assert error.value.message == "The file must be a spreadsheet that Postroom can read"


def test_an_empty_upload_is_refused():
    with pytest.raises(UnreadableSpreadsheet) as error:
        read("people.csv", b"")
    assert error.value.message == "You need to choose a file to upload"


def test_a_file_over_10mb_is_refused():
    with pytest.raises(UnreadableSpreadsheet) as error:
        read("people.csv", b"a\n" * (5 * 1024 * 1024) + b"b")
    assert error.value.message == "The file must be smaller than 10MB"


@pytest.mark.parametrize("extension", ("csv", "tsv", "xlsx", "xlsm", "ods"))  # an XLS has 256
def test_more_than_1000_columns_is_refused(extension):
    header = [f"column {i}" for i in range(1001)]
    with pytest.raises(UnreadableSpreadsheet) as error:
        read(f"f.{extension}", make_file(extension, [header, ["x"] * 1001]))
    assert error.value.message == (
        "Your file has too many columns (Postroom can process up to 1,000 columns)"
    )


@pytest.mark.parametrize("extension", ("csv", "xlsx"))
def test_1000_columns_are_read(extension):
    header = [f"column {i}" for i in range(1000)]
    assert read(f"f.{extension}", make_file(extension, [header]))[0][-1] == "column 999"


TOO_MANY_ROWS = "Your file has too many rows (Postroom can process up to 100,000 rows at once)"


@pytest.mark.parametrize("extension", ("csv", "tsv"))
def test_more_rows_than_are_read_is_refused(extension):
    content = b"n\n" + b"1\n" * MAX_ROWS_READ
    with pytest.raises(UnreadableSpreadsheet) as error:
        read(f"f.{extension}", content)
    assert error.value.message == TOO_MANY_ROWS
    assert len(read(f"f.{extension}", b"1\n" * MAX_ROWS_READ)) == MAX_ROWS_READ


def test_a_workbook_reaching_past_the_rows_read_is_refused_before_it_is_built():
    content = _patched_sheet(
        make_file("xlsx", [["n"], [1]]),
        b'<row r="200001"><c r="A200001"><v>1</v></c></row></sheetData>',
    )
    with pytest.raises(UnreadableSpreadsheet) as error:
        read("f.xlsx", content)
    assert error.value.message == TOO_MANY_ROWS


def test_a_two_cell_workbook_spanning_the_whole_sheet_is_refused_not_built():
    """Calamine would allocate 17 billion cells and abort the process."""
    content = _patched_sheet(
        make_file("xlsx", [["n"]]),
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )
    with pytest.raises(UnreadableSpreadsheet) as error:
        read("f.xlsx", content)
    assert "too many columns" in error.value.message


def test_an_ods_repeating_a_cell_over_the_whole_sheet_is_refused_not_built():
    content = make_file("ods", [["n"], ["x"]])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("content.xml")
    bomb = xml.replace(
        b"<table:table-row>", b'<table:table-row table:number-rows-repeated="1000000">', 1
    )
    with pytest.raises(UnreadableSpreadsheet) as error:
        read("f.ods", _replaced_part(content, "content.xml", bomb))
    assert error.value.message == TOO_MANY_ROWS


def test_styled_empty_cells_far_away_are_not_data():
    content = _patched_sheet(
        make_file("xlsx", [["n"], [1]]),
        b'<row r="900000"><c r="ZZ900000" s="0"/></row></sheetData>',
    )
    assert read("f.xlsx", content) == [["n"], ["1"]]


@pytest.mark.parametrize(
    "name, content",
    [
        ("latin-1.csv", "name\nZoë\n".encode("latin-1")),
        ("utf-16.csv", "name\nAnn\n".encode("utf-16")),
        ("nul.csv", b"name\x00\nAnn\x00\n"),
        ("random.ods", os.urandom(2000)),
        ("random.xlsx", os.urandom(2000)),
        ("random.xls", os.urandom(2000)),
        ("text.xlsx", b"name\nAnn\n"),
        ("zip-without-workbook.xlsx", b"PK\x05\x06" + bytes(18)),
        ("truncated.xlsx", make_file("xlsx", [["a"], ["b"]])[:700]),
        ("truncated.xlsm", make_file("xlsm", [["a"], ["b"]])[:-200]),
        ("truncated.ods", make_file("ods", [["a"], ["b"]])[:-300]),
        ("truncated.xls", make_file("xls", [["a"], ["b"]])[:1000]),
        ("csv-named.xls", b"a,b\n1,2\n"),
        ("xlsx-named.ods", make_file("xlsx", [["a"]])),
        ("huge-field.csv", b"a\n" + b"x" * 200_000 + b"\n"),
    ],
)
def test_a_file_that_cannot_be_read_says_so(name, content):
    with pytest.raises(UnreadableSpreadsheet) as error:
        read(name, content)
    assert error.value.message == UNREADABLE


@pytest.mark.parametrize("extension", WORKBOOKS)
def test_no_corruption_of_a_real_file_raises_anything_else(extension):
    content = make_file(extension, [["email address", "name"], ["a@b.com", "Ann"]] * 20)
    for cut in range(0, len(content), max(1, len(content) // 40)):
        _read_or_refused(f"f.{extension}", content[:cut] or b"x")
        flipped = bytearray(content)
        flipped[cut] ^= 0xFF
        _read_or_refused(f"f.{extension}", bytes(flipped))


def _read_or_refused(name: str, content: bytes) -> None:
    with contextlib.suppress(UnreadableSpreadsheet):
        read(name, content)


# The files tests.spreadsheets makes


@pytest.mark.parametrize("extension", WORKBOOKS)
def test_made_workbooks_open_in_calamine(extension):
    book = CalamineWorkbook.from_filelike(io.BytesIO(make_file(extension, [["a", 1]])))
    assert book.get_sheet_by_index(0).to_python() == [["a", 1.0]]


@pytest.mark.parametrize("extension", ("xlsx", "xlsm"))
def test_made_workbooks_read_back_in_openpyxl(extension):
    content = make_file(
        extension,
        [["a", "b", "c"], ["1", 2, None], ["x", "y", "z"]],
        hidden_rows=[2],
        hidden_columns=[1],
        merged=[(1, 0, 1, 2)],
        hidden_first_sheet=True,
    )
    book = load_workbook(io.BytesIO(content))
    hidden, sheet = book.worksheets
    assert hidden.sheet_state == "hidden" and sheet.sheet_state == "visible"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["a", "b", "c"],
        ["1", None, None],
        ["x", "y", "z"],
    ]
    assert sheet.row_dimensions[3].hidden and sheet.column_dimensions["B"].hidden
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A2:C2"]


def test_a_made_xlsm_has_the_macro_enabled_content_type():
    with zipfile.ZipFile(io.BytesIO(make_file("xlsm", [["a"]]))) as archive:
        types = archive.read("[Content_Types].xml")
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert b"spreadsheetml.sheet.main+xml" not in types


def test_made_ods_and_xls_read_back_in_their_own_libraries():
    from odf.opendocument import load
    from odf.table import Table

    document = load(io.BytesIO(make_file("ods", [["a"]], hidden_first_sheet=True)))
    assert [t.getAttribute("name") for t in document.spreadsheet.getElementsByType(Table)] == [
        "Hidden",
        "Recipients",
    ]
    assert make_file("xls", [["a"]])[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2


def _replaced_part(content: bytes, part: str, replacement: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, replacement if item.filename == part else source.read(item))
    return out.getvalue()


def _patched_sheet(content: bytes, end_of_sheet_data: bytes) -> bytes:
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read(part)
    return _replaced_part(content, part, xml.replace(b"</sheetData>", end_of_sheet_data))
