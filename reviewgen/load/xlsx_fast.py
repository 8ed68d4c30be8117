"""Sheet rows read by python-calamine (Rust), with what it does not keep taken from a byte scan of the XML.

Measured on the 50,000-person sample, python-calamine reads every cell value about four times faster than
the streaming ElementTree reader (reviewgen.load.xlsx_reader), which stays as the exact reader for any sheet
this one does not vouch for. Calamine alone would lose three things we report: a formula without a saved
value and an error cell (#N/A) both read as empty, and a percent-formatted number reads as the plain
number. reviewgen.load.xlsx_scan finds those cells in the raw XML, and this module puts them back.

Hostile input: calamine unpacks and holds a whole part, and builds a sheet as one rectangle of cells. So
before calamine opens the workbook, every XML part of the package is unpacked once through our counted
stream (a part that unpacks to more than its zip header said is damage, refused by Python's zipfile), and
every sheet is scanned for its highest row and column; the caller reads a sheet with calamine only when
that rectangle is inside the limits, and with the streaming reader (which refuses as before) otherwise.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import IO, Any

from python_calamine import CalamineError, CalamineWorkbook

from reviewgen.load.coerce import Percent
from reviewgen.load.limits import CountedStream, Limits
from reviewgen.load.xlsx_scan import ERROR, PERCENT, UNCACHED, SheetScan, Styles, drain, scan_sheet

#: What a damaged package makes calamine raise; its Rust panics arrive as pyo3's PanicException (a BaseException).
_CALAMINE_ERRORS = (Exception,)


#: A rectangle more than this many times the sheet's cells (and above _SMALL_AREA) is read cell by cell. The
#: generated sheets have 1.7 to 11 times (the scan bounds rows at up to twice the last row, columns at Z).
_SPARSE = 32
_SMALL_AREA = 1_000_000


def _is_panic(exc: BaseException) -> bool:
    return type(exc).__name__ == "PanicException"


class FastSheets:
    """The scanned sheets of one open package and its calamine workbook; ``None`` from :func:`prepare` if unusable."""

    def __init__(self, scans: dict[str, SheetScan], workbook: CalamineWorkbook) -> None:
        self.scans = scans
        self._workbook = workbook

    def close(self) -> None:
        """Drop calamine's workbook (its file copy and shared strings)."""
        self._workbook.close()

    def usable(self, title: str, limits: Limits) -> SheetScan | None:
        """The sheet's scan when calamine may read it: plain XML, its rectangle inside the limits and not much
        larger than the cells it holds (a stray cell at J500000 under 500 rows of data would make calamine hold
        5 million cells: the streaming reader reads the cells alone)."""
        scan = self.scans.get(title)
        if scan is None or not scan.plain:
            return None
        # The rectangle of one sheet at a time is bounded here (calamine holds one sheet); the cells read from the
        # whole workbook are counted row by row as the streaming reader counts them (reviewgen.load.xlsx_reader).
        if scan.max_row > limits.rows or scan.max_column > limits.columns or scan.area > limits.cells:
            return None
        if scan.area > _SPARSE * scan.cells + _SMALL_AREA:
            return None
        return scan

    def rows(self, title: str, scan: SheetScan) -> Iterator[tuple[int, list[object], tuple[int, ...]]]:
        """(1-based row number, cells by 0-based column, columns of formulas without a value) of rows holding
        anything. Raises ValueError for a sheet calamine finds damaged."""
        try:
            yield from self._rows(title, scan)
        except (CalamineError, OverflowError) as exc:
            raise ValueError(str(exc)) from None

    def _rows(self, title: str, scan: SheetScan) -> Iterator[tuple[int, list[object], tuple[int, ...]]]:
        sheet = self._workbook.get_sheet_by_name(title)
        start = sheet.start
        offset = [None] * start[1] if start else []
        by_row: dict[int, list[tuple[int, str, str]]] = {}
        for (row, column), (what, text) in scan.specials.items():
            by_row.setdefault(row, []).append((column, what, text))
        # python-calamine's iter_rows starts at row 1 of the sheet and at the first column holding a value.
        # Texts are kept once per column by the converters (reviewgen.load.columns), not here: most cells are not kept.
        for number, raw in enumerate(sheet.iter_rows(), start=1):
            cells: list[object] = [None if v == "" else v for v in raw]
            if offset:
                cells[0:0] = offset
            extra = by_row.pop(number, None)
            uncached = _apply(cells, extra) if extra else ()
            while cells and cells[-1] is None:
                cells.pop()
            if cells or uncached:
                yield number, cells, uncached
        for number in sorted(by_row):  # formulas without a value below calamine's last row
            cells = []
            uncached = _apply(cells, by_row[number])
            while cells and cells[-1] is None:
                cells.pop()
            if cells or uncached:
                yield number, cells, uncached


def _apply(cells: list[object], extra: list[tuple[int, str, str]]) -> tuple[int, ...]:
    """Put the scan's special cells of one row into ``cells``; the columns of formulas without a value."""
    uncached: list[int] = []
    for column, what, text in extra:
        if column >= len(cells):
            cells.extend([None] * (column + 1 - len(cells)))
        if what == UNCACHED:
            uncached.append(column)
            cells[column] = None
        elif what == ERROR:
            cells[column] = text
        elif what == PERCENT:
            value = cells[column]
            if value.__class__ is float or value.__class__ is int:
                cells[column] = Percent(value)

    return tuple(sorted(uncached))


def prepare(
    archive: zipfile.ZipFile, handle: IO[bytes], path: str, sheets: dict[str, str], styles: Styles, limits: Limits
) -> FastSheets | None:
    """Scan every sheet of ``sheets`` (title -> part), unpack every other XML part once, then open calamine.

    None when calamine should not be used for this package: a part is damaged (the streaming reader will say
    so if it reads that part) or calamine cannot open it. Raises LimitError for a part above the size limit.
    """
    scans: dict[str, SheetScan] = {}
    titles = {part: title for title, part in sheets.items()}
    try:
        for info in archive.infolist():
            if info.is_dir():
                continue
            with archive.open(info) as raw:
                stream = CountedStream(raw, path, info.filename, limits)
                title = titles.get(info.filename)
                if title is not None:
                    scans[title] = scan_sheet(stream, styles)
                elif not info.filename.lower().endswith((".bin", ".png", ".jpeg", ".jpg", ".gif", ".emf", ".wmf")):
                    drain(stream)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    handle.seek(0)
    try:
        workbook: Any = CalamineWorkbook.from_filelike(handle)
    except BaseException as exc:
        if isinstance(exc, MemoryError) or not (isinstance(exc, _CALAMINE_ERRORS) or _is_panic(exc)):
            raise
        return None
    return FastSheets(scans, workbook)
