"""Small read-only views shared by every render context (cycle, objective, finding, progress bars).

Templates get attributes of frozen dataclasses, never dicts or model objects, so a template can
only print what a context chose to carry. Dates stay ``datetime.date`` (the template environment
formats them); numbers stay numbers, with ready-made ``*_pct`` and ``*_bar`` fields for printing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath

from reviewgen.model.findings import Finding, Location
from reviewgen.model.workbook import Objective, Plan, Workbook
from reviewgen.render.filters import text_bar
from reviewgen.score.scores import ObjectiveScore, percent


@dataclass(frozen=True, slots=True)
class CycleView:
    """The review cycle: ``company``, ``name`` ("2026-Q4"), ``start``/``end``/``deadline`` (dates or None)
    and the ``confidentiality`` label printed in every header."""

    company: str
    name: str
    start: dt.date | None
    end: dt.date | None
    deadline: dt.date | None
    confidentiality: str


@dataclass(frozen=True, slots=True)
class ObjectiveView:
    """One objective of the plan with its roll-up progress.

    ``level`` is company / department / team; ``baseline``, ``target`` (numbers or None) and
    ``unit`` describe the KPI; ``progress`` is 0..1 or None (unknown), ``progress_pct`` the whole
    percentage and ``progress_bar`` a 10-character text bar ("" when unknown); ``goal_count`` is
    the number of goals under it; ``active`` is False for a retired objective.
    """

    id: str
    title: str
    level: str
    owner: str
    kpi: str
    baseline: float | None
    target: float | None
    unit: str
    due: dt.date | None
    active: bool
    progress: float | None
    progress_pct: int | None
    progress_bar: str
    goal_count: int


@dataclass(frozen=True, slots=True)
class ValueView:
    """A company value from the Strategy sheet: ``name`` and ``description``."""

    name: str
    description: str


@dataclass(frozen=True, slots=True)
class FindingView:
    """A finding as printed in a manager packet or scorecard: ``severity`` (error/warning/info),
    ``code``, ``message`` and ``where`` (file name › sheet › row › column, or ""); ``sentence`` is the
    message as a sentence for a manager (capital letter, full stop)."""

    severity: str
    code: str
    message: str
    where: str
    sentence: str = ""


def cycle_view(wb: Workbook) -> CycleView:
    """The cycle header fields."""
    c = wb.cycle
    return CycleView(c.company, c.name, c.start, c.end, c.deadline, c.confidentiality)


def objective_view(objective: Objective, scores: Mapping[str, ObjectiveScore]) -> ObjectiveView:
    """``objective`` with its progress from ``scores`` (unknown when it was not scored)."""
    s = scores.get(objective.id)
    progress = s.progress if s else None
    return ObjectiveView(
        id=objective.id,
        title=objective.title,
        level=objective.level,
        owner=objective.owner,
        kpi=objective.kpi,
        baseline=objective.baseline,
        target=objective.target,
        unit=objective.unit,
        due=objective.due,
        active=objective.active,
        progress=progress,
        progress_pct=percent(progress),
        progress_bar=text_bar(progress),
        goal_count=s.goal_count if s else 0,
    )


def value_views(plan: Plan) -> tuple[ValueView, ...]:
    """The company values, in the Strategy sheet's order."""
    return tuple(ValueView(v.name, v.description) for v in plan.values)


def finding_views(findings: Iterable[Finding], subjects: set[str]) -> tuple[FindingView, ...]:
    """Findings about any of ``subjects`` (person, goal or objective ids), most serious first."""
    chosen = sorted((f for f in findings if f.subject in subjects), key=lambda f: (*f.sort_key(), f.message))
    return tuple(
        FindingView(f.severity.value, f.code, f.message, _where(f.location), _sentence(f.message)) for f in chosen
    )


def _where(location: Location | None) -> str:
    """The cell as a document prints it: the workbook's file name, not the folder it sat in on HR's computer."""
    if location is None:
        return ""
    return str(dataclasses.replace(location, file=PurePath(location.file).name))


def _sentence(message: str) -> str:
    text = message.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def reference_date(wb: Workbook) -> dt.date | None:
    """The "today" of a build: the cycle's end (else its deadline, else its start).

    Documents never use the wall clock, so the same workbook always gives the same output.
    """
    c = wb.cycle
    return c.end or c.deadline or c.start


def sort_key_name(name: str, ident: str) -> tuple[str, str, str]:
    """People sorted by name, case-insensitively, then by id for equal names."""
    return (name.casefold(), name, ident)
