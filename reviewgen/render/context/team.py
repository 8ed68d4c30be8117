"""The rows of a scorecard: roster, objective coverage, rating distribution, self/manager gaps,
completion and the things to look at first. Built by :mod:`reviewgen.render.context.scorecard`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reviewgen.model.workbook import Goal, Objective, Person, Workbook
from reviewgen.render.context.views import (
    ObjectiveView,
    objective_view,
    reference_date,
    sort_key_name,
)
from reviewgen.render.filters import text_bar
from reviewgen.score.scores import Scores, dec, percent, round_half_up

BAR_WIDTH = 20
#: Names printed in a coverage row before "and N more".
PEOPLE_SHOWN = 2
#: Objectives charted on page one.
CHART_ROWS = 6
LEVEL_RANK = {"company": 0, "department": 1, "team": 2}


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One team member: ``name``, ``title``, ``department``, ``manager`` (name); ``overall`` and its ``label`` (None /
    "" when unrated), ``goal_rating``, ``values_rating``; ``progress`` (0..1) with ``progress_pct``
    and ``progress_bar``; ``checkin_count`` in the cycle, ``last_checkin`` (date or None),
    ``days_since_checkin`` counted to the cycle end (None without check-ins) and ``checkin_overdue``
    when that is more than the cycle's check-in gap (or there is none); ``gap`` the person's self-assessment
    against the manager's ratings (None when no item has both); ``level`` the final rating and
    ``calibrated_from`` the computed one when calibration changed it (else None)."""

    person_id: str
    name: str
    title: str
    department: str
    manager: str
    overall: float | None
    label: str
    goal_rating: float | None
    values_rating: float | None
    progress: float | None
    progress_pct: int | None
    progress_bar: str
    checkin_count: int
    last_checkin: dt.date | None
    days_since_checkin: int | None
    checkin_overdue: bool
    gap: GapRow | None
    level: int | None = None
    calibrated_from: int | None = None


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """An objective the team owns or supports (a team goal points at it or at an objective below it).

    ``objective`` (with its company-wide progress), ``role`` ("company", "Sales", "supported (Sales)"),
    ``owned`` (the team's department owns it; every objective on the company scorecard),
    ``goal_count`` (team goals on it or on objectives below it, each goal once), ``people`` (the first
    :data:`PEOPLE_SHOWN` names of team members with such goals) and ``more`` (how many names are left
    out), ``covered`` (at least one goal); ``progress`` / ``progress_pct``: the weighted mean progress
    of the team's goals under it (None when none is measured)."""

    objective: ObjectiveView
    role: str
    owned: bool
    goal_count: int
    people: tuple[str, ...]
    more: int
    covered: bool
    progress: float | None
    progress_pct: int | None


@dataclass(frozen=True, slots=True)
class DistributionRow:
    """One scale level: its ``rating`` and ``label``; how many of the team (``team_count``,
    ``team_fraction`` of the rated team, ``team_bar``) and of the company (``company_*``) have an
    overall rating nearest to it, with whole percentages ``team_pct`` / ``company_pct`` (the charts).
    Text bars (``*_bar``) are 20 characters of █ and ░."""

    rating: int
    label: str
    team_count: int
    team_fraction: float
    team_bar: str
    company_count: int
    company_fraction: float
    company_bar: str
    team_pct: int
    company_pct: int


@dataclass(frozen=True, slots=True)
class GapRow:
    """Self-assessment against the manager's ratings for one person: the mean ``self_average`` and
    ``manager_average`` over items rated by both (goals and values), ``gap`` = self - manager
    (positive: rates themself higher), the item with the largest difference (``largest_item``,
    ``largest_self``, ``largest_manager``) and ``flagged`` when that difference reaches the
    cycle's rating-gap threshold."""

    person_id: str
    name: str
    self_average: float
    manager_average: float
    gap: float
    largest_item: str
    largest_self: int
    largest_manager: int
    flagged: bool


@dataclass(frozen=True, slots=True)
class CompletionRow:
    """How far the cycle has got: ``label`` ("Goals set"...), ``done`` of ``total`` people, as
    ``fraction`` (0..1) and whole ``pct``."""

    label: str
    done: int
    total: int
    fraction: float
    pct: int


@dataclass(frozen=True, slots=True)
class LookAt:
    """One of the things to look at first: ``topic`` ("Uncovered objectives"...) and what was found."""

    topic: str
    text: str


@dataclass(frozen=True, slots=True)
class RosterGroup:
    """The roster rows of the people reporting to ``manager`` (a name, or "no manager")."""

    manager: str
    rows: tuple[RosterRow, ...]


def live_goals(wb: Workbook, people: Sequence[Person]) -> list[tuple[Person, list[Goal]]]:
    """Each person with their goals that are not dropped."""
    return [(p, [g for g in wb.goals_of(p.id) if not g.is_dropped]) for p in people]


def roster_rows(
    wb: Workbook, scores: Scores, people: Sequence[Person], gaps: Sequence[GapRow]
) -> tuple[RosterRow, ...]:
    """A :class:`RosterRow` per person, sorted by name."""
    gap_of = {g.person_id: g for g in gaps}
    today = reference_date(wb)
    start, end = wb.cycle.start, wb.cycle.end
    rows = []
    for p in sorted(people, key=lambda p: sort_key_name(p.name, p.id)):
        s = scores.person(p.id)
        dates = [c.date for c in wb.checkins_of(p.id) if not (start and c.date < start) and not (end and c.date > end)]
        last = max(dates) if dates else None
        days = (today - last).days if today and last else None
        manager = wb.person_by_id.get(p.manager_id or "")
        rows.append(
            RosterRow(
                p.id,
                p.name,
                p.title,
                p.department,
                manager.name if manager else "",
                s.overall,
                s.label,
                s.goal_rating,
                s.values_rating,
                s.progress,
                percent(s.progress),
                text_bar(s.progress),
                len(dates),
                last,
                days,
                days is None or days > wb.cycle.checkin_gap_days,
                gap_of.get(p.id),
                s.level,
                s.computed_level if s.changed_by_calibration else None,
            )
        )
    return tuple(rows)


def _role(o: Objective, owned: bool) -> str:
    if o.level == "company":
        return "company"
    if owned:
        return o.owner or "–"
    return f"supported ({o.owner})" if o.owner else "supported"


def coverage_rows(
    wb: Workbook, scores: Scores, scope: str, people: Sequence[Person]
) -> tuple[tuple[CoverageRow, ...], tuple[ObjectiveView, ...]]:
    """The active objectives the team owns or supports (plan order) and the owned ones without a team goal.

    Each team goal is counted once per objective: under the objective it points at and under each
    objective above that one, never twice under the same objective.
    """
    plan = wb.plan
    departments = {p.department.casefold() for p in people}
    names = {p.id: p.name for p in people}
    # objective id -> the team goals (by goal identity) on it or below it
    under: dict[str, dict[int, Goal]] = {}
    for _, goals in live_goals(wb, people):
        for g in goals:
            for o in plan.chain(g.objective_id) if g.objective_id else ():
                under.setdefault(o.id, {})[id(g)] = g

    def owned(o: Objective) -> bool:
        return scope == "company" or o.owner.casefold() in departments

    rows: list[CoverageRow] = []
    uncovered: list[ObjectiveView] = []
    for o in plan.objectives:
        if not o.active or not (owned(o) or o.id in under):
            continue
        goals = list(under.get(o.id, {}).values())
        who = sorted({names[g.person_id] for g in goals}, key=str.casefold)
        progress = _goal_progress(scores, goals)
        view = objective_view(o, scores.objectives)
        rows.append(
            CoverageRow(
                view,
                _role(o, owned(o)),
                owned(o),
                len(goals),
                tuple(who[:PEOPLE_SHOWN]),
                max(0, len(who) - PEOPLE_SHOWN),
                bool(goals),
                progress,
                percent(progress),
            )
        )
        if owned(o) and not goals:
            uncovered.append(view)
    return tuple(rows), tuple(uncovered)


def _goal_progress(scores: Scores, goals: Sequence[Goal]) -> float | None:
    """Weighted mean progress of ``goals`` (weight 1 where a goal has none), over the measured ones."""
    total = weight_sum = 0.0
    for g in goals:
        s = scores.goals.get(g.id)
        if s is None or s.progress is None:
            continue
        w = g.weight if g.weight else 1.0
        total += w * s.progress
        weight_sum += w
    return total / weight_sum if weight_sum else None


def progress_chart_rows(scope: str, coverage: Sequence[CoverageRow]) -> tuple[CoverageRow, ...]:
    """The objectives charted on page one: company objectives on the company scorecard, else those with
    team goals (the team's own first), at most :data:`CHART_ROWS` (twice that for a manager's team, whose
    scorecard has no coverage table)."""
    if scope == "manager":
        return tuple(c for c in coverage if c.covered)[: 2 * CHART_ROWS]
    if scope == "company":
        rows = [c for c in coverage if c.objective.level == "company"]
    else:
        rows = sorted(
            (c for c in coverage if c.covered), key=lambda c: (not c.owned, LEVEL_RANK.get(c.objective.level, 3))
        )
    return tuple(rows[:CHART_ROWS])


def distribution_rows(
    wb: Workbook, scores: Scores, people: Sequence[Person]
) -> tuple[tuple[DistributionRow, ...], int, int]:
    """Per scale level the team's and the company's counts; and the unrated counts of both."""
    team: dict[int, int] = {}
    unrated_team = 0
    for p in people:
        rated = scores.person(p.id).level
        if rated is None:
            unrated_team += 1
        else:
            team[rated] = team.get(rated, 0) + 1
    company, unrated_company = scores.level_counts
    team_total, company_total = sum(team.values()), sum(company.values())
    rows = []
    for level in wb.scale.levels:
        t, c = team.get(level.rating, 0), company.get(level.rating, 0)
        tf = t / team_total if team_total else 0.0
        cf = c / company_total if company_total else 0.0
        rows.append(
            DistributionRow(
                level.rating,
                level.label,
                t,
                tf,
                text_bar(tf, BAR_WIDTH),
                c,
                cf,
                text_bar(cf, BAR_WIDTH),
                percent(tf) or 0,
                percent(cf) or 0,
            )
        )
    return tuple(rows), unrated_team, unrated_company


def gap_rows(wb: Workbook, people: Sequence[Person]) -> tuple[GapRow, ...]:
    """Self-assessment against manager ratings per person, largest gap first."""
    rows = []
    for p in people:
        pairs = [
            (g.title, g.self_rating, g.manager_rating)
            for g in wb.goals_of(p.id)
            if g.self_rating is not None and g.manager_rating is not None and not g.is_dropped
        ] + [
            (v.value, v.self_rating, v.manager_rating)
            for v in wb.values_of(p.id)
            if v.self_rating is not None and v.manager_rating is not None
        ]
        if not pairs:
            continue
        own = round_half_up(sum(s for _, s, _ in pairs) / len(pairs))
        theirs = round_half_up(sum(m for _, _, m in pairs) / len(pairs))
        item, s, m = max(pairs, key=lambda t: abs(t[1] - t[2]))
        flagged = abs(s - m) >= wb.cycle.thresholds.rating_gap
        rows.append(GapRow(p.id, p.name, own, theirs, round_half_up(dec(own) - dec(theirs)), item, s, m, flagged))
    return tuple(sorted(rows, key=lambda r: (-abs(r.gap), -abs(r.largest_self - r.largest_manager), r.name)))


def completion_rows(wb: Workbook, people: Sequence[Person], roster: Sequence[RosterRow]) -> tuple[CompletionRow, ...]:
    """Goals set, self assessments and check-ins on rhythm, as shares of the team."""
    total = len(people)
    with_goals = with_self = 0
    for p, goals in live_goals(wb, people):
        with_goals += bool(goals)
        with_self += any(g.self_rating is not None for g in goals) or any(
            v.self_rating is not None for v in wb.values_of(p.id)
        )
    on_rhythm = sum(1 for r in roster if not r.checkin_overdue)
    rows = []
    for label, done in (("Goals set", with_goals), ("Self assessments", with_self), ("Check-ins on rhythm", on_rhythm)):
        fraction = done / total if total else 0.0
        rows.append(CompletionRow(label, done, total, fraction, percent(fraction) or 0))
    return tuple(rows)


def names_text(names: Sequence[str], shown: int = PEOPLE_SHOWN) -> str:
    """ "Ana, Bo and 186 more": at most ``shown`` names, then how many are left out."""
    if len(names) <= shown:
        return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + (names[-1] if names else "")
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"
