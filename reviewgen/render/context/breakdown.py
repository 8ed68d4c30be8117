"""Scorecard breakdowns: a row per department or manager, and the fairness table per group column.

The fairness table is about groups of people (location, gender... the Cycle sheet's "fairness
groups"), so it must not let anyone work out a small group's numbers:

- a group of fewer than :data:`SMALLEST_GROUP` people (5, or the Cycle's larger group minimum) is
  shown only as "fewer than 5": no count, average or distribution;
- the remainder rule: the scorecard prints the headcount, so one hidden group could be worked out
  by subtracting the shown groups from it. When any group is hidden, further groups (the smallest
  shown first) are hidden with it until at least two are hidden and the hidden ones hold at least
  :data:`SMALLEST_GROUP` people together. Subtraction then yields only that combined number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import pstdev

from reviewgen.model.workbook import Person, Workbook
from reviewgen.score.scores import Scores, dec, percent, round_half_up
from reviewgen.score.skew import manager_skews

#: No fairness group smaller than this is ever shown, whatever the Cycle sheet says.
SMALLEST_GROUP = 5
#: A group value left empty on the People sheet.
NOT_RECORDED = "not recorded"


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    """A department or manager: ``name``, ``people`` (headcount), ``rated``; ``average`` overall rating
    and ``spread`` (standard deviation of the overall ratings; None under two rated), both of the final figures
    (the calibrated rating where calibration changed it: :attr:`PersonScore.final_overall`); ``progress``
    (mean goal progress, 0..1 or None) with ``progress_pct``; ``completion`` (share of the people with
    a check-in on rhythm) with ``completion_pct``; ``skewed``: a manager the manager-skew check flags
    (reviewgen.score.skew: goal ratings, not the overall ``average``; always False for a department);
    ``calibrated`` how many final ratings calibration changed."""

    name: str
    people: int
    rated: int
    average: float | None
    spread: float | None
    progress: float | None
    progress_pct: int | None
    completion: float
    completion_pct: int
    skewed: bool
    calibrated: int = 0


@dataclass(frozen=True, slots=True)
class FairnessRow:
    """One group of a fairness column. ``shown`` False: the group is hidden, ``hidden_reason`` says why
    ("fewer than 5", or kept hidden by the remainder rule) and the figures are None / ()."""

    group: str
    shown: bool
    hidden_reason: str
    people: int | None
    average: float | None
    distribution: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class FairnessTable:
    """The groups of one People column named in the Cycle's fairness groups, largest shown group first."""

    column: str
    rows: tuple[FairnessRow, ...]
    minimum: int


def overall_stats(people: Sequence[Person], scores: Scores) -> tuple[int, float | None, float | None]:
    """(rated count, mean, population standard deviation) of ``people``'s final overall figures: the calibrated
    rating where calibration changed the rating, else the overall rating as scored."""
    rated = [o for o in (scores.person(p.id).final_overall for p in people) if o is not None]
    if not rated:
        return 0, None, None
    mean = round_half_up(sum(dec(r) for r in rated) / len(rated))
    spread = round_half_up(pstdev(rated)) if len(rated) > 1 else None
    return len(rated), mean, spread


def mean_progress(people: Sequence[Person], scores: Scores) -> float | None:
    """Mean goal progress of the people who have one."""
    values = [p for p in (scores.person(x.id).progress for x in people) if p is not None]
    return sum(values) / len(values) if values else None


def breakdown_rows(
    scores: Scores, groups: Sequence[tuple[str, Sequence[Person], bool]], on_rhythm: Callable[[Person], bool]
) -> tuple[BreakdownRow, ...]:
    """A :class:`BreakdownRow` per (name, people, skewed) in ``groups``, in the order given."""
    rows = []
    for name, people, skewed in groups:
        rated, average, spread = overall_stats(people, scores)
        progress = mean_progress(people, scores)
        completion = sum(1 for p in people if on_rhythm(p)) / len(people) if people else 0.0
        rows.append(
            BreakdownRow(
                name,
                len(people),
                rated,
                average,
                spread,
                progress,
                percent(progress),
                completion,
                percent(completion) or 0,
                skewed,
                sum(1 for p in people if scores.person(p.id).changed_by_calibration),
            )
        )
    return tuple(rows)


def manager_groups(wb: Workbook, scores: Scores, people: Sequence[Person]) -> list[tuple[str, list[Person], bool]]:
    """(manager name, their direct reports among ``people``, skewed) per manager with a report there.

    ``skewed`` is the manager-skew check's verdict (reviewgen.score.skew), judged on all the manager's
    direct reports: a department scorecard marks exactly the managers the check flags.
    """
    ids = {p.id for p in people}
    skews = manager_skews(wb, scores)
    teams = []
    for m in wb.managers():
        team = [r for r in wb.reports_of(m.id) if r.id in ids]
        if team:
            skew = skews.get(m.id)
            teams.append((m.name, team, skew is not None and skew.skewed))
    return teams


def _hidden(counts: dict[str, int], minimum: int) -> dict[str, str]:
    """Groups to hide, with the reason: the small ones, then more by the remainder rule."""
    hidden = {g: f"fewer than {minimum}" for g, n in counts.items() if n < minimum}
    if not hidden:
        return hidden
    shown = sorted((g for g in counts if g not in hidden), key=lambda g: (counts[g], g))
    while shown and (len(hidden) < 2 or sum(counts[g] for g in hidden) < minimum):
        hidden[shown.pop(0)] = "not shown, so that a smaller group cannot be worked out"
    return hidden


def fairness_tables(wb: Workbook, scores: Scores, people: Sequence[Person]) -> tuple[FairnessTable, ...]:
    """A table per Cycle fairness-group column, with small groups hidden (see the module docstring)."""
    minimum = max(SMALLEST_GROUP, wb.cycle.thresholds.group_minimum)
    tables = []
    for column in wb.cycle.fairness_groups:
        members: dict[str, list[Person]] = {}
        for p in people:
            members.setdefault(p.group(column).strip() or NOT_RECORDED, []).append(p)
        counts = {g: len(ps) for g, ps in members.items()}
        hidden = _hidden(counts, minimum)
        rows = []
        for group in sorted(members, key=lambda g: (g in hidden, -counts[g], g.casefold(), g)):
            if group in hidden:
                rows.append(FairnessRow(group, False, hidden[group], None, None, ()))
                continue
            _, average, _ = overall_stats(members[group], scores)
            levels: dict[int, int] = {}
            for p in members[group]:
                level = scores.person(p.id).level
                if level is not None:
                    levels[level] = levels.get(level, 0) + 1
            distribution = tuple((lv.rating, levels.get(lv.rating, 0)) for lv in wb.scale.levels)
            rows.append(FairnessRow(group, True, "", counts[group], average, distribution))
        tables.append(FairnessTable(column, tuple(rows), minimum))
    return tuple(tables)
