"""The workshop handout: a 90-minute department workshop where teams set SMART goals with their managers.

A handout goes round the room, so no individual's progress or rating is on it: progress is shown
by objective and by team, and only for groups of at least :data:`SMALLEST_GROUP` people (a team of
two would show its members' progress all but by name). No rating, comment, check-in or finding
has a field here; the people named are the managers whose teams are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewgen.errors import ConfigError
from reviewgen.model.workbook import Goal, Objective, Person, Plan, Workbook
from reviewgen.render.context.onepager import build_onepager_context
from reviewgen.render.context.views import CycleView, ObjectiveView, cycle_view, objective_view
from reviewgen.score.scores import Scores, percent

__all__ = ["build_onepager_context"]  # re-exported: the one-pager used to live here

#: Objectives below this progress are "behind" and get a question in the facilitator notes.
BEHIND = 0.5
MAX_PROMPTS = 6
#: Progress is printed for groups of at least this many people, never for fewer.
SMALLEST_GROUP = 3


@dataclass(frozen=True, slots=True)
class LadderItem:
    """One objective of the ladder, listed once: ``depth`` (0 for a company objective), ``objective``,
    ``own`` (the department owns it), ``goal_count`` (the department's goals on it or below it)."""

    depth: int
    objective: ObjectiveView
    own: bool
    goal_count: int


@dataclass(frozen=True, slots=True)
class GroupProgress:
    """Progress of a group (an objective or a team): ``label``, ``people`` with goals in it, ``goal_count``;
    ``progress_pct`` the goals' mean completion, None when unknown or when fewer than
    :data:`SMALLEST_GROUP` people (``hidden`` True then)."""

    label: str
    people: int
    goal_count: int
    progress_pct: int | None
    hidden: bool


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """A block of the workshop: ``start`` ("0:30"), ``minutes``, ``title`` and what happens (``detail``)."""

    start: str
    minutes: int
    title: str
    detail: str


@dataclass(frozen=True, slots=True)
class HandoutContext:
    """A workshop handout for one ``department``.

    ``agenda`` (90 minutes, timed), ``notes`` for the facilitator and ``prompts`` (questions for the
    room, from the data); ``company_objectives`` (active, plan order); ``ladder`` the company
    objectives with the department's objectives under them, each listed once (retired ones left
    out); ``by_objective`` and ``by_team`` progress (groups, never individuals); ``uncovered`` the
    department's objectives no goal of the department points at; ``canvas_rows`` and
    ``commitment_rows``: how many blank rows the exercises get.
    """

    company: str
    cycle: CycleView
    department: str
    mission: str
    vision: str
    agenda: tuple[AgendaItem, ...]
    notes: tuple[str, ...]
    prompts: tuple[str, ...]
    company_objectives: tuple[ObjectiveView, ...]
    ladder: tuple[LadderItem, ...]
    by_objective: tuple[GroupProgress, ...]
    by_team: tuple[GroupProgress, ...]
    uncovered: tuple[ObjectiveView, ...]
    smallest_group: int
    canvas_rows: int
    commitment_rows: int


def _progress(label: str, goals: Sequence[Goal], scores: Scores) -> GroupProgress:
    people = len({g.person_id for g in goals})
    measured = [
        p for p in (scores.goals[g.id].progress if g.id in scores.goals else None for g in goals) if p is not None
    ]
    hidden = people < SMALLEST_GROUP
    pct = percent(sum(measured) / len(measured)) if measured and not hidden else None
    return GroupProgress(label, people, len(goals), pct, hidden)


def _ladder(wb: Workbook, scores: Scores, name: str, goals: Sequence[Goal]) -> tuple[LadderItem, ...]:
    """Each active company objective, then the department's active objectives under it (depth first),
    each once; department objectives that reach no company objective come last at depth 0."""
    plan = wb.plan
    own = {o.id for o in plan.objectives if o.active and o.level != "company" and o.owner.casefold() == name.casefold()}
    count_under: dict[str, int] = {}
    for g in goals:
        for o in plan.chain(g.objective_id) if g.objective_id else ():
            count_under[o.id] = count_under.get(o.id, 0) + 1
    items: list[LadderItem] = []
    listed: set[str] = set()

    def visit(o: Objective, depth: int) -> None:
        listed.add(o.id)
        view = objective_view(o, scores.objectives)
        items.append(LadderItem(depth, view, o.id in own, count_under.get(o.id, 0)))
        for child in plan.children(o.id):
            if child.active and child.id not in listed and (child.id in own or _owns_below(plan, child, own)):
                visit(child, depth + 1)

    for o in plan.objectives:
        if o.level == "company" and o.active:
            visit(o, 0)
    for o in plan.objectives:
        if o.id in own and o.id not in listed:
            visit(o, 0)
    return tuple(items)


def _owns_below(plan: Plan, o: Objective, own: set[str]) -> bool:
    return any(d.id in own for d in plan.descendants(o.id))


def _teams(wb: Workbook, people: Sequence[Person], goals: Sequence[Goal], scores: Scores) -> tuple[GroupProgress, ...]:
    ids = {p.id for p in people}
    rows = []
    for manager in wb.managers():
        team = {r.id for r in wb.reports_of(manager.id) if r.id in ids}
        if team:
            rows.append(_progress(f"Team of {manager.name}", [g for g in goals if g.person_id in team], scores))
    return tuple(sorted(rows, key=lambda r: (r.label.casefold(), r.label)))


def _agenda(
    name: str, ladder: Sequence[LadderItem], behind: Sequence[str], uncovered: Sequence[ObjectiveView], end: str
) -> tuple[AgendaItem, ...]:
    own = sum(1 for item in ladder if item.own)
    companies = sum(1 for item in ladder if item.depth == 0 and item.objective.level == "company")
    standing = f"Progress on the {own} objective(s) of {name}, by objective and by team"
    if behind:
        standing += f"; behind: {', '.join(behind[:3])}"
    drafting = "Goal canvas, each team with its manager: one SMART goal per row"
    if uncovered:
        drafting += f"; start with what nobody covers yet: {', '.join(o.id for o in uncovered[:4])}"
    blocks = (
        (
            10,
            "The plan",
            f"Mission, vision and the {companies} company objectives; how the objectives of {name} ladder up",
        ),
        (20, "Where we stand", standing),
        (30, "Drafting goals", drafting),
        (20, "Commitments", "Stop / start / continue, then the commitments table: what, who, by when"),
        (10, "Close", f"Read the commitments back; goals go into the cycle workbook before {end}"),
    )
    items, minute = [], 0
    for minutes, title, detail in blocks:
        items.append(AgendaItem(f"{minute // 60}:{minute % 60:02d}", minutes, title, detail))
        minute += minutes
    return tuple(items)


def build_handout_context(wb: Workbook, scores: Scores, department: str) -> HandoutContext:
    """The workshop handout of ``department`` (matched case-insensitively). Raises ConfigError
    when nobody on the People sheet is in that department."""
    people = [p for p in wb.people if p.department.casefold() == department.casefold()]
    if not people:
        raise ConfigError(f"no department named {department} on the People sheet of {wb.path}")
    name = people[0].department
    plan = wb.plan
    goals = [g for p in people for g in wb.goals_of(p.id) if not g.is_dropped]
    ladder = _ladder(wb, scores, name, goals)
    by_objective = []
    for item in ladder:
        if item.own:
            under = {item.objective.id} | {d.id for d in plan.descendants(item.objective.id)}
            label = f"{item.objective.id} {item.objective.title}"
            by_objective.append(_progress(label, [g for g in goals if g.objective_id in under], scores))
    uncovered = tuple(i.objective for i in ladder if i.own and i.goal_count == 0)
    behind = [
        f"{i.objective.id} ({i.objective.progress_pct} %)"
        for i in ladder
        if i.own and i.goal_count and i.objective.progress is not None and i.objective.progress < BEHIND
    ]
    unlinked = sum(1 for g in goals if g.objective_id not in plan.by_id)
    prompts = [f"Nobody's goals point at {o.id} '{o.title}' yet. Which team could own a part of it?" for o in uncovered]
    prompts += [f"{b} is behind. What would speed it up?" for b in behind]
    if unlinked:
        prompts.append(f"{unlinked} goal(s) are not linked to an objective. Where do they belong?")
    prompts += [
        f"Which company objective does {name} move most, and which one least?",
        "What should we stop doing to make room for what matters most?",
        "What does each of us need from another team to reach our objectives?",
    ]
    end = wb.cycle.deadline or wb.cycle.end
    notes = (
        "Hand out one copy per person: the last pages are for writing on.",
        f"Progress is shown by objective and by team only, for groups of {SMALLEST_GROUP} or more: "
        "keep individual results for one-to-ones.",
        "A SMART goal names what changes, the number that means done (baseline and target) and a due date "
        "inside the cycle, and points at one objective.",
        "Collect the goal canvases at the end: HR enters them into the cycle workbook.",
    )
    return HandoutContext(
        company=wb.cycle.company,
        cycle=cycle_view(wb),
        department=name,
        mission=plan.mission,
        vision=plan.vision,
        agenda=_agenda(name, ladder, behind, uncovered, f"{end.day} {end:%b %Y}" if end else "the cycle's deadline"),
        notes=notes,
        prompts=tuple(prompts[:MAX_PROMPTS]),
        company_objectives=tuple(i.objective for i in ladder if i.depth == 0 and i.objective.level == "company"),
        ladder=ladder,
        by_objective=tuple(by_objective),
        by_team=_teams(wb, people, goals, scores),
        uncovered=uncovered,
        smallest_group=SMALLEST_GROUP,
        canvas_rows=6,
        commitment_rows=6,
    )
