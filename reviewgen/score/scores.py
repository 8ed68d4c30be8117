"""Scores: goal progress, goal/values/overall ratings and the objective roll-up.

Every rule is written out in docs/scoring.md, and the packet prints the formula, so a reader
can redo each figure by hand. Arithmetic runs in :class:`decimal.Decimal` so that a score
exactly half-way (3.25) always rounds up (3.3), never to even as ``round()`` would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from reviewgen.model.workbook import Goal, Scale, ScaleLevel, Workbook

#: Goal statuses whose goal counts as finished or not begun when the numbers are missing.
_STATUS_PROGRESS: Mapping[str, Decimal] = {"done": Decimal(1), "not started": Decimal(0)}

_ONE_DECIMAL = Decimal("0.1")


def dec(value: float | int) -> Decimal:
    """The decimal a person reads in the cell: 0.1 stays 0.1, not 0.1000000000000000055."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def rounded(value: Decimal, places: int) -> Decimal:
    """The one rounding rule of every figure reviewgen prints: ``places`` decimals, halves away from zero
    as people round (3.25 -> 3.3, 2.5 -> 3), not Python's half-to-even; never "-0"."""
    result = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return result.copy_abs() if result == 0 else result


def round_half_up(value: Decimal | float, places: int = 1) -> float:
    """``value`` rounded by :func:`rounded` (3.25 -> 3.3, 2.45 -> 2.5), as a float."""
    return float(rounded(value if isinstance(value, Decimal) else dec(value), places))


def percent(fraction: float | None) -> int | None:
    """A 0..1 fraction as a whole percentage, halves up (0.665 -> 67); None stays None."""
    if fraction is None:
        return None
    return int(round_half_up(dec(fraction) * 100, 0))


def fmt_number(value: float | Decimal, places: int | None = None) -> str:
    """A number as people write it: 3.0 -> "3", 3.40 -> "3.4", 0.6 -> "0.6"; with ``places``, rounded
    first (12.345 -> "12.35" with 2)."""
    exact = value if isinstance(value, Decimal) else dec(value)
    text = format(exact if places is None else rounded(exact, places), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


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

    @property
    def excluded(self) -> bool:
        """True for a dropped goal: it counts nowhere."""
        return self.method == "dropped"


@dataclass(frozen=True, slots=True)
class Contribution:
    """One goal's part in the goal rating: ``weight_share`` (0..1) x ``rating`` = ``points``.

    ``weight`` is the weight used (the sheet's, or an equal share when weights are missing);
    an unrated goal has ``rating`` None, ``weight_share`` 0 and ``points`` 0.
    """

    goal_id: str
    title: str
    weight: float
    weight_share: float
    rating: int | None
    points: float


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


def _goal_progress(goal: Goal) -> tuple[Decimal | None, str, str]:
    if goal.is_dropped:
        return None, "dropped", "Dropped: left out of progress and ratings."
    status = goal.status.strip().lower()
    if goal.target is not None and goal.actual is not None:
        baseline = dec(goal.baseline) if goal.baseline is not None else Decimal(0)
        span = dec(goal.target) - baseline
        if span != 0:
            raw = (dec(goal.actual) - baseline) / span
            clamped = min(Decimal(1), max(Decimal(0), raw))
            note = "" if goal.baseline is not None else "No baseline: progress counted from 0."
            return clamped, "numbers", note
    if status in _STATUS_PROGRESS:
        return _STATUS_PROGRESS[status], "status", f"Progress from the status ({status})."
    return None, "unknown", "Progress unknown: no baseline/target/actual and no done/not started status."


def score_goal(goal: Goal) -> GoalScore:
    """Progress of one goal: (actual - baseline) / (target - baseline), clamped to 0..1.

    Works for "lower is better" goals (baseline 60, target 45, actual 50 -> 0.667). Without a
    target or an actual (or with target = baseline) the status decides: done 1, not started
    0, otherwise unknown. A missing baseline counts as 0. Dropped goals are excluded.
    """
    progress, method, note = _goal_progress(goal)
    return GoalScore(goal.id, float(progress) if progress is not None else None, method, note)


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


def _weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    total_w = Decimal(0)
    total = Decimal(0)
    for weight, value in pairs:
        total_w += weight
        total += weight * value
    return total / total_w if total_w > 0 else None


def nearest_level(scale: Scale, score: float | None) -> ScaleLevel | None:
    """The scale level nearest to ``score``; halves go up, as in :meth:`Scale.label_for`."""
    if score is None or not scale.levels:
        return None
    return min(scale.levels, key=lambda lvl: (abs(lvl.rating - score), -lvl.rating))


def _person_score(wb: Workbook, person_id: str, goal_scores: Mapping[int, GoalScore]) -> PersonScore:
    goals = wb.goals_of(person_id)
    weights = effective_weights(goals)
    notes: list[str] = []
    counted = list(weights)
    if counted and any(goals[i].weight is None for i in counted):
        notes.append("Some goals have no weight: every goal counts equally.")

    rated = [(i, goals[i].manager_rating) for i in counted if goals[i].manager_rating is not None]
    rated_weight = sum((weights[i] for i, _ in rated), Decimal(0))
    contributions: list[Contribution] = []
    goal_exact: Decimal | None = None
    terms: list[str] = []
    if rated and rated_weight > 0:
        goal_exact = sum((weights[i] * Decimal(r or 0) for i, r in rated), Decimal(0)) / rated_weight
    rated_ids = {i for i, _ in rated}
    for i in counted:
        g = goals[i]
        share = weights[i] / rated_weight if i in rated_ids and rated_weight > 0 else Decimal(0)
        rating = g.manager_rating if i in rated_ids else None
        points = share * Decimal(rating or 0)
        contributions.append(
            Contribution(g.id, g.title, float(weights[i]), float(share), rating, round_half_up(points, 2))
        )
        if rating is not None:
            terms.append(f"{percent(float(share))}% × {rating}")
    goal_rating = round_half_up(goal_exact) if goal_exact is not None else None
    if goal_rating is not None and len(rated) < len(counted):
        notes.append(f"{len(counted) - len(rated)} goal(s) have no manager rating yet and are left out.")
    goal_formula = f"Goal rating = {' + '.join(terms)} = {fmt_number(goal_rating)}" if goal_rating is not None else ""

    value_ratings = [v.manager_rating for v in wb.values_of(person_id) if v.manager_rating is not None]
    values_rating: float | None = None
    values_formula = ""
    if value_ratings:
        values_rating = round_half_up(sum((Decimal(r) for r in value_ratings), Decimal(0)) / len(value_ratings))
        listed = " + ".join(str(r) for r in value_ratings)
        values_formula = f"Values rating = ({listed}) / {len(value_ratings)} = {fmt_number(values_rating)}"

    share = min(Decimal(100), max(Decimal(0), dec(wb.cycle.goals_share))) / 100
    overall: float | None
    if goal_rating is not None and values_rating is not None:
        # The overall is computed from the rounded components so the printed formula adds up.
        overall = round_half_up(share * dec(goal_rating) + (1 - share) * dec(values_rating))
        overall_formula = (
            f"Overall = {fmt_number(share * 100)}% × {fmt_number(goal_rating)} + "
            f"{fmt_number((1 - share) * 100)}% × {fmt_number(values_rating)} = {fmt_number(overall)}"
        )
    elif goal_rating is not None:
        overall = goal_rating
        notes.append("No value ratings yet: the overall rating is the goal rating alone.")
        overall_formula = f"Overall = goal rating = {fmt_number(overall)}"
    elif values_rating is not None:
        overall = values_rating
        notes.append("No goal ratings yet: the overall rating is the values rating alone.")
        overall_formula = f"Overall = values rating = {fmt_number(overall)}"
    else:
        overall = None
        notes.append("No manager ratings yet: there is no overall rating.")
        overall_formula = ""

    known = {i: goal_scores[i].progress for i in counted}
    progress = _weighted_mean((weights[i], dec(p)) for i, p in known.items() if p is not None)
    level = nearest_level(wb.scale, overall)
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
