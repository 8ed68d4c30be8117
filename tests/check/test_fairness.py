"""Consistency and fairness checks on real workbooks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from testkit.builders import Rows, clean_sheets, find_row
from testkit.checks import add_person, load, only, where

from reviewgen.check.run import run_checks
from reviewgen.model.findings import Severity
from reviewgen.model.workbook import Thresholds, Workbook

SELF, MANAGER = 12, 13  # 0-based rating columns on Goals


def test_rating_gap_on_a_goal(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[MANAGER] = 2
    [f] = only(run_checks(load(tmp_path, sheets)), "rating-gap")
    assert (f.subject, where(f), f.severity) == ("G4", ("Goals", 5, "Manager rating"), Severity.INFO)
    assert "self rating 4, manager rating 2" in f.message


def test_rating_gap_on_a_value(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Values"][4][3] = 1  # P3, Own it: self 4
    [f] = only(run_checks(load(tmp_path, sheets)), "rating-gap")
    assert (f.subject, where(f)) == ("P3", ("Values", 5, "Manager rating"))


def test_a_gap_below_the_threshold_is_fine(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[MANAGER] = 3
    assert only(run_checks(load(tmp_path, sheets)), "rating-gap") == []


def _rate(sheets: dict[str, Rows], pid: str, rating: int) -> None:
    find_row(sheets, "Goals", f"G-{pid}")[MANAGER] = rating
    next(r for r in sheets["Values"] if r[0] == pid)[3] = rating


def _team(sheets: dict[str, Rows], manager: str, size: int, rating: int, prefix: str) -> list[str]:
    ids = [f"{prefix}{i}" for i in range(size)]
    for pid in ids:
        add_person(sheets, pid, f"Person {pid}", manager)
        _rate(sheets, pid, rating)
        find_row(sheets, "Goals", f"G-{pid}")[SELF] = rating
        next(r for r in sheets["Values"] if r[0] == pid)[2] = rating
    return ids


def test_manager_skew(tmp_path: Path) -> None:
    sheets = clean_sheets()
    _team(sheets, "P3", 5, 1, "R")
    findings = run_checks(load(tmp_path, sheets))
    [f] = only(findings, "manager-skew")
    assert (f.subject, where(f), f.severity) == ("P3", ("People", 4, "Name"), Severity.WARNING)
    assert "5 rated reports of Alan Turing (P3) average 1" in f.message and "below" in f.message


def test_no_manager_skew_below_the_minimum_of_rated_reports(tmp_path: Path) -> None:
    sheets = clean_sheets()
    _team(sheets, "P3", 4, 1, "R")
    assert only(run_checks(load(tmp_path, sheets)), "manager-skew") == []


def _with_sites(sheets: dict[str, Rows], sites: dict[str, tuple[int, int]]) -> None:
    """Add a Site column and, per site, (people, rating) new people; P1-P3 are in Oslo (3 people)."""
    sheets["Cycle"].append(["Fairness groups", "Site"])
    sheets["People"][0].append("Site")
    for row in sheets["People"][1:]:
        row.append("Oslo")
    for site, (size, rating) in sites.items():
        for pid in _team(sheets, "P1", size, rating, site[:3].upper()):
            find_row(sheets, "People", pid).append(site)


def test_group_disparity_names_groups_not_people(tmp_path: Path) -> None:
    sheets = clean_sheets()
    _with_sites(sheets, {"Berlin": (5, 4), "Lisbon": (5, 2)})
    [f] = only(run_checks(load(tmp_path, sheets)), "group-disparity")
    assert (f.subject, f.severity) == ("Site", Severity.WARNING)
    assert where(f)[:2] == ("People", None) and (where(f)[2] or "").lower() == "site"
    assert '"Berlin" 4, "Lisbon" 2' in f.message
    assert "Oslo" not in f.message and "Person" not in f.message and "P1" not in f.message


def test_small_groups_are_left_out(tmp_path: Path) -> None:
    sheets = clean_sheets()
    _with_sites(sheets, {"Berlin": (5, 4), "Lisbon": (4, 2)})
    assert only(run_checks(load(tmp_path, sheets)), "group-disparity") == []


def _with_group_minimum(wb: Workbook, minimum: int) -> Workbook:
    return dataclasses.replace(wb, cycle=dataclasses.replace(wb.cycle, thresholds=Thresholds(group_minimum=minimum)))


def test_group_minimum_never_goes_below_five(tmp_path: Path) -> None:
    sheets = clean_sheets()
    _with_sites(sheets, {"Berlin": (5, 4), "Lisbon": (4, 2)})
    assert only(run_checks(_with_group_minimum(load(tmp_path, sheets), 3)), "group-disparity") == []


def test_a_higher_group_minimum_leaves_out_more_groups(tmp_path: Path) -> None:
    sheets = clean_sheets()
    _with_sites(sheets, {"Berlin": (5, 4), "Lisbon": (5, 2)})
    wb = load(tmp_path, sheets)
    assert len(only(run_checks(_with_group_minimum(wb, 5)), "group-disparity")) == 1
    assert only(run_checks(_with_group_minimum(wb, 6)), "group-disparity") == []


def test_close_group_averages_are_fine(tmp_path: Path) -> None:
    sheets = clean_sheets()
    _with_sites(sheets, {"Berlin": (5, 3), "Lisbon": (5, 3)})
    assert only(run_checks(load(tmp_path, sheets)), "group-disparity") == []
