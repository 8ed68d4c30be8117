"""A master workbook with its manager forms issued, and how a manager fills a form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from reviewgen.collect.report import CollectResult
from reviewgen.collect.run import collect_forms
from reviewgen.forms.write import write_forms
from reviewgen.load.workbook import load_workbook
from reviewgen.model.workbook import Workbook
from testkit.builders import clean_sheets, write_workbook

SECRET = b"s" * 32
GRACE = "2026-Q4 - P2 - Grace Hopper.xlsx"
ADA = "2026-Q4 - P1 - Ada Lovelace.xlsx"
Edit = tuple[str, dict[str, str], str, Any]  # sheet, row match {header: value}, header, new value


class Cycle:
    """A clean master workbook in tmp_path with its manager forms issued."""

    def __init__(self, tmp_path: Path, sheets: dict[str, list[list[Any]]] | None = None, name: str = "cycle.xlsx"):
        self.sheets = sheets if sheets is not None else clean_sheets()
        self.path = write_workbook(tmp_path / "hr" / name, self.sheets)
        self.wb: Workbook = load_workbook(self.path)
        self.forms = {p.name: p for p in write_forms(self.wb, tmp_path / "issued", secret=SECRET)}
        self.returned = tmp_path / "returned"
        self.returned.mkdir(exist_ok=True)
        self.merged = tmp_path / "merged.xlsx"

    def fill(
        self, form: str, edits: list[Edit], *, as_name: str | None = None, saved: dt.datetime | None = None
    ) -> Path:
        """Type values into a copy of an issued form the way a manager would, save it as returned."""
        book = openpyxl.load_workbook(self.forms[form])
        for sheet, match, header, value in edits:
            fill_cell(book[sheet], match, header, value)
        if saved is not None:
            book.properties.modified = saved
        out = self.returned / (as_name or form)
        book.save(out)
        if saved is not None:  # openpyxl stamps "now" on save; put the manager's save time back
            patched = openpyxl.load_workbook(out)
            patched.properties.modified = saved
            _save_keeping_modified(patched, out)
        return out

    def collect(self, *paths: Path, prefer: str = "none", merged: Path | None = None) -> CollectResult:
        return collect_forms(
            self.wb, self.path, list(paths) or [self.returned], merged or self.merged, secret=SECRET, prefer=prefer
        )  # type: ignore[arg-type]


def _save_keeping_modified(book: openpyxl.Workbook, path: Path) -> None:
    from reviewgen.files.xlsx_save import save_workbook

    save_workbook(book, path)


def fill_cell(ws: Any, match: dict[str, str], header: str, value: Any) -> None:
    """Set ``header`` of the row whose cells equal ``match`` (or the first empty row when match is {})."""
    headers = {c.value: c.column for c in ws[2] if c.value}
    for row in range(3, ws.max_row + 2):
        if match and all(ws.cell(row=row, column=headers[h]).value == v for h, v in match.items()):
            break
        if not match and all(ws.cell(row=row, column=c).value is None for c in headers.values()):
            break
    else:
        raise AssertionError(f"no row {match} on {ws.title}")
    cell = ws.cell(row=row, column=headers[header])
    cell.value = value
    if isinstance(value, str) and not value.startswith("="):
        cell.data_type = "s"


def cell(path: Path, sheet: str, ref: str) -> Any:
    return openpyxl.load_workbook(path)[sheet][ref].value


def all_cells(path: Path) -> dict[tuple[str, str], Any]:
    book = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in book.worksheets for row in ws.iter_rows() for c in row}


GRACE_EDITS: list[Edit] = [
    ("Goals", {"Goal ID": "G4"}, "Actual", 13),
    ("Goals", {"Goal ID": "G4"}, "Manager rating", "5 - Outstanding"),
    ("Goals", {"Goal ID": "G4"}, "Manager comment", "Beat the target; +1 customers"),
    ("Values", {"Value": "Customer first"}, "Manager rating", "3 - Meets"),
    ("Values", {"Value": "Customer first"}, "Comment", "Listens to customers"),
    ("Review", {"Person ID": "P3"}, "Manager summary", "A strong finish to the year"),
]
CHECKIN_EDITS: list[Edit] = [
    ("Check-ins", {}, "Date", dt.datetime(2026, 12, 20)),
    ("Check-ins", {"Date": dt.datetime(2026, 12, 20)}, "Person", "P3 - Alan Turing"),
    ("Check-ins", {"Date": dt.datetime(2026, 12, 20)}, "Kind", "praise"),
    ("Check-ins", {"Date": dt.datetime(2026, 12, 20)}, "Note", "Great demo"),
]
