"""Sheet rows read by python-calamine (Rust), with what it does not keep taken from a byte scan of the XML.

Measured on the 50,000-person sample, python-calamine reads every cell value about four times faster than
the streaming ElementTree reader (reviewgen.load.xlsx_reader), which stays as the exact reader for any sheet
this one does not vouch for. Calamine alone would lose three things we report: a formula without a saved
value and an error cell (#N/A) both read as empty, and a percent-formatted number reads as the plain
number. reviewgen.load.xlsx_scan finds those cells in the raw XML, and this module puts them back.

Hostile input: calamine unpacks and holds a whole part, and builds a sheet as one rectangle of cells. So
before calamine opens the workbook, every XML part of the package but the sheets is unpacked once through our
counted stream (a part that unpacks to more than its zip header said is damage, refused by Python's zipfile),
and before calamine parses a sheet, the sheet is scanned through the same stream for its highest row and
column; the caller reads a sheet with calamine only when that rectangle is inside the limits, and with the
streaming reader (which refuses as before) otherwise.

Two cores: calamine parses a sheet without Python's GIL (python-calamine's ``get_sheet_by_name`` runs in
``allow_threads``). Given the order the sheets will be read in (:meth:`FastSheets.read_ahead`), a thread parses
each sheet as soon as its scan has vouched for it, while this thread scans the next sheets or types the rows of
the one before. At most one large sheet waits parsed ahead of the reader (calamine's cells of the 50,000-person
Goals sheet take 130 MB), so memory stays about as it was; the checks after the load remain the peak.
"""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Iterator, Sequence
from typing import IO, Any

from python_calamine import CalamineError, CalamineWorkbook

from reviewgen.load.coerce import Percent
from reviewgen.load.limits import CountedStream, Limits
from reviewgen.load.xlsx_scan import ERROR, PERCENT, UNCACHED, SheetScan, Styles, drain, scan_sheet
from reviewgen.memory import give_back_freed_memory

#: What a damaged package makes calamine raise; its Rust panics arrive as pyo3's PanicException (a BaseException).
_CALAMINE_ERRORS = (Exception,)


#: A rectangle more than this many times the sheet's cells (and above _SMALL_AREA) is read cell by cell. The
#: generated sheets have 1.7 to 11 times (the scan bounds rows at up to twice the last row, columns at Z).
_SPARSE = 32
_SMALL_AREA = 1_000_000
#: A sheet parsed ahead this size or smaller (cells of its rectangle) does not count against the one large sheet
#: that may wait parsed: the Cycle, Scale, Strategy and Objectives sheets are parsed while the big ones are scanned.
_SMALL_SHEET = 50_000


def _is_panic(exc: BaseException) -> bool:
    return type(exc).__name__ == "PanicException"


class FastSheets:
    """The scanned sheets of one open package and its calamine workbook; ``None`` from :func:`prepare` if unusable."""

    def __init__(self, scans: dict[str, SheetScan], workbook: CalamineWorkbook, limits: Limits) -> None:
        self.scans = scans
        self._workbook = workbook
        self._limits = limits
        #: One user of calamine's workbook at a time (pyo3 refuses a second borrow).
        self._calamine = threading.Lock()
        #: Guards what follows; notified whenever a scan is done, a sheet parsed or asked for, or all stops.
        self._changed = threading.Condition()
        self._order: list[str] = []
        self._parsed: dict[str, tuple[Any, BaseException | None]] = {}
        self._handled: set[str] = set()  # parsed ahead (maybe taken since) or passed over by the thread
        self._asked = -1  # the position in _order of the last sheet the reader asked for
        self._scanned_all = False
        self._closed = False
        self._worker: threading.Thread | None = None

    def read_ahead(self, titles: Sequence[str]) -> None:
        """Parse the sheets ``titles`` in a thread, in this order, each once its scan vouches for it."""
        self._order = list(dict.fromkeys(titles))
        self._worker = threading.Thread(target=self._parse_ahead, name="reviewgen-calamine", daemon=True)
        self._worker.start()

    def add_scan(self, title: str, scan: SheetScan) -> None:
        """The byte scan of sheet ``title`` is done: the thread may parse that sheet now (it waited for this)."""
        with self._changed:
            self.scans[title] = scan
            self._changed.notify_all()

    def scanned(self) -> None:
        """Every sheet is scanned: a sheet without a scan now will never have one."""
        with self._changed:
            self._scanned_all = True
            self._changed.notify_all()

    def close(self) -> None:
        """Stop the thread parsing ahead and drop calamine's workbook (its file copy and shared strings)."""
        with self._changed:
            self._closed = True
            self._parsed.clear()
            self._changed.notify_all()
        if self._worker is not None:
            self._worker.join()
        self._workbook.close()

    def _parse_ahead(self) -> None:
        for position, title in enumerate(self._order):
            with self._changed:
                while not self._closed and not self._may_parse(position, title):
                    self._changed.wait()
                if self._closed:
                    return
                if position < self._asked or self.usable(title, self._limits) is None:
                    self._handled.add(title)  # the reader went past it (it parses the sheet itself if it comes back)
                    continue
            try:
                with self._calamine:
                    parsed: tuple[Any, BaseException | None] = (self._workbook.get_sheet_by_name(title), None)
            except BaseException as exc:  # handed to the reader, which raises it as it would have
                parsed = (None, exc)
            with self._changed:
                if not self._closed and position >= self._asked:  # not one the reader went past meanwhile
                    self._parsed[title] = parsed
                self._handled.add(title)
                self._changed.notify_all()

    def _may_parse(self, position: int, title: str) -> bool:
        """Whether the sheet at ``position`` is scanned and may be parsed now (memory: one large sheet waiting)."""
        if title not in self.scans and not self._scanned_all:
            return False
        if position <= self._asked + 1:
            return True
        return all(self._small(waiting) for waiting in self._parsed)

    def _small(self, title: str) -> bool:
        scan = self.scans.get(title)
        return scan is not None and scan.area <= _SMALL_SHEET

    def _sheet(self, title: str) -> Any:
        """Calamine's parsed sheet ``title``: the one parsed ahead (waiting for it) or parsed now."""
        if title in self._order:
            with self._changed:
                self._asked = max(self._asked, self._order.index(title))
                for passed in self._order[: self._asked]:  # never read in order: not held on the chance
                    if passed != title:
                        self._parsed.pop(passed, None)
                self._changed.notify_all()
                while title not in self._handled and self._worker_may_still_parse():
                    self._changed.wait()
                parsed = self._parsed.pop(title, None)
            if parsed is not None:
                sheet, error = parsed
                if error is not None:
                    raise error
                return sheet
        with self._calamine:
            return self._workbook.get_sheet_by_name(title)

    def _worker_may_still_parse(self) -> bool:
        worker = self._worker
        return worker is not None and worker.is_alive() and not self._closed

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
        give_back_freed_memory()  # calamine's cells of the sheet are freed now (reviewgen.memory says why)

    def _rows(self, title: str, scan: SheetScan) -> Iterator[tuple[int, list[object], tuple[int, ...]]]:
        sheet = self._sheet(title)
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
    archive: zipfile.ZipFile,
    handle: IO[bytes],
    path: str,
    sheets: dict[str, str],
    styles: Styles,
    limits: Limits,
    order: Sequence[str] = (),
) -> FastSheets | None:
    """Unpack every XML part but the sheets once, open calamine, then scan every sheet of ``sheets`` (title ->
    part); with ``order`` (the titles in the order they will be read), a thread parses each as soon as it is scanned.

    None when calamine should not be used for this package: a part is damaged (the streaming reader will say
    so if it reads that part) or calamine cannot open it. Raises LimitError for a part above the size limit.
    """
    titles = {part: title for title, part in sheets.items()}
    infos = [info for info in archive.infolist() if not info.is_dir()]
    try:
        for info in infos:
            if info.filename not in titles and not info.filename.lower().endswith(_BINARY):
                with archive.open(info) as raw:
                    drain(CountedStream(raw, path, info.filename, limits))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    handle.seek(0)
    try:
        workbook: Any = CalamineWorkbook.from_filelike(handle)
    except BaseException as exc:
        if isinstance(exc, MemoryError) or not (isinstance(exc, _CALAMINE_ERRORS) or _is_panic(exc)):
            raise
        return None
    fast = FastSheets({}, workbook, limits)
    if order:
        fast.read_ahead(order)
    try:
        for info in infos:
            title = titles.get(info.filename)
            if title is not None:
                with archive.open(info) as raw:
                    fast.add_scan(title, scan_sheet(CountedStream(raw, path, info.filename, limits), styles))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        fast.close()
        return None
    except BaseException:  # a limit, no memory, Ctrl-C: the thread parsing ahead must not outlive the load
        fast.close()
        raise
    fast.scanned()
    return fast


_BINARY = (".bin", ".png", ".jpeg", ".jpg", ".gif", ".emf", ".wmf")
