"""The parts of a person's score, each with the formula that prints it, and the arithmetic they share.

Arithmetic runs in :class:`decimal.Decimal` so that a score exactly half-way (3.25) always rounds up (3.3),
never to even as ``round()`` would. Every formula is built from the numbers as they are printed, so a reader
who redoes the sum gets the printed result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, getcontext, localcontext
from statistics import fmean

from reviewgen.model.workbook import Calibration, Goal, ScaleLevel, Workbook


def dec(value: float | int) -> Decimal:
    """The decimal a person reads in the cell: 0.1 stays 0.1, not 0.1000000000000000055."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def rounded(value: Decimal, places: int) -> Decimal:
    """The one rounding rule of every figure reviewgen prints: ``places`` decimals, halves away from zero
    as people round (3.25 -> 3.3, 2.5 -> 3), not Python's half-to-even; never "-0"."""
    quantum = _QUANTA[places] if 0 <= places < len(_QUANTA) else Decimal(1).scaleb(-places)
    needed = value.adjusted() + places + 2
    if needed <= getcontext().prec:  # the usual case: no context to copy (copying it was half the time of a score)
        result = value.quantize(quantum, rounding=ROUND_HALF_UP)
    else:
        # Enough digits for any value: the default 28 made 1e28 raise InvalidOperation (found by the fuzzer).
        with localcontext() as ctx:
            ctx.prec = needed
            result = value.quantize(quantum, rounding=ROUND_HALF_UP)
    return result.copy_abs() if result == 0 else result


_QUANTA = tuple(Decimal(1).scaleb(-places) for places in range(7))


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
    #: ``weight`` as a percentage of the person's counted goals' weights (what the packet prints: they add
    #: up to 100 even when the sheet's weights do not).
    weight_used: float = 0.0


def pct(fraction: Decimal) -> str:
    """A share as printed in a formula: 0.6 -> "60 %", 0.470588 -> "47.1 %" (a no-break space before %)."""
    return f"{fmt_number(Decimal(repr(round_half_up(fraction * 100, 1))))}\u00a0%"


def goal_part(
    goals: tuple[Goal, ...], weights: Mapping[int, Decimal]
) -> tuple[list[Contribution], float | None, str, list[str]]:
    """(contributions, goal rating, its formula, notes) of one person's counted goals.

    Each goal's points (weight share x manager rating) are rounded to 2 decimals and the goal rating is
    their printed total rounded to 1 decimal: every number of the formula adds up as printed.
    """
    counted = list(weights)
    notes: list[str] = []
    total_weight = sum(weights.values(), Decimal(0))
    rated = {i for i in counted if goals[i].manager_rating is not None}
    rated_weight = sum((weights[i] for i in rated), Decimal(0))
    contributions: list[Contribution] = []
    terms: list[str] = []
    points_printed: list[Decimal] = []
    for i in counted:
        g = goals[i]
        share = weights[i] / rated_weight if i in rated and rated_weight > 0 else Decimal(0)
        rating = g.manager_rating if i in rated else None
        points = Decimal(repr(round_half_up(share * Decimal(rating or 0), 2)))
        used = float(weights[i] / total_weight * 100) if total_weight > 0 else 0.0
        contributions.append(Contribution(g.id, g.title, float(weights[i]), float(share), rating, float(points), used))
        if rating is not None and rated_weight > 0:
            terms.append(f"{pct(share)} × {rating}")
            points_printed.append(points)
    if not points_printed:
        return contributions, None, "", notes
    total = sum(points_printed, Decimal(0))
    goal_rating = round_half_up(total)
    formula = f"Goal rating = {' + '.join(terms)}"
    if len(points_printed) > 1:
        formula += " = " + " + ".join(fmt_number(p) for p in points_printed)
    formula += f" = {fmt_number(total)}"
    if dec(goal_rating) != total:
        formula += f", rounded to {fmt_number(goal_rating)}"
    if len(rated) < len(counted):
        notes.append(f"{len(counted) - len(rated)} goal(s) have no manager rating yet and are left out.")
    return contributions, goal_rating, formula, notes


def goal_rating(goals: tuple[Goal, ...], weights: Mapping[int, Decimal]) -> float | None:
    """The goal rating :func:`goal_part` computes, without its formula or contributions (the checks' path).

    The same Decimal operations in the same order: each rated goal's points rounded to 2 decimals as printed,
    their total rounded to 1 (tests/score/test_ratings.py holds the two equal).
    """
    rated = {i for i in weights if goals[i].manager_rating is not None}
    rated_weight = sum((weights[i] for i in rated), Decimal(0))
    if rated_weight <= 0:
        return None
    points = [
        Decimal(repr(round_half_up(weights[i] / rated_weight * Decimal(goals[i].manager_rating or 0), 2)))
        for i in weights
        if i in rated
    ]
    return round_half_up(sum(points, Decimal(0))) if points else None


def weights_note(goals: tuple[Goal, ...], weights: Mapping[int, Decimal]) -> tuple[str, float | None]:
    """The note saying how the sheet's weights were used, and their total when they were scaled."""
    counted = list(weights)
    if counted and any(goals[i].weight is None for i in counted):
        return "Some goals have no weight: every goal counts equally.", None
    total = sum(weights.values(), Decimal(0))
    if not counted or total == 100:
        return "", None
    listed = ", ".join(f"{fmt_number(weights[i])} → {pct(weights[i] / total)}" for i in counted)
    note = (
        f"The weights on the Goals sheet add up to {fmt_number(total)}, not 100: each was scaled by "
        f"100 / {fmt_number(total)} so that they add up to 100 ({listed})."
    )
    return note, float(total)


def values_rating(wb: Workbook, person_id: str) -> tuple[float | None, list[int]]:
    """(the values rating: the mean of the manager's value ratings, one decimal, halves up; the ratings)."""
    value_ratings = [v.manager_rating for v in wb.values_of(person_id) if v.manager_rating is not None]
    if not value_ratings:
        return None, value_ratings
    return round_half_up(sum((Decimal(r) for r in value_ratings), Decimal(0)) / len(value_ratings)), value_ratings


def values_part(wb: Workbook, person_id: str) -> tuple[float | None, str]:
    values_rating_, value_ratings = values_rating(wb, person_id)
    if values_rating_ is None:
        return None, ""
    listed = " + ".join(str(r) for r in value_ratings)
    return values_rating_, f"Values rating = ({listed}) / {len(value_ratings)} = {fmt_number(values_rating_)}"


def goals_share(wb: Workbook) -> Decimal:
    """The Cycle's goals share as the fraction of the overall rating the goals make (kept to 0..100 %)."""
    return min(Decimal(100), max(Decimal(0), dec(wb.cycle.goals_share))) / 100


def overall_rating(share: Decimal, goal_rating: float | None, values_rating: float | None) -> float | None:
    """The overall rating (:func:`overall_part` prints its formula): from the rounded parts, so the printed
    formula adds up; one part alone when the other is missing."""
    if goal_rating is not None and values_rating is not None:
        return round_half_up(share * dec(goal_rating) + (1 - share) * dec(values_rating))
    return goal_rating if goal_rating is not None else values_rating


def mean_goal_rating(goal_ratings: Iterable[float | None]) -> float | None:
    """The company's mean goal rating, unrounded (None when nobody is rated): manager skew's yardstick."""
    rated = [r for r in goal_ratings if r is not None]
    return fmean(rated) if rated else None


def overall_part(
    share: Decimal, goal_rating: float | None, values_rating: float | None
) -> tuple[float | None, str, str]:
    """(overall rating, its formula, a note when a part is missing)."""
    overall = overall_rating(share, goal_rating, values_rating)
    if overall is not None and goal_rating is not None and values_rating is not None:
        goal_part, values_part = share * dec(goal_rating), (1 - share) * dec(values_rating)
        exact = goal_part + values_part
        formula = (
            f"Overall rating = {pct(share)} × {fmt_number(goal_rating)} + {pct(1 - share)} × "
            f"{fmt_number(values_rating)} = {fmt_number(goal_part)} + {fmt_number(values_part)} = {fmt_number(exact)}"
        )
        if dec(overall) != exact:
            formula += f", rounded to {fmt_number(overall)}"
        return overall, formula, ""
    if goal_rating is not None:
        note = "No value ratings yet: the overall rating is the goal rating alone."
        return goal_rating, f"Overall rating = goal rating = {fmt_number(goal_rating)}", note
    if values_rating is not None:
        note = "No goal ratings yet: the overall rating is the values rating alone."
        return values_rating, f"Overall rating = values rating = {fmt_number(values_rating)}", note
    return None, "", "No manager ratings yet: there is no overall rating."


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The mean of (weight, value) pairs by weight; None when the weights add up to 0."""
    total_w = Decimal(0)
    total = Decimal(0)
    for weight, value in pairs:
        total_w += weight
        total += weight * value
    return total / total_w if total_w > 0 else None


def final_level(
    wb: Workbook, calibration: Calibration | None, computed: ScaleLevel | None
) -> tuple[ScaleLevel | None, bool]:
    """(the final level, whether calibration set it): the Calibration sheet's rating where it is on the scale."""
    if calibration is not None:
        # A rating off the scale is left out here (check reports calibration-outside-scale): the computed one stands.
        chosen = next((lvl for lvl in wb.scale.levels if lvl.rating == calibration.calibrated_rating), None)
        if chosen is not None:
            return chosen, True
    return computed, False
