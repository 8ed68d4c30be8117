"""The strategy one-pager: for the wall, everyone may read it.

It carries the plan only (mission, vision, values, the objectives tree with owners by name and
each company KPI as the plan states it: baseline, target and the latest actual) and one
aggregate per company objective: the mean completion of the goals under it, labelled as such so
it is never read as the KPI. No person's goals, ratings or progress have a field here.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewgen.model.workbook import Objective, Workbook
from reviewgen.render.context.views import (
    CycleView,
    ObjectiveView,
    ValueView,
    cycle_view,
    objective_view,
    value_views,
)
from reviewgen.score.scores import Scores, percent


@dataclass(frozen=True, slots=True)
class BranchObjective:
    """A department (or team) objective under a company objective: ``id``, ``title``, ``owner`` as printed."""

    id: str
    title: str
    owner: str


@dataclass(frozen=True, slots=True)
class KpiRow:
    """A company objective and its KPI: ``objective`` (with ``kpi``, ``baseline``, ``target``, ``unit``,
    ``due``), ``actual`` (the Objectives sheet's latest value, None when not given), ``kpi_progress``
    (how far the actual has moved from baseline to target, 0..1, None when unknown) with
    ``kpi_pct``; ``goal_completion`` / ``goal_pct``: the mean completion of the goals under the
    objective (a second, separate figure); ``owner`` as printed (a person's name where the plan lets
    us name one); ``branches`` the active department and team objectives under it, in plan order."""

    objective: ObjectiveView
    owner: str
    actual: float | None
    kpi_progress: float | None
    kpi_pct: int | None
    goal_completion: float | None
    goal_pct: int | None
    branches: tuple[BranchObjective, ...]


@dataclass(frozen=True, slots=True)
class OnePagerContext:
    """The strategy on one page: ``company``, ``audience`` ("for everyone at Northwind"), ``cycle``
    (name and dates), ``mission``, ``vision``, ``values`` and the active company ``objectives`` as
    :class:`KpiRow` (plan order)."""

    company: str
    audience: str
    cycle: CycleView
    mission: str
    vision: str
    values: tuple[ValueView, ...]
    objectives: tuple[KpiRow, ...]


def kpi_progress(baseline: float | None, target: float | None, actual: float | None) -> float | None:
    """How far ``actual`` has come from ``baseline`` toward ``target`` (0..1, clamped); None when unknown.

    Works for falling targets too (45 -> 30 days, actual 40: a third of the way)."""
    if baseline is None or target is None or actual is None or target == baseline:
        return None
    return max(0.0, min(1.0, (actual - baseline) / (target - baseline)))


def _department_head(wb: Workbook, department: str) -> str:
    """The name of the person heading ``department``: its member whose manager is outside it, with most reports."""
    members = [p for p in wb.people if p.department.casefold() == department.casefold()]
    ids = {p.id for p in members}
    heads = [p for p in members if p.manager_id not in ids]
    if not heads:
        return ""
    return max(heads, key=lambda p: len(wb.reports_of(p.id))).name


def owner_name(wb: Workbook, objective: Objective) -> str:
    """The owner as people know them: a person id becomes the name, "Company" (or the company's name)
    the person at the top, a department "Sales (Hannah Kim)" with its head; anything else as written."""
    owner = objective.owner.strip()
    person = wb.person_by_id.get(owner)
    if person is not None:
        return person.name
    if owner.casefold() in ("company", wb.cycle.company.casefold()) or (not owner and objective.level == "company"):
        top = next((p for p in wb.people if not p.manager_id), None)
        return top.name if top else owner
    head = _department_head(wb, owner) if owner else ""
    return f"{owner} ({head})" if head else owner


def build_onepager_context(wb: Workbook, scores: Scores) -> OnePagerContext:
    """The strategy one-pager of the cycle."""
    plan = wb.plan
    rows = []
    for o in plan.objectives:
        if o.level != "company" or not o.active:
            continue
        view = objective_view(o, scores.objectives)
        progress = kpi_progress(o.baseline, o.target, o.actual)
        branches = tuple(
            BranchObjective(d.id, d.title, d.owner) for d in plan.descendants(o.id) if d.active and d.level != "company"
        )
        rows.append(
            KpiRow(
                view,
                owner_name(wb, o),
                o.actual,
                progress,
                percent(progress),
                view.progress,
                view.progress_pct,
                branches,
            )
        )
    company = wb.cycle.company
    return OnePagerContext(
        company=company,
        audience=f"For everyone at {company}" if company else "For everyone",
        cycle=cycle_view(wb),
        mission=plan.mission,
        vision=plan.vision,
        values=value_views(plan),
        objectives=tuple(rows),
    )
