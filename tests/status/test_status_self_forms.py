"""`reviewgen status --forms DIR` counts a returned self-assessment form as the person's self assessment once it
holds an answer, so nobody is chased for a self assessment they sent before collect merged it.

The clean cycle with Alan's (P3) self assessment cleared from the workbook: his self-assessment form goes out; it
comes back untouched (he is still behind), then with one self rating or a self summary (he is done).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from testkit.builders import clean_sheets, write_workbook
from testkit.cycle import fill_cell

from reviewgen import api

AS_OF = dt.date(2026, 12, 31)


def _clear(rows: list[list[Any]], header: str, person: str) -> None:
    column = rows[0].index(header)
    for row in rows[1:]:
        if row[0 if rows[0][0] == "Person" else rows[0].index("Person")] == person:
            row[column] = None


def without_alans_self_assessment(tmp_path: Path) -> tuple[Path, Path]:
    """The workbook (P3 has no self rating and no self summary) and Alan's issued self-assessment form."""
    sheets = clean_sheets()
    _clear(sheets["Goals"], "Self rating", "P3")
    _clear(sheets["Values"], "Self rating", "P3")
    _clear(sheets["Reviews"], "Self summary", "P3")
    path = write_workbook(tmp_path / "cycle.xlsx", sheets)
    sent = api.issue_forms(path, tmp_path / "forms", self_forms=True)
    alan = next(p for p in sent if " - P3 - " in p.name and "self" in p.name.lower())
    (tmp_path / "returned").mkdir()
    return path, alan


def _self_step(path: Path, returned: Path) -> dict[str, bool | None]:
    report = api.cycle_status(path, forms_dir=returned, as_of=AS_OF).report
    return {s.person.id: dict(s.done)["self"] for s in report.people}


def test_an_untouched_self_form_is_not_a_self_assessment(tmp_path: Path) -> None:
    path, alan = without_alans_self_assessment(tmp_path)
    assert _self_step(path, tmp_path / "returned")["P3"] is False
    shutil.copy(alan, tmp_path / "returned" / alan.name)
    assert _self_step(path, tmp_path / "returned") == {"P1": True, "P2": True, "P3": False}


@pytest.mark.parametrize(
    ("sheet", "match", "header", "value"),
    [
        ("Goals", {"Goal ID": "G4"}, "Self rating", "4 - Exceeds"),
        ("Values", {"Value": "Own it"}, "Self rating", "3 - Meets"),
        ("Review", {"Person ID": "P3"}, "Self summary", "I closed the Contoso deal"),
    ],
)
def test_an_answered_self_form_counts_before_collect(
    tmp_path: Path, sheet: str, match: dict[str, str], header: str, value: str
) -> None:
    path, alan = without_alans_self_assessment(tmp_path)
    book = openpyxl.load_workbook(alan)
    fill_cell(book[sheet], match, header, value)
    book.save(tmp_path / "returned" / alan.name)
    assert _self_step(path, tmp_path / "returned") == {"P1": True, "P2": True, "P3": True}
    csv = api.cycle_status(path, forms_dir=tmp_path / "returned", fmt="csv", as_of=AS_OF).text
    assert "P3" not in "".join(line for line in csv.splitlines() if "self" in line)
