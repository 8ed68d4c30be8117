"""The spreadsheet beside a long scorecard: its roster grouped by manager, and the by-manager table.

A roster of hundreds of people printed in a scorecard runs for dozens of pages nobody reads; in a
spreadsheet it can be sorted and filtered. Headers are frozen and filtered; every text from the
workbook is written as text (never a formula); the bytes depend only on the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reviewgen.files.xlsx_save import safe_row, set_fixed_properties, workbook_bytes
from reviewgen.render.context import BreakdownRow, RosterGroup

ROSTER_HEADERS = (
    ("Manager", 24),
    ("ID", 10),
    ("Name", 24),
    ("Title", 24),
    ("Department", 18),
    ("Overall rating", 10),
    ("Final label", 16),
    ("Goal rating", 10),
    ("Values rating", 10),
    ("Goal progress %", 10),
    ("Check-ins", 10),
    ("Last check-in", 12),
    ("Check-in overdue", 10),
    ("Final rating", 10),
    ("Calibrated from", 10),
)
MANAGER_HEADERS = (
    ("Manager", 24),
    ("People", 8),
    ("Rated", 8),
    ("Average overall", 10),
    ("Spread (std dev)", 10),
    ("Goal progress %", 10),
    ("Check-ins on rhythm %", 12),
    ("Changed by calibration", 12),
)
_BOLD = Font(bold=True)


def _sheet(book: Workbook, title: str, headers: Sequence[tuple[str, int]], rows: Sequence[Sequence[object]]) -> None:
    ws = book.create_sheet(title)
    for i, (_, width) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    header = []
    for text, _ in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = _BOLD
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append(safe_row(ws, row))


def roster_workbook_bytes(
    groups: Sequence[RosterGroup],
    managers: Sequence[BreakdownRow],
    title: str,
    company: str,
    created: dt.datetime,
) -> bytes:
    """The .xlsx bytes: a "Roster" sheet (a row per person, by manager) and, when given, "By manager"."""
    book = Workbook(write_only=True)
    set_fixed_properties(book, created, f"{title}: roster", company or "reviewgen")
    roster = [
        (
            group.manager,
            r.person_id,
            r.name,
            r.title,
            r.department,
            r.overall,
            r.label,
            r.goal_rating,
            r.values_rating,
            r.progress_pct,
            r.checkin_count,
            r.last_checkin,
            "yes" if r.checkin_overdue else "no",
            r.level,
            r.calibrated_from,
        )
        for group in groups
        for r in group.rows
    ]
    _sheet(book, "Roster", ROSTER_HEADERS, roster)
    if managers:
        rows = [
            (m.name, m.people, m.rated, m.average, m.spread, m.progress_pct, m.completion_pct, m.calibrated)
            for m in managers
        ]
        _sheet(book, "By manager", MANAGER_HEADERS, rows)
    return workbook_bytes(book)
