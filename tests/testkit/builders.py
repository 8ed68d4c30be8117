"""Small workbooks built in tmp_path: a clean cycle that every test can copy and break.

``clean_sheets()`` returns a fresh copy of a three-person cycle (a CEO, a sales manager and a
sales rep) that has zero findings; a test changes one cell or row and writes it with
``write_workbook``. Row 1 of every table sheet is the header, so data row ``i`` of a list
(0-based) sits in spreadsheet row ``i + 2``.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook

D = dt.date

Rows = list[list[Any]]

_CLEAN: dict[str, Rows] = {
    "Cycle": [
        ["Setting", "Value"],
        ["Company", "Acme Test Ltd"],
        ["Cycle", "2026-Q4"],
        ["Start", D(2026, 10, 1)],
        ["End", D(2026, 12, 31)],
        ["Deadline", D(2027, 1, 15)],
        ["Check-in gap", 45],
        ["Goals share", 70],
        ["Confidentiality", "Confidential - HR"],
    ],
    "Scale": [
        ["Rating", "Label", "Description"],
        [1, "Does not meet", "Falls short"],
        [2, "Partially meets", "Some gaps"],
        [3, "Meets", "Solid"],
        [4, "Exceeds", "Beyond"],
        [5, "Outstanding", "Sets the standard"],
    ],
    "Strategy": [
        ["Key", "Value", "Description"],
        ["Mission", "Make bookkeeping painless for small firms"],
        ["Vision", "Every small firm closes its books in a day"],
        ["Value", "Customer first", "We start from the customer's problem"],
        ["Value", "Own it", "We finish what we start"],
    ],
    "Objectives": [
        ["ID", "Title", "Level", "Parent", "Owner", "KPI", "Baseline", "Target", "Unit", "Due", "Status"],
        [
            "C1",
            "Grow recurring revenue to 12M",
            "company",
            None,
            "Company",
            "ARR",
            9,
            12,
            "M EUR",
            D(2026, 12, 31),
            "active",
        ],
        [
            "D1",
            "Win 40 new mid-size accounts",
            "department",
            "C1",
            "Sales",
            "New accounts",
            0,
            40,
            "accounts",
            D(2026, 12, 31),
            "active",
        ],
    ],
    "People": [
        ["ID", "Name", "Email", "Title", "Department", "Manager", "Communication", "Orientation", "Motivation"],
        ["P1", "Ada Lovelace", "ada@acme.test", "CEO", "Leadership", None, "direct", "facts", "team"],
        ["P2", "Grace Hopper", "grace@acme.test", "Head of Sales", "Sales", "P1", "tactful", "feelings", "team"],
        ["P3", "Alan Turing", "alan@acme.test", "Account Executive", "Sales", "P2", "direct", "facts", "individual"],
    ],
    "Goals": [
        [
            "ID",
            "Person",
            "Title",
            "Objective",
            "Metric",
            "Baseline",
            "Target",
            "Actual",
            "Unit",
            "Weight",
            "Due",
            "Status",
            "Self rating",
            "Manager rating",
            "Self comment",
            "Manager comment",
        ],
        [
            "G1",
            "P1",
            "Raise ARR from 9M to 12M EUR by year end",
            "C1",
            "ARR",
            9,
            12,
            11,
            "M EUR",
            100,
            D(2026, 12, 31),
            "on track",
            4,
            4,
            "Strong quarter",
            "Board is pleased",
        ],
        [
            "G2",
            "P2",
            "Sign 40 new mid-size accounts by 31 December",
            "D1",
            "Signed accounts",
            0,
            40,
            30,
            "accounts",
            60,
            D(2026, 12, 31),
            "on track",
            3,
            3,
            "Pipeline is healthy",
            "Good progress",
        ],
        [
            "G3",
            "P2",
            "Cut average sales cycle from 60 to 45 days",
            "D1",
            "Days to close",
            60,
            45,
            50,
            "days",
            40,
            D(2026, 12, 15),
            "on track",
            3,
            4,
            "Better than expected",
            "Well done",
        ],
        [
            "G4",
            "P3",
            "Close 12 new accounts in Q4",
            "D1",
            "Closed accounts",
            0,
            12,
            12,
            "accounts",
            100,
            D(2026, 12, 31),
            "done",
            4,
            4,
            "Hit the number",
            "Excellent",
        ],
    ],
    "Values": [
        ["Person", "Value", "Self rating", "Manager rating", "Comment"],
        ["P1", "Customer first", 4, 4, "Visits customers monthly"],
        ["P2", "Customer first", 3, 3, "Listens well"],
        ["P2", "Own it", 3, 4, "Follows through"],
        ["P3", "Own it", 4, 4, "Reliable"],
    ],
    "Check-ins": [
        ["Date", "Person", "Author", "Kind", "Note"],
        [D(2026, 10, 20), "P1", "P1", "self-reflection", "Planning the quarter"],
        [D(2026, 12, 10), "P1", "P2", "praise", "Great board pack"],
        [D(2026, 11, 5), "P2", "P1", "check-in", "Pipeline review"],
        [D(2026, 12, 5), "P2", "P1", "constructive", "Forecasts could be earlier"],
        [D(2026, 12, 12), "P3", "P2", "check-in", "Deal review"],
        [D(2026, 12, 12), "P3", "P2", "praise", "Closed the Contoso deal"],
    ],
    "Development": [
        ["Person", "Focus", "Action", "Support", "Due", "Status"],
        ["P1", "Delegation", "Hand over the weekly ops meeting", "Coach", D(2026, 12, 31), "in progress"],
        ["P2", "Forecasting", "Take the forecasting course", "Budget for course", D(2026, 12, 31), "planned"],
        ["P3", "Negotiation", "Shadow two enterprise deals", "Grace", D(2026, 12, 31), "in progress"],
    ],
    "Reviews": [
        ["Person", "Self summary", "Manager summary", "Strengths", "Growth areas"],
        ["P1", "A good quarter", "Steady leadership", "Vision", "Delegation"],
        ["P2", "Pipeline grew", "Solid quarter", "Coaching", "Forecasting"],
        ["P3", "Hit my number", "Excellent quarter", "Persistence", "Negotiation"],
    ],
    "History": [
        ["Cycle", "Person", "Overall rating"],
        ["2026-Q3", "P1", 3.6],
        ["2026-Q3", "P2", 3.2],
        ["2026-Q3", "P3", 3.4],
    ],
}


def clean_sheets() -> dict[str, Rows]:
    """A fresh, mutable copy of the clean three-person cycle."""
    return copy.deepcopy(_CLEAN)


def write_workbook(path: Path, sheets: dict[str, Rows]) -> Path:
    """Write ``sheets`` (name -> rows, header first) as an .xlsx at ``path`` and return it."""
    wb = Workbook()
    default = wb.active
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    if default is not None:
        wb.remove(default)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def clean_workbook(tmp_path: Path, name: str = "clean.xlsx") -> Path:
    """Write the clean cycle to ``tmp_path / name``."""
    return write_workbook(tmp_path / name, clean_sheets())


def find_row(sheets: dict[str, Rows], sheet: str, first: str) -> list[Any]:
    """The row of ``sheet`` whose first cell is ``first`` (for editing one record in a test)."""
    for row in sheets[sheet][1:]:
        if row and row[0] == first:
            return row
    raise KeyError(f"{sheet}: no row starting with {first!r}")
