"""python-calamine with the byte scan (reviewgen.load.xlsx_fast) reads the same rows as the streaming reader, and
hands any sheet it cannot vouch for, or whose rectangle is beyond the limits, to the streaming reader."""

from __future__ import annotations

import datetime as dt
import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from testkit.builders import clean_workbook

from reviewgen.errors import LimitError
from reviewgen.load import xlsx_fast
from reviewgen.load.coerce import Percent
from reviewgen.load.limits import Limits
from reviewgen.load.workbook import load_workbook
from reviewgen.load.xlsx_reader import XlsxBook


def replace_sheet_data(source: Path, path: Path, sheet_data: str, part: str = "xl/worksheets/sheet1.xml") -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == part:
                start, end = data.index(b"<sheetData"), data.index(b"</sheetData>") + len(b"</sheetData>")
                data = data[:start] + sheet_data.encode() + data[end:]
            dst.writestr(item, data)
    return path


def rows_both_ways(path: Path, title: str = "S") -> tuple[list[tuple[int, list[object], tuple[int, ...]]], bool]:
    """The rows as python-calamine reads them (dates as datetimes, as the streaming reader gives them), whether
    calamine read the sheet, after checking that the streaming reader reads the same."""
    with XlsxBook(str(path)) as fast, XlsxBook(str(path), streaming=True) as slow:
        got = [(number, [_as_datetime(c) for c in cells], uncached) for number, cells, uncached in fast.rows(title)]
        assert got == list(slow.rows(title))
        assert not isinstance(fast._fast, bool) and fast._fast is not None
        return got, fast._fast.scans[title].plain


def _as_datetime(value: object) -> object:
    return dt.datetime(value.year, value.month, value.day) if type(value) is dt.date else value


@pytest.fixture
def styled(tmp_path: Path) -> Path:
    """A one-sheet workbook whose style 1 is a date and style 2 a percentage (cells rewritten by each test)."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "S"
    ws["A1"] = dt.date(2026, 5, 1)
    ws["B1"] = 0.15
    ws["B1"].number_format = "0%"
    book.save(tmp_path / "plain.xlsx")
    return tmp_path / "plain.xlsx"


def test_formulas_without_value_errors_percentages_and_offsets_as_the_streaming_reader(
    styled: Path, tmp_path: Path
) -> None:
    sheet_data = (
        '<sheetData><row r="3"><c r="C3" t="inlineStr"><is><t>id</t></is></c><c r="D3" s="2"><v>0.155</v></c>'
        '<c r="E3" s="1"><v>46143.5</v></c><c r="F3" t="e"><v>#N/A</v></c><c r="G3"><f>1+1</f><v></v></c>'
        '<c r="H3" t="str"><f>""</f><v></v></c><c r="I3"><f>2</f><v>2</v></c><c r="J3" t="b"><v>1</v></c></row>'
        '<row r="5"><c r="C5" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="AB5"><v>-1.5E3</v></c></row>'
        '<row r="7"><c r="D7"><f>A1</f></c></row></sheetData>'
    )
    path = replace_sheet_data(styled, tmp_path / "specials.xlsx", sheet_data)
    rows, by_calamine = rows_both_ways(path)
    assert by_calamine
    assert rows == [
        (3, [None, None, "id", 0.155, dt.datetime(2026, 5, 1, 12), "#N/A", None, None, 2, True], (6,)),
        (5, [None, None, "#DIV/0!", *[None] * 24, -1500.0], ()),
        (7, [], (3,)),
    ]
    assert isinstance(rows[0][1][3], Percent)


@pytest.mark.parametrize(
    "sheet_data",
    [
        '<sheetData><row><c t="inlineStr"><is><t>no reference</t></is></c></row></sheetData>',
        '<sheetData><row r="1"><c r="A1" s="1"><v>-693594</v></c></row></sheetData>',  # before 1900
        '<sheetData><row r="1"><c r="A1" s="1"><v>1E300</v></c></row></sheetData>',  # calamine overflows
        '<sheetData><row r="1"><c r="A1"><v>1</v><f>1</f></c></row></sheetData>',  # value before formula
    ],
    ids=["no-reference", "negative-date", "huge-date", "value-first"],
)
def test_what_the_scan_cannot_vouch_for_is_read_by_the_streaming_reader(
    styled: Path, tmp_path: Path, sheet_data: str
) -> None:
    rows, by_calamine = rows_both_ways(replace_sheet_data(styled, tmp_path / "odd.xlsx", sheet_data))
    assert not by_calamine
    assert len(rows) == 1


def test_a_far_cell_never_reaches_calamine(tmp_path: Path) -> None:
    """Calamine makes one rectangle from A1 to the last cell: A1 and Z900000 would be 23 million cells (it aborts
    the process when memory runs out). The scan sees the rectangle is beyond the cell limit; the streaming
    reader reads the two cells."""
    path = clean_workbook(tmp_path)
    with XlsxBook(str(path)) as book:
        part = book._paths["Goals"]
    with zipfile.ZipFile(path) as src:
        xml = src.read(part)
    far = '<row r="900000"><c r="Z900000" t="inlineStr"><is><t>stray</t></is></c></row></sheetData>'
    sheet_data = xml[xml.index(b"<sheetData") : xml.index(b"</sheetData>")].decode() + far
    replace_sheet_data(path, tmp_path / "far.xlsx", sheet_data, part)
    started = time.monotonic()
    with XlsxBook(str(tmp_path / "far.xlsx")) as book:
        rows = list(book.rows("Goals"))
        fast = book._fast
        assert not isinstance(fast, bool) and fast is not None and fast.scans["Goals"].area > book.limits.cells
    assert rows[-1][0] == 900000 and rows[-1][1][25] == "stray"
    assert time.monotonic() - started < 10


def test_a_far_row_in_the_middle_is_bounded_too(styled: Path, tmp_path: Path) -> None:
    """Rows may come in any order and a cell's reference may name another row than its <row>: calamine sizes the
    rectangle by every cell, so the scan bounds every cell's row, not only the last one's."""
    sheet_data = (
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="900000"><c r="ALL900000"><v>2</v></c></row>'
        '<row r="5"><c r="A5"><v>3</v></c></row><row r="6"><c r="A1048576"><v>4</v></c></row></sheetData>'
    )
    rows, by_calamine = rows_both_ways(replace_sheet_data(styled, tmp_path / "middle.xlsx", sheet_data))
    assert not by_calamine
    assert [number for number, _, _ in rows] == [1, 900000, 5, 6]


def test_a_part_that_unpacks_to_more_than_its_header_says_is_never_given_to_calamine(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path)
    lying = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(lying, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            dst.writestr(info, data)
    # Both zip headers of docProps/app.xml declare 10 bytes unpacked; the part unpacks to more.
    raw = bytearray(lying.read_bytes())
    name = b"docProps/app.xml"
    at = raw.find(name)
    while at >= 0:
        if raw[at - 30 : at - 26] == b"PK\x03\x04":  # local header: the size sits 8 bytes before the name
            raw[at - 8 : at - 4] = (10).to_bytes(4, "little")
        elif raw[at - 46 : at - 42] == b"PK\x01\x02":  # central directory entry
            raw[at - 22 : at - 18] = (10).to_bytes(4, "little")
        at = raw.find(name, at + 1)
    lying.write_bytes(bytes(raw))
    with XlsxBook(str(lying)) as book:
        list(book.rows("Goals"))
        assert book._fast is None  # the streaming reader read the sheets
    assert load_workbook(lying).findings == ()


def test_a_wide_sheet_is_read_by_calamine_within_the_column_limit(styled: Path, tmp_path: Path) -> None:
    sheet_data = '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="ZZ1"><v>2</v></c></row></sheetData>'
    rows, by_calamine = rows_both_ways(replace_sheet_data(styled, tmp_path / "wide.xlsx", sheet_data))
    assert by_calamine and rows == [(1, [1, *[None] * 700, 2], ())]
    sheet_data = '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="ALM1"><v>2</v></c></row></sheetData>'
    path = replace_sheet_data(styled, tmp_path / "too-wide.xlsx", sheet_data)
    with XlsxBook(str(path)) as book, pytest.raises(LimitError, match=r"column ALM \(number 1,001\), row 1, above"):
        list(book.rows("S"))


def test_a_row_in_a_date_style_does_not_send_its_sheet_to_the_streaming_reader(styled: Path, tmp_path: Path) -> None:
    """The date check starts at a style attribute: a styled <row> is not a cell in that style."""
    sheet_data = (
        '<sheetData><row r="1" s="1" customFormat="1"><c r="A1" s="1"><v>46143</v></c><c r="B1"><v>-5</v></c></row>'
        "</sheetData>"
    )
    rows, by_calamine = rows_both_ways(replace_sheet_data(styled, tmp_path / "row-style.xlsx", sheet_data))
    assert by_calamine
    assert rows == [(1, [dt.datetime(2026, 5, 1), -5], ())]


def test_a_sparse_rectangle_inside_the_limits_is_read_cell_by_cell(tmp_path: Path) -> None:
    """A stray cell at J500000 below a small Goals sheet: 9.6 million cells for calamine (the scan bounds the rows
    at 599,999), inside the default cell limit, so the rectangle's density decides: the streaming reader reads
    the sheet, holding only its cells."""
    path = clean_workbook(tmp_path)
    with XlsxBook(str(path)) as book:
        part = book._paths["Goals"]
    with zipfile.ZipFile(path) as src:
        xml = src.read(part)
    far = '<row r="500000"><c r="J500000" t="inlineStr"><is><t>stray</t></is></c></row></sheetData>'
    sheet_data = xml[xml.index(b"<sheetData") : xml.index(b"</sheetData>")].decode() + far
    replace_sheet_data(path, tmp_path / "sparse.xlsx", sheet_data, part)
    with XlsxBook(str(tmp_path / "sparse.xlsx")) as book:
        rows = list(book.rows("Goals"))
        fast = book._fast
        assert not isinstance(fast, bool) and fast is not None
        scan = fast.scans["Goals"]
        assert scan.plain and scan.area <= book.limits.cells and scan.cells < 1_000
        assert fast.usable("Goals", book.limits) is None
        assert fast.usable("People", book.limits) is not None
    assert rows[-1][0] == 500000 and rows[-1][1][9] == "stray"


def test_the_cells_of_the_whole_workbook_are_counted_row_by_row_by_both_readers(tmp_path: Path) -> None:
    """Calamine reads a sheet whose rectangle is inside the cell limit; the cells read from the whole workbook are
    counted as the streaming reader counts them, and the same row of the same sheet crosses the limit."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "S"
    second = book.create_sheet("T")
    for sheet in (first, second):
        for row in range(1, 10):
            sheet.append([f"{sheet.title}{row}-{column}" for column in range(26)])
    book.save(tmp_path / "two.xlsx")
    messages = []
    for streaming in (False, True):
        with XlsxBook(str(tmp_path / "two.xlsx"), Limits(cells=300), streaming=streaming) as reader:
            with pytest.raises(LimitError) as err:
                for title in ("S", "T"):
                    list(reader.rows(title))
            if not streaming:
                assert not isinstance(reader._fast, bool) and reader._fast is not None
                assert reader._fast.usable("T", reader.limits) is not None
        messages.append(err.value.message)
    assert messages[0] == messages[1]
    assert 'holds more than 300 cells (sheet "T" reached it at row 3), above the limit of 300 cells' in messages[0]


def test_sheets_parsed_ahead_in_a_thread_read_as_without_in_any_order_and_the_thread_ends(tmp_path: Path) -> None:
    path = str(clean_workbook(tmp_path))
    with XlsxBook(path) as plain:
        titles = plain.sheetnames
        expected = {title: list(plain.rows(title)) for title in titles}
    order = [*titles[3:], *titles[:3]]
    for asked in (order, list(reversed(order)), [order[0], order[0], *order]):  # as planned, backwards, twice
        with XlsxBook(path) as book:
            book.read_ahead(order)
            assert {title: list(book.rows(title)) for title in asked} == {title: expected[title] for title in asked}
            fast = book._fast
            assert not isinstance(fast, bool) and fast is not None and fast._worker is not None
        assert not fast._worker.is_alive()


def test_a_reader_that_stops_early_stops_the_thread_parsing_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_fast, "_SMALL_SHEET", 0)  # every sheet is large: one waits parsed, then the thread waits
    path = str(clean_workbook(tmp_path))
    with XlsxBook(path) as book:
        book.read_ahead(book.sheetnames)
        next(iter(book.rows("Goals")))  # the thread may now parse the next sheet, then waits for the reader
        fast = book._fast
        assert not isinstance(fast, bool) and fast is not None and fast._worker is not None
        with fast._changed:  # the thread parses Values in its own time: wait for it rather than race it
            assert fast._changed.wait_for(lambda: "Values" in fast._handled, timeout=30)
            assert list(fast._parsed) == ["Values"]
        assert fast._worker.is_alive()
    assert not fast._worker.is_alive() and not fast._parsed


def test_ctrl_c_while_the_sheets_are_scanned_leaves_no_thread_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before, only some errors closed the sheets: an interrupt left the parsing thread waiting for ever.
    real = xlsx_fast.scan_sheet
    scanned: list[int] = []

    def interrupted(*args: object, **kwargs: object) -> object:
        scanned.append(1)
        if len(scanned) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(xlsx_fast, "scan_sheet", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_workbook(clean_workbook(tmp_path))
    assert len(scanned) == 3
    assert [t.name for t in threading.enumerate() if t.name == "reviewgen-calamine"] == []
