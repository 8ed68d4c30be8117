"""Alignment checks, each on a real workbook with exactly one defect."""

from __future__ import annotations

from pathlib import Path

from testkit.builders import clean_sheets, find_row
from testkit.checks import load, only, where

from reviewgen.check.run import run_checks
from reviewgen.model.findings import Severity

GOAL_OBJECTIVE = 3  # 0-based column of Objective on Goals
GOAL_STATUS = 11


def _objective(oid: str, parent: str | None, status: str = "active", level: str = "department") -> list[object]:
    return [oid, f"Objective {oid}", level, parent, "Sales", "", None, None, "", None, status]


def test_orphan_goal(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[GOAL_OBJECTIVE] = None
    [f] = only(run_checks(load(tmp_path, sheets)), "orphan-goal")
    assert (f.subject, where(f), f.severity) == ("G4", ("Goals", 5, "Objective"), Severity.WARNING)
    assert "Alan Turing (P3)" in f.message and '"Close 12 new accounts in Q4"' in f.message


def test_dropped_goal_without_objective_is_fine(tmp_path: Path) -> None:
    sheets = clean_sheets()
    row = find_row(sheets, "Goals", "G4")
    row[GOAL_OBJECTIVE], row[GOAL_STATUS] = None, "dropped"
    assert only(run_checks(load(tmp_path, sheets)), "orphan-goal") == []


def test_unknown_objective_suggests_the_closest_id(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[GOAL_OBJECTIVE] = "D-1"
    [f] = only(run_checks(load(tmp_path, sheets)), "unknown-objective")
    assert (f.subject, where(f), f.severity) == ("G4", ("Goals", 5, "Objective"), Severity.ERROR)
    assert 'did you mean "D1"?' in f.message


def test_unknown_objective_without_a_close_id(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[GOAL_OBJECTIVE] = "MARKETING-7"
    [f] = only(run_checks(load(tmp_path, sheets)), "unknown-objective")
    assert "did you mean" not in f.message and "Objectives sheet" in f.message


def test_retired_objective(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Objectives"].append(_objective("D2", "C1", status="retired"))
    find_row(sheets, "Goals", "G4")[GOAL_OBJECTIVE] = "D2"
    findings = run_checks(load(tmp_path, sheets))
    [f] = only(findings, "retired-objective")
    assert (f.subject, where(f)) == ("G4", ("Goals", 5, "Objective"))
    assert (
        "the plan retired this objective but the goal still points at it: "
        "move the goal to an active objective or drop it" in f.message
    )
    assert only(findings, "uncovered-objective") == []  # a retired objective needs no goals


def test_uncovered_objective(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Objectives"].append(_objective("D2", "C1"))
    [f] = only(run_checks(load(tmp_path, sheets)), "uncovered-objective")
    assert (f.subject, where(f), f.severity) == ("D2", ("Objectives", 4, "ID"), Severity.WARNING)


def test_objective_covered_through_an_active_sub_objective(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Objectives"].append(_objective("D2", "C1"))
    sheets["Objectives"].append(_objective("T1", "D2", level="team"))
    find_row(sheets, "Goals", "G4")[GOAL_OBJECTIVE] = "T1"
    findings = run_checks(load(tmp_path, sheets))
    assert only(findings, "uncovered-objective") == []


def test_a_retired_sub_objective_covers_nothing(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Objectives"].append(_objective("D2", "C1"))
    sheets["Objectives"].append(_objective("T1", "D2", status="retired", level="team"))
    find_row(sheets, "Goals", "G4")[GOAL_OBJECTIVE] = "T1"
    findings = run_checks(load(tmp_path, sheets))
    assert [f.subject for f in only(findings, "uncovered-objective")] == ["D2"]


def test_objective_without_parent(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Objectives", "D1")[3] = None
    [f] = only(run_checks(load(tmp_path, sheets)), "objective-orphan")
    assert (f.subject, where(f), f.severity) == ("D1", ("Objectives", 3, "Parent"), Severity.WARNING)
    assert "department objective without a parent" in f.message


def test_objective_with_unknown_parent(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Objectives", "D1")[3] = "CI"
    [f] = only(run_checks(load(tmp_path, sheets)), "objective-orphan")
    assert (f.subject, where(f)) == ("D1", ("Objectives", 3, "Parent"))
    assert 'did you mean "C1"?' in f.message


def test_active_objective_under_a_retired_parent(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Objectives"].append(_objective("C2", None, status="retired", level="company"))
    find_row(sheets, "Objectives", "D1")[3] = "C2"
    findings = run_checks(load(tmp_path, sheets))
    [f] = only(findings, "objective-orphan")
    assert (f.subject, where(f)) == ("D1", ("Objectives", 3, "Parent"))
    assert "parent C2 is retired" in f.message


def test_objective_parents_in_a_loop(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Objectives"].append(_objective("D2", "D1"))
    find_row(sheets, "Objectives", "D1")[3] = "D2"
    [f] = only(run_checks(load(tmp_path, sheets)), "objective-orphan")
    assert (f.subject, where(f)) == ("D1", ("Objectives", 3, "Parent"))
    assert "D1 -> D2 -> D1" in f.message


def test_person_without_goals(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Goals"] = [r for r in sheets["Goals"] if r[0] != "G4"]
    [f] = only(run_checks(load(tmp_path, sheets)), "person-without-goals")
    assert (f.subject, where(f), f.severity) == ("P3", ("People", 4, "Name"), Severity.WARNING)
