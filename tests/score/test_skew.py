"""Manager skew is one rule (reviewgen/score/skew.py): the manager-skew check, the scorecards' "Ratings" item and
their **check** marks name the same managers, on goal ratings, never on overall averages."""

from __future__ import annotations

from pathlib import Path

from testkit.builders import Rows, clean_sheets, find_row
from testkit.checks import add_person, load, only

from reviewgen.check.run import run_checks
from reviewgen.render.context import build_scorecard_context
from reviewgen.render.context.breakdown import overall_stats
from reviewgen.score.scores import score_all
from reviewgen.score.skew import manager_skews

MANAGER_GOAL, MANAGER_VALUE = 13, 3  # 0-based manager rating columns on Goals and Values


def _team(sheets: dict[str, Rows], manager: str, prefix: str, goal: int, value: int, size: int = 5) -> None:
    for i in range(size):
        pid = f"{prefix}{i}"
        add_person(sheets, pid, f"Person {pid}", manager)
        find_row(sheets, "Goals", f"G-{pid}")[MANAGER_GOAL] = goal
        next(r for r in sheets["Values"] if r[0] == pid)[MANAGER_VALUE] = value


def test_the_scorecards_name_exactly_the_managers_the_check_flags(tmp_path: Path) -> None:
    sheets = clean_sheets()
    # Alan's reports: goals rated 1 but values 5, so their overall ratings sit near the company's.
    _team(sheets, "P3", "A", goal=1, value=5)
    # Ada's three new reports: too few (skew minimum 5) to be judged.
    _team(sheets, "P1", "C", goal=3, value=3, size=3)
    wb = load(tmp_path, sheets)
    scores = score_all(wb)
    flagged = {f.subject for f in only(run_checks(wb), "manager-skew")}
    assert flagged == {s.manager_id for s in manager_skews(wb, scores).values() if s.skewed} == {"P3"}
    # The old scorecard rule (overall averages) would have named neither: the test tells the rules apart.
    for manager in flagged:
        _, average, _ = overall_stats(wb.reports_of(manager), scores)
        assert average is not None and scores.average_overall is not None
        assert abs(average - scores.average_overall) <= wb.cycle.thresholds.manager_skew, manager

    company = build_scorecard_context(wb, scores, "company")
    ratings = company.look_at[2].text
    assert ratings == "Goal ratings far from the company's 2.31: Alan Turing's team (1).", ratings
    names = {p.id: p.name for p in wb.people}
    assert {r.name for r in company.managers_all if r.skewed} == {names[m] for m in flagged}
    assert not any(r.skewed for r in company.departments)
    for manager in {m.id for m in wb.managers()}:
        text = build_scorecard_context(wb, scores, "manager", manager).look_at[2].text
        assert ("further than the cycle's 0.75" in text) == (manager in flagged), (manager, text)
    ada = build_scorecard_context(wb, scores, "manager", "P1").look_at[2].text
    assert ada.endswith("; 4 rated, too few to judge (the cycle needs 5)."), ada


def test_nobody_is_named_when_the_check_flags_nobody(tmp_path: Path) -> None:
    wb = load(tmp_path, clean_sheets())
    scores = score_all(wb)
    assert only(run_checks(wb), "manager-skew") == []
    ctx = build_scorecard_context(wb, scores, "company")
    assert ctx.look_at[2].text == "No manager's goal ratings are far from the company's."
    assert not any(r.skewed for r in ctx.managers_all)
