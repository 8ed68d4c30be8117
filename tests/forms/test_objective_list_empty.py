"""A person whose objective list is empty (no live objective open to them) gets an Objective cell that refuses any
entry and says why on the cell, instead of a free-text cell whose every entry collect rejects (issue 13, review).

The clean cycle with the company objective C1 retired: Grace Hopper (P2, Sales) manages Alan Turing (P3, moved to
Marketing), Barbara Liskov (P4, Sales) and Claude Shannon (P5, Marketing). Marketing has no objective, so only
Barbara's rows offer a list (D1, Sales'); Alan's rows (3-7) and Claude's (12-15) refuse any objective.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from testkit.builders import clean_sheets, find_row, write_workbook
from testkit.cycle import SECRET
from testkit.office import convert

from reviewgen.forms.write import write_forms
from reviewgen.load.workbook import load_workbook

GRACE = "2026-Q4 - P2 - Grace Hopper - goals.xlsx"
CLAUDE = "2026-Q4 - P5 - Claude Shannon - goal proposal.xlsx"
PEOPLE = [
    ["P4", "Barbara Liskov", "barbara@acme.test", "Account Executive", "Sales", "P2", "direct", "facts", "team"],
    ["P5", "Claude Shannon", "claude@acme.test", "Designer", "Marketing", "P2", "direct", "facts", "team"],
]
MESSAGE = "No objective is open to this person: leave it empty and ask HR to add one."


def forms(tmp_path: Path) -> dict[str, Path]:
    sheets = clean_sheets()
    find_row(sheets, "Objectives", "C1")[10] = "retired"
    find_row(sheets, "People", "P3")[4] = "Marketing"
    sheets["People"] += PEOPLE
    path = write_workbook(tmp_path / "hr" / "cycle.xlsx", sheets)
    issued = write_forms(load_workbook(path), tmp_path / "issued", goals=True, self_forms=True, secret=SECRET)
    return {p.name: p for p in issued}


def objective_rules(path: Path) -> list[tuple[str, str, str, str, str, bool, str, str]]:
    """The Objective column's (E) validations as openpyxl reads them back."""
    book = openpyxl.load_workbook(path)
    return [
        (str(dv.sqref), dv.type, str(dv.formula1), dv.errorTitle, dv.error, bool(dv.showInputMessage),
         str(dv.promptTitle), str(dv.prompt))
        for dv in book["Goals"].data_validations.dataValidation
        if str(dv.sqref).startswith("E")
    ]  # fmt: skip


REFUSE = ("custom", "LEN(E3)=0", "No objective is open", MESSAGE, True, "No objective is open", MESSAGE)
GRACE_RULES = [
    ("E3:E7 E12:E15", *REFUSE),
    ("E8:E11", "list", "Lists!$B$2:$B$2", "Not on the list",
     "Choose a live objective from the list (its id and title).", False, "None", "None"),
]  # fmt: skip


def test_rows_with_no_objective_open_refuse_any_entry_and_say_why(tmp_path: Path) -> None:
    issued = forms(tmp_path)
    rows = [c.value for (c,) in openpyxl.load_workbook(issued[GRACE])["Goals"].iter_rows(min_row=3, max_col=1)]
    assert rows == ["P3"] * 5 + ["P4"] * 4 + ["P5"] * 4
    assert objective_rules(issued[GRACE]) == GRACE_RULES
    # Claude's own proposal: every row refuses.
    assert objective_rules(issued[CLAUDE]) == [("E3:E6", *REFUSE)]


@pytest.mark.soffice
def test_libreoffice_keeps_the_refusing_rule(tmp_path: Path, soffice: str) -> None:
    saved = convert(soffice, forms(tmp_path)[GRACE], tmp_path / "lo", "xlsx", tmp_path / "profile")
    assert objective_rules(saved) == GRACE_RULES
