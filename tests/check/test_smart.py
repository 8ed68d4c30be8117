"""SMART checks, each on a real workbook with exactly one defect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from testkit.builders import clean_sheets, find_row
from testkit.checks import load, only, where

from reviewgen.check.run import run_checks
from reviewgen.model.findings import Severity

TITLE, METRIC, BASELINE, TARGET, DUE, STATUS = 2, 4, 5, 6, 10, 11


@pytest.mark.parametrize(("column", "header"), [(METRIC, "Metric"), (TARGET, "Target")])
def test_not_measurable(tmp_path: Path, column: int, header: str) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[column] = None
    [f] = only(run_checks(load(tmp_path, sheets)), "not-measurable")
    assert (f.subject, where(f), f.severity) == ("G4", ("Goals", 5, header), Severity.WARNING)
    assert f"has no {header.lower()}" in f.message


def test_not_time_bound_without_due_date(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[DUE] = None
    [f] = only(run_checks(load(tmp_path, sheets)), "not-time-bound")
    assert (f.subject, where(f)) == ("G4", ("Goals", 5, "Due"))
    assert "no due date" in f.message


@pytest.mark.parametrize("due", [dt.date(2027, 3, 1), dt.date(2026, 9, 30)])
def test_not_time_bound_when_due_outside_the_cycle(tmp_path: Path, due: dt.date) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[DUE] = due
    [f] = only(run_checks(load(tmp_path, sheets)), "not-time-bound")
    assert (f.subject, where(f)) == ("G4", ("Goals", 5, "Due"))
    assert due.isoformat() in f.message and "2026-10-01 to 2026-12-31" in f.message


def test_due_date_not_checked_against_an_unknown_cycle_end(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Cycle"] = [r for r in sheets["Cycle"] if r[0] != "End"]
    find_row(sheets, "Goals", "G4")[DUE] = dt.date(2027, 3, 1)
    assert only(run_checks(load(tmp_path, sheets)), "not-time-bound") == []


def test_vague_goal(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[TITLE] = "Improve communication"
    [f] = only(run_checks(load(tmp_path, sheets)), "vague-goal")
    assert (f.subject, where(f), f.severity) == ("G4", ("Goals", 5, "Title"), Severity.WARNING)


def test_target_equals_baseline(tmp_path: Path) -> None:
    sheets = clean_sheets()
    row = find_row(sheets, "Goals", "G4")
    row[BASELINE], row[TARGET] = 12, 12
    [f] = only(run_checks(load(tmp_path, sheets)), "target-equals-baseline")
    assert (f.subject, where(f), f.severity) == ("G4", ("Goals", 5, "Target"), Severity.WARNING)
    assert "target 12" in f.message


def test_dropped_goals_are_not_judged(tmp_path: Path) -> None:
    sheets = clean_sheets()
    row = find_row(sheets, "Goals", "G4")
    row[METRIC], row[DUE], row[TITLE], row[STATUS] = None, None, "Improve things", "dropped"
    codes = {f.code for f in run_checks(load(tmp_path, sheets))}
    assert codes.isdisjoint({"not-measurable", "not-time-bound", "vague-goal"})


def test_goals_sharing_a_title_are_each_judged(tmp_path: Path) -> None:
    """Each title is judged once (check_smart keeps the verdicts of one run): every goal with it gets the finding."""
    sheets = clean_sheets()
    for goal in ("G3", "G4"):
        find_row(sheets, "Goals", goal)[TITLE] = "Improve communication"
    found = only(run_checks(load(tmp_path, sheets)), "vague-goal")
    assert [(f.subject, where(f)) for f in found] == [("G3", ("Goals", 4, "Title")), ("G4", ("Goals", 5, "Title"))]
