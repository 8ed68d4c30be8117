"""The figures of a calibration meeting: a row per person with the flags that matter, the distribution
against the guidance, the managers' means and spreads, the performance × potential grid (9-box) and the
fairness cuts (reviewgen.render.context.breakdown: groups under 5 hidden, the remainder rule applied).

Used by the calibration workbook (reviewgen.forms.calibration) and its Summary sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewgen.model.workbook import Person, Scale, Workbook
from reviewgen.render.context.breakdown import (
    BreakdownRow,
    FairnessTable,
    breakdown_rows,
    fairness_tables,
    manager_groups,
)
from reviewgen.render.context.views import sort_key_name
from reviewgen.score.scores import PersonScore, Scores, dec, round_half_up

#: Grid bands, lowest first: performance from the final rating, potential from the People sheet.
BANDS = ("low", "medium", "high")


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """One person in the meeting: figures as scored (``overall`` to one decimal and its ``label``), the
    ``final`` rating (calibrated where the workbook already has a calibration), last cycle's rating and the
    ``change`` since, ``potential`` and ``flags`` (short phrases)."""

    person_id: str
    name: str
    manager: str
    department: str
    goal_rating: float | None
    values_rating: float | None
    overall: float | None
    label: str
    final: int | None
    last_rating: float | None
    change: float | None
    potential: str
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DistributionRow:
    """People per final rating, with the guidance share (None without guidance)."""

    rating: int
    label: str
    count: int
    share: float
    guidance: float | None


@dataclass(frozen=True, slots=True)
class GridCell:
    """One box of the 9-box: ``performance`` and ``potential`` bands, the people in it by name."""

    performance: str
    potential: str
    names: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.names)


@dataclass(frozen=True, slots=True)
class TeamPage:
    """One page of the pack: a manager's team in scope (``manager`` "": the people without a manager)."""

    manager: str
    rows: tuple[MeetingRow, ...]


@dataclass(frozen=True)
class Meeting:
    """Everything one calibration workbook shows about ``scope`` ("Sales", or the company name)."""

    scope: str
    rows: tuple[MeetingRow, ...]
    distribution: tuple[DistributionRow, ...]
    unrated: int
    managers: tuple[BreakdownRow, ...]
    grid: tuple[GridCell, ...]
    #: Rated people whose potential is not recorded: not placed on the grid.
    off_grid: int
    fairness: tuple[FairnessTable, ...]

    @property
    def teams(self) -> tuple[TeamPage, ...]:
        """The rows by manager, in row order (department, manager, name); people without a manager last."""
        by_manager: dict[str, list[MeetingRow]] = {}
        for row in self.rows:
            by_manager.setdefault(row.manager, []).append(row)
        named = [TeamPage(m, tuple(rows)) for m, rows in by_manager.items() if m]
        return (*named, *([TeamPage("", tuple(by_manager[""]))] if "" in by_manager else []))


def performance_band(scale: Scale, rating: int | None) -> str:
    """ "low" below the scale's middle rating, "medium" at it, "high" above ("" when unrated).

    On the default 1-5 scale: 1-2 low, 3 medium, 4-5 high.
    """
    if rating is None or not scale.levels:
        return ""
    middle = scale.levels[len(scale.levels) // 2].rating
    return "low" if rating < middle else "medium" if rating == middle else "high"


def meeting(wb: Workbook, scores: Scores, scope: str, people: Sequence[Person]) -> Meeting:
    """The figures of the meeting about ``people`` (one department, or everyone)."""
    ordered = sorted(people, key=lambda p: (p.department.casefold(), _manager_name(wb, p).casefold(),
                                             sort_key_name(p.name, p.id)))  # fmt: skip
    skewed = _skewed_managers(wb, scores, people)
    rows = tuple(_row(wb, scores.person(p.id), p, skewed) for p in ordered)
    finals = [r.final for r in rows if r.final is not None]
    guidance = wb.cycle.rating_guidance if len(wb.cycle.rating_guidance) == len(wb.scale.levels) else ()
    distribution = tuple(
        DistributionRow(
            level.rating,
            level.label,
            finals.count(level.rating),
            finals.count(level.rating) / len(finals) if finals else 0.0,
            guidance[i] / 100 if guidance else None,
        )
        for i, level in enumerate(wb.scale.levels)
    )
    grid = tuple(
        GridCell(perf, pot, tuple(r.name for r in rows if r.potential == pot and _band(wb, r) == perf))
        for pot in reversed(BANDS)
        for perf in BANDS
    )
    off_grid = sum(1 for r in rows if r.final is not None and r.potential not in BANDS)
    return Meeting(
        scope,
        rows,
        distribution,
        len(rows) - len(finals),
        _manager_rows(wb, scores, people),
        grid,
        off_grid,
        fairness_tables(wb, scores, people),
    )


def _band(wb: Workbook, row: MeetingRow) -> str:
    return performance_band(wb.scale, row.final)


def _manager_name(wb: Workbook, p: Person) -> str:
    manager = wb.person_by_id.get(p.manager_id or "")
    return manager.name if manager else ""


def _manager_rows(wb: Workbook, scores: Scores, people: Sequence[Person]) -> tuple[BreakdownRow, ...]:
    teams = sorted(manager_groups(wb, scores, people), key=lambda t: (t[0].casefold(), t[0]))
    return breakdown_rows(scores, teams, lambda _p: True)


def _skewed_managers(wb: Workbook, scores: Scores, people: Sequence[Person]) -> set[str]:
    return {row.name for row in _manager_rows(wb, scores, people) if row.skewed}


def _row(wb: Workbook, score: PersonScore, p: Person, skewed: set[str]) -> MeetingRow:
    earlier = [h for h in wb.history_of(p.id) if h.cycle != wb.cycle.name]
    last = earlier[-1].overall if earlier else None
    change = round_half_up(dec(score.overall) - dec(last)) if score.overall is not None and last is not None else None
    manager = _manager_name(wb, p)
    return MeetingRow(
        p.id,
        p.name,
        manager,
        p.department,
        score.goal_rating,
        score.values_rating,
        score.overall,
        score.computed_label,
        score.level,
        last,
        change,
        p.potential,
        _flags(wb, score, p, change, manager in skewed),
    )


def _flags(wb: Workbook, score: PersonScore, p: Person, change: float | None, skewed: bool) -> tuple[str, ...]:
    """The flags that matter in the room, in a fixed order."""
    flags: list[str] = []
    if score.margin is not None and score.margin.borderline:
        flags.append("borderline label")
    if skewed:
        flags.append("manager-skew")
    limit = wb.cycle.thresholds.rating_gap
    pairs = [(g.self_rating, g.manager_rating) for g in wb.goals_of(p.id) if not g.is_dropped]
    pairs += [(v.self_rating, v.manager_rating) for v in wb.values_of(p.id)]
    if any(s is not None and m is not None and abs(s - m) >= limit for s, m in pairs):
        flags.append("large self/manager gap")
    if change is not None and change < 0:
        flags.append("decline")
    start, end = wb.cycle.start, wb.cycle.end
    dates = [c.date for c in wb.checkins_of(p.id) if not (start and c.date < start) and not (end and c.date > end)]
    if end is not None and (not dates or (end - max(dates)).days > wb.cycle.checkin_gap_days):
        flags.append("check-ins overdue")
    if len(dates) < 2:
        flags.append("fewer than 2 check-ins")
    return tuple(flags)
