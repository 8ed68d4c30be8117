"""Reading a returned form: its verified record and the raw rows of each form sheet.

Sheets are found by their header row (and the hidden record by its marker), so renamed or
reordered sheets and columns, changed styles and files saved by Excel or LibreOffice all
read the same. Cells are read in normal mode so that a typed formula is seen as a formula
(``data_type == "f"``) and never mistaken for its cached value.
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
from reviewgen.forms.layout import RECORD_MARKER, RECORD_SHEET, FormSheet, form_sheets
from reviewgen.forms.signature import IssuedRecord, parse_record
from reviewgen.model.schema import normalise

#: Formats a spreadsheet program offers that are not .xlsx; collect asks for a re-save.
SAVE_AS_XLSX = frozenset({".xls", ".ods", ".fods", ".csv", ".tsv", ".txt", ".numbers", ".xlsb"})
FORM_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_HEADER_SEARCH_ROWS = 8


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
    cells = [row[0] for row in record_ws.iter_rows(min_col=1, max_col=1, values_only=True)]
    record = parse_record(cells, secret)
    if record.kind == "calibration":
        raise FormError(
            "it is a calibration workbook: collect does not read those yet; copy the agreed ratings and reasons "
            "into the Calibration sheet of the cycle workbook (docs/calibration.md)"
        )
    rows: list[FormRow] = []
    missing: list[str] = []
    others = [ws for ws in book.worksheets if ws is not record_ws]
    for spec in form_sheets(record.kind):
        found = _find_sheet(others, spec)
        if found is None:
            missing.append(spec.title)
            continue
        ws, header_row, columns = found
        rows.extend(_read_rows(ws, spec, header_row, columns))
    modified = book.properties.modified
    saved_at = modified if isinstance(modified, dt.datetime) else None
    return ReturnedForm(path, record, saved_at, path.stat().st_mtime, tuple(rows), tuple(missing))


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
    for r, row in enumerate(ws.iter_rows(max_row=_HEADER_SEARCH_ROWS, values_only=True), start=1):
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


def _read_rows(ws: Worksheet, spec: FormSheet, header_row: int, columns: dict[str, int]) -> list[FormRow]:
    out: list[FormRow] = []
    width = max(columns.values())
    for r, row in enumerate(ws.iter_rows(min_row=header_row + 1, max_col=width), start=header_row + 1):
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
