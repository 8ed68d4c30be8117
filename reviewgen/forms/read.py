"""Reading a returned form: its verified record and the raw rows of each form sheet.

Sheets are found by their header row (and the hidden record by its marker), so renamed or
reordered sheets and columns, changed styles and files saved by Excel or LibreOffice all
read the same. Cells are read in normal mode so that a typed formula is seen as a formula
(``data_type == "f"``) and never mistaken for its cached value.

Only the range we wrote is read: the header search looks at the first rows and columns, and a form
sheet's data rows end a margin below the rows issued (the record says how many). A value typed further
down than a margin (a stray cell at A1048576, say) is not read cell by cell, which would cost a minute
and gigabytes: it is listed as a stray row, which collect rejects with its reason.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from reviewgen.errors import FormError
from reviewgen.forms.layout import CHECKIN_ROWS, RECORD_MARKER, RECORD_SHEET, FormSheet, form_sheets
from reviewgen.forms.signature import IssuedRecord, parse_record
from reviewgen.model.schema import normalise

#: Formats a spreadsheet program offers that are not .xlsx; collect asks for a re-save.
SAVE_AS_XLSX = frozenset({".xls", ".ods", ".fods", ".csv", ".tsv", ".txt", ".numbers", ".xlsb"})
FORM_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_HEADER_SEARCH_ROWS = 8
#: Columns searched for a form's headers: the widest form table has 16 columns, and a protected sheet
#: cannot gain columns; a cell further right is never looked at.
_HEADER_SEARCH_COLUMNS = 64
#: Rows read below the issued ones: rows a manager typed or pasted under the table (an added goal, a row
#: copied from another form) are read and rejected with their own reason; further down is a stray row.
_ROWS_BELOW_READ = 100
#: Rows of the hidden record sheet read: the record of the largest team is a few dozen rows.
_RECORD_ROWS = 10_000


@dataclass(frozen=True)
class RawCell:
    """A cell as found: its value, and whether it holds a formula or an error value."""

    value: object
    formula: bool = False
    error: bool = False

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass(frozen=True)
class FormRow:
    """One non-empty data row of a form sheet: column key -> cell."""

    sheet: FormSheet
    sheet_title: str
    row: int
    cells: dict[str, RawCell]

    def get(self, key: str) -> RawCell:
        return self.cells.get(key, RawCell(None))


@dataclass(frozen=True)
class ReturnedForm:
    """A returned form whose hidden record verified."""

    path: Path
    record: IssuedRecord
    #: When the file was last saved, from its properties (None when it has none).
    saved_at: dt.datetime | None
    mtime: float
    rows: tuple[FormRow, ...]
    #: Form sheets (by default title) not found in the file.
    missing_sheets: tuple[str, ...]
    #: (sheet title, row) of rows holding a value far below the rows the form was issued with; not read.
    stray_rows: tuple[tuple[str, int], ...] = ()

    @property
    def newest_key(self) -> tuple[dt.datetime, float]:
        """Sort key for "newest saved": the saved time in the properties, then the file time."""
        return (self.saved_at or dt.datetime.min, self.mtime)


def is_form_candidate(path: Path) -> bool:
    """Whether a file in a collected folder is looked at: spreadsheets, not lock or hidden files."""
    name = path.name
    if name.startswith(("~$", ".")):
        return False
    return path.suffix.lower() in FORM_SUFFIXES | SAVE_AS_XLSX


def read_form(path: Path, secret: bytes) -> ReturnedForm:
    """Open ``path``, verify its record and read its rows; raise FormError with the reason if unusable."""
    suffix = path.suffix.lower()
    if suffix in SAVE_AS_XLSX:
        raise FormError(
            f"it is saved as {suffix}: open it, save it as .xlsx (File > Save As > Excel Workbook) and collect again"
        )
    if suffix not in FORM_SUFFIXES:
        raise FormError("it is not a spreadsheet form (.xlsx)")
    if not path.is_file():
        raise FormError("the file does not exist")
    try:
        book = openpyxl.load_workbook(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FormError("it cannot be opened: it may be damaged or password-protected; ask for the form again") from exc
    except Exception as exc:  # openpyxl raises many types (KeyError, ValueError, ...) on damaged files
        raise FormError(f"it cannot be read as a workbook ({type(exc).__name__}); ask for the form again") from exc
    record_ws = _record_sheet(book.worksheets)
    if record_ws is None:
        raise FormError("it is not a reviewgen form, or its hidden reviewgen sheet was deleted; send a fresh form")
    last = min(record_ws.max_row, _RECORD_ROWS)
    cells = [row[0] for row in record_ws.iter_rows(min_col=1, max_col=1, max_row=last, values_only=True)]
    record = parse_record(cells, secret)
    rows, missing, stray = _read_sheets([ws for ws in book.worksheets if ws is not record_ws], record)
    modified = book.properties.modified
    saved_at = modified if isinstance(modified, dt.datetime) else None
    return ReturnedForm(path, record, saved_at, path.stat().st_mtime, rows, missing, stray)


def _read_sheets(
    sheets: list[Worksheet], record: IssuedRecord
) -> tuple[tuple[FormRow, ...], tuple[str, ...], tuple[tuple[str, int], ...]]:
    """The rows of each form sheet, the form sheets not found, and the stray rows below the issued ones."""
    rows: list[FormRow] = []
    missing: list[str] = []
    stray: list[tuple[str, int]] = []
    for spec in form_sheets(record.kind):
        found = _find_sheet(sheets, spec)
        if found is None:
            missing.append(spec.title)
            continue
        ws, header_row, columns = found
        end = header_row + _rows_issued(spec, record) + _ROWS_BELOW_READ
        rows.extend(_read_rows(ws, spec, header_row, columns, end))
        stray.extend((ws.title, r) for r in _filled_rows_below(ws, end))
    return tuple(rows), tuple(missing), tuple(stray)


def _rows_issued(spec: FormSheet, record: IssuedRecord) -> int:
    """How many data rows the form was issued with on ``spec``'s sheet (as forms.write lays them out)."""
    if spec.key == "goals":
        return sum(len(p.goals) for p in record.people)
    if spec.key == "values":
        return sum(len(p.values) for p in record.people)
    if spec.key in ("review", "calibration"):  # a row per person
        return len(record.people)
    return CHECKIN_ROWS


def _filled_rows_below(ws: Worksheet, end: int) -> list[int]:
    """Rows below ``end`` holding a value, from the cells the file stores (never walking empty rows).

    openpyxl keeps the stored cells in ``Worksheet._cells``; walking rows with ``iter_rows`` instead
    would create every empty cell up to the last stored one (a million rows for a cell at A1048576).
    """
    if ws.max_row <= end:
        return []
    stored = ws._cells  # openpyxl internal: see the docstring
    return sorted({r for (r, _), cell in stored.items() if r > end and not RawCell(cell.value).blank})


def _record_sheet(sheets: Iterable[Worksheet]) -> Worksheet | None:
    candidates = list(sheets)
    for ws in candidates:
        if ws.title == RECORD_SHEET and ws.cell(row=1, column=1).value == RECORD_MARKER:
            return ws
    for ws in candidates:  # renamed by a program: look for the marker
        if ws.cell(row=1, column=1).value == RECORD_MARKER:
            return ws
    return None


def _header_columns(ws: Worksheet, spec: FormSheet) -> tuple[int, dict[str, int]] | None:
    """The header row of ``spec`` in ``ws`` and the 1-based column of each of its column keys."""
    wanted = {normalise(c.header): c.key for c in spec.columns}
    needed = {c.key for c in spec.columns if c.input or c.kind == "id"} | ({"value"} if spec.key == "values" else set())
    width = min(ws.max_column, _HEADER_SEARCH_COLUMNS)
    for r, row in enumerate(ws.iter_rows(max_row=_HEADER_SEARCH_ROWS, max_col=width, values_only=True), start=1):
        columns: dict[str, int] = {}
        for c, value in enumerate(row, start=1):
            key = wanted.get(normalise(value)) if isinstance(value, str) else None
            if key is not None and key not in columns:
                columns[key] = c
        if needed <= columns.keys():
            return r, columns
    return None


def _find_sheet(sheets: list[Worksheet], spec: FormSheet) -> tuple[Worksheet, int, dict[str, int]] | None:
    """The sheet playing ``spec``'s part: by its usual name first, else the first with its header."""
    ordered = sorted(sheets, key=lambda ws: ws.title != spec.title)
    for ws in ordered:
        found = _header_columns(ws, spec)
        if found is not None:
            return ws, found[0], found[1]
    return None


def _read_rows(ws: Worksheet, spec: FormSheet, header_row: int, columns: dict[str, int], end: int) -> list[FormRow]:
    """The non-empty rows from below the header down to ``end``, the last row issued."""
    out: list[FormRow] = []
    width = max(columns.values())
    last = min(ws.max_row, end)
    for r, row in enumerate(ws.iter_rows(min_row=header_row + 1, max_row=last, max_col=width), start=header_row + 1):
        cells: dict[str, RawCell] = {}
        for key, c in columns.items():
            cell = row[c - 1]
            value = cell.value
            formula = cell.data_type == "f" or not isinstance(value, str | int | float | dt.date | type(None))
            cells[key] = RawCell(value, formula=formula, error=cell.data_type == "e")
        if all(cell.blank for cell in cells.values()):
            continue
        out.append(FormRow(spec, ws.title, r, cells))
    return out
