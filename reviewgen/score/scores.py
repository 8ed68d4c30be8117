"""Scores: goal progress, goal/values/overall ratings and the objective roll-up.

Every rule is written out in docs/scoring.md, and the packet prints the formula, so a reader
can redo each figure by hand. Arithmetic runs in :class:`decimal.Decimal` so that a score
exactly half-way (3.25) always rounds up (3.3), never to even as ``round()`` would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from reviewgen.model.workbook import Goal, Scale, ScaleLevel, Workbook
from reviewgen.score.labels import LabelMargin, label_margin
from reviewgen.score.parts import (
    Contribution,
    dec,
    final_level,
    fmt_number,
    goal_part,
    goals_share,
    mean_goal_rating,
    overall_part,
    percent,
    round_half_up,
    rounded,
    values_part,
    weighted_mean,
    weights_note,
)

__all__ = [
    "Contribution",
    "GoalScore",
    "ObjectiveScore",
    "PersonScore",
    "Scores",
    "dec",
    "fmt_number",
    "percent",
    "round_half_up",
    "rounded",
    "score_all",
    "score_goal",
    "score_objectives",
    "score_person",
]

#: Goal statuses whose goal counts as finished or not begun when the numbers are missing.
_STATUS_PROGRESS: Mapping[str, Decimal] = {"done": Decimal(1), "not started": Decimal(0)}


@dataclass(frozen=True, slots=True)
class GoalScore:
    """How far one goal got.

    ``progress`` is 0..1, or None when unknown. ``method`` says where it came from:
    "numbers" (baseline/target/actual), "status" (done / not started), "unknown", or
    "dropped" (the goal is left out of progress, ratings and roll-ups).
    """

    goal_id: str
    progress: float | None
    method: str
    note: str = ""
    #: (actual - baseline) / (target - baseline) before it is kept to 0..1 (1.21 when 40 beat a target of 33),
    #: None unless the numbers decided ``progress``.
    achieved: float | None = None

    @property
    def excluded(self) -> bool:
        """True for a dropped goal: it counts nowhere."""
        return self.method == "dropped"

    @property
    def counted(self) -> bool:
        """True when the goal counts in its owner's goal progress (its progress is known)."""
        return self.progress is not None and not self.excluded


@dataclass(frozen=True, slots=True)
class PersonScore:
    """One person's scores, each rounded to one decimal (halves up), with how they were computed.

    ``goal_rating``, ``values_rating`` and ``overall`` are None when nothing was rated.
    ``label`` is the scale label of ``overall`` ("" when there is none) and ``level`` that
    scale level's rating. ``progress`` is the
    weighted mean progress of the person's measurable goals (0..1, unrounded). ``notes``
    explain anything unusual (a missing component, equal weights); ``goal_formula``,
    ``values_formula`` and ``overall_formula`` are one line each, ready to print.
    """

    person_id: str
    goal_rating: float | None
    values_rating: float | None
    overall: float | None
    label: str
    #: The scale rating nearest to ``overall`` (the level ``label`` names), None when unrated.
    level: int | None
    progress: float | None
    contributions: tuple[Contribution, ...]
    notes: tuple[str, ...]
    goals_share: float
    goal_formula: str
    values_formula: str
    overall_formula: str
    #: The labels of the goal and values ratings on their own ("" when unrated).
    goal_label: str = ""
    values_label: str = ""
    #: How close ``overall`` is to the next label, and whether it is borderline (None when unrated).
    margin: LabelMargin | None = None
    #: The sheet's weights of the counted goals added up, when they were used but do not add up to 100.
    weights_scaled_from: float | None = None
    #: The rating and label ``overall`` gives, before calibration; ``level`` and ``label`` are the final ones
    #: (the Calibration sheet's rating where there is one on the scale, else these).
    computed_level: int | None = None
    computed_label: str = ""
    #: True when the Calibration sheet set the final rating; its reason, who and when.
    calibrated: bool = False
    calibration_reason: str = ""
    calibrated_by: str = ""

    @property
    def changed_by_calibration(self) -> bool:
        """True when calibration moved the rating away from the computed one."""
        return self.calibrated and self.level != self.computed_level

    @property
    def final_overall(self) -> float | None:
        """What averages count: the agreed rating where calibration changed it, else ``overall`` (docs/scoring.md)."""
        return float(self.level) if self.changed_by_calibration and self.level is not None else self.overall

    @property
    def formula_lines(self) -> tuple[str, ...]:
        """The three formulas, skipping any that is empty."""
        return tuple(f for f in (self.goal_formula, self.values_formula, self.overall_formula) if f)


@dataclass(frozen=True, slots=True)
class ObjectiveScore:
    """Progress of one objective, rolled up from the goals under it (0..1, or None).

    ``goal_count`` counts the goals (not dropped) pointing at this objective or at any active
    objective below it; ``measured_weight`` is the total goal weight that had a known progress.
    """

    objective_id: str
    progress: float | None
    goal_count: int
    measured_weight: float


@dataclass(frozen=True)
class Scores:
    """Everything scored once: goals by goal id, people by person id, objectives by objective id."""

    goals: Mapping[str, GoalScore]
    people: Mapping[str, PersonScore]
    objectives: Mapping[str, ObjectiveScore]

    def person(self, person_id: str) -> PersonScore:
        """The score of ``person_id`` (KeyError for someone not in the workbook)."""
        return self.people[person_id]

    @cached_property
    def level_counts(self) -> tuple[Mapping[int, int], int]:
        """(people per nearest scale level, people without an overall rating) over everyone scored.

        Every scorecard compares its team with the company: counted once here, not per scorecard.
        """
        counts: dict[int, int] = {}
        unrated = 0
        for score in self.people.values():
            if score.level is None:
                unrated += 1
            else:
                counts[score.level] = counts.get(score.level, 0) + 1
        return counts, unrated

    @cached_property
    def average_overall(self) -> float | None:
        """The company's mean of :attr:`PersonScore.final_overall` (one decimal, halves up; None: nobody rated).
        Every scorecard prints it beside its team's: computed once here, not per scorecard."""
        rated = [s.final_overall for s in self.people.values() if s.final_overall is not None]
        return round_half_up(sum(dec(r) for r in rated) / len(rated)) if rated else None

    @cached_property
    def mean_goal_rating(self) -> float | None:
        """The company's mean goal rating, unrounded (None when nobody is rated): manager skew's yardstick."""
        return mean_goal_rating(s.goal_rating for s in self.people.values())


def _goal_progress(goal: Goal) -> tuple[Decimal | None, Decimal | None, str, str]:
    """(progress kept to 0..1, progress as computed, method, note)."""
    if goal.is_dropped:
        return None, None, "dropped", "Dropped: left out of progress and ratings."
    status = goal.status.strip().lower()
    if goal.target is not None and goal.actual is not None:
        baseline = dec(goal.baseline) if goal.baseline is not None else Decimal(0)
        span = dec(goal.target) - baseline
        if span != 0:
            raw = (dec(goal.actual) - baseline) / span
            clamped = min(Decimal(1), max(Decimal(0), raw))
            notes = [] if goal.baseline is not None else ["No baseline: progress counted from 0."]
            if raw > 1:
                notes.append(f"Beyond the target: {percent(float(raw))} % achieved, counted as 100 % in goal progress.")
            elif raw < 0:
                notes.append("Worse than the baseline: counted as 0 % in goal progress.")
            return clamped, raw, "numbers", " ".join(notes)
    if goal.target is None:
        why = "no target"
    elif goal.actual is None:
        why = "no actual value yet"
    else:
        why = "the target equals the baseline"
    if status in _STATUS_PROGRESS:
        return _STATUS_PROGRESS[status], None, "status", f"Progress from the status ({status}): {why}."
    return None, None, "unknown", f"Not counted in goal progress: {why}."


def score_goal(goal: Goal) -> GoalScore:
    """Progress of one goal: (actual - baseline) / (target - baseline), clamped to 0..1.

    Works for "lower is better" goals (baseline 60, target 45, actual 50 -> 0.667). Without a
    target or an actual (or with target = baseline) the status decides: done 1, not started
    0, otherwise unknown. A missing baseline counts as 0. Dropped goals are excluded.
    """
    progress, raw, method, note = _goal_progress(goal)
    return GoalScore(
        goal.id,
        float(progress) if progress is not None else None,
        method,
        note,
        float(raw) if raw is not None else None,
    )


def effective_weights(goals: Iterable[Goal]) -> dict[int, Decimal]:
    """Weight used for each counted (not dropped) goal, keyed by position in ``goals``.

    The sheet's weights when every counted goal has one and they add up to more than 0;
    otherwise each counted goal weighs the same (100 / number of goals).
    """
    counted = [(i, g) for i, g in enumerate(goals) if not g.is_dropped]
    given = [g.weight for _, g in counted]
    if counted and all(w is not None and w >= 0 for w in given) and sum(w or 0 for w in given) > 0:
        return {i: dec(g.weight or 0) for i, g in counted}
    return {i: Decimal(100) / len(counted) for i, _ in counted}


def nearest_level(scale: Scale, score: float | None) -> ScaleLevel | None:
    """The scale level nearest to ``score``; halves go up, as in :meth:`Scale.label_for`."""
    if score is None or not scale.levels:
        return None
    return min(scale.levels, key=lambda lvl: (abs(lvl.rating - score), -lvl.rating))


def _label(scale: Scale, rating: float | None) -> str:
    level = nearest_level(scale, rating)
    return level.label if level else ""


def _person_score(wb: Workbook, person_id: str, goal_scores: Mapping[int, GoalScore]) -> PersonScore:
    goals = wb.goals_of(person_id)
    weights = effective_weights(goals)
    weight_note, scaled_from = weights_note(goals, weights)
    notes = [weight_note] if weight_note else []
    contributions, goal_rating, goal_formula, goal_notes = goal_part(goals, weights)
    notes += goal_notes
    values_rating, values_formula = values_part(wb, person_id)
    share = goals_share(wb)
    overall, overall_formula, overall_note = overall_part(share, goal_rating, values_rating)
    if overall_note:
        notes.append(overall_note)
    known = {i: goal_scores[i].progress for i in weights}
    progress = weighted_mean((weights[i], dec(p)) for i, p in known.items() if p is not None)
    computed = nearest_level(wb.scale, overall)
    calibration = wb.calibration_of(person_id)
    level, calibrated = final_level(wb, calibration, computed)
    return PersonScore(
        person_id=person_id,
        goal_rating=goal_rating,
        values_rating=values_rating,
        overall=overall,
        label=level.label if level else "",
        level=level.rating if level else None,
        progress=float(progress) if progress is not None else None,
        contributions=tuple(contributions),
        notes=tuple(notes),
        goals_share=float(share * 100),
        goal_formula=goal_formula,
        values_formula=values_formula,
        overall_formula=overall_formula,
        goal_label=_label(wb.scale, goal_rating),
        values_label=_label(wb.scale, values_rating),
        margin=label_margin(wb.scale, overall),
        weights_scaled_from=scaled_from,
        computed_level=computed.rating if computed else None,
        computed_label=computed.label if computed else "",
        calibrated=calibrated,
        calibration_reason=calibration.reason if calibration is not None else "",
        calibrated_by=calibration.calibrated_by if calibration is not None else "",
    )


def score_person(wb: Workbook, person_id: str) -> PersonScore:
    """Goal rating, values rating, overall rating and goal progress of one person."""
    goals = wb.goals_of(person_id)
    return _person_score(wb, person_id, {i: score_goal(g) for i, g in enumerate(goals)})


def _roll_up(wb: Workbook, goal_weight: Mapping[int, tuple[Decimal, Decimal | None]]) -> dict[str, ObjectiveScore]:
    """Post-order walk of the objectives tree; each objective and goal is visited once."""
    plan = wb.plan
    # Per objective: (sum of weight x progress, measured weight, goal count) of the goals pointing at it.
    direct: dict[str, tuple[Decimal, Decimal, int]] = {}
    for index, goal in enumerate(wb.goals):
        if index not in goal_weight or not goal.objective_id:
            continue
        weight, progress = goal_weight[index]
        acc, w, n = direct.get(goal.objective_id, (Decimal(0), Decimal(0), 0))
        if progress is not None:
            acc, w = acc + weight * progress, w + weight
        direct[goal.objective_id] = (acc, w, n + 1)

    totals: dict[str, tuple[Decimal, Decimal, int]] = {}
    visiting: set[str] = set()
    for root in plan.objectives:
        stack: list[tuple[str, bool]] = [(root.id, False)]
        while stack:
            oid, expanded = stack.pop()
            if oid in totals:
                continue
            if not expanded:
                if oid in visiting:  # a loop in the parent column: check reports it, we stop here
                    continue
                visiting.add(oid)
                stack.append((oid, True))
                stack.extend((c.id, False) for c in plan.children(oid) if c.id not in totals)
                continue
            acc, w, n = direct.get(oid, (Decimal(0), Decimal(0), 0))
            for child in plan.children(oid):
                if child.active and child.id in totals:
                    c_acc, c_w, c_n = totals[child.id]
                    acc, w, n = acc + c_acc, w + c_w, n + c_n
            totals[oid] = (acc, w, n)
    out: dict[str, ObjectiveScore] = {}
    for objective in plan.objectives:
        acc, w, n = totals.get(objective.id, (Decimal(0), Decimal(0), 0))
        rolled = float(acc / w) if w > 0 else None
        out.setdefault(objective.id, ObjectiveScore(objective.id, rolled, n, float(w)))
    return out


def _goal_weights_and_scores(wb: Workbook) -> tuple[dict[int, tuple[Decimal, Decimal | None]], dict[int, GoalScore]]:
    """(effective weight, progress) and GoalScore of every counted goal, keyed by its index in wb.goals."""
    index_of = {id(g): i for i, g in enumerate(wb.goals)}
    weights: dict[int, tuple[Decimal, Decimal | None]] = {}
    scores: dict[int, GoalScore] = {}
    for index, goal in enumerate(wb.goals):
        scores[index] = score_goal(goal)
    for person_id in dict.fromkeys(g.person_id for g in wb.goals):
        goals = wb.goals_of(person_id)
        for local, weight in effective_weights(goals).items():
            index = index_of[id(goals[local])]
            progress = scores[index].progress
            weights[index] = (weight, dec(progress) if progress is not None else None)
    return weights, scores


def score_objectives(wb: Workbook) -> dict[str, ObjectiveScore]:
    """Progress of every objective: the weighted mean (by goal weight) of the goals pointing at it
    and of its active child objectives (each weighted by the measured goal weight under it)."""
    weights, _ = _goal_weights_and_scores(wb)
    return _roll_up(wb, weights)


def score_all(wb: Workbook) -> Scores:
    """Score every goal, person and objective once (linear in the size of the workbook)."""
    weights, goal_scores = _goal_weights_and_scores(wb)
    index_of = {id(g): i for i, g in enumerate(wb.goals)}
    goals: dict[str, GoalScore] = {}
    for index, goal in enumerate(wb.goals):
        goals.setdefault(goal.id, goal_scores[index])
    people: dict[str, PersonScore] = {}
    for person in wb.people:
        own = wb.goals_of(person.id)
        people.setdefault(
            person.id, _person_score(wb, person.id, {i: goal_scores[index_of[id(g)]] for i, g in enumerate(own)})
        )
    return Scores(goals=goals, people=people, objectives=_roll_up(wb, weights))
