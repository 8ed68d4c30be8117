"""Each person's ratings alone, for the checks: the numbers :func:`score_person` computes, without their text.

``score_person`` also writes each rating's formula, the goals' contributions and progress, notes and the label
margin, which the packet prints. The fairness and calibration checks need only the ratings, of every person in
the company: at 10,000 people scoring with the text was 2.3 of the checks' 2.8 s of CPU. The overall rating,
the goals share, the company's mean goal rating, the values rating and the final level are the very functions
score_person calls (reviewgen.score.parts); goal_rating repeats goal_part's Decimal operations without the
contributions. tests/score/test_ratings.py holds every rating equal to score_person's on a generated company and
odd cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from reviewgen.model.workbook import Workbook
from reviewgen.score.parts import (
    final_level,
    goal_rating,
    goals_share,
    mean_goal_rating,
    overall_rating,
    values_rating,
)
from reviewgen.score.scores import effective_weights, nearest_level


@dataclass(frozen=True, slots=True)
class Ratings:
    """One person's ratings as :class:`~reviewgen.score.scores.PersonScore` holds them (None when unrated)."""

    person_id: str
    goal_rating: float | None
    values_rating: float | None
    overall: float | None
    #: The scale rating nearest to ``overall``, and the final one (the Calibration sheet's where it is on the scale).
    computed_level: int | None
    level: int | None


def person_ratings(wb: Workbook, person_id: str, share: Decimal | None = None) -> Ratings:
    """The ratings of ``person_id``; ``share`` is the goals' share of the overall rating (0..1), computed once
    by :func:`company_ratings`."""
    if share is None:
        share = goals_share(wb)
    goals = wb.goals_of(person_id)
    goals_rated = goal_rating(goals, effective_weights(goals))
    values_rated, _ = values_rating(wb, person_id)
    overall = overall_rating(share, goals_rated, values_rated)
    computed = nearest_level(wb.scale, overall)
    level, _ = final_level(wb, wb.calibration_of(person_id), computed)
    return Ratings(
        person_id,
        goals_rated,
        values_rated,
        overall,
        computed.rating if computed else None,
        level.rating if level else None,
    )


@dataclass(frozen=True)
class CompanyRatings:
    """Everyone's :class:`Ratings` by person id (the first row of a duplicated id counts, as in score_all)."""

    people: Mapping[str, Ratings]

    @cached_property
    def mean_goal_rating(self) -> float | None:
        """The company's mean goal rating, unrounded (None when nobody is rated): manager skew's yardstick."""
        return mean_goal_rating(r.goal_rating for r in self.people.values())


def company_ratings(wb: Workbook) -> CompanyRatings:
    """Every person's ratings, scored one at a time."""
    share = goals_share(wb)
    people: dict[str, Ratings] = {}
    for person in wb.people:
        if person.id not in people:
            people[person.id] = person_ratings(wb, person.id, share)
    return CompanyRatings(people)
