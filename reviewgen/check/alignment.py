"""Alignment checks: do the goals ladder up to the strategic plan, and does the plan hang together?"""

from __future__ import annotations

from reviewgen.check.codes import new_finding, quoted, who
from reviewgen.check.integrity import closest, find_loops
from reviewgen.model.findings import Finding
from reviewgen.model.workbook import Objective, Workbook

#: Goals with this status no longer work toward anything.


def check_alignment(wb: Workbook) -> list[Finding]:
    """Goal-to-objective links, objectives nobody works on or that hang loose, people without goals."""
    return [
        *goal_objectives(wb),
        *uncovered_objectives(wb),
        *objective_orphans(wb),
        *people_without_goals(wb),
    ]


def _objective_label(o: Objective) -> str:
    return f"objective {o.id} {quoted(o.title, 50)}"


def goal_objectives(wb: Workbook) -> list[Finding]:
    """orphan-goal, unknown-objective and retired-objective, one per goal at most."""
    by_id = wb.plan.by_id
    # The same typo tends to be copied down a column: look each one up once.
    hints: dict[str, str] = {}
    out: list[Finding] = []
    for g in wb.goals:
        goal = f"goal {g.id} {quoted(g.title, 50)} of {who(wb, g.person_id)}"
        where = g.src.at("objective")
        if not g.objective_id:
            if g.is_dropped:
                continue
            out.append(
                new_finding(
                    "orphan-goal",
                    f"{goal} names no objective: add the id of the objective it works toward",
                    where,
                    g.id,
                )
            )
            continue
        objective = by_id.get(g.objective_id)
        if objective is None:
            hint = hints.get(g.objective_id)
            if hint is None:
                guess = closest(g.objective_id, by_id)
                hint = f'did you mean "{guess}"?' if guess else "use an id from the Objectives sheet"
                hints[g.objective_id] = hint
            out.append(
                new_finding(
                    "unknown-objective",
                    f"{goal} names objective {g.objective_id}, which is not on the Objectives sheet: {hint}",
                    where,
                    g.id,
                )
            )
        elif not objective.active and not g.is_dropped:
            out.append(
                new_finding(
                    "retired-objective",
                    f"{goal} points at {_objective_label(objective)}: the plan retired this objective but the goal "
                    "still points at it: move the goal to an active objective or drop it",
                    where,
                    g.id,
                )
            )
    return out


def uncovered_objectives(wb: Workbook) -> list[Finding]:
    """uncovered-objective: an active objective that no live goal works toward, directly or through
    its active sub-objectives."""
    by_id = wb.plan.by_id
    covered: set[str] = set()
    for g in wb.goals:
        if g.is_dropped or not g.objective_id:
            continue
        # Walk up while the objectives stay active; an objective already covered has had its
        # ancestors marked by an earlier walk, which keeps the whole pass linear.
        node = by_id.get(g.objective_id)
        while node is not None and node.active and node.id not in covered:
            covered.add(node.id)
            node = by_id.get(node.parent_id) if node.parent_id else None
    seen: set[str] = set()
    out: list[Finding] = []
    for o in wb.plan.objectives:
        if not o.active or o.id in covered or o.id in seen:
            continue
        seen.add(o.id)
        out.append(
            new_finding(
                "uncovered-objective",
                f"no goal works toward {_objective_label(o)}: add a goal for it (or for one of its "
                "sub-objectives), or retire it if the plan has moved on",
                o.src.at("id"),
                o.id,
            )
        )
    return out


def objective_orphans(wb: Workbook) -> list[Finding]:
    """objective-orphan: a department or team objective that does not ladder up to a usable parent.

    Reported: no parent, an unknown parent, a retired parent under an active child (the child
    would work toward something the plan dropped) and parents that go round in a loop.
    """
    plan = wb.plan
    by_id = plan.by_id
    out: list[Finding] = []
    for o in plan.objectives:
        if o.level == "company" and not o.parent_id:
            continue
        label = _objective_label(o)
        parent = by_id.get(o.parent_id) if o.parent_id else None
        if not o.parent_id:
            problem = f"{label} is a {o.level} objective without a parent: name the objective it ladders up to"
        elif parent is None:
            guess = closest(o.parent_id, by_id)
            hint = f'did you mean "{guess}"?' if guess else "use an id from the Objectives sheet"
            problem = f"{label} names parent {o.parent_id}, which is not on the Objectives sheet: {hint}"
        elif o.active and not parent.active:
            problem = (
                f"{label} is active but its parent {parent.id} is retired: move it under an active objective "
                "or retire it too"
            )
        else:
            continue
        out.append(new_finding("objective-orphan", problem, o.src.at("parent"), o.id))
    order = list(dict.fromkeys(o.id for o in plan.objectives if o.id))
    for loop in find_loops({oid: by_id[oid].parent_id for oid in order}, order):
        first = by_id[loop[0]]
        chain = " -> ".join([*loop, loop[0]])
        out.append(
            new_finding(
                "objective-orphan",
                f"the parents of these objectives go round in a loop: {chain}; "
                "change one parent so the chain ends at a company objective",
                first.src.at("parent"),
                first.id,
            )
        )
    return out


def people_without_goals(wb: Workbook) -> list[Finding]:
    """person-without-goals: someone on People with no goal rows at all."""
    return [
        new_finding(
            "person-without-goals",
            f"{who(wb, p.id)} has no goals: add their goals to the Goals sheet",
            p.src.at("name"),
            p.id,
        )
        for p in wb.people
        if p.id and not wb.goals_of(p.id)
    ]
