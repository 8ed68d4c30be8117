"""The review cycle as frozen dataclasses, built by :mod:`reviewgen.load.workbook`.

Validation happens only at the loading boundary: everything here is already typed and
trimmed. Every record keeps its :class:`Source` (file, sheet, row and the columns' headers)
so that any later finding can point at the cell it is about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from reviewgen.model.findings import Finding
from reviewgen.model.source import UNKNOWN_SOURCE as UNKNOWN_SOURCE
from reviewgen.model.source import SheetRef as SheetRef
from reviewgen.model.source import Source as Source


@dataclass(frozen=True, slots=True)
class ScaleLevel:
    rating: int
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Scale:
    """The rating scale, lowest first."""

    levels: tuple[ScaleLevel, ...]

    @property
    def minimum(self) -> int:
        return self.levels[0].rating

    @property
    def maximum(self) -> int:
        return self.levels[-1].rating

    def contains(self, rating: float) -> bool:
        """True when ``rating`` is one of the scale's whole-number ratings."""
        return any(level.rating == rating for level in self.levels)

    def label_for(self, score: float) -> str:
        """The label of the level nearest to ``score`` (3.4 -> "Meets"); halves round up."""
        best = min(self.levels, key=lambda lvl: (abs(lvl.rating - score), -lvl.rating))
        return best.label


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Limits of the consistency and fairness checks; set in the Cycle sheet or reviewgen.toml."""

    rating_gap: float = 2.0
    manager_skew: float = 0.75
    skew_minimum: int = 5
    disparity_margin: float = 0.5
    group_minimum: int = 5
    #: Percentage points a rating's final share may differ from the rating guidance (distribution-off-guidance).
    guidance_margin: float = 10.0


@dataclass(frozen=True, slots=True)
class Cycle:
    company: str
    name: str
    #: None only when the Cycle sheet is missing or its date is unusable (a finding says so).
    start: dt.date | None
    end: dt.date | None
    checkin_gap_days: int = 45
    #: Share of the overall rating that comes from goals, 0-100.
    goals_share: float = 70.0
    confidentiality: str = "Confidential"
    deadline: dt.date | None = None
    #: Who reviews the person at the top (no manager): "The board", or "" for nobody.
    top_reviewer: str = ""
    #: People columns compared by the group-disparity check.
    fairness_groups: tuple[str, ...] = ()
    #: Guidance share of people per rating in %, lowest rating first (Cycle "rating guidance"); () for none.
    rating_guidance: tuple[float, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)
    src: Source = UNKNOWN_SOURCE


@dataclass(frozen=True, slots=True)
class CompanyValue:
    name: str
    description: str = ""
    src: Source = UNKNOWN_SOURCE


@dataclass(frozen=True, slots=True)
class Objective:
    id: str
    title: str
    level: str  # company / department / team
    parent_id: str | None = None
    owner: str = ""
    kpi: str = ""
    baseline: float | None = None
    target: float | None = None
    unit: str = ""
    due: dt.date | None = None
    status: str = "active"  # active / retired
    #: The KPI's latest measured value (optional column).
    actual: float | None = None
    src: Source = UNKNOWN_SOURCE

    @property
    def active(self) -> bool:
        return self.status != "retired"


@dataclass(frozen=True)
class Plan:
    """The strategic plan: mission, vision, values and the objectives tree."""

    mission: str
    vision: str
    values: tuple[CompanyValue, ...] = ()
    objectives: tuple[Objective, ...] = ()

    @cached_property
    def by_id(self) -> dict[str, Objective]:
        return {o.id: o for o in self.objectives}

    @cached_property
    def _children(self) -> dict[str, tuple[Objective, ...]]:
        kids: dict[str, list[Objective]] = {}
        for o in self.objectives:
            if o.parent_id:
                kids.setdefault(o.parent_id, []).append(o)
        return {k: tuple(v) for k, v in kids.items()}

    def children(self, objective_id: str) -> tuple[Objective, ...]:
        """Objectives whose parent is ``objective_id``, in file order."""
        return self._children.get(objective_id, ())

    def roots(self) -> tuple[Objective, ...]:
        """Company objectives (and any objective without a parent), in file order."""
        return tuple(o for o in self.objectives if not o.parent_id)

    def chain(self, objective_id: str) -> tuple[Objective, ...]:
        """The objective and its ancestors, top (company) first; stops at a missing parent or a loop."""
        out: list[Objective] = []
        seen: set[str] = set()
        current = self.by_id.get(objective_id)
        while current is not None and current.id not in seen:
            out.append(current)
            seen.add(current.id)
            current = self.by_id.get(current.parent_id) if current.parent_id else None
        return tuple(reversed(out))

    def descendants(self, objective_id: str) -> tuple[Objective, ...]:
        """All objectives below ``objective_id`` (depth first, file order)."""
        out: list[Objective] = []
        stack = list(reversed(self.children(objective_id)))
        seen: set[str] = {objective_id}
        while stack:
            o = stack.pop()
            if o.id in seen:
                continue
            seen.add(o.id)
            out.append(o)
            stack.extend(reversed(self.children(o.id)))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    department: str
    manager_id: str | None = None
    email: str = ""
    title: str = ""
    communication: str = ""  # direct / tactful
    orientation: str = ""  # facts / feelings
    motivation: str = ""  # individual / team
    potential: str = ""  # low / medium / high, for the calibration grid
    #: (column, value) pairs of the fairness group columns named in Cycle.
    groups: tuple[tuple[str, str], ...] = ()
    src: Source = UNKNOWN_SOURCE

    def group(self, column: str) -> str:
        return dict(self.groups).get(column, "")


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    person_id: str
    title: str
    objective_id: str | None = None
    metric: str = ""
    baseline: float | None = None
    target: float | None = None
    actual: float | None = None
    unit: str = ""
    weight: float | None = None
    due: dt.date | None = None
    status: str = ""
    self_rating: int | None = None
    manager_rating: int | None = None
    self_comment: str = ""
    manager_comment: str = ""
    src: Source = UNKNOWN_SOURCE

    @property
    def is_dropped(self) -> bool:
        """True when the goal's status is "dropped": it is listed, but counts nowhere (progress, ratings,
        roll-ups, SMART and alignment checks)."""
        return self.status.strip().lower() == "dropped"


@dataclass(frozen=True, slots=True)
class ValueRating:
    person_id: str
    value: str
    self_rating: int | None = None
    manager_rating: int | None = None
    comment: str = ""
    src: Source = UNKNOWN_SOURCE


@dataclass(frozen=True, slots=True)
class CheckIn:
    date: dt.date
    person_id: str
    kind: str  # check-in / praise / constructive / self-reflection
    author_id: str | None = None
    note: str = ""
    src: Source = UNKNOWN_SOURCE


@dataclass(frozen=True, slots=True)
class DevelopmentItem:
    person_id: str
    focus: str
    action: str = ""
    support: str = ""
    due: dt.date | None = None
    status: str = ""
    src: Source = UNKNOWN_SOURCE


@dataclass(frozen=True, slots=True)
class Review:
    person_id: str
    self_summary: str = ""
    manager_summary: str = ""
    strengths: str = ""
    growth_areas: str = ""
    src: Source = UNKNOWN_SOURCE


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    cycle: str
    person_id: str
    overall: float
    src: Source = UNKNOWN_SOURCE


@dataclass(frozen=True, slots=True)
class Calibration:
    """One row of the Calibration sheet: the rating agreed in the calibration meeting."""

    person_id: str
    #: None when the row leaves the computed rating standing.
    calibrated_rating: int | None = None
    reason: str = ""
    calibrated_by: str = ""
    date: dt.date | None = None
    src: Source = UNKNOWN_SOURCE


_Row = TypeVar("_Row", Goal, ValueRating, CheckIn, DevelopmentItem, HistoryEntry)


def _group_by_person(items: tuple[_Row, ...]) -> dict[str, tuple[_Row, ...]]:
    out: dict[str, list[_Row]] = {}
    for item in items:
        out.setdefault(item.person_id, []).append(item)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class Workbook:
    """A loaded review cycle. ``findings`` holds what the loader found wrong with the file itself."""

    path: str
    cycle: Cycle
    scale: Scale
    plan: Plan
    people: tuple[Person, ...] = ()
    goals: tuple[Goal, ...] = ()
    values: tuple[ValueRating, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    development: tuple[DevelopmentItem, ...] = ()
    reviews: tuple[Review, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    calibrations: tuple[Calibration, ...] = ()
    findings: tuple[Finding, ...] = ()
    #: Sheets present in the file (schema names), so checks can tell "absent" from "empty".
    sheets: frozenset[str] = frozenset()
    #: (schema sheet, column) of every required column the file lacks (each reported once, as missing-column):
    #: checks that need the column skip what it would make them report row by row.
    missing_columns: frozenset[tuple[str, str]] = frozenset()

    @cached_property
    def person_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def _reports(self) -> dict[str, tuple[Person, ...]]:
        out: dict[str, list[Person]] = {}
        for p in self.people:
            if p.manager_id:
                out.setdefault(p.manager_id, []).append(p)
        return {k: tuple(v) for k, v in out.items()}

    def reports_of(self, person_id: str) -> tuple[Person, ...]:
        """Direct reports, in file order."""
        return self._reports.get(person_id, ())

    def managers(self) -> tuple[Person, ...]:
        """People with at least one direct report, in file order."""
        return tuple(p for p in self.people if p.id in self._reports)

    @cached_property
    def _goals(self) -> dict[str, tuple[Goal, ...]]:
        return _group_by_person(self.goals)

    def goals_of(self, person_id: str) -> tuple[Goal, ...]:
        return self._goals.get(person_id, ())

    @cached_property
    def _values(self) -> dict[str, tuple[ValueRating, ...]]:
        return _group_by_person(self.values)

    def values_of(self, person_id: str) -> tuple[ValueRating, ...]:
        return self._values.get(person_id, ())

    @cached_property
    def _checkins(self) -> dict[str, tuple[CheckIn, ...]]:
        return _group_by_person(self.checkins)

    def checkins_of(self, person_id: str) -> tuple[CheckIn, ...]:
        """Check-ins about the person, oldest first."""
        return tuple(sorted(self._checkins.get(person_id, ()), key=lambda c: (c.date, c.src.row)))

    @cached_property
    def _development(self) -> dict[str, tuple[DevelopmentItem, ...]]:
        return _group_by_person(self.development)

    def development_of(self, person_id: str) -> tuple[DevelopmentItem, ...]:
        return self._development.get(person_id, ())

    @cached_property
    def _reviews(self) -> dict[str, Review]:
        return {r.person_id: r for r in self.reviews}

    def review_of(self, person_id: str) -> Review | None:
        return self._reviews.get(person_id)

    @cached_property
    def _history(self) -> dict[str, tuple[HistoryEntry, ...]]:
        return _group_by_person(self.history)

    def history_of(self, person_id: str) -> tuple[HistoryEntry, ...]:
        return self._history.get(person_id, ())

    @cached_property
    def _calibrations(self) -> dict[str, Calibration]:
        # The last row with a rating stands; check reports a person calibrated twice (calibrated-twice).
        return {c.person_id: c for c in self.calibrations if c.calibrated_rating is not None}

    def calibration_of(self, person_id: str) -> Calibration | None:
        """The person's calibration row with a rating, if any."""
        return self._calibrations.get(person_id)

    @cached_property
    def goals_by_objective(self) -> dict[str, tuple[Goal, ...]]:
        out: dict[str, list[Goal]] = {}
        for g in self.goals:
            if g.objective_id:
                out.setdefault(g.objective_id, []).append(g)
        return {k: tuple(v) for k, v in out.items()}
