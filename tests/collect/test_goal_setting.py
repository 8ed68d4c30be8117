"""Goal setting on forms (issue 13): `forms --goals` writes them, a manager or employee types goals, `collect` adds
the new goals with new ids, applies the edits, rejects unknown or retired objectives and lists what is not SMART."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from testkit.builders import clean_sheets, write_workbook
from testkit.cycle import SECRET, fill_cell

from reviewgen.collect.goals import next_ids
from reviewgen.collect.report import CollectResult
from reviewgen.collect.run import collect_forms, render_collect_report
from reviewgen.forms.write import write_forms
from reviewgen.load.workbook import load_workbook

GRACE = "2026-Q4 - P2 - Grace Hopper - goals.xlsx"
ALAN = "2026-Q4 - P3 - Alan Turing - goal proposal.xlsx"
RETIRED = ["R1", "Old plan", "department", "C1", "Sales", "", None, None, "", None, "retired"]
ENGINEERING = ["E1", "Ship the platform", "department", "C1", "Engineering", "", None, None, "", None, "active"]


class GoalCycle:
    """The clean cycle (plus a retired Sales objective and an Engineering one) with its goal-setting forms."""

    def __init__(self, tmp_path: Path) -> None:
        sheets = clean_sheets()
        sheets["Objectives"] += [RETIRED, ENGINEERING]
        self.path = write_workbook(tmp_path / "hr" / "cycle.xlsx", sheets)
        self.wb = load_workbook(self.path)
        issued = write_forms(self.wb, tmp_path / "issued", goals=True, self_forms=True, secret=SECRET)
        self.forms = {p.name: p for p in issued}
        self.returned = tmp_path / "returned"
        self.returned.mkdir()

    def fill(self, form: str, edits: list[tuple[dict[str, Any], str, Any]], *, as_name: str | None = None) -> Path:
        """Type into the Goals sheet: ``({header: value} of the row, or {"new": person, "nth": n} for that person's
        n-th empty row, header, value)``, as a manager would; save it as returned."""
        book = openpyxl.load_workbook(self.forms[form])
        ws = book["Goals"]
        headers = {cell.value: cell.column for cell in ws[2]}
        for match, header, value in edits:
            if "new" not in match:
                fill_cell(ws, match, header, value)
                continue
            empty = [r[0].row for r in ws.iter_rows(min_row=3) if r[0].value == match["new"] and r[2].value is None]
            cell = ws.cell(row=empty[match.get("nth", 0)], column=headers[header])
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
        out = self.returned / (as_name or form)
        book.save(out)
        return out

    def collect(self, *paths: Path, merged: str = "merged.xlsx") -> CollectResult:
        merged_path = self.path.parent / merged
        return collect_forms(self.wb, self.path, list(paths) or [self.returned], merged_path, secret=SECRET)


def goals_sheet(path: Path) -> list[list[Any]]:
    return [list(r) for r in openpyxl.load_workbook(path)["Goals"].iter_rows(values_only=True)]


def test_the_goal_setting_form_holds_each_reports_goals_blank_rows_and_live_objectives(tmp_path: Path) -> None:
    c = GoalCycle(tmp_path)
    assert sorted(c.forms) == [
        "2026-Q4 - P1 - Ada Lovelace - goal proposal.xlsx",
        "2026-Q4 - P1 - Ada Lovelace - goals.xlsx",
        "2026-Q4 - P2 - Grace Hopper - goal proposal.xlsx",
        GRACE,
        ALAN,
    ]
    book = openpyxl.load_workbook(c.forms[GRACE])
    assert book.sheetnames == ["Instructions", "Goals", "Lists", "_reviewgen"]
    ws = book["Goals"]
    rows = [[cell.value for cell in row] for row in ws.iter_rows(min_row=2)]
    assert rows[0] == ["Person ID", "Person", "Goal ID", "Goal", "Objective", "Metric", "Baseline", "Target", "Unit",
                       "Weight %", "Due"]  # fmt: skip
    assert rows[1][:5] == ["P3", "Alan Turing", "G4", "Close 12 new accounts in Q4",
                           "D1 - Win 40 new mid-size accounts"]  # fmt: skip
    assert rows[2:] == [["P3", "Alan Turing", *[None] * 9]] * 4  # four empty rows for new goals
    # Ids and names locked, every goal field open.
    assert [ws.cell(row=3, column=col).protection.locked for col in range(1, 12)] == [True] * 3 + [False] * 8
    # The objectives Alan can ladder up to: the company's and Sales', not the retired one nor Engineering's.
    assert [c.value for c in book["Lists"]["A"]] == ["objectives", "C1 - Grow recurring revenue to 12M",
                                                    "D1 - Win 40 new mid-size accounts"]  # fmt: skip
    validations = {str(v.sqref): (v.type, v.formula1, v.formula2) for v in ws.data_validations.dataValidation}
    assert validations["E3:E7"] == ("list", "Lists!$A$2:$A$3", None)
    assert validations["K3:K7"] == ("date", "Lists!$B$2", "Lists!$B$3")  # within the cycle
    assert [c.value for c in book["Lists"]["B"]][1:] == [dt.datetime(2026, 10, 1), dt.datetime(2026, 12, 31)]


def test_goal_setting_forms_are_byte_identical_run_after_run(tmp_path: Path) -> None:
    c = GoalCycle(tmp_path)
    again = write_forms(c.wb, tmp_path / "again", goals=True, self_forms=True, secret=SECRET)
    assert {p.name: p.read_bytes() for p in again} == {name: p.read_bytes() for name, p in c.forms.items()}


def test_collect_adds_new_goals_with_new_ids_applies_edits_and_rejects_bad_objectives(tmp_path: Path) -> None:
    c = GoalCycle(tmp_path)
    c.fill(
        GRACE,
        [
            ({"Goal ID": "G4"}, "Target", 15),
            ({"Goal ID": "G4"}, "Due", dt.datetime(2026, 12, 15)),
            ({"new": "P3"}, "Goal", "Ship the partner onboarding kit by 30 November"),
            ({"new": "P3"}, "Objective", "D1 - Win 40 new mid-size accounts"),
            ({"new": "P3"}, "Metric", "Kit published"),
            ({"new": "P3"}, "Target", 1),
            ({"new": "P3"}, "Due", dt.datetime(2026, 11, 30)),
            ({"new": "P3", "nth": 1}, "Goal", "Be a team player"),
            ({"new": "P3", "nth": 1}, "Objective", "C1"),
            ({"new": "P3", "nth": 1}, "Weight %", 10),
            ({"new": "P3", "nth": 2}, "Goal", "Close 5 renewals"),
            ({"new": "P3", "nth": 2}, "Objective", "R1 - Old plan"),
            ({"new": "P3", "nth": 3}, "Goal", "Win back 3 lost accounts"),
            ({"new": "P3", "nth": 3}, "Objective", "X9"),
        ],
    )
    result = c.collect()
    assert [(r.row, r.subject, r.reason) for r in result.rejected] == [
        (6, "P3", "objective R1 'Old plan' is retired: choose a live objective from the dropdown"),
        (7, "P3", "objective 'X9' is not on the Objectives sheet: choose an objective from the dropdown"),
    ]
    assert result.goals_added == (
        f"G5 P3 'Ship the partner onboarding kit by 30 November' ({GRACE}, row 4)",
        f"G6 P3 'Be a team player' ({GRACE}, row 5)",
    )
    goals = goals_sheet(tmp_path / "hr" / "merged.xlsx")
    assert goals[4][:8] == ["G4", "P3", "Close 12 new accounts in Q4", "D1", "Closed accounts", 0, 15, 12]
    assert goals[4][10] == dt.datetime(2026, 12, 15)
    assert goals[5][:11] == ["G5", "P3", "Ship the partner onboarding kit by 30 November", "D1", "Kit published",
                             None, 1, None, None, None, dt.datetime(2026, 11, 30)]  # fmt: skip
    assert goals[6][:4] == ["G6", "P3", "Be a team player", "C1"]
    # Accepted, and listed for HR under the form, with the form's row.
    [(form, lines)] = result.goal_findings
    assert form == GRACE
    assert [line.split(": ", 1)[0] for line in lines] == [
        "Goals › row 5 (G6)",  # "Be a team player": no metric, no target, no due date, vague
        "Goals › row 5 (G6)",
        "Goals › row 5 (G6)",
        "warning[weights-not-100] weights of Alan Turing's goals add up to 110; remove 10 to reach 100 (1 of the "
        "goals has no weight, so until each has one all goals count equally)",
    ]
    report = render_collect_report(result, "text")
    assert "Goals to look at again, per form (collected all the same: send a form back to have them fixed)" in report
    assert f"  - {GRACE}: partly accepted, P2 Grace Hopper (goal-setting form): 2 changes, 2 goals added, 2 rows " in (
        report
    )
    # The same forms give the same merged workbook, byte for byte.
    first = (tmp_path / "hr" / "merged.xlsx").read_bytes()
    c.collect(merged="again.xlsx")
    assert (tmp_path / "hr" / "again.xlsx").read_bytes() == first


def test_an_employee_proposes_goals_for_themselves_only(tmp_path: Path) -> None:
    c = GoalCycle(tmp_path)
    c.fill(ALAN, [({"new": "P3"}, "Goal", "Run 6 discovery calls a week"), ({"new": "P3"}, "Weight %", 20)])
    result = c.collect()
    assert not result.rejected
    assert result.goals_added == (f"G5 P3 'Run 6 discovery calls a week' ({ALAN}, row 4)",)
    assert result.forms[0].kind == "goal-proposal"


def test_a_new_row_without_a_title_is_rejected_and_an_empty_one_ignored(tmp_path: Path) -> None:
    c = GoalCycle(tmp_path)
    c.fill(GRACE, [({"new": "P3", "nth": 1}, "Metric", "Accounts")])
    result = c.collect()
    assert [(r.row, r.reason) for r in result.rejected] == [
        (5, "a new goal needs its title in the Goal column (or leave the whole row empty)")
    ]
    assert result.goals_added == ()


def test_one_goal_proposed_in_two_copies_of_a_form_is_added_once(tmp_path: Path) -> None:
    c = GoalCycle(tmp_path)
    edits = [({"new": "P3"}, "Goal", "Sign the Acme reseller deal"), ({"new": "P3"}, "Objective", "D1")]
    c.fill(GRACE, edits)
    c.fill(GRACE, edits, as_name="copy of the goals form.xlsx")
    result = c.collect()
    assert result.goals_added == (f"G5 P3 'Sign the Acme reseller deal' ({GRACE}, row 4)",)
    assert not result.conflicts
    assert [row[0] for row in goals_sheet(tmp_path / "hr" / "merged.xlsx")][1:] == ["G1", "G2", "G3", "G4", "G5"]


@pytest.mark.parametrize(
    ("used", "count", "expected"),
    [
        (["G00059", "G00060", "G00007"], 2, ["G00061", "G00062"]),
        (["G1", "G2", "G9"], 1, ["G10"]),  # after the highest: an id a deleted goal had is never given again
        (["G-P3-1", "G7", "G8", "OKR-2"], 1, ["G9"]),  # the most common form
        (["alpha", "beta"], 2, ["G1", "G2"]),
        ([], 1, ["G1"]),
    ],
)
def test_new_goal_ids_follow_the_workbooks_own(used: list[str], count: int, expected: list[str]) -> None:
    assert next_ids(used, count) == expected


def test_a_goal_left_on_an_objective_the_sheet_lacks_keeps_it_and_its_other_edits(tmp_path: Path) -> None:
    """The form shows such a goal's objective as its bare id; sent back unchanged, it is not a new choice to refuse."""
    sheets = clean_sheets()
    [row] = [r for r in sheets["Goals"] if r[0] == "G4"]
    row[3] = "Z9"
    path = write_workbook(tmp_path / "hr" / "cycle.xlsx", sheets)
    wb = load_workbook(path)
    [form] = [p for p in write_forms(wb, tmp_path / "issued", goals=True, secret=SECRET) if p.name == GRACE]
    book = openpyxl.load_workbook(form)
    fill_cell(book["Goals"], {"Goal ID": "G4"}, "Target", 15)
    book.save(tmp_path / "returned.xlsx")
    result = collect_forms(wb, path, [tmp_path / "returned.xlsx"], tmp_path / "hr" / "merged.xlsx", secret=SECRET)
    assert not result.rejected
    goals = goals_sheet(tmp_path / "hr" / "merged.xlsx")
    assert goals[4][:7] == ["G4", "P3", "Close 12 new accounts in Q4", "Z9", "Closed accounts", 0, 15]
