"""The domain model: plan tree walks, scale labels, per-person indexes."""

from __future__ import annotations

from pathlib import Path

from testkit.builders import clean_workbook

from reviewgen.load.workbook import load_workbook
from reviewgen.model.workbook import Objective, Plan, Scale, ScaleLevel


def _plan(*objectives: Objective) -> Plan:
    return Plan(mission="m", vision="v", objectives=objectives)


def test_chain_runs_from_the_company_objective_down_and_stops_at_a_loop() -> None:
    plan = _plan(
        Objective("C1", "Company", "company"),
        Objective("D1", "Dept", "department", parent_id="C1"),
        Objective("T1", "Team", "team", parent_id="D1"),
        Objective("X1", "Loop a", "team", parent_id="X2"),
        Objective("X2", "Loop b", "team", parent_id="X1"),
    )
    assert [o.id for o in plan.chain("T1")] == ["C1", "D1", "T1"]
    assert [o.id for o in plan.chain("X1")] == ["X2", "X1"]
    assert plan.chain("nope") == ()
    assert [o.id for o in plan.descendants("C1")] == ["D1", "T1"]
    assert [o.id for o in plan.roots()] == ["C1"]


def test_scale_labels_round_to_the_nearest_level_halves_up() -> None:
    scale = Scale(tuple(ScaleLevel(r, f"L{r}") for r in range(1, 6)))
    assert (scale.minimum, scale.maximum) == (1, 5)
    assert scale.label_for(3.4) == "L3"
    assert scale.label_for(3.5) == "L4"
    assert scale.contains(4) and not scale.contains(4.5) and not scale.contains(6)


def test_workbook_indexes_follow_file_order(tmp_path: Path) -> None:
    wb = load_workbook(clean_workbook(tmp_path))
    assert [p.id for p in wb.reports_of("P1")] == ["P2"]
    assert [p.id for p in wb.managers()] == ["P1", "P2"]
    assert [g.id for g in wb.goals_of("P2")] == ["G2", "G3"]
    assert [c.kind for c in wb.checkins_of("P2")] == ["check-in", "constructive"]
    review = wb.review_of("P3")
    assert review is not None and review.strengths == "Persistence"
    assert wb.review_of("P9") is None
    assert {k: len(v) for k, v in wb.goals_by_objective.items()} == {"C1": 1, "D1": 3}
