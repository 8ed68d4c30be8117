"""Manager skew: the one rule for "this manager rates far from the company".

The ``manager-skew`` check, the scorecards' "Ratings" item and their **check** marks, and the
calibration meeting's flag all ask this module, so a scorecard never names a manager the check
does not flag, or the reverse. The measure is the goal rating (the manager's rating of the goals,
weighted as the packet prints it): the mean over a manager's rated direct reports against the mean
over everyone in the company with a goal rating. A manager is skewed when at least the Cycle's
skew minimum of reports are rated and the two means differ by more than the Cycle's manager skew.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Protocol

from reviewgen.model.workbook import Workbook


class _Rated(Protocol):
    @property
    def goal_rating(self) -> float | None: ...


class GoalRatings(Protocol):
    """What the rule reads: each person's goal rating and the company's mean (Scores, or the checks' ratings)."""

    @property
    def people(self) -> Mapping[str, _Rated]: ...

    @property
    def mean_goal_rating(self) -> float | None: ...


@dataclass(frozen=True, slots=True)
class ManagerSkew:
    """One manager's rated direct reports: how many (``rated``), their mean goal rating (``average``),
    the company's mean goal rating (``company``), and whether the difference is a skew (``skewed``)."""

    manager_id: str
    rated: int
    average: float
    company: float
    skewed: bool

    @property
    def difference(self) -> float:
        """``average - company``: above the company when positive."""
        return self.average - self.company


def skew_of(wb: Workbook, scores: GoalRatings, manager_id: str) -> ManagerSkew | None:
    """The :class:`ManagerSkew` of one manager; None when none of their direct reports has a goal rating."""
    company = scores.mean_goal_rating
    people = scores.people
    ratings = (people[r.id].goal_rating for r in wb.reports_of(manager_id) if r.id in people)
    rated = [g for g in ratings if g is not None]
    if company is None or not rated:
        return None
    limits = wb.cycle.thresholds
    mean = fmean(rated)
    skewed = len(rated) >= max(1, limits.skew_minimum) and abs(mean - company) > limits.manager_skew
    return ManagerSkew(manager_id, len(rated), mean, company, skewed)


def manager_skews(wb: Workbook, scores: GoalRatings) -> Mapping[str, ManagerSkew]:
    """Manager id -> :class:`ManagerSkew`, for every manager with at least one rated direct report."""
    out = {m.id: skew_of(wb, scores, m.id) for m in wb.managers()}
    return {mid: skew for mid, skew in out.items() if skew is not None}
