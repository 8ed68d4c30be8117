"""Scores computed by hand: the arithmetic is written next to each expected value."""

from __future__ import annotations

import pytest

from reviewgen.model.schema import DEFAULT_SCALE
from reviewgen.model.workbook import (
    Cycle,
    Goal,
    Objective,
    Person,
    Plan,
    Scale,
    ScaleLevel,
    ValueRating,
    Workbook,
)
from reviewgen.score.scores import (
    percent,
    round_half_up,
    score_all,
    score_goal,
    score_objectives,
    score_person,
)

SCALE = Scale(tuple(ScaleLevel(r, label, d) for r, label, d in DEFAULT_SCALE))


def goal(gid: str, person: str = "P1", **kw: object) -> Goal:
    return Goal(id=gid, person_id=person, title=f"Goal {gid}", **kw)  # type: ignore[arg-type]


def workbook(
    goals: tuple[Goal, ...] = (),
    values: tuple[ValueRating, ...] = (),
    objectives: tuple[Objective, ...] = (),
    people: tuple[str, ...] = ("P1",),
    share: float = 70.0,
) -> Workbook:
    return Workbook(
        path="t.xlsx",
        cycle=Cycle("Acme", "2026-Q4", None, None, goals_share=share),
        scale=SCALE,
        plan=Plan("m", "v", objectives=objectives),
        people=tuple(Person(p, p, "Sales") for p in people),
        goals=goals,
        values=values,
    )


def test_progress_higher_is_better() -> None:
    # (30 - 0) / (40 - 0) = 0.75
    assert score_goal(goal("G", baseline=0, target=40, actual=30)).progress == pytest.approx(0.75)


def test_progress_lower_is_better() -> None:
    # (50 - 60) / (45 - 60) = -10 / -15 = 0.667
    s = score_goal(goal("G", baseline=60, target=45, actual=50))
    assert s.progress == pytest.approx(2 / 3)
    assert s.method == "numbers"


@pytest.mark.parametrize(("actual", "expected"), [(70, 0.0), (30, 1.0)])
def test_progress_clamped(actual: float, expected: float) -> None:
    # lower is better from 60 to 45: 70 is worse than the start (-0.67 -> 0), 30 beats the target (2 -> 1)
    assert score_goal(goal("G", baseline=60, target=45, actual=actual)).progress == expected


def test_missing_baseline_counts_from_zero() -> None:
    # (6 - 0) / (12 - 0) = 0.5
    s = score_goal(goal("G", target=12, actual=6))
    assert s.progress == pytest.approx(0.5)
    assert "baseline" in s.note


@pytest.mark.parametrize(
    ("status", "progress", "method"),
    [("done", 1.0, "status"), ("not started", 0.0, "status"), ("on track", None, "unknown"), ("", None, "unknown")],
)
def test_progress_from_status(status: str, progress: float | None, method: str) -> None:
    s = score_goal(goal("G", status=status))
    assert (s.progress, s.method) == (progress, method)


def test_dropped_goal_is_excluded_even_with_numbers() -> None:
    s = score_goal(goal("G", baseline=0, target=10, actual=10, status="Dropped"))
    assert s.excluded and s.progress is None


def test_target_equal_to_baseline_falls_back_to_status() -> None:
    assert score_goal(goal("G", baseline=5, target=5, actual=5, status="done")).progress == 1.0


def test_person_scores_hand_computed() -> None:
    # goal rating = (60 * 3 + 40 * 4) / 100 = 340 / 100 = 3.4
    # values rating = (3 + 4) / 2 = 3.5
    # overall = 0.7 * 3.4 + 0.3 * 3.5 = 2.38 + 1.05 = 3.43 -> 3.4 (Meets)
    # progress = (60 * 0.75 + 40 * 0.6667) / 100 = (45 + 26.667) / 100 = 0.71667
    wb = workbook(
        goals=(
            goal("G2", baseline=0, target=40, actual=30, weight=60, manager_rating=3),
            goal("G3", baseline=60, target=45, actual=50, weight=40, manager_rating=4),
        ),
        values=(ValueRating("P1", "Customer first", manager_rating=3), ValueRating("P1", "Own it", manager_rating=4)),
    )
    s = score_person(wb, "P1")
    assert (s.goal_rating, s.values_rating, s.overall, s.label) == (3.4, 3.5, 3.4, "Meets")
    assert s.progress == pytest.approx(0.716667, abs=1e-5)
    assert s.notes == ()
    assert [(c.goal_id, c.weight_share, c.points) for c in s.contributions] == [("G2", 0.6, 1.8), ("G3", 0.4, 1.6)]
    assert s.goal_formula == "Goal rating = 60\u00a0% × 3 + 40\u00a0% × 4 = 1.8 + 1.6 = 3.4"
    assert s.values_formula == "Values rating = (3 + 4) / 2 = 3.5"
    assert (
        s.overall_formula == "Overall rating = 70\u00a0% × 3.4 + 30\u00a0% × 3.5 = 2.38 + 1.05 = 3.43, rounded to 3.4"
    )


def test_rounding_is_half_up_not_bankers() -> None:
    assert round(3.25, 1) == 3.2  # what we avoid
    assert round_half_up(3.25) == 3.3
    assert round_half_up(2.45) == 2.5
    assert round_half_up(3.35) == 3.4
    assert percent(0.665) == 67
    # overall = 0.5 * 3 + 0.5 * 3.5 = 3.25 -> 3.3 (float arithmetic would give 3.2 with round())
    wb = workbook(
        goals=(goal("G1", weight=100, manager_rating=3),),
        values=(ValueRating("P1", "A", manager_rating=3), ValueRating("P1", "B", manager_rating=4)),
        share=50,
    )
    assert score_person(wb, "P1").overall == 3.3


def test_values_missing_overall_is_goal_rating_alone() -> None:
    # goal rating = (50 * 2 + 50 * 5) / 100 = 3.5; no values -> overall 3.5, not 0.7 * 3.5 = 2.45
    wb = workbook(goals=(goal("G1", weight=50, manager_rating=2), goal("G2", weight=50, manager_rating=5)))
    s = score_person(wb, "P1")
    assert (s.goal_rating, s.values_rating, s.overall) == (3.5, None, 3.5)
    assert s.label == "Exceeds"  # 3.5 is half-way between Meets and Exceeds: halves go up
    assert "No value ratings yet: the overall rating is the goal rating alone." in s.notes


def test_goals_missing_overall_is_values_rating_alone() -> None:
    # values rating = (2 + 3 + 3) / 3 = 2.667 -> 2.7
    wb = workbook(values=tuple(ValueRating("P1", v, manager_rating=r) for v, r in (("A", 2), ("B", 3), ("C", 3))))
    s = score_person(wb, "P1")
    assert (s.goal_rating, s.values_rating, s.overall) == (None, 2.7, 2.7)
    assert any("values rating alone" in n for n in s.notes)


def test_nothing_rated() -> None:
    s = score_person(workbook(goals=(goal("G1", weight=100),)), "P1")
    assert (s.overall, s.label, s.overall_formula) == (None, "", "")
    assert any("No manager ratings" in n for n in s.notes)


def test_missing_weights_mean_equal_weights() -> None:
    # equal weights: (2 + 4 + 5) / 3 = 3.667 -> 3.7
    wb = workbook(
        goals=(goal("G1", manager_rating=2), goal("G2", weight=80, manager_rating=4), goal("G3", manager_rating=5))
    )
    s = score_person(wb, "P1")
    assert s.goal_rating == 3.7
    assert any("equally" in n for n in s.notes)


def test_unrated_and_dropped_goals_do_not_drag_the_rating_down() -> None:
    # only G1 is rated: 40 * 4 / 40 = 4.0; G2 unrated (share 0), G3 dropped (not listed)
    wb = workbook(
        goals=(
            goal("G1", weight=40, manager_rating=4),
            goal("G2", weight=40),
            goal("G3", weight=20, status="dropped", manager_rating=1),
        )
    )
    s = score_person(wb, "P1")
    assert s.goal_rating == 4.0
    assert [(c.goal_id, c.weight_share, c.rating) for c in s.contributions] == [("G1", 1.0, 4), ("G2", 0.0, None)]
    assert any("1 goal(s) have no manager rating" in n for n in s.notes)


def test_objective_roll_up_three_levels() -> None:
    # C1 <- D1 <- T1, C1 <- D2 (retired), C2 has nothing under it.
    objectives = (
        Objective("C1", "Company", "company"),
        Objective("D1", "Dept", "department", parent_id="C1"),
        Objective("T1", "Team", "team", parent_id="D1"),
        Objective("D2", "Old", "department", parent_id="C1", status="retired"),
        Objective("C2", "Empty", "company"),
    )
    goals = (
        # P1: G1 -> T1 weight 60, progress (30-0)/(40-0) = 0.75; G2 -> D1 weight 40, progress 0.5
        goal("G1", "P1", objective_id="T1", baseline=0, target=40, actual=30, weight=60),
        goal("G2", "P1", objective_id="D1", baseline=0, target=10, actual=5, weight=40),
        # P2: G3 -> C1 weight 100, done -> 1.0 ; G4 -> D2 (retired) weight 50 would pull C1 down if counted
        goal("G3", "P2", objective_id="C1", status="done", weight=50),
        goal("G4", "P2", objective_id="D2", status="not started", weight=50),
    )
    scores = score_objectives(workbook(goals=goals, objectives=objectives, people=("P1", "P2")))
    # T1 = 0.75 (one goal)
    assert scores["T1"].progress == pytest.approx(0.75)
    # D1 = (40 * 0.5 + 60 * 0.75) / (40 + 60) = (20 + 45) / 100 = 0.65
    assert scores["D1"].progress == pytest.approx(0.65)
    assert scores["D1"].goal_count == 2
    # C1 = (50 * 1.0 + 100 * 0.65) / (50 + 100) = 115 / 150 = 0.7667 (retired D2 left out)
    assert scores["C1"].progress == pytest.approx(115 / 150)
    assert scores["C1"].goal_count == 3
    assert scores["D2"].progress == 0.0
    assert scores["C2"].progress is None and scores["C2"].goal_count == 0


def test_objective_loop_does_not_hang() -> None:
    objectives = (Objective("A", "A", "team", parent_id="B"), Objective("B", "B", "team", parent_id="A"))
    goals = (goal("G1", objective_id="A", status="done", weight=100),)
    scores = score_objectives(workbook(goals=goals, objectives=objectives))
    assert scores["A"].progress == 1.0


def test_score_all_matches_single_calls() -> None:
    wb = workbook(
        goals=(goal("G1", "P1", weight=100, manager_rating=4, status="done"), goal("G2", "P2", manager_rating=2)),
        values=(ValueRating("P2", "A", manager_rating=5),),
        people=("P1", "P2"),
    )
    scores = score_all(wb)
    assert scores.person("P1") == score_person(wb, "P1")
    # P2: 0.7 * 2 + 0.3 * 5 = 1.4 + 1.5 = 2.9
    assert scores.person("P2").overall == 2.9
    assert scores.goals["G1"].progress == 1.0
