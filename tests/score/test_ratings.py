"""The checks' ratings (reviewgen.score.ratings) are score_person's, number for number."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reviewgen.load.workbook import load_workbook
from reviewgen.model.schema import DEFAULT_SCALE
from reviewgen.model.workbook import Calibration, Cycle, Goal, Person, Plan, Scale, ScaleLevel, ValueRating, Workbook
from reviewgen.score.ratings import company_ratings, person_ratings
from reviewgen.score.scores import score_all, score_person
from reviewgen.workbooks.sample import write_sample_workbook

SCALE = Scale(tuple(ScaleLevel(r, label, d) for r, label, d in DEFAULT_SCALE))


def _same(wb: Workbook) -> None:
    full = score_all(wb)
    light = company_ratings(wb)
    assert light.people.keys() == full.people.keys()
    for pid, score in full.people.items():
        got = light.people[pid]
        want = (score.goal_rating, score.values_rating, score.overall, score.computed_level, score.level)
        assert (got.goal_rating, got.values_rating, got.overall, got.computed_level, got.level) == want, pid
        assert person_ratings(wb, pid) == got
    assert light.mean_goal_rating == full.mean_goal_rating


def test_the_sample_company_rates_the_same(tmp_path: Path) -> None:
    path = tmp_path / "cycle.xlsx"
    write_sample_workbook(path, people=300, seed=3)
    _same(load_workbook(path))


def _random_company(seed: int) -> Workbook:
    rng = random.Random(seed)
    people = (*(Person(f"P{i}", f"Person {i}", "Sales") for i in range(40)), Person("P1", "Twin", "Ops"))
    goals, values, calibrations = [], [], []
    for i in range(40):
        for j in range(rng.randint(0, 5)):
            weight = rng.choice([None, 0.0, 10.0, 33.3, 25.0, 40.0, 100.0, 7.5])
            goals.append(
                Goal(
                    f"G{i}-{j}",
                    f"P{i}",
                    "A goal",
                    weight=weight,
                    status=rng.choice(["", "done", "dropped", "on track"]),
                    manager_rating=rng.choice([None, 1, 2, 3, 4, 5]),
                )
            )
        for v in range(rng.randint(0, 3)):
            values.append(ValueRating(f"P{i}", f"Value {v}", manager_rating=rng.choice([None, 1, 2, 3, 4, 5])))
        if rng.random() < 0.2:
            calibrations.append(Calibration(f"P{i}", rng.choice([None, 1, 3, 5, 7]), "agreed"))
    return Workbook(
        path="t.xlsx",
        cycle=Cycle("Acme", "Q4", None, None, goals_share=rng.choice([0.0, 55.5, 70.0, 100.0, 150.0])),
        scale=SCALE,
        plan=Plan("m", "v"),
        people=people,
        goals=tuple(goals),
        values=tuple(values),
        calibrations=tuple(calibrations),
    )


@pytest.mark.parametrize("seed", range(12))
def test_odd_weights_drops_calibrations_and_shares_rate_the_same(seed: int) -> None:
    _same(_random_company(seed))


def test_a_person_without_ratings_has_none() -> None:
    wb = _random_company(0)
    ratings = person_ratings(wb, "nobody")
    assert ratings.goal_rating is ratings.values_rating is ratings.overall is ratings.level is None
    assert score_person(wb, "nobody").overall is None
