"""`reviewgen init NEW --from LAST.xlsx --cycle 2027-Q1 --start ... --end ...`: the next quarter from this one.

What goes on, and what stays with the last cycle:

- carried: the cycle's settings (new name and dates; the deadline moved by the same distance from the end),
  the scale, the strategy, the active objectives, the people (and their fairness-group columns), goals not
  done or dropped with their progress (actual kept; ratings and comments cleared, they were about the last
  cycle), development items still open, and History: the earlier rows and each person's overall rating of
  the last cycle appended;
- left behind: retired objectives, goals done or dropped, check-ins, value ratings, reviews, development
  items done or dropped. A carried goal whose objective was retired loses the objective (check then asks
  for an active one) rather than pointing at an objective the new workbook does not have.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reviewgen.model import schema
from reviewgen.model.schema import Sheet
from reviewgen.model.workbook import DevelopmentItem, Goal, Objective, Person, Thresholds, Workbook
from reviewgen.score.scores import Scores
from reviewgen.workbooks.blank import CellValue, Row, header_label, key_help

_OPEN_DEVELOPMENT = ("", "planned", "in progress")
_THRESHOLD_KEYS = {
    "rating gap": "rating_gap",
    "manager skew": "manager_skew",
    "skew minimum": "skew_minimum",
    "disparity margin": "disparity_margin",
    "group minimum": "group_minimum",
}


@dataclass(frozen=True)
class NextCycle:
    """The new workbook's rows, and what was carried and left behind, one line each."""

    sheets: dict[str, list[Row]]
    extra_columns: dict[str, tuple[str, ...]]
    carried: tuple[str, ...]
    left_behind: tuple[str, ...]


def next_cycle(
    wb: Workbook,
    scores: Scores,
    *,
    name: str,
    start: dt.date,
    end: dt.date,
    toml_thresholds: Thresholds | None = None,
) -> NextCycle:
    """The next cycle of ``wb`` named ``name`` from ``start`` to ``end``; ``scores`` are ``wb``'s."""
    active = [o for o in wb.plan.objectives if o.active]
    active_ids = {o.id for o in active}
    retired = [o.id for o in wb.plan.objectives if not o.active]
    people_ids = {p.id for p in wb.people}
    goals = [g for g in wb.goals if g.person_id in people_ids]
    open_goals = [g for g in goals if g.status.strip().lower() not in ("done", "dropped")]
    unplaced = [g for g in open_goals if g.objective_id and g.objective_id not in active_ids]
    development = [d for d in wb.development if d.person_id in people_ids]
    open_items = [d for d in development if d.status.strip().lower() in _OPEN_DEVELOPMENT]
    history, added, kept = _history(wb, scores)
    groups = tuple(wb.cycle.fairness_groups)
    sheets: dict[str, list[Row]] = {
        "Cycle": _cycle_rows(wb, name, start, end, toml_thresholds or Thresholds()),
        "Scale": [(level.rating, level.label, level.description) for level in wb.scale.levels],
        "Strategy": [
            ("Mission", wb.plan.mission, None),
            ("Vision", wb.plan.vision, None),
            *[("Value", v.name, v.description or None) for v in wb.plan.values],
        ],
        "Objectives": [_row(schema.OBJECTIVES, _objective(o)) for o in active],
        "People": [_row(schema.PEOPLE, _person(p)) + tuple(p.group(g) or None for g in groups) for p in wb.people],
        "Goals": [_row(schema.GOALS, _goal(g, active_ids)) for g in open_goals],
        "Development": [_row(schema.DEVELOPMENT, _development(d)) for d in open_items],
        "History": history,
    }
    carried = [
        f"{len(wb.people)} people; the strategy (mission, vision, {len(wb.plan.values)} values); "
        f"the scale ({len(wb.scale.levels)} ratings); the cycle's settings",
        f"{len(active)} active objectives",
        f"{len(open_goals)} goals not done or dropped, with their progress (actual kept; ratings and comments cleared)",
        f"{len(open_items)} open development items",
        f"{added} overall ratings of {wb.cycle.name or 'the last cycle'} appended to History "
        f"({kept} earlier rows kept)",
    ]
    if unplaced:
        listed = ", ".join(sorted({g.id for g in unplaced}))
        carried.append(f"{len(unplaced)} of these goals pointed at a retired objective and now name none: {listed}")
    late = [g for g in open_goals if g.due is not None and g.due < start]
    if late:
        carried.append(
            f"{len(late)} of these goals are due before {start.isoformat()}: give them a due date in the new cycle"
        )
    left = [
        _count(len(retired), "retired objective") + (f": {', '.join(retired)}" if retired else ""),
        _count(len(goals) - len(open_goals), "goal") + " done or dropped",
        f"{len(wb.checkins)} check-ins, {len(wb.values)} value ratings and {len(wb.reviews)} reviews of "
        f"{wb.cycle.name or 'the last cycle'}",
        _count(len(development) - len(open_items), "development item") + " done or dropped",
    ]
    return NextCycle(sheets, {"People": groups} if groups else {}, tuple(carried), tuple(left))


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _row(sheet: Sheet, values: Mapping[str, CellValue]) -> Row:
    return tuple(values.get(c.name) for c in sheet.columns)


def _cycle_rows(wb: Workbook, name: str, start: dt.date, end: dt.date, toml: Thresholds) -> list[Row]:
    last = wb.cycle
    deadline = end + (last.deadline - last.end) if last.deadline and last.end else None
    values: dict[str, CellValue] = {
        "company": last.company,
        "cycle": name,
        "start": start,
        "end": end,
        "deadline": deadline,
        "check-in gap": last.checkin_gap_days,
        "goals share": last.goals_share,
        "confidentiality": last.confidentiality,
        "top reviewer": last.top_reviewer or None,
        "fairness groups": ", ".join(last.fairness_groups) or None,
    }
    # Thresholds set on the last Cycle sheet go on; the ones that came from reviewgen.toml stay there.
    for key, field in _THRESHOLD_KEYS.items():
        value = getattr(last.thresholds, field)
        if value != getattr(toml, field):
            values[key] = value
    return [(header_label(k.name), values.get(k.name), key_help(k)) for k in schema.CYCLE.keys]


def _objective(o: Objective) -> dict[str, CellValue]:
    return {
        "id": o.id,
        "title": o.title,
        "level": o.level,
        "parent": o.parent_id,
        "owner": o.owner or None,
        "kpi": o.kpi or None,
        "baseline": o.baseline,
        "target": o.target,
        "unit": o.unit or None,
        "due": o.due,
        "status": o.status or None,
    }


def _person(p: Person) -> dict[str, CellValue]:
    return {
        "id": p.id,
        "name": p.name,
        "email": p.email or None,
        "title": p.title or None,
        "department": p.department,
        "manager": p.manager_id,
        "communication": p.communication or None,
        "orientation": p.orientation or None,
        "motivation": p.motivation or None,
        "potential": p.potential or None,
    }


def _goal(g: Goal, active_ids: set[str]) -> dict[str, CellValue]:
    return {
        "id": g.id,
        "person": g.person_id,
        "title": g.title,
        "objective": g.objective_id if g.objective_id in active_ids else None,
        "metric": g.metric or None,
        "baseline": g.baseline,
        "target": g.target,
        "actual": g.actual,
        "unit": g.unit or None,
        "weight": g.weight,
        "due": g.due,
        "status": g.status or None,
    }


def _development(d: DevelopmentItem) -> dict[str, CellValue]:
    return {
        "person": d.person_id,
        "focus": d.focus,
        "action": d.action or None,
        "support": d.support or None,
        "due": d.due,
        "status": d.status or None,
    }


def _history(wb: Workbook, scores: Scores) -> tuple[list[Row], int, int]:
    """History rows: the earlier ones, then each person's overall rating of ``wb``'s cycle; (rows, added, kept)."""
    rows: list[Row] = [(h.cycle, h.person_id, h.overall) for h in wb.history]
    already = {(h.cycle, h.person_id) for h in wb.history}
    added = 0
    for person in wb.people:
        score = scores.people.get(person.id)
        overall = score.final_overall if score is not None else None  # the rating agreed, where calibrated
        if overall is None or (wb.cycle.name, person.id) in already:
            continue
        rows.append((wb.cycle.name, person.id, overall))
        added += 1
    return rows, added, len(wb.history)


def new_cycle_problems(wb: Workbook, name: str, start: dt.date, end: dt.date) -> Sequence[str]:
    """Why these settings cannot start the next cycle of ``wb`` (empty when they can)."""
    problems = []
    if not name.strip():
        problems.append("--cycle must name the new cycle, e.g. 2027-Q1")
    elif name.strip() == wb.cycle.name:
        problems.append(f"--cycle {name}: the last cycle has that name already: give the new one its own")
    if end <= start:
        problems.append(f"--end {end.isoformat()} is not after --start {start.isoformat()}")
    elif wb.cycle.end is not None and start <= wb.cycle.end:
        problems.append(f"--start {start.isoformat()} is not after the last cycle's end ({wb.cycle.end.isoformat()})")
    return problems
