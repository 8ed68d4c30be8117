"""Integrity checks, each on a real workbook with exactly one defect."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from testkit.builders import clean_sheets, find_row
from testkit.checks import add_person, load, only, where

from reviewgen.check.integrity import find_loops
from reviewgen.check.run import run_checks
from reviewgen.model.findings import Severity
from reviewgen.model.schema import normalise

GOAL_WEIGHT = 9  # 0-based index of the Weight column on Goals


def test_duplicate_person_id_points_at_the_second_row_and_names_the_first(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["People"].append(["P2", "Greta Hopper", "", "Rep", "Sales", "P1", None, None, None])
    found = only(run_checks(load(tmp_path, sheets)), "duplicate-id")
    assert len(found) == 1
    f = found[0]
    assert (f.subject, where(f), f.severity) == ("P2", ("People", 5, "ID"), Severity.ERROR)
    assert "row 3" in f.message and "Grace Hopper" in f.message and "Greta Hopper" in f.message


def test_duplicate_goal_id(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G3")[0] = "G2"
    [f] = only(run_checks(load(tmp_path, sheets)), "duplicate-id")
    assert (f.subject, where(f)) == ("G2", ("Goals", 4, "ID"))
    assert "row 3" in f.message


def test_duplicate_objective_id(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Objectives"].append(["D1", "Another sales push", "department", "C1", "Sales", "", None, None, "", None, ""])
    [f] = only(run_checks(load(tmp_path, sheets)), "duplicate-id")
    assert (f.subject, where(f)) == ("D1", ("Objectives", 4, "ID"))


@pytest.mark.parametrize(
    ("sheet", "first", "column_index", "row", "header"),
    [
        ("Goals", "G4", 1, 5, "Person"),
        ("Values", "P3", 0, 5, "Person"),
        ("Development", "P3", 0, 4, "Person"),
        ("Reviews", "P3", 0, 4, "Person"),
    ],
)
def test_unknown_person_on_each_sheet(
    tmp_path: Path, sheet: str, first: str, column_index: int, row: int, header: str
) -> None:
    sheets = clean_sheets()
    rows = sheets[sheet]
    target = next(r for r in rows[1:][::-1] if r[0] == first)
    target[column_index] = "P9"
    found = only(run_checks(load(tmp_path, sheets)), "unknown-person")
    assert [(f.subject, where(f)) for f in found] == [("P9", (sheet, row, header))]
    assert "not on the People sheet" in found[0].message


def test_unknown_person_in_history_and_checkins(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["History"][3][1] = "P8"
    sheets["Check-ins"][5][1] = "P7"  # the P3 check-in of 12 Dec on row 6
    found = only(run_checks(load(tmp_path, sheets)), "unknown-person")
    assert sorted((f.subject, where(f)) for f in found) == [
        ("P7", ("Check-ins", 6, "Person")),
        ("P8", ("History", 4, "Person")),
    ]


def test_unknown_checkin_author(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Check-ins"][6][2] = "X1"
    [f] = only(run_checks(load(tmp_path, sheets)), "unknown-person")
    assert (f.subject, where(f)) == ("X1", ("Check-ins", 7, "Author"))
    assert "Alan Turing (P3)" in f.message


def test_unknown_manager(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "People", "P3")[5] = "P99"
    [f] = only(run_checks(load(tmp_path, sheets)), "unknown-manager")
    assert (f.subject, where(f), f.severity) == ("P3", ("People", 4, "Manager"), Severity.ERROR)
    assert "Alan Turing (P3)" in f.message and "P99" in f.message


@pytest.mark.parametrize(
    ("changes", "subject", "row", "chain"),
    [
        ({"P1": "P3"}, "P1", 2, "P1 -> P3 -> P2 -> P1"),
        ({"P2": "P3"}, "P2", 3, "P2 -> P3 -> P2"),
        ({"P1": "P1"}, "P1", 2, "P1 -> P1"),
    ],
)
def test_manager_cycle_names_the_loop_once(
    tmp_path: Path, changes: dict[str, str], subject: str, row: int, chain: str
) -> None:
    sheets = clean_sheets()
    for pid, manager in changes.items():
        find_row(sheets, "People", pid)[5] = manager
    found = only(run_checks(load(tmp_path, sheets)), "manager-cycle")
    assert [(f.subject, where(f)) for f in found] == [(subject, ("People", row, "Manager"))]
    assert chain in found[0].message
    assert ("is their own manager" in found[0].message) == (chain == "P1 -> P1")


def test_find_loops_reports_each_loop_once_from_its_first_member() -> None:
    parents = {"a": "b", "b": "c", "c": "b", "d": "a", "e": None, "f": "f", "g": "zz"}
    assert find_loops(parents, ["a", "b", "c", "d", "e", "f", "g"]) == [["b", "c"], ["f"]]


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (85, "weights of Alan Turing's goals add up to 85; add 15 to reach 100"),
        (120, "weights of Alan Turing's goals add up to 120; remove 20 to reach 100"),
        (99.5, "weights of Alan Turing's goals add up to 99.5; add 0.5 to reach 100"),
    ],
)
def test_weights_not_100(tmp_path: Path, weight: float, message: str) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[GOAL_WEIGHT] = weight
    [f] = only(run_checks(load(tmp_path, sheets)), "weights-not-100")
    assert (f.subject, where(f), f.severity) == ("P3", ("Goals", 5, "Weight"), Severity.WARNING)
    assert f.message == message


def test_weights_point_at_the_first_goal_of_the_person(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G3")[GOAL_WEIGHT] = 30
    [f] = only(run_checks(load(tmp_path, sheets)), "weights-not-100")
    assert (f.subject, where(f)) == ("P2", ("Goals", 3, "Weight"))
    assert f.message == "weights of Grace Hopper's goals add up to 90; add 10 to reach 100"


def test_weights_as_fractions_or_all_missing_are_fine(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G2")[GOAL_WEIGHT] = 0.6
    find_row(sheets, "Goals", "G3")[GOAL_WEIGHT] = 0.4
    find_row(sheets, "Goals", "G4")[GOAL_WEIGHT] = None
    assert only(run_checks(load(tmp_path, sheets)), "weights-not-100") == []


def test_some_weights_missing_says_so(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G3")[GOAL_WEIGHT] = None
    [f] = only(run_checks(load(tmp_path, sheets)), "weights-not-100")
    assert f.message.startswith("weights of Grace Hopper's goals add up to 60; add 40 to reach 100 (1 of the goals")


def test_unknown_value_suggests_the_closest_name(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Values"][4][1] = "Own It!"
    sheets["Values"][1][1] = "customer  FIRST"  # case and spacing do not matter
    [f] = only(run_checks(load(tmp_path, sheets)), "unknown-value")
    assert (f.subject, where(f), f.severity) == ("P3", ("Values", 5, "Value"), Severity.WARNING)
    assert 'did you mean "Own it"?' in f.message


def test_a_row_without_a_person(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[1] = None
    found = run_checks(load(tmp_path, sheets))
    # The loader names the empty cell and leaves the row out; no check reports it a second time.
    [f] = only(found, "missing-value")
    assert (f.subject, where(f)) == ("G4", ("Goals", 5, "Person"))
    assert f.message == "Person is empty: fill it in (the row is left out until then)"
    assert not only(found, "unknown-person")


def test_a_person_without_an_id_is_named_at_the_cell(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "People", "P3")[0] = None
    [f] = only(run_checks(load(tmp_path, sheets)), "missing-value")
    assert where(f) == ("People", 4, "ID")
    assert f.message == "ID is empty: fill it in (the row is left out until then)"


def test_unknown_manager_is_one_finding_per_missing_id_not_one_per_row(tmp_path: Path) -> None:
    sheets = clean_sheets()
    for pid, name in (("P4", "Ann Lee"), ("P5", "Bo Chan"), ("P6", "Cy Diaz")):
        add_person(sheets, pid, name, "M-99")
    [f] = only(run_checks(load(tmp_path, sheets)), "unknown-manager")
    assert (f.subject, where(f)) == ("P4", ("People", 5, "Manager"))
    assert f.message == (
        "M-99, named as manager of 3 people (first Ann Lee (P4)), is not on the People sheet: add them to People, "
        "correct the manager id, or leave it empty for the person at the top"
    )


def _required_columns() -> list[tuple[str, str]]:
    from reviewgen.model.schema import SHEETS

    sheets = clean_sheets()
    out = []
    for sheet in SHEETS:
        if sheet.name not in sheets:
            continue
        header = [normalise(h) for h in sheets[sheet.name][0]]
        out += [(sheet.name, c.name) for c in sheet.columns if c.required and normalise(c.name) in header]
    return out


@pytest.mark.parametrize(("sheet", "column"), _required_columns())
def test_a_missing_required_column_is_one_finding_never_one_per_row(tmp_path: Path, sheet: str, column: str) -> None:
    sheets = clean_sheets()
    for pid, name in (("P4", "Ann Lee"), ("P5", "Bo Chan"), ("P6", "Cy Diaz")):
        add_person(sheets, pid, name, "P2")
    before = Counter(f.code for f in run_checks(load(tmp_path, sheets, "before.xlsx")))
    at = [normalise(h) for h in sheets[sheet][0]].index(normalise(column))
    sheets[sheet] = [row[:at] + row[at + 1 :] for row in sheets[sheet]]
    found = run_checks(load(tmp_path, sheets))
    [missing] = [f for f in found if f.code == "missing-column"]
    assert missing.location is not None and (missing.location.sheet, missing.location.column) == (sheet, column)
    added = Counter(f.code for f in found) - before
    assert {code: n for code, n in added.items() if n > 1} == {}, [f.one_line() for f in found]
