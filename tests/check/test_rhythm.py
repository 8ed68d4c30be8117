"""Rhythm checks, each on a real workbook with exactly one defect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from testkit.builders import clean_sheets, find_row
from testkit.checks import load, only, where

from reviewgen.check.run import run_checks
from reviewgen.model.findings import Severity


def _checkins_about(sheets: dict[str, list[list[object]]], pid: str) -> list[list[object]]:
    return [r for r in sheets["Check-ins"][1:] if r[1] == pid]


def test_no_recent_checkin(tmp_path: Path) -> None:
    sheets = clean_sheets()
    for row in _checkins_about(sheets, "P3"):
        row[0] = dt.date(2026, 10, 15)
    findings = run_checks(load(tmp_path, sheets))
    [f] = only(findings, "no-recent-checkin")
    assert (f.subject, where(f), f.severity) == ("P3", ("People", 4, "Name"), Severity.WARNING)
    assert "45 days" in f.message and "2026-10-15" in f.message
    assert only(findings, "no-feedback") == []  # the praise of 15 October is still in the cycle


def test_self_reflection_is_not_a_checkin_nor_feedback(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Check-ins"] = [r for r in sheets["Check-ins"] if not (r[1] == "P1" and r[3] == "praise")]
    findings = run_checks(load(tmp_path, sheets))
    assert [(f.code, f.subject, where(f)) for f in findings] == [
        ("no-feedback", "P1", ("People", 2, "Name")),
        ("no-recent-checkin", "P1", ("People", 2, "Name")),
    ]
    assert "there is none" in only(findings, "no-recent-checkin")[0].message


def test_no_checkin_check_without_a_cycle_end(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Cycle"] = [r for r in sheets["Cycle"] if r[0] != "End"]
    for row in _checkins_about(sheets, "P3"):
        row[0] = dt.date(2026, 10, 15)
    assert only(run_checks(load(tmp_path, sheets)), "no-recent-checkin") == []


def test_no_feedback(tmp_path: Path) -> None:
    sheets = clean_sheets()
    for row in _checkins_about(sheets, "P3"):
        row[3] = "check-in"
    [f] = only(run_checks(load(tmp_path, sheets)), "no-feedback")
    assert (f.subject, where(f), f.severity) == ("P3", ("People", 4, "Name"), Severity.WARNING)


def test_feedback_before_the_cycle_does_not_count(tmp_path: Path) -> None:
    sheets = clean_sheets()
    praise = next(r for r in _checkins_about(sheets, "P3") if r[3] == "praise")
    praise[0] = dt.date(2026, 9, 1)
    [f] = only(run_checks(load(tmp_path, sheets)), "no-feedback")
    assert f.subject == "P3"


def _without_self_assessment(sheets: dict[str, list[list[object]]]) -> None:
    find_row(sheets, "Goals", "G4")[12] = None
    next(r for r in sheets["Values"][1:] if r[0] == "P3")[2] = None
    find_row(sheets, "Reviews", "P3")[1] = None


def test_no_self_assessment(tmp_path: Path) -> None:
    sheets = clean_sheets()
    _without_self_assessment(sheets)
    [f] = only(run_checks(load(tmp_path, sheets)), "no-self-assessment")
    assert (f.subject, where(f), f.severity) == ("P3", ("People", 4, "Name"), Severity.WARNING)


def test_any_one_self_assessment_is_enough(tmp_path: Path) -> None:
    for sheet, first, column, value in (("Goals", "G4", 12, 4), ("Values", "P3", 2, 4), ("Reviews", "P3", 1, "Ok")):
        sheets = clean_sheets()
        _without_self_assessment(sheets)
        find_row(sheets, sheet, first)[column] = value
        assert only(run_checks(load(tmp_path, sheets, f"{sheet}.xlsx")), "no-self-assessment") == []
