"""How the check tests turn builders' sheets into a Workbook, and pick findings apart.

``load(tmp_path, sheets)`` writes the sheets with builders.write_workbook and reads them back
with reviewgen.load.workbook.load_workbook, so every check test runs on a real .xlsx file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reviewgen.model.findings import Finding, Location
from reviewgen.model.workbook import Workbook
from testkit.builders import Rows, write_workbook


def load(tmp_path: Path, sheets: dict[str, Rows], name: str = "cycle.xlsx") -> Workbook:
    """Write ``sheets`` to ``tmp_path / name`` and load it as reviewgen does."""
    from reviewgen.load.workbook import load_workbook

    return load_workbook(write_workbook(tmp_path / name, sheets))


def only(findings: list[Finding], code: str) -> list[Finding]:
    """The findings of one code."""
    return [f for f in findings if f.code == code]


def where(f: Finding) -> tuple[str | None, int | None, str | None]:
    """(sheet, row, column header) of a finding."""
    loc = f.location or Location("?")
    return loc.sheet, loc.row, loc.column


def add_person(sheets: dict[str, Rows], pid: str, name: str, manager: str | None, department: str = "Sales") -> None:
    """Append a person to People, with one rated goal, a value rating, feedback and a review, so that the
    new person adds no findings of their own."""
    sheets["People"].append([pid, name, f"{pid.lower()}@acme.test", "Rep", department, manager, None, None, None])
    sheets["Goals"].append(
        [
            f"G-{pid}",
            pid,
            "Close 10 new accounts in Q4",
            "D1",
            "Closed accounts",
            0,
            10,
            8,
            "accounts",
            100,
            dt.date(2026, 12, 31),
            "on track",
            3,
            3,
            "",
            "",
        ]
    )
    sheets["Values"].append([pid, "Own it", 3, 3, ""])
    sheets["Check-ins"].append([dt.date(2026, 12, 1), pid, manager or pid, "praise", "Good work"])
    sheets["Reviews"].append([pid, "Fine quarter", "Fine quarter", "", ""])
