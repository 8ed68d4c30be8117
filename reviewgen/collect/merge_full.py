"""The merged workbook rewritten whole with openpyxl: only where patching cannot do (reviewgen.collect.patch).

Used when a sheet has to be created (a master without a Values, Reviews or Check-ins sheet) or a
collected cell anchors a shared formula. The original is opened in normal mode (every sheet, style,
validation and defined name is kept, but formulas lose their saved values), changed cells are found
through the loaded model's Source rows and header indexes, new rows go at the end of their sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook as OpenpyxlWorkbook
from openpyxl.worksheet.worksheet import Worksheet

from reviewgen.collect.report import Answer, Calibrated, Change, NewCheckIn
from reviewgen.errors import InputError
from reviewgen.files.atomic import write_file
from reviewgen.files.xlsx_save import workbook_bytes
from reviewgen.forms.layout import clean_text
from reviewgen.model.headers import match_header
from reviewgen.model.schema import CALIBRATION, CHECKINS, REVIEWS, VALUES, Sheet, find_sheet, normalise
from reviewgen.model.workbook import Calibration, Goal, Source, Workbook

_HEADER_SEARCH_ROWS = 10


class AppendedRows:
    """New rows below a table's last filled row, one per key (a check-in, a value rating), made on first use.

    The patching merge and this full rewrite differ only in how a cell is put: :meth:`put`.
    """

    last: int
    rows: dict[tuple[str, ...], int]

    def put(self, row: int, column: str, value: Answer | dt.date) -> bool:
        """Set ``column`` of appended ``row``; False when the sheet has no such column."""
        raise NotImplementedError

    def row_for(self, key: tuple[str, ...], first: dict[str, Answer | dt.date]) -> int:
        """The appended row for ``key``, created (with ``first`` filled in) on first use."""
        if key not in self.rows:
            self.last += 1
            for name, value in first.items():
                self.put(self.last, name, value)
            self.rows[key] = self.last
        return self.rows[key]


class _Appender(AppendedRows):
    """Finds (or creates) a table sheet in the copy and appends rows below its last filled row."""

    def __init__(self, book: OpenpyxlWorkbook, schema: Sheet) -> None:
        self.book = book
        self.schema = schema
        self.ws, self.columns = self._locate()
        self.last = _last_filled_row(self.ws)
        self.rows: dict[tuple[str, ...], int] = {}

    def _locate(self) -> tuple[Worksheet, dict[str, int]]:
        for ws in self.book.worksheets:
            if find_sheet(ws.title) is not self.schema:
                continue
            for row in ws.iter_rows(max_row=_HEADER_SEARCH_ROWS, values_only=True):
                match = match_header(self.schema, tuple(row))
                if not match.missing:
                    return ws, {name: i + 1 for name, i in match.index.items()}
        ws = self.book.create_sheet(self.schema.name)
        for i, col in enumerate(self.schema.columns, start=1):
            _set(ws.cell(row=1, column=i), col.name.capitalize())
        return ws, {col.name: i for i, col in enumerate(self.schema.columns, start=1)}

    def put(self, row: int, column: str, value: Answer | dt.date) -> bool:
        index = self.columns.get(column)
        if index is None:
            return False
        cell = self.ws.cell(row=row, column=index)
        above = self.ws.cell(row=row - 1, column=index)
        if row > 2 and above.has_style:
            cell._style = copy(above._style)
        _set(cell, value)
        return True


def _last_filled_row(ws: Worksheet) -> int:
    last = 1
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if any(v is not None and v != "" for v in row):
            last = r
    return last


def _set(cell: Cell, value: Answer | dt.date) -> None:
    """Set a cell; text stays text, whole numbers are written as integers."""
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
    elif isinstance(value, float) and value.is_integer():
        cell.value = int(value)
    elif isinstance(value, dt.date):
        cell.value = value
        if cell.number_format == "General":
            cell.number_format = "yyyy-mm-dd"
    else:
        cell.value = value


def _cell_of(book: OpenpyxlWorkbook, src: Source, column: str) -> Cell | None:
    header = src.ref.headers.get(column)
    if header is None or src.ref.sheet not in book.sheetnames:
        return None
    return book[src.ref.sheet].cell(row=src.row, column=header[1] + 1)


def rewrite_merged(
    wb: Workbook,
    workbook_path: Path,
    merged_path: Path,
    changes: Sequence[Change],
    checkins: Sequence[NewCheckIn],
    calibrations: Sequence[Calibrated] = (),
) -> list[tuple[Change | Calibrated, str]]:
    """Write the merged copy; return the changes that had no cell to go to, each with the reason."""
    try:
        book = openpyxl.load_workbook(workbook_path)
    except Exception as exc:  # openpyxl raises many types on damaged files
        raise InputError(f"{workbook_path}: cannot open the workbook to merge into ({exc})") from exc
    appenders: dict[str, _Appender] = {}

    def appender(schema: Sheet) -> _Appender:
        if schema.name not in appenders:
            appenders[schema.name] = _Appender(book, schema)
        return appenders[schema.name]

    unplaced: list[tuple[Change | Calibrated, str]] = []
    goals = {(g.id, g.person_id): g for g in wb.goals}  # id AND owner: the very row the form answered
    for change in changes:
        cell = _target_cell(wb, book, goals, appender, change)
        if cell is None:
            unplaced.append((change, unplaced_reason(change)))
        else:
            _set(cell, change.new)
    for outcome in calibrations:
        why = _place_calibration(wb, book, appender, outcome)
        unplaced += [(outcome, why)] if why else []
    if checkins:
        _append_checkins(appender(CHECKINS), checkins)
    write_file(merged_path, workbook_bytes(book))
    return unplaced


def unplaced_reason(change: Change) -> str:
    """Why a change found no cell: its column is missing from the workbook's sheet."""
    t = change.target
    return f"the workbook's {t.sheet} sheet has no {t.column!r} column; add it and collect again"


def _target_cell(
    wb: Workbook,
    book: OpenpyxlWorkbook,
    goals: dict[tuple[str, str], Goal],
    appender: Callable[[Sheet], _Appender],
    change: Change,
) -> Cell | None:
    """The cell a change goes to (a new row appended for a value or review the master lacks)."""
    t = change.target
    if t.sheet == "Goals":
        return _cell_of(book, goals[t.key[0], t.key[1]].src, t.column)
    if t.sheet == "Values":
        person_id, value_name = t.key
        existing = next((v for v in wb.values_of(person_id) if normalise(v.value) == normalise(value_name)), None)
        if existing is not None:
            return _cell_of(book, existing.src, t.column)
        app = appender(VALUES)
        row = app.row_for(t.key, {"person": person_id, "value": value_name})
    else:
        review = wb.review_of(t.key[0])
        if review is not None:
            return _cell_of(book, review.src, t.column)
        app = appender(REVIEWS)
        row = app.row_for(t.key, {"person": t.key[0]})
    return app.ws.cell(row=row, column=app.columns[t.column]) if t.column in app.columns else None


def _place_calibration(
    wb: Workbook, book: OpenpyxlWorkbook, appender: Callable[[Sheet], _Appender], outcome: Calibrated
) -> str:
    """Write ``outcome`` over the person's Calibration row, or on a new one; "" or why nothing was written."""
    row = last_calibration_row(wb, outcome.person_id)
    if row is not None:
        why = calibration_columns_missing(row.src.ref.headers.keys() if row.src.ref.sheet in book.sheetnames else ())
        for column, value in calibration_cells(outcome) if not why else ():
            cell = _cell_of(book, row.src, column)
            if cell is not None:
                _set(cell, value)
        return why
    app = appender(CALIBRATION)
    why = calibration_columns_missing(app.columns)
    if not why:
        number = app.row_for((outcome.person_id,), {"person": outcome.person_id})
        for column, value in calibration_cells(outcome):
            app.put(number, column, value)
    return why


def last_calibration_row(wb: Workbook, person_id: str) -> Calibration | None:
    """The person's last row on the workbook's Calibration sheet (the one that stands), if any."""
    return next((c for c in reversed(wb.calibrations) if c.person_id == person_id), None)


def calibration_cells(outcome: Calibrated) -> list[tuple[str, Answer | dt.date]]:
    """The Calibration columns an outcome fills: the rating, the reason, who and when."""
    return [
        ("calibrated rating", outcome.new),
        ("reason", outcome.reason),
        ("calibrated by", outcome.by),
        ("date", outcome.date),
    ]


def calibration_columns_missing(columns: Iterable[str]) -> str:
    """Why an outcome cannot be written to a Calibration sheet with ``columns``: it needs a rating and a
    reason column (who and when are written where there are columns for them); "" when it can."""
    missing = [c for c in ("calibrated rating", "reason") if c not in set(columns)]
    if not missing:
        return ""
    names = " or ".join(repr(c) for c in missing)
    return f"the workbook's Calibration sheet has no {names} column; add it and collect again"


def _append_checkins(app: _Appender, checkins: Sequence[NewCheckIn]) -> None:
    for ci in checkins:
        app.last += 1
        for column, item in checkin_cells(ci):
            app.put(app.last, column, item)


def checkin_cells(ci: NewCheckIn) -> list[tuple[str, Answer | dt.date]]:
    """The Check-ins columns a new check-in fills (empty ones left out)."""
    cells: list[tuple[str, Answer | dt.date]] = [
        ("date", ci.date), ("person", ci.person_id), ("author", ci.author_id), ("kind", ci.kind), ("note", ci.note)
    ]  # fmt: skip
    return [(column, item) for column, item in cells if item]
