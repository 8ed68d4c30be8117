"""The scorecard context: a manager's team, a department or the whole company.

A scorecard is for managers and HR, so it shows the team's ratings and findings; it shows no
comments, check-in notes or review summaries. It reads summary first: page one holds the
headcount, the rating distribution against the company's and the goal progress by objective (as
charts), completion and the three things to look at; then the breakdowns and the fairness table;
the roster is the appendix, or a spreadsheet beside the scorecard when it would run for pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewgen.errors import ConfigError
from reviewgen.model.documents import Scope
from reviewgen.model.findings import Finding
from reviewgen.model.workbook import Person, Workbook
from reviewgen.render.context.breakdown import (
    BreakdownRow,
    FairnessTable,
    breakdown_rows,
    fairness_tables,
    manager_groups,
    overall_stats,
)
from reviewgen.render.context.team import (
    LEVEL_RANK,
    CompletionRow,
    CoverageRow,
    DistributionRow,
    GapRow,
    LookAt,
    RosterGroup,
    RosterRow,
    completion_rows,
    coverage_rows,
    distribution_rows,
    gap_rows,
    names_text,
    progress_chart_rows,
    roster_rows,
)
from reviewgen.render.context.views import CycleView, FindingView, ObjectiveView, cycle_view, finding_views
from reviewgen.score.scores import Scores, fmt_number
from reviewgen.score.skew import manager_skews, skew_of

__all__ = [
    "CompletionRow",
    "CoverageRow",
    "DistributionRow",
    "GapRow",
    "LookAt",
    "RosterGroup",
    "RosterRow",
    "ScorecardContext",
    "build_scorecard_context",
    "team_of",
]

#: A roster longer than this goes to a spreadsheet beside the scorecard (about three printed pages).
ROSTER_ROWS = 60
#: Rows of the by-manager table printed; the spreadsheet has all of them.
MANAGER_ROWS = 40
#: Self/manager gap rows printed on department and company scorecards (the flagged ones).
GAP_ROWS = 10
#: Findings listed; the rest are counted (`reviewgen check` lists them all).
FINDING_ROWS = 12
NO_MANAGER = "no manager"


@dataclass(frozen=True, slots=True)
class ScorecardContext:
    """A team, department or company scorecard.

    Summary: ``scope`` is "manager", "department" or "company" and ``scope_name`` the manager's name,
    the department or the company; ``team_size`` people of whom ``rated`` have an overall rating
    (mean ``average_overall``); ``distribution`` per scale level (lowest first) against the
    company's, with ``unrated_team`` / ``unrated_company``; ``progress_chart`` the team's goal
    progress per objective; ``completion`` (goals set, self assessments, check-ins on rhythm);
    ``look_at`` the three things to look at first.

    Detail: ``coverage`` the objectives the team owns or supports, in plan order, with ``uncovered``
    the owned ones no team goal points at; ``departments`` (company scope) and ``managers``
    (company and department scopes; at most :data:`MANAGER_ROWS`, furthest from the company average
    first when cut, ``managers_total`` all of them, ``managers_all`` every row for the spreadsheet);
    ``fairness`` a table per Cycle fairness group (company and department scopes, small groups
    hidden); ``gaps`` self-vs-manager differences (largest first; the flagged ones only, at most
    :data:`GAP_ROWS`, above team scope; ``gaps_total`` all); ``findings`` the open findings about
    the team (at most :data:`FINDING_ROWS`; ``findings_total`` all).

    Appendix: ``roster`` the people (sorted by name) and ``roster_groups`` by manager;
    ``spreadsheet`` True when the roster is longer than :data:`ROSTER_ROWS` (or the manager table
    was cut): it is then written as a spreadsheet beside the scorecard instead of printed.
    """

    scope: str
    scope_name: str
    company: str
    cycle: CycleView
    team_size: int
    rated: int
    average_overall: float | None
    company_average: float | None
    distribution: tuple[DistributionRow, ...]
    unrated_team: int
    unrated_company: int
    progress_chart: tuple[CoverageRow, ...]
    completion: tuple[CompletionRow, ...]
    look_at: tuple[LookAt, ...]
    coverage: tuple[CoverageRow, ...]
    uncovered: tuple[ObjectiveView, ...]
    departments: tuple[BreakdownRow, ...]
    managers: tuple[BreakdownRow, ...]
    managers_total: int
    managers_all: tuple[BreakdownRow, ...]
    fairness: tuple[FairnessTable, ...]
    gaps: tuple[GapRow, ...]
    gaps_total: int
    findings: tuple[FindingView, ...]
    findings_total: int
    roster: tuple[RosterRow, ...]
    roster_groups: tuple[RosterGroup, ...]
    spreadsheet: bool


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


def _look_at(
    wb: Workbook,
    scores: Scores,
    scope: str,
    key: str,
    people: Sequence[Person],
    uncovered: Sequence[ObjectiveView],
    roster: Sequence[RosterRow],
    managers: Sequence[BreakdownRow],
) -> tuple[LookAt, ...]:
    """Three things to look at first: the largest uncovered objectives, check-ins behind, skewed ratings."""
    biggest = sorted(uncovered, key=lambda o: (LEVEL_RANK.get(o.level, 3), -len(wb.plan.descendants(o.id))))
    if biggest:
        ids = names_text([f"{o.id} {o.title}" for o in biggest], 2)
        gap_text = f"{len(biggest)} objective(s) have no goal: {ids}."
    else:
        gap_text = "Every objective owned here has at least one goal."
    gap_days = wb.cycle.checkin_gap_days
    if scope == "manager":
        behind = [r.name for r in roster if r.checkin_overdue]
        rhythm = (
            f"{len(behind)} of {len(roster)} had no check-in in the last {gap_days} days: {names_text(behind)}."
            if behind
            else f"Everyone had a check-in in the last {gap_days} days."
        )
    else:
        late = sorted((m for m in managers if m.completion < 1), key=lambda m: (m.completion, -m.people, m.name))
        rhythm = (
            "Teams behind on check-ins: "
            + names_text([f"{m.name}'s team ({m.completion_pct} % on rhythm)" for m in late], 3)
            + "."
            if late
            else f"Every team had its check-ins in the last {gap_days} days."
        )
    return (
        LookAt("Objectives without goals", gap_text),
        LookAt("Check-ins", rhythm),
        LookAt("Ratings", _skew_text(wb, scores, scope, key, people)),
    )


def _skew_text(wb: Workbook, scores: Scores, scope: str, key: str, people: Sequence[Person]) -> str:
    """The "Ratings" item: the manager-skew check's rule and figures (reviewgen.score.skew), never another."""
    limits = wb.cycle.thresholds
    if scope == "manager":
        skew = skew_of(wb, scores, key)
        if skew is None:
            return "No goal ratings yet to compare with the company's."
        sign = "+" if skew.difference >= 0 else "-"
        said = (
            f"The team's goal ratings average {fmt_number(skew.average, 2)} against the company's "
            f"{fmt_number(skew.company, 2)} ({sign}{fmt_number(abs(skew.difference), 2)})"
        )
        threshold = fmt_number(limits.manager_skew)
        if skew.skewed:
            return f"{said}: further than the cycle's {threshold}; compare with other managers' before calibration."
        if skew.rated < max(1, limits.skew_minimum):
            return f"{said}; {skew.rated} rated, too few to judge (the cycle needs {limits.skew_minimum})."
        return f"{said}: within the cycle's {threshold}."
    here = {p.manager_id for p in people}
    skews = manager_skews(wb, scores).values()
    skewed = [(wb.person_by_id[s.manager_id].name, s) for s in skews if s.skewed and s.manager_id in here]
    if not skewed:
        return "No manager's goal ratings are far from the company's."
    skewed.sort(key=lambda ns: (-abs(ns[1].difference), ns[0].casefold(), ns[0]))
    company = fmt_number(skewed[0][1].company, 2)
    listed = [f"{name}'s team ({fmt_number(s.average, 2)})" for name, s in skewed]
    return f"Goal ratings far from the company's {company}: {names_text(listed, 3)}."


def _roster_groups(wb: Workbook, people: Sequence[Person], roster: Sequence[RosterRow]) -> tuple[RosterGroup, ...]:
    """The roster by manager (managers by name, people without a manager last), each group by name."""
    row_of = {r.person_id: r for r in roster}
    groups: dict[str, list[RosterRow]] = {}
    for p in people:
        groups.setdefault(p.manager_id if p.manager_id in wb.person_by_id else "", []).append(row_of[p.id])

    def name(manager_id: str) -> str:
        return wb.person_by_id[manager_id].name if manager_id else NO_MANAGER

    order = sorted(groups, key=lambda m: (not m, name(m).casefold(), name(m), m))
    return tuple(
        RosterGroup(name(m), tuple(sorted(groups[m], key=lambda r: (r.name.casefold(), r.name, r.person_id))))
        for m in order
    )


def build_scorecard_context(
    wb: Workbook, scores: Scores, scope: Scope, key: str = "", findings: Sequence[Finding] = ()
) -> ScorecardContext:
    """The scorecard of a manager's team (``key`` = manager id), a department (``key`` = its name)
    or the company (``key`` ignored)."""
    scope_name, people = team_of(wb, scope, key)
    gaps = gap_rows(wb, people)
    roster = roster_rows(wb, scores, people, gaps)
    coverage, uncovered = coverage_rows(wb, scores, scope, people)
    distribution, unrated_team, unrated_company = distribution_rows(wb, scores, people)
    rated, average, _ = overall_stats(people, scores)
    company_average = scores.average_overall
    overdue = {r.person_id for r in roster if r.checkin_overdue}

    def on_rhythm(p: Person) -> bool:
        return p.id not in overdue

    managers_all: tuple[BreakdownRow, ...] = ()
    departments: tuple[BreakdownRow, ...] = ()
    if scope != "manager":
        managers_all = breakdown_rows(scores, manager_groups(wb, scores, people), on_rhythm)
        managers_all = tuple(sorted(managers_all, key=lambda m: (m.name.casefold(), m.name)))
    if scope == "company":
        by_department: dict[str, list[Person]] = {}
        for p in people:
            by_department.setdefault(p.department, []).append(p)
        ordered = sorted(by_department.items(), key=lambda kv: (kv[0].casefold(), kv[0]))
        departments = breakdown_rows(scores, [(name, team, False) for name, team in ordered], on_rhythm)
    managers = managers_all
    if len(managers) > MANAGER_ROWS:
        # The managers the skew check flags first, then the averages furthest from the company's.
        far = sorted(managers, key=lambda m: (not m.skewed, -(abs((m.average or 0) - (company_average or 0))), m.name))
        managers = tuple(sorted(far[:MANAGER_ROWS], key=lambda m: (m.name.casefold(), m.name)))
    # A team's gaps are in its roster; above team scope only the largest flagged ones are listed.
    shown_gaps = tuple(g for g in gaps if g.flagged)[:GAP_ROWS]
    subjects = {p.id for p in people} | {g.id for p in people for g in wb.goals_of(p.id)}
    found = finding_views(findings, subjects)
    return ScorecardContext(
        scope=scope,
        scope_name=scope_name,
        company=wb.cycle.company,
        cycle=cycle_view(wb),
        team_size=len(people),
        rated=rated,
        average_overall=average,
        company_average=company_average,
        distribution=distribution,
        unrated_team=unrated_team,
        unrated_company=unrated_company,
        progress_chart=progress_chart_rows(scope, coverage),
        completion=completion_rows(wb, people, roster),
        look_at=_look_at(wb, scores, scope, key, people, uncovered, roster, managers_all),
        coverage=coverage,
        uncovered=uncovered,
        departments=departments,
        managers=managers,
        managers_total=len(managers_all),
        managers_all=managers_all,
        fairness=fairness_tables(wb, scores, people) if scope != "manager" else (),
        gaps=shown_gaps,
        gaps_total=len(gaps),
        findings=found[: FINDING_ROWS // 2 if scope == "manager" else FINDING_ROWS],
        findings_total=len(found),
        roster=roster,
        roster_groups=_roster_groups(wb, people, roster),
        spreadsheet=len(roster) > ROSTER_ROWS or len(managers_all) > MANAGER_ROWS,
    )
