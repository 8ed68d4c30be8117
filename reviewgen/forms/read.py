"""Reading a returned form: its verified record and the raw rows of each form sheet.

Sheets are found by their header row (and the hidden record by its marker), so renamed or
reordered sheets and columns, changed styles and files saved by Excel or LibreOffice (shared
strings, renumbered styles, inline strings) all read the same. A typed formula is seen as a
formula (its text, ``=...``) and never mistaken for its saved value.

The package is read part by part (reviewgen.forms.xlsx_read), never as a whole workbook: the hidden
record first (a form whose signature fails stops there), then only the form sheets. Only the range we
wrote is read: the header search looks at the first rows and columns, and a form sheet's data rows end
a margin below the rows issued (the record says how many). A value typed further down (a stray cell at
A1048576, say) is listed as a stray row, which collect rejects with its reason.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reviewgen.errors import FormError
from reviewgen.forms.layout import NEW_GOAL_ROWS, RECORD_MARKER, RECORD_SHEET, FormSheet, form_sheets
from reviewgen.forms.signature import IssuedRecord, parse_record
from reviewgen.forms.xlsx_read import MAX_COLUMN, UNREADABLE, FormPackage, SheetRows
from reviewgen.forms.xlsx_read import RawCell as RawCell
from reviewgen.model.schema import normalise

#: Formats a spreadsheet program offers that are not .xlsx; collect asks for a re-save.
SAVE_AS_XLSX = frozenset({".xls", ".ods", ".fods", ".csv", ".tsv", ".txt", ".numbers", ".xlsb"})
FORM_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_HEADER_SEARCH_ROWS = 8
#: Columns searched for a form's headers: the widest form table has 16 columns, and a protected sheet
#: cannot gain columns; a cell further right is never looked at (nor kept: xlsx_read.MAX_COLUMN).
_HEADER_SEARCH_COLUMNS = MAX_COLUMN
#: Rows read below the issued ones: rows a manager typed or pasted under the table (an added goal, a row
#: copied from another form) are read and rejected with their own reason; further down is a stray row.
_ROWS_BELOW_READ = 100
#: Rows of the hidden record sheet read: the record of the largest team is a few dozen rows.
_RECORD_ROWS = 10_000


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
    #: The sha256 of the bytes this was read from (a form read again must be the same file).
    digest: bytes = b""

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
        package = FormPackage(_form_bytes(path))
    except (zipfile.BadZipFile, OSError) as exc:
        raise FormError("it cannot be opened: it may be damaged or password-protected; ask for the form again") from exc
    except UNREADABLE as exc:
        raise FormError(f"it cannot be read as a workbook ({type(exc).__name__}); ask for the form again") from exc
    with package:
        try:
            return _read(package, path, secret)
        except UNREADABLE as exc:  # a damaged sheet or part, found while reading it
            raise FormError(f"it cannot be read as a workbook ({type(exc).__name__}); ask for the form again") from exc


#: The largest file read as a form: far above any form or calibration workbook reviewgen writes.
FORM_MAX_MB = 256


def _form_bytes(path: Path) -> bytes:
    """The file's bytes, all read at once (parsed and hashed from the same bytes); FormError past FORM_MAX_MB, or
    when the file cannot be read at all (open and locked in Excel on Windows, no permission): not a damaged form."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(FORM_MAX_MB * 1_000_000 + 1)  # MB of 1,000,000 bytes, as [limits] counts them
    except OSError as exc:
        raise FormError(
            f"it cannot be read ({exc.strerror or type(exc).__name__}): close it where it is open, or ask for access "
            "to it, and collect again"
        ) from exc
    if len(data) > FORM_MAX_MB * 1_000_000:
        raise FormError(f"it is larger than {FORM_MAX_MB} MB, far larger than any form: check that it is the form sent")
    return data


def _read(package: FormPackage, path: Path, secret: bytes) -> ReturnedForm:
    record_part = _record_part(package)
    if record_part is None:
        raise FormError("it is not a reviewgen form, or its hidden reviewgen sheet was deleted; send a fresh form")
    stored = package.sheet(record_part).rows
    last = min(max(stored, default=0), _RECORD_ROWS)
    cells = [stored.get(r, {}).get(1, _BLANK).value for r in range(1, last + 1)]
    record = parse_record(cells, secret)
    others = [(title, part) for title, part in package.sheets if part != record_part]
    rows, missing, stray = _read_sheets(package, others, record)
    return ReturnedForm(path, record, package.modified(), path.stat().st_mtime, rows, missing, stray, package.digest)


_BLANK = RawCell(None)


def _read_sheets(
    package: FormPackage, sheets: list[tuple[str, str]], record: IssuedRecord
) -> tuple[tuple[FormRow, ...], tuple[str, ...], tuple[tuple[str, int], ...]]:
    """The rows of each form sheet, the form sheets not found, and the stray rows below the issued ones."""
    rows: list[FormRow] = []
    missing: list[str] = []
    stray: list[tuple[str, int]] = []
    for spec in form_sheets(record.kind):
        found = _find_sheet(package, sheets, spec)
        if found is None:
            missing.append(spec.title)
            continue
        title, stored, header_row, columns = found
        end = header_row + _rows_issued(spec, record) + _ROWS_BELOW_READ
        rows.extend(_read_rows(stored, title, spec, header_row, columns, end))
        stray.extend((title, r) for r in _filled_rows_below(stored, end))
    return tuple(rows), tuple(missing), tuple(stray)


def _rows_issued(spec: FormSheet, record: IssuedRecord) -> int:
    """How many data rows the form was issued with on ``spec``'s sheet (as forms.write lays them out)."""
    if spec.key == "goals":
        return sum(len(p.goals) for p in record.people)
    if spec.key == "goal-setting":  # each person's goals, then blank rows for new ones
        return sum(len(p.goals) + NEW_GOAL_ROWS for p in record.people)
    if spec.key == "values":
        return sum(len(p.values) for p in record.people)
    if spec.key in ("review", "calibration"):  # a row per person
        return len(record.people)
    return spec.blank_rows


def _filled_rows_below(stored: SheetRows, end: int) -> list[int]:
    """Rows below ``end`` holding a value in any column: read as stored, never walking empty rows."""
    below = {r for r, cells in stored.rows.items() if r > end and any(not c.blank for c in cells.values())}
    return sorted(below | {r for r in stored.wide if r > end})


def _record_part(package: FormPackage) -> str | None:
    """The part of the hidden record sheet: by its name, else (renamed by a program) by its marker."""

    def marked(part: str) -> bool:
        return package.sheet(part).rows.get(1, {}).get(1, _BLANK).value == RECORD_MARKER

    named = [part for title, part in package.sheets if title == RECORD_SHEET]
    others = [part for title, part in package.sheets if title != RECORD_SHEET]
    return next((part for part in (*named, *others) if marked(part)), None)


def _header_columns(stored: SheetRows, spec: FormSheet) -> tuple[int, dict[str, int]] | None:
    """The header row of ``spec`` in a sheet and the 1-based column of each of its column keys."""
    wanted = spec.header_keys
    needed = {c.key for c in spec.columns if c.input or c.kind == "id"} | ({"value"} if spec.key == "values" else set())
    for r in sorted(n for n in stored.rows if n <= _HEADER_SEARCH_ROWS):
        columns: dict[str, int] = {}
        for c, cell in sorted(stored.rows[r].items()):
            if c > _HEADER_SEARCH_COLUMNS:
                break
            key = wanted.get(normalise(cell.value)) if isinstance(cell.value, str) else None
            if key is not None and key not in columns:
                columns[key] = c
        if needed <= columns.keys():
            return r, columns
    return None


def _find_sheet(
    package: FormPackage, sheets: list[tuple[str, str]], spec: FormSheet
) -> tuple[str, SheetRows, int, dict[str, int]] | None:
    """The sheet playing ``spec``'s part: by its usual name first, else the first with its header."""
    for title, part in sorted(sheets, key=lambda sheet: sheet[0] != spec.title):
        stored = package.sheet(part)
        found = _header_columns(stored, spec)
        if found is not None:
            return title, stored, found[0], found[1]
    return None


#: Values a cell can hold as typed; anything else (a duration) is treated like a formula: not collected.
_TYPED = (str, int, float, dt.date, type(None))


def _read_rows(
    stored: SheetRows, title: str, spec: FormSheet, header_row: int, columns: dict[str, int], end: int
) -> list[FormRow]:
    """The non-empty rows from below the header down to ``end``, the last row read."""
    out: list[FormRow] = []
    for r in sorted(n for n in stored.rows if header_row < n <= end):
        found = stored.rows[r]
        cells: dict[str, RawCell] = {}
        for key, c in columns.items():
            cell = found.get(c, _BLANK)
            cells[key] = cell if isinstance(cell.value, _TYPED) else RawCell(cell.value, formula=True)
        if all(cell.blank for cell in cells.values()):
            continue
        out.append(FormRow(spec, title, r, cells))
    return out
