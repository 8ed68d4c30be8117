"""Writing the merged workbook: a copy of the original with only the collected cells set.

The copy is made by patching the original package (reviewgen.collect.patch): every cell, sheet and
part the forms did not change stays exactly as it was saved, formulas and their saved values
included, and the same forms always give the same bytes. A changed cell is found through the loaded
model's Source row and header index; a value or review the master lacks, and every new check-in, goes
in a new row below the last filled row of its sheet, styled like the row above (a sheet the master
lacks is added, with the schema's header row). A master the patcher cannot handle without touching
cells the forms did not answer is refused, naming why and what to do: there is no lossy second way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from reviewgen.collect.patch import CannotPatch, CellValue, XlsxPatch
from reviewgen.collect.report import Answer, Calibrated, Change, NewCheckIn
from reviewgen.errors import InputError
from reviewgen.files.atomic import write_file
from reviewgen.files.guard import note_written
from reviewgen.forms.layout import clean_text
from reviewgen.model.headers import match_header
from reviewgen.model.schema import CALIBRATION, CHECKINS, GOALS, REVIEWS, VALUES, Sheet, find_sheet, normalise
from reviewgen.model.workbook import Calibration, Goal, Source, Workbook

_HEADER_SEARCH_ROWS = 10


def write_merged(
    wb: Workbook,
    workbook_path: Path,
    merged_path: Path,
    changes: Sequence[Change],
    checkins: Sequence[NewCheckIn],
    calibrations: Sequence[Calibrated] = (),
) -> list[tuple[Change | Calibrated, str]]:
    """Write the merged copy; return the changes that had no cell to go to, each with the reason."""
    try:
        data, unplaced = _patched(wb, workbook_path, changes, checkins, calibrations)
    except CannotPatch as exc:
        raise InputError(
            f"{workbook_path}: collect cannot merge into this workbook without changing cells the forms did not "
            f"answer: {exc}; nothing was written"
        ) from exc
    write_file(merged_path, data)
    note_written(merged_path, data)  # a later collect --replace may replace it while unchanged, never after edits
    return unplaced


def _patched(
    wb: Workbook,
    workbook_path: Path,
    changes: Sequence[Change],
    checkins: Sequence[NewCheckIn],
    calibrations: Sequence[Calibrated],
) -> tuple[bytes, list[tuple[Change | Calibrated, str]]]:
    try:
        book = _Merge(wb, XlsxPatch(workbook_path))
    except (OSError, KeyError, ValueError, SyntaxError) as exc:  # zipfile, a missing part, lxml
        raise InputError(f"{workbook_path}: cannot open the workbook to merge into ({exc})") from exc
    unplaced: list[tuple[Change | Calibrated, str]] = [
        (change, unplaced_reason(change)) for change in changes if not book.place(change)
    ]
    for outcome in calibrations:
        why = book.place_calibration(outcome)
        unplaced += [(outcome, why)] if why else []
    if checkins:
        book.append_checkins(checkins)
    return book.patch.patched_bytes(), unplaced


def unplaced_reason(change: Change) -> str:
    """Why a change found no cell: its column is missing from the workbook's sheet."""
    t = change.target
    return f"the workbook's {t.sheet} sheet has no {t.column!r} column; add it and collect again"


def checkin_cells(ci: NewCheckIn) -> list[tuple[str, Answer | dt.date]]:
    """The Check-ins columns a new check-in fills (empty ones left out)."""
    cells: list[tuple[str, Answer | dt.date]] = [
        ("date", ci.date), ("person", ci.person_id), ("author", ci.author_id), ("kind", ci.kind), ("note", ci.note)
    ]  # fmt: skip
    return [(column, item) for column, item in cells if item]


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


class _Appender:
    """A table sheet of the master that receives new rows below its last filled row, one per key (a value
    rating, a review), made on first use; a sheet the master lacks is added with the schema's header row."""

    def __init__(self, patch: XlsxPatch, schema: Sheet) -> None:
        self.patch = patch
        found = _locate(patch, schema)
        if found is None:
            found = _add_sheet(patch, schema)
        self.title, self.columns = found
        self.last = patch.sheet(self.title).last_filled_row()
        self.rows: dict[tuple[str, ...], int] = {}

    def put(self, row: int, column: str, value: Answer | dt.date) -> bool:
        """Set a cell of an appended row, styled as the cell above (not the header's style)."""
        index = self.columns.get(column)
        if index is None:
            return False
        style = self.patch.sheet(self.title).style_of(row - 1, index) if row > 2 else None
        self.patch.set(self.title, row, index, _cell_value(value), None if style == b"0" else style)
        return True

    def row_for(self, key: tuple[str, ...], first: dict[str, Answer | dt.date]) -> int:
        """The appended row for ``key``, created (with ``first`` filled in) on first use."""
        if key not in self.rows:
            self.last += 1
            for name, value in first.items():
                self.put(self.last, name, value)
            self.rows[key] = self.last
        return self.rows[key]


def _add_sheet(patch: XlsxPatch, schema: Sheet) -> tuple[str, dict[str, int]]:
    """Add ``schema``'s sheet to the master with its header row (the column names, as init writes them)."""
    title = schema.name
    twin = next((t for t in patch.sheet_parts if find_sheet(t) is schema or t.casefold() == title.casefold()), None)
    if twin is not None:  # a second sheet of that name would be a damaged workbook, or a duplicate-sheet error
        raise CannotPatch(
            f"its {twin} sheet has no header row with the {schema.name} columns in its first {_HEADER_SEARCH_ROWS} "
            "rows to add rows below: fix the header (`reviewgen check` names what is missing) and collect again"
        )
    patch.add_sheet(title)
    for i, col in enumerate(schema.columns, start=1):
        patch.set(title, 1, i, col.name.capitalize(), None)
    return title, {col.name: i for i, col in enumerate(schema.columns, start=1)}


def _locate(patch: XlsxPatch, schema: Sheet) -> tuple[str, dict[str, int]] | None:
    """The sheet of ``schema`` and the 1-based column of each of its columns, from its header row."""
    for title in patch.sheet_parts:
        if find_sheet(title) is not schema:
            continue
        for number in sorted(patch.sheet(title).rows):
            if number > _HEADER_SEARCH_ROWS:
                break
            match = match_header(schema, patch.cell_text(title, number))
            if not match.missing:
                return title, {name: i + 1 for name, i in match.index.items()}
    return None


class _Merge:
    """The changes and check-ins of one collect, placed into a patch of the master."""

    def __init__(self, wb: Workbook, patch: XlsxPatch) -> None:
        self.wb = wb
        self.patch = patch
        self.goals: dict[tuple[str, str], Goal] = {(g.id, g.person_id): g for g in wb.goals}  # id AND owner
        self._appenders: dict[str, _Appender] = {}

    def appender(self, schema: Sheet) -> _Appender:
        if schema.name not in self._appenders:
            self._appenders[schema.name] = _Appender(self.patch, schema)
        return self._appenders[schema.name]

    def place(self, change: Change) -> bool:
        """Set the cell of ``change``; False when its sheet has no such column."""
        t = change.target
        if t.sheet == "Goals":
            goal = self.goals.get((t.key[0], t.key[1]))
            if goal is not None:
                return self.set_at(goal.src, t.column, change.new)
            app = self.appender(GOALS)  # a new goal from a goal-setting form
            return app.put(app.row_for(t.key, {"id": t.key[0], "person": t.key[1]}), t.column, change.new)
        if t.sheet == "Values":
            person_id, value_name = t.key
            wanted = normalise(value_name)
            existing = next((v for v in self.wb.values_of(person_id) if normalise(v.value) == wanted), None)
            if existing is not None:
                return self.set_at(existing.src, t.column, change.new)
            app = self.appender(VALUES)
            return app.put(app.row_for(t.key, {"person": person_id, "value": value_name}), t.column, change.new)
        review = self.wb.review_of(t.key[0])
        if review is not None:
            return self.set_at(review.src, t.column, change.new)
        app = self.appender(REVIEWS)
        return app.put(app.row_for(t.key, {"person": t.key[0]}), t.column, change.new)

    def set_at(self, src: Source, column: str, value: Answer | dt.date) -> bool:
        """Set the cell of ``column`` in the row the model read ``src`` from, keeping the cell's style."""
        header = src.ref.headers.get(column)
        if header is None or src.ref.sheet not in self.patch.sheet_parts:
            return False
        index = header[1] + 1
        style = self.patch.sheet(src.ref.sheet).style_of(src.row, index)
        self.patch.set(src.ref.sheet, src.row, index, _cell_value(value), style)
        return True

    def place_calibration(self, outcome: Calibrated) -> str:
        """Write ``outcome`` over the person's Calibration row, or on a new one; "" or why nothing was written."""
        row = last_calibration_row(self.wb, outcome.person_id)
        if row is not None:
            headers = row.src.ref.headers.keys() if row.src.ref.sheet in self.patch.sheet_parts else ()
            why = calibration_columns_missing(headers)
            for column, value in calibration_cells(outcome) if not why else ():
                self.set_at(row.src, column, value)
            return why
        app = self.appender(CALIBRATION)
        why = calibration_columns_missing(app.columns)
        if not why:
            number = app.row_for((outcome.person_id,), {"person": outcome.person_id})
            for column, value in calibration_cells(outcome):
                app.put(number, column, value)
        return why

    def append_checkins(self, checkins: Sequence[NewCheckIn]) -> None:
        app = self.appender(CHECKINS)
        for ci in checkins:
            app.last += 1
            for column, item in checkin_cells(ci):
                app.put(app.last, column, item)


def _cell_value(value: Answer | dt.date) -> CellValue:
    """Text made safe for a cell (control characters dropped, Excel's length cap); other values as they are."""
    return clean_text(value) if isinstance(value, str) else value
