"""run_checks: the clean cycle, loader findings, order, duplicates, strict mode, the code table, speed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from pathlib import Path

import pytest
from testkit.builders import clean_sheets, find_row, write_workbook
from testkit.checks import load

from reviewgen.check.run import AREAS, CODES, LOADER_CODES, run_checks
from reviewgen.load.workbook import load_workbook
from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.model.workbook import (
    CheckIn,
    CompanyValue,
    Cycle,
    Goal,
    Objective,
    Person,
    Plan,
    Review,
    Scale,
    ScaleLevel,
    SheetRef,
    Source,
    ValueRating,
    Workbook,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def test_the_clean_cycle_has_no_findings(tmp_path: Path) -> None:
    assert run_checks(load(tmp_path, clean_sheets())) == []


def test_loader_findings_are_kept_sorted_and_deduplicated(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[3] = None  # orphan-goal, a warning on Goals row 5
    wb = load(tmp_path, sheets)
    bad = Finding("bad-value", Severity.ERROR, "not a date", Location("cycle.xlsx", "Goals", 9, "Due"), "G9")
    found = run_checks(dataclasses.replace(wb, findings=(*wb.findings, bad, bad)))
    assert [f.code for f in found] == ["bad-value", "orphan-goal"]
    assert found == sorted(found, key=Finding.sort_key)


def test_strict_turns_warnings_into_errors_and_leaves_info(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[3] = None  # orphan-goal (warning)
    find_row(sheets, "Goals", "G4")[13] = 2  # rating-gap (info)
    wb = load(tmp_path, sheets)
    normal = {f.code: f.severity for f in run_checks(wb)}
    strict = {f.code: f.severity for f in run_checks(wb, strict=True)}
    assert normal == {"orphan-goal": Severity.WARNING, "rating-gap": Severity.INFO}
    assert strict == {"orphan-goal": Severity.ERROR, "rating-gap": Severity.INFO}


def test_every_code_has_a_known_area_and_a_description() -> None:
    areas = {area for area, _ in AREAS}
    assert set(LOADER_CODES) <= set(CODES)
    for code, info in CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)
        assert info.area in areas and info.description.endswith(".")


def test_docs_explain_every_code_with_its_severity() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for code, info in CODES.items():
        section = text.split(f"### `{code}`", 1)
        assert len(section) == 2, f"docs/checks.md has no section for {code}"
        body = section[1].split("\n### ", 1)[0]
        assert f"{info.severity.value}[{code}]" in body, f"docs/checks.md: no example line for {code}"


def generated_workbook(people: int) -> Workbook:
    """A big, mostly healthy cycle built in memory: a management tree eight wide, three goals each."""
    ref = {
        name: SheetRef("big.xlsx", name, {"id": ("ID", 0), "person": ("Person", 1)}) for name in ("P", "G", "V", "C")
    }
    objectives = [Objective("C1", "Grow", "company", src=Source(SheetRef("big.xlsx", "Objectives"), 2))]
    objectives += [
        Objective(f"D{i}", f"Department {i}", "department", "C1", src=Source(SheetRef("big.xlsx", "Objectives"), i + 3))
        for i in range(40)
    ]
    persons, goals, values, checkins, reviews = [], [], [], [], []
    day = dt.date(2026, 12, 1)
    for i in range(people):
        pid = f"P{i}"
        manager = f"P{(i - 1) // 8}" if i else None
        persons.append(
            Person(pid, f"Person {i}", "Sales", manager, groups=(("site", "AB"[i % 2]),), src=Source(ref["P"], i + 2))
        )
        for k in range(3):
            rating = 1 + (i + k) % 5
            goals.append(
                Goal(
                    f"G{i}-{k}",
                    pid,
                    "Increase sales" if i % 50 == 0 else f"Close {k + 5} deals",
                    f"D{(i + k) % 45}",
                    "Deals",
                    0,
                    5,
                    3,
                    weight=[50, 30, 20][k] if i % 7 else 40,
                    due=day,
                    self_rating=rating,
                    manager_rating=6 - rating if i % 9 == 0 else rating,
                    src=Source(ref["G"], 3 * i + k + 2),
                )
            )
        values.append(ValueRating(pid, "Own it", 3, 3 + i % 2, src=Source(ref["V"], i + 2)))
        if i % 11:
            checkins.append(CheckIn(day, pid, "praise", manager, src=Source(ref["C"], i + 2)))
        reviews.append(Review(pid, "ok", src=Source(ref["C"], i + 2)))
    return Workbook(
        path="big.xlsx",
        cycle=Cycle("Big", "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), fairness_groups=("site",)),
        scale=Scale(tuple(ScaleLevel(r, str(r)) for r in range(1, 6))),
        plan=Plan("m", "v", (CompanyValue("Own it"),), tuple(objectives)),
        people=tuple(persons),
        goals=tuple(goals),
        values=tuple(values),
        checkins=tuple(checkins),
        reviews=tuple(reviews),
    )


def test_checks_stay_linear_on_a_big_cycle() -> None:
    small, big = generated_workbook(500), generated_workbook(2_000)
    started = time.perf_counter()
    small_found = run_checks(small)
    small_time = time.perf_counter() - started
    started = time.perf_counter()
    big_found = run_checks(big)
    big_time = time.perf_counter() - started
    assert {f.code for f in big_found} >= {"vague-goal", "weights-not-100", "no-feedback", "unknown-objective"}
    assert len(big_found) > 3 * len(small_found)
    # Four times the people may take at most ~10 times as long (quadratic would be 16 times).
    assert big_time < 10 * small_time + 0.5


def test_a_cell_the_loader_could_not_read_is_not_reported_again(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G2")[10] = "next Friday"  # a date written as text: bad-value, not not-time-bound
    del sheets["Check-ins"]  # missing-sheet, not a rhythm warning for every person
    wb = load_workbook(write_workbook(tmp_path / "cascade.xlsx", sheets))
    codes = sorted(f.code for f in run_checks(wb))
    assert codes == ["bad-value", "missing-sheet"]


def test_the_checks_run_with_the_cyclic_collector_paused_and_restore_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 50,000 people full collections scanning the loaded workbook were 1.7 s of the checks' 9 s."""
    import gc

    from reviewgen.check import run

    seen: list[bool] = []
    monkeypatch.setattr(run, "_checks", lambda wb: (lambda wb: seen.append(gc.isenabled()) or [],))
    wb = load(tmp_path, clean_sheets())
    assert gc.isenabled()
    run_checks(wb)
    assert seen == [False] and gc.isenabled()


def test_fairness_and_calibration_share_the_ratings_scored_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewgen.check import calibration, fairness, run
    from reviewgen.score.ratings import company_ratings

    wb = generated_workbook(300)
    guidance = (10.0, 20.0, 40.0, 20.0, 10.0)  # the distribution check needs the ratings too
    wb = dataclasses.replace(wb, cycle=dataclasses.replace(wb.cycle, rating_guidance=guidance))
    alone = run_checks(wb)
    scored: list[int] = []
    monkeypatch.setattr(run, "company_ratings", lambda wb: scored.append(1) or company_ratings(wb))
    for module in (calibration, fairness):  # either check scoring by itself would count here
        monkeypatch.setattr(module, "company_ratings", lambda wb: scored.append(2) or company_ratings(wb))
    assert run_checks(wb) == alone
    assert scored == [1]


def test_errors_only_gives_the_same_errors_from_fewer_checks() -> None:
    wb = generated_workbook(300)
    every = run_checks(wb)
    errors = [f for f in every if f.severity is Severity.ERROR]
    assert errors and len(errors) < len(every)  # this cycle has errors and warnings
    assert run_checks(wb, errors_only=True) == errors
    assert run_checks(wb, strict=True, errors_only=True) == [
        f for f in run_checks(wb, strict=True) if f.severity is Severity.ERROR
    ]


def test_each_check_reports_only_codes_of_its_own_area() -> None:
    """errors_only leaves out the checks of areas without an error code: one reporting another area's codes would
    be left out wrongly."""
    from reviewgen.check import run

    wb = generated_workbook(300)
    for check, area in zip(run._checks(wb), run._CHECK_AREAS, strict=True):
        assert {CODES[f.code].area for f in check(wb)} <= {area}, area
