"""Strategy contexts: the one-pager and the per-department workshop handout.

A handout is shared in a room, so it carries names, goal titles and progress only: no rating,
comment, check-in or finding has a field here.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewgen.errors import ConfigError
from reviewgen.model.workbook import Objective, Workbook
from reviewgen.render.context.views import (
    CycleView,
    ObjectiveView,
    ValueView,
    cycle_view,
    objective_view,
    sort_key_name,
    value_views,
)
from reviewgen.render.filters import text_bar
from reviewgen.score.scores import Scores, percent, score_goal

#: Objectives below this progress get a workshop prompt.
BEHIND = 0.5
MAX_PROMPTS = 6


@dataclass(frozen=True, slots=True)
class HandoutGoal:
    """A goal as shown in a room: the owner's ``name``, the goal ``title`` and its ``progress``
    (0..1 or None) with ``progress_pct`` and ``progress_bar``. Nothing else."""

    name: str
    title: str
    progress: float | None
    progress_pct: int | None
    progress_bar: str


@dataclass(frozen=True, slots=True)
class GoalGroup:
    """The department's goals that point at one objective: ``objective`` (None for goals linked to
    no objective in the plan), its ``chain`` up to the company objective (company first, the
    objective itself last) and the ``goals`` (sorted by owner name, then title)."""

    objective: ObjectiveView | None
    chain: tuple[ObjectiveView, ...]
    goals: tuple[HandoutGoal, ...]


@dataclass(frozen=True, slots=True)
class DepartmentObjective:
    """One of the department's own objectives with its ``chain`` to the company objective (company
    first) and ``goal_count``, the department's goals on it or below it; ``covered`` when > 0."""

    objective: ObjectiveView
    chain: tuple[ObjectiveView, ...]
    goal_count: int
    covered: bool


@dataclass(frozen=True, slots=True)
class HandoutContext:
    """A strategy-workshop handout for one ``department``.

    ``company_objectives`` (active, plan order); ``objectives`` the department's own active
    objectives with their chains; ``groups`` the department's people's goals grouped by objective
    (plan order, unlinked goals last); ``uncovered`` the department objectives no goal of the
    department points at; ``prompts`` 3-6 questions for the workshop.
    """

    company: str
    cycle: CycleView
    department: str
    mission: str
    vision: str
    values: tuple[ValueView, ...]
    company_objectives: tuple[ObjectiveView, ...]
    objectives: tuple[DepartmentObjective, ...]
    groups: tuple[GoalGroup, ...]
    uncovered: tuple[ObjectiveView, ...]
    prompts: tuple[str, ...]


def _company_objectives(wb: Workbook, scores: Scores) -> tuple[ObjectiveView, ...]:
    return tuple(objective_view(o, scores.objectives) for o in wb.plan.objectives if o.level == "company" and o.active)


def _chain(wb: Workbook, scores: Scores, objective: Objective) -> tuple[ObjectiveView, ...]:
    return tuple(objective_view(o, scores.objectives) for o in wb.plan.chain(objective.id))


def _prompts(
    department: str, objectives: tuple[DepartmentObjective, ...], groups: tuple[GoalGroup, ...]
) -> tuple[str, ...]:
    prompts: list[str] = []
    for d in objectives:
        if not d.covered:
            prompts.append(f"Nobody's goals point at '{d.objective.title}' yet. Who could own a part of it?")
    for d in objectives:
        p = d.objective.progress
        if d.covered and p is not None and p < BEHIND:
            prompts.append(f"'{d.objective.title}' is at {d.objective.progress_pct}%. What would speed it up?")
    unlinked = next((g for g in groups if g.objective is None), None)
    if unlinked:
        prompts.append(f"{len(unlinked.goals)} goal(s) are not linked to an objective. Where do they belong?")
    prompts += [
        f"Which company objective does {department} move most, and which one least?",
        "What should we stop doing to make room for what matters most?",
        "What does each of us need from another team to reach our objectives?",
    ]
    return tuple(prompts[:MAX_PROMPTS])


def build_handout_context(wb: Workbook, scores: Scores, department: str) -> HandoutContext:
    """The workshop handout of ``department`` (matched case-insensitively). Raises ConfigError
    when nobody on the People sheet is in that department."""
    people = [p for p in wb.people if p.department.casefold() == department.casefold()]
    if not people:
        raise ConfigError(f"no department named {department} on the People sheet of {wb.path}")
    name = people[0].department
    plan = wb.plan
    names = {p.id: p.name for p in people}
    goals = [g for p in people for g in wb.goals_of(p.id) if not g.is_dropped]

    by_objective: dict[str | None, list[HandoutGoal]] = {}
    for g in goals:
        progress = score_goal(g).progress
        key = g.objective_id if g.objective_id in plan.by_id else None
        by_objective.setdefault(key, []).append(
            HandoutGoal(names[g.person_id], g.title, progress, percent(progress), text_bar(progress))
        )

    def sort_goals(items: list[HandoutGoal]) -> tuple[HandoutGoal, ...]:
        return tuple(sorted(items, key=lambda h: (*sort_key_name(h.name, ""), h.title.casefold(), h.title)))

    groups = [
        GoalGroup(objective_view(o, scores.objectives), _chain(wb, scores, o), sort_goals(by_objective[o.id]))
        for o in plan.objectives
        if o.id in by_objective
    ]
    if None in by_objective:
        groups.append(GoalGroup(None, (), sort_goals(by_objective[None])))

    own = [o for o in plan.objectives if o.active and o.level != "company" and o.owner.casefold() == name.casefold()]
    department_objectives = []
    for o in own:
        under = {o.id} | {d.id for d in plan.descendants(o.id)}
        count = sum(1 for g in goals if g.objective_id in under)
        department_objectives.append(
            DepartmentObjective(objective_view(o, scores.objectives), _chain(wb, scores, o), count, count > 0)
        )
    objectives = tuple(department_objectives)
    group_tuple = tuple(groups)
    return HandoutContext(
        company=wb.cycle.company,
        cycle=cycle_view(wb),
        department=name,
        mission=plan.mission,
        vision=plan.vision,
        values=value_views(plan),
        company_objectives=_company_objectives(wb, scores),
        objectives=objectives,
        groups=group_tuple,
        uncovered=tuple(d.objective for d in objectives if not d.covered),
        prompts=_prompts(name, objectives, group_tuple),
    )
