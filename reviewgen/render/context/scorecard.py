"""The scorecard context: a manager's team, a department or the whole company.

A scorecard is for managers and HR, so it shows the team's ratings and findings; it shows no
comments, check-in notes or review summaries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reviewgen.errors import ConfigError
from reviewgen.model.documents import Scope
from reviewgen.model.findings import Finding
from reviewgen.model.workbook import Objective, Person, Workbook
from reviewgen.render.context.views import (
    CycleView,
    FindingView,
    ObjectiveView,
    cycle_view,
    finding_views,
    objective_view,
    reference_date,
    sort_key_name,
)
from reviewgen.render.filters import text_bar
from reviewgen.score.scores import Scores, dec, percent, round_half_up

BAR_WIDTH = 20


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One team member: ``name``, ``title``, ``department``; ``overall`` and its ``label`` (None /
    "" when unrated), ``goal_rating``, ``values_rating``; ``progress`` (0..1) with ``progress_pct``
    and ``progress_bar``; ``checkin_count`` in the cycle, ``last_checkin`` (date or None),
    ``days_since_checkin`` counted to the cycle end (None without check-ins) and ``checkin_overdue``
    when that is more than the cycle's check-in gap (or there is none)."""

    person_id: str
    name: str
    title: str
    department: str
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


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """An objective the team owns or supports (a team goal points at it or at an objective below it).

    ``objective`` (with its progress), ``owned`` (the team's department owns it), ``goal_count``
    (team goals on it or on objectives below it),
    ``people`` (names of team members with such goals) and ``covered`` (at least one goal)."""

    objective: ObjectiveView
    owned: bool
    goal_count: int
    people: tuple[str, ...]
    covered: bool


@dataclass(frozen=True, slots=True)
class DistributionRow:
    """One scale level: its ``rating`` and ``label``; how many of the team (``team_count``,
    ``team_fraction`` of the rated team, ``team_bar``) and of the company (``company_*``) have an
    overall rating nearest to it. Bars are 20 characters of █ and ░."""

    rating: int
    label: str
    team_count: int
    team_fraction: float
    team_bar: str
    company_count: int
    company_fraction: float
    company_bar: str


@dataclass(frozen=True, slots=True)
class GapRow:
    """Self-assessment against the manager's ratings for one person: the mean ``self_average`` and
    ``manager_average`` over items rated by both (goals and values), ``gap`` = self - manager
    (positive: rates themself higher), the item with the largest difference (``largest_item``,
    ``largest_self``, ``largest_manager``) and ``flagged`` when that difference reaches the
    cycle's rating-gap threshold."""

    name: str
    self_average: float
    manager_average: float
    gap: float
    largest_item: str
    largest_self: int
    largest_manager: int
    flagged: bool


@dataclass(frozen=True, slots=True)
class ScorecardContext:
    """A team, department or company scorecard.

    ``scope`` is "manager", "department" or "company" and ``scope_name`` the manager's name, the
    department or the company; ``roster`` the people (sorted by name); ``coverage`` the objectives
    the team owns or supports, in plan order, with ``uncovered`` the owned ones no team goal points
    at; ``distribution`` per scale level (lowest first) with ``unrated_team`` / ``unrated_company``
    counts; ``gaps`` self-vs-manager differences (largest first); ``findings`` the open findings
    about the team's people and goals. ``average_overall`` is the team's mean overall rating.
    """

    scope: str
    scope_name: str
    company: str
    cycle: CycleView
    team_size: int
    average_overall: float | None
    roster: tuple[RosterRow, ...]
    coverage: tuple[CoverageRow, ...]
    uncovered: tuple[ObjectiveView, ...]
    distribution: tuple[DistributionRow, ...]
    unrated_team: int
    unrated_company: int
    gaps: tuple[GapRow, ...]
    findings: tuple[FindingView, ...]


def team_of(wb: Workbook, scope: Scope, key: str = "") -> tuple[str, tuple[Person, ...]]:
    """(scope name, people) of a scorecard: a manager's direct reports, a department's people
    (case-insensitive), or everyone. Raises ConfigError for an unknown manager or department."""
    if scope == "manager":
        manager = wb.person_by_id.get(key)
        if manager is None:
            raise ConfigError(f"no person with id {key} on the People sheet of {wb.path}")
        return manager.name, wb.reports_of(key)
    if scope == "department":
        people = tuple(p for p in wb.people if p.department.casefold() == key.casefold())
        if not people:
            raise ConfigError(f"no department named {key} on the People sheet of {wb.path}")
        return people[0].department, people
    if scope == "company":
        return wb.cycle.company, wb.people
    raise ConfigError(f"unknown scorecard scope {scope!r}: use manager, department or company")


def _roster(wb: Workbook, scores: Scores, people: Sequence[Person]) -> tuple[RosterRow, ...]:
    today = reference_date(wb)
    start, end = wb.cycle.start, wb.cycle.end
    rows = []
    for p in sorted(people, key=lambda p: sort_key_name(p.name, p.id)):
        s = scores.person(p.id)
        dates = [c.date for c in wb.checkins_of(p.id) if not (start and c.date < start) and not (end and c.date > end)]
        last = max(dates) if dates else None
        days = (today - last).days if today and last else None
        overdue = days is None or days > wb.cycle.checkin_gap_days
        rows.append(
            RosterRow(
                p.id,
                p.name,
                p.title,
                p.department,
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
                overdue,
            )
        )
    return tuple(rows)


def _coverage(
    wb: Workbook, scores: Scores, scope: Scope, people: Sequence[Person]
) -> tuple[tuple[CoverageRow, ...], tuple[ObjectiveView, ...]]:
    plan = wb.plan
    departments = {p.department.casefold() for p in people}
    names = {p.id: p.name for p in people}
    team_goals = [g for p in people for g in wb.goals_of(p.id) if not g.is_dropped]
    # A goal on a team objective also supports the department and company objectives above it.
    supported = {o.id for oid in {g.objective_id for g in team_goals if g.objective_id} for o in plan.chain(oid)}

    def owned(o: Objective) -> bool:
        return scope == "company" or o.owner.casefold() in departments

    rows: list[CoverageRow] = []
    uncovered: list[ObjectiveView] = []
    for o in plan.objectives:
        if not o.active or not (owned(o) or o.id in supported):
            continue
        under = {o.id} | {d.id for d in plan.descendants(o.id) if d.active}
        goals = [g for g in team_goals if g.objective_id in under]
        who = tuple(sorted({names[g.person_id] for g in goals}, key=str.casefold))
        view = objective_view(o, scores.objectives)
        rows.append(CoverageRow(view, owned(o), len(goals), who, bool(goals)))
        if owned(o) and not goals:
            uncovered.append(view)
    return tuple(rows), tuple(uncovered)


def _distribution(
    wb: Workbook, scores: Scores, people: Sequence[Person]
) -> tuple[tuple[DistributionRow, ...], int, int]:
    def counts(group: Sequence[Person]) -> tuple[dict[int, int], int]:
        out: dict[int, int] = {}
        unrated = 0
        for p in group:
            level = scores.person(p.id).level
            if level is None:
                unrated += 1
            else:
                out[level] = out.get(level, 0) + 1
        return out, unrated

    team, unrated_team = counts(people)
    company, unrated_company = scores.level_counts
    team_total, company_total = sum(team.values()), sum(company.values())
    rows = []
    for level in wb.scale.levels:
        t, c = team.get(level.rating, 0), company.get(level.rating, 0)
        tf = t / team_total if team_total else 0.0
        cf = c / company_total if company_total else 0.0
        rows.append(
            DistributionRow(level.rating, level.label, t, tf, text_bar(tf, BAR_WIDTH), c, cf, text_bar(cf, BAR_WIDTH))
        )
    return tuple(rows), unrated_team, unrated_company


def _gaps(wb: Workbook, people: Sequence[Person]) -> tuple[GapRow, ...]:
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
        rows.append(GapRow(p.name, own, theirs, round_half_up(dec(own) - dec(theirs)), item, s, m, flagged))
    return tuple(sorted(rows, key=lambda r: (-abs(r.gap), -abs(r.largest_self - r.largest_manager), r.name)))


def build_scorecard_context(
    wb: Workbook, scores: Scores, scope: Scope, key: str = "", findings: Sequence[Finding] = ()
) -> ScorecardContext:
    """The scorecard of a manager's team (``key`` = manager id), a department (``key`` = its name)
    or the company (``key`` ignored)."""
    scope_name, people = team_of(wb, scope, key)
    roster = _roster(wb, scores, people)
    coverage, uncovered = _coverage(wb, scores, scope, people)
    distribution, unrated_team, unrated_company = _distribution(wb, scores, people)
    rated = [r.overall for r in roster if r.overall is not None]
    subjects = {p.id for p in people} | {g.id for p in people for g in wb.goals_of(p.id)}
    return ScorecardContext(
        scope=scope,
        scope_name=scope_name,
        company=wb.cycle.company,
        cycle=cycle_view(wb),
        team_size=len(people),
        average_overall=round_half_up(sum(dec(r) for r in rated) / len(rated)) if rated else None,
        roster=roster,
        coverage=coverage,
        uncovered=uncovered,
        distribution=distribution,
        unrated_team=unrated_team,
        unrated_company=unrated_company,
        gaps=_gaps(wb, people),
        findings=finding_views(findings, subjects),
    )
