"""The objective dropdown of a goal-setting form is per person (issue 13): each person's rows, their goals and their
empty rows for new goals, offer the live objectives of their own department and the company's (and those owned by
them or their manager); collect rejects a goal of the person on any other objective.

Grace Hopper (P2, Sales) manages Alan Turing (P3, Sales), Barbara Liskov (P4, Engineering) and Claude Shannon (P5,
Sales): one form, two departments, and Alan's and Claude's rows apart (Barbara's between them).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from testkit.builders import clean_sheets, write_workbook
from testkit.cycle import SECRET
from testkit.office import convert

from reviewgen.collect.goals import objective_id
from reviewgen.collect.report import CollectResult
from reviewgen.collect.rows import RowProblem
from reviewgen.collect.run import collect_forms
from reviewgen.forms.write import write_forms
from reviewgen.load.workbook import load_workbook

GRACE = "2026-Q4 - P2 - Grace Hopper - goals.xlsx"
BARBARA = "2026-Q4 - P4 - Barbara Liskov - goal proposal.xlsx"
D = dt.datetime
OBJECTIVES = [
    ["E1", "Ship the platform", "department", "C1", "Engineering", "", None, None, "", None, "active"],
    ["T1", "Answer every lead within a day", "team", "D1", "P2", "", None, None, "", None, "active"],
    ["O1", "Cut build time to 5 minutes", "team", "E1", "P4", "", None, None, "", None, "active"],
    ["R1", "Old plan", "department", "C1", "Engineering", "", None, None, "", None, "retired"],
]
PEOPLE = [
    ["P4", "Barbara Liskov", "barbara@acme.test", "Engineer", "Engineering", "P2", "direct", "facts", "team"],
    ["P5", "Claude Shannon", "claude@acme.test", "Account Executive", "Sales", "P2", "direct", "facts", "team"],
]
#: Barbara's goal, and Alan's goal on Engineering's objective from before he moved to Sales.
GOALS = [
    ["G7", "P4", "Ship the platform beta by 30 November", "E1", "Beta shipped", 0, 1, None, "release", 100,
     D(2026, 11, 30)],
    ["G8", "P3", "Document the build pipeline by 15 December", "E1", "Pages", 0, 10, None, "pages", None,
     D(2026, 12, 15)],
]  # fmt: skip
SALES = [
    "C1 - Grow recurring revenue to 12M",
    "D1 - Win 40 new mid-size accounts",
    "T1 - Answer every lead within a day",
]
ENGINEERING = ["C1 - Grow recurring revenue to 12M", "E1 - Ship the platform", "T1 - Answer every lead within a day",
               "O1 - Cut build time to 5 minutes"]  # fmt: skip


def two_departments(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    sheets = clean_sheets()
    sheets["Objectives"] += OBJECTIVES
    sheets["People"] += PEOPLE
    sheets["Goals"] += GOALS
    path = write_workbook(tmp_path / "hr" / "cycle.xlsx", sheets)
    issued = write_forms(load_workbook(path), tmp_path / "issued", goals=True, self_forms=True, secret=SECRET)
    return path, {p.name: p for p in issued}


def dropdowns(path: Path) -> dict[str, list[str]]:
    """The Objective column's dropdowns: area -> the entries of the list it offers."""
    book = openpyxl.load_workbook(path)
    lists = book["Lists"]
    out: dict[str, list[str]] = {}
    for dv in book["Goals"].data_validations.dataValidation:
        if dv.type == "list" and str(dv.sqref).startswith("E"):
            sheet, cells = str(dv.formula1).split("!")
            assert sheet == "Lists"
            out[str(dv.sqref)] = [str(c.value) for (c,) in lists[cells.replace("$", "")]]
    return out


def rows_of(path: Path) -> dict[str, list[int]]:
    """Person id -> the rows of the Goals sheet that are theirs."""
    out: dict[str, list[int]] = {}
    for row in openpyxl.load_workbook(path)["Goals"].iter_rows(min_row=3):
        out.setdefault(str(row[0].value), []).append(row[0].row)
    return out


def test_each_persons_rows_offer_their_department_the_company_and_what_they_or_their_manager_own(
    tmp_path: Path,
) -> None:
    _, forms = two_departments(tmp_path)
    form = forms[GRACE]
    # Alan: G4 G8 + 4 new rows (3-8); Barbara: G7 + 4 (9-13); Claude: 4 new rows (14-17).
    assert rows_of(form) == {"P3": list(range(3, 9)), "P4": list(range(9, 14)), "P5": list(range(14, 18))}
    assert dropdowns(form) == {"E3:E8 E14:E17": SALES, "E9:E13": ENGINEERING}
    book = openpyxl.load_workbook(form)
    assert [c.value for c in book["Lists"][1]] == ["objectives", "objectives 2", "cycle"]
    # The other dropdowns still cover every row once.
    others = {str(v.sqref): v.type for v in book["Goals"].data_validations.dataValidation if v.type != "list"}
    assert others == {"G3:G17": "decimal", "H3:H17": "decimal", "J3:J17": "decimal", "K3:K17": "date"}
    # Barbara's own proposal offers her the same list as her manager's form does.
    assert dropdowns(forms[BARBARA]) == {"E3:E7": ENGINEERING}
    # The Instructions say that the lists differ from person to person, and whose objectives they hold.
    for name in (GRACE, BARBARA):
        lines = [c.value for (c,) in openpyxl.load_workbook(forms[name])["Instructions"].iter_rows(max_col=1)]
        at = lines.index(
            "Objective: choose the objective the goal serves from the dropdown. Each person's rows offer their own"
        )
        assert (
            lines[at + 1] == "list: the company's objectives, their department's, and those they or their manager own."
        )


def test_forms_with_per_person_lists_are_byte_identical_run_after_run(tmp_path: Path) -> None:
    path, forms = two_departments(tmp_path)
    again = write_forms(load_workbook(path), tmp_path / "again", goals=True, self_forms=True, secret=SECRET)
    assert {p.name: p.read_bytes() for p in again} == {name: p.read_bytes() for name, p in forms.items()}


def type_goals(form: Path, out: Path) -> None:
    """Grace types: Alan on Engineering's E1 (not his), Barbara on E1 (hers), Claude on T1 (Grace's own), and
    Alan's old goal on E1 left as it is but retitled."""
    book = openpyxl.load_workbook(form)
    ws = book["Goals"]
    rows = rows_of(form)

    def put(row: int, values: dict[str, Any]) -> None:
        headers = {c.value: c.column for c in ws[2]}
        for header, value in values.items():
            ws.cell(row=row, column=headers[header]).value = value

    put(rows["P3"][1], {"Goal": "Document the build pipeline in 12 pages by 15 December"})  # G8, objective kept
    put(rows["P3"][2], {"Goal": "Fix 10 flaky platform tests by 30 November", "Objective": "E1 - Ship the platform"})
    put(rows["P4"][1], {"Goal": "Fix 10 flaky platform tests by 30 November", "Objective": "E1 - Ship the platform"})
    put(rows["P5"][0], {"Goal": "Answer 95% of leads within a day by December", "Objective": "T1"})
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)


def collect(path: Path, returned: Path) -> CollectResult:
    wb = load_workbook(path)
    return collect_forms(wb, path, [returned], path.parent / "merged.xlsx", secret=SECRET)


def test_collect_rejects_an_objective_not_on_the_persons_list(tmp_path: Path) -> None:
    path, forms = two_departments(tmp_path)
    type_goals(forms[GRACE], tmp_path / "returned" / GRACE)
    result = collect(path, tmp_path / "returned" / GRACE)
    assert [(r.row, r.subject, r.reason) for r in result.rejected] == [
        (5, "P3", "objective E1 'Ship the platform' is owned by Engineering, not by the company, Sales, Alan Turing "
                  "(P3) or their manager Grace Hopper (P2): choose an objective from the dropdown"),
    ]  # fmt: skip
    assert result.goals_added == (
        f"G9 P4 'Fix 10 flaky platform tests by 30 November' ({GRACE}, row 10)",
        f"G10 P5 'Answer 95% of leads within a day by December' ({GRACE}, row 14)",
    )
    merged = {r[0]: r for r in openpyxl.load_workbook(path.parent / "merged.xlsx")["Goals"].iter_rows(values_only=True)}
    assert merged["G8"][2:4] == ("Document the build pipeline in 12 pages by 15 December", "E1")  # kept as it was


@pytest.mark.soffice
def test_libreoffice_keeps_each_persons_dropdown_and_its_copy_collects_the_same(tmp_path: Path, soffice: str) -> None:
    path, forms = two_departments(tmp_path)
    saved = convert(soffice, forms[GRACE], tmp_path / "lo", "xlsx", tmp_path / "profile")
    assert dropdowns(saved) == {"E3:E8 E14:E17": SALES, "E9:E13": ENGINEERING}

    type_goals(forms[GRACE], tmp_path / "typed" / GRACE)
    returned = tmp_path / "returned" / GRACE
    returned.parent.mkdir()
    shutil.move(convert(soffice, tmp_path / "typed" / GRACE, tmp_path / "lo2", "xlsx", tmp_path / "profile"), returned)
    result = collect(path, returned)
    assert [(r.row, r.subject, r.reason.split(":")[0]) for r in result.rejected] == [
        (5, "P3", "objective E1 'Ship the platform' is owned by Engineering, not by the company, Sales, Alan Turing "
                  "(P3) or their manager Grace Hopper (P2)"),
    ]  # fmt: skip
    assert [g.split(" (")[0] for g in result.goals_added] == [
        "G9 P4 'Fix 10 flaky platform tests by 30 November'",
        "G10 P5 'Answer 95% of leads within a day by December'",
    ]


def test_an_objective_without_an_owner_is_rejected_with_what_would_put_it_on_a_list(tmp_path: Path) -> None:
    """A team objective with an empty Owner is on nobody's dropdown; the reason says so in a sentence (it said
    "has no owner, not by the company, ..." before) and what HR can do about it."""
    sheets = clean_sheets()
    sheets["Objectives"] += [["N1", "Run the help desk", "team", "D1", None, "", None, None, "", None, "active"]]
    path = write_workbook(tmp_path / "hr" / "cycle.xlsx", sheets)
    issued = write_forms(load_workbook(path), tmp_path / "issued", goals=True, secret=SECRET)
    form = next(p for p in issued if " - P2 - " in p.name)
    book = openpyxl.load_workbook(form)
    ws = book["Goals"]
    row = rows_of(form)["P3"][-1]
    ws.cell(row=row, column=4).value = "Answer 90% of tickets within 4 hours by December"
    ws.cell(row=row, column=5).value = "N1"
    returned = tmp_path / "returned" / form.name
    returned.parent.mkdir()
    book.save(returned)
    assert [(r.row, r.subject, r.reason) for r in collect(path, returned).rejected] == [
        (row, "P3", "objective N1 'Run the help desk' has no owner on the Objectives sheet, so it is on nobody's "
                    "list (HR can fill in its Owner): choose an objective from the dropdown"),
    ]  # fmt: skip


def test_the_reason_names_people_by_name_and_id_the_objectives_owner_too(tmp_path: Path) -> None:
    path, _ = two_departments(tmp_path)
    with pytest.raises(RowProblem) as caught:
        objective_id(load_workbook(path), "O1 - Cut build time to 5 minutes", None, "P3")
    assert str(caught.value) == (
        "objective O1 'Cut build time to 5 minutes' is owned by Barbara Liskov (P4), not by the company, Sales, "
        "Alan Turing (P3) or their manager Grace Hopper (P2): choose an objective from the dropdown"
    )
