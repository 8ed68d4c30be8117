"""A generated sample company of any size: "Northwind Ledger", cycle 2026-Q4.

``generate_sample`` builds plain rows per sheet from a seeded ``random.Random`` (never the
global generator or the clock), so the same arguments always give the same rows. The default
sample (60 people, seed 1) is healthy except for a handful of planted problems that give
warnings only; larger samples plant the same kinds at about one per 60 people.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from reviewgen.errors import ConfigError
from reviewgen.model import schema
from reviewgen.workbooks import sample_data as sd
from reviewgen.workbooks.blank import Row, header_label, key_help, write_cycle_workbook
from reviewgen.workbooks.sample_org import OrgChart, Staff

MIN_PEOPLE = 12
HOSTILE_COMMENT = "*great* | 100% #1 <b>win</b> =SUM(A1)"
WEIGHT_SPLITS = {2: ((60, 40), (50, 50), (70, 30)), 3: ((40, 30, 30), (50, 30, 20), (34, 33, 33)),
                 4: ((40, 20, 20, 20), (30, 30, 20, 20), (25, 25, 25, 25))}  # fmt: skip


@dataclass(frozen=True)
class Planted:
    """One problem planted on purpose, and where ``reviewgen check`` reports it."""

    code: str
    subject: str
    sheet: str
    row: int
    what: str


@dataclass(frozen=True)
class SampleData:
    """Rows (no header) per schema sheet name, extra People columns, and the planted problems."""

    sheets: Mapping[str, tuple[Row, ...]]
    extra_columns: Mapping[str, tuple[str, ...]]
    planted: tuple[Planted, ...]


@dataclass
class _Goal:
    """A goal being generated; fields in the Goals sheet's column order."""

    id: str
    person: str
    title: str
    objective: str | None
    metric: str
    baseline: float | None
    target: float | None
    actual: float | None
    unit: str
    weight: int
    due: dt.date
    status: str
    self_rating: int
    manager_rating: int
    self_comment: str
    manager_comment: str

    def row(self) -> Row:
        return tuple(getattr(self, f.name) for f in fields(self))


def generate_sample(*, people: int = 60, seed: int = 1) -> SampleData:
    """The Northwind Ledger cycle with ``people`` people; same arguments, same rows."""
    if people < MIN_PEOPLE:
        raise ConfigError(f"--people must be at least {MIN_PEOPLE} (got {people}); a smaller company has no teams")
    rng = random.Random(seed)
    staff = OrgChart(rng, people).build()
    depts = [d for d in sd.DEPARTMENTS if any(p.dept is d for p in staff)]
    teams = {p.team for p in staff}
    objectives = [
        *sd.COMPANY_OBJECTIVES,
        *(o for d in depts for o in d.objectives if not o.team or d.teams[0] in teams),
    ]
    goals = [g for p in staff for g in _goals_for(rng, p)]
    for i, g in enumerate(goals, 1):
        g.id = f"G{i:05d}"
    planted = _plant(rng, staff, goals, objectives, people)
    gap_victims = {p.subject for p in planted if p.code == "no-recent-checkin"}
    sheets: dict[str, tuple[Row, ...]] = {
        "Cycle": _cycle_rows(),
        "Scale": tuple(tuple(level) for level in schema.DEFAULT_SCALE),
        "Strategy": (
            ("Mission", sd.MISSION, None),
            ("Vision", sd.VISION, None),
            *(("Value", name, text) for name, text in sd.VALUES),
        ),
        "Objectives": tuple(_objective_row(o) for o in objectives),
        "People": tuple(_person_row(rng, p) for p in staff),
        "Goals": tuple(g.row() for g in goals),
        "Values": tuple(_value_rows(rng, staff)),
        "Check-ins": tuple(_checkin_rows(rng, staff, gap_victims)),
        "Development": tuple(_development_rows(rng, staff)),
        "Reviews": tuple(_review_row(rng, p) for p in staff),
        "History": tuple(_history_rows(rng, staff)),
    }
    return SampleData(sheets, {"People": sd.FAIRNESS_COLUMNS}, tuple(planted))


def write_sample_workbook(dest: Path, *, people: int = 60, seed: int = 1, overwrite: bool = False) -> Path:
    """Write the generated sample as a cycle workbook (same layout as ``reviewgen init``) and return ``dest``."""
    data = generate_sample(people=people, seed=seed)
    return write_cycle_workbook(
        dest,
        data.sheets,
        extra_columns=data.extra_columns,
        overwrite=overwrite,
        timestamp=dt.datetime.combine(sd.START, dt.time()),
        title=f"{sd.COMPANY} review cycle {sd.CYCLE} (generated sample)",
    )


def _templates(p: Staff) -> list[tuple[str, sd.GoalTemplate]]:
    """(objective id, goal template) pairs a person may draw goals from; team objectives only in their team."""
    if p.dept is None:
        return [(o.id, t) for o in sd.COMPANY_OBJECTIVES for t in o.goals]
    dept = p.dept
    mine = [o for o in dept.objectives if o.status == "active" and (not o.team or p.team == dept.teams[0])]
    return [(o.id, t) for o in mine for t in o.goals]


def _must_cover(p: Staff) -> list[str]:
    """Objectives a person's goals must include, so that every objective has a goal even in a small company:
    a department head's department objectives, and the first team lead's team objectives."""
    if p.dept is None:
        return []
    if p.manager is not None and p.manager.dept is None:
        return [o.id for o in p.dept.objectives if o.status == "active" and not o.team and o.goals]
    if p.reports and p.team == p.dept.teams[0]:
        return [o.id for o in p.dept.objectives if o.status == "active" and o.team and o.goals]
    return []


def _goals_for(rng: random.Random, p: Staff) -> list[_Goal]:
    pool = _templates(p)
    first = [rng.choice([x for x in pool if x[0] == oid]) for oid in _must_cover(p)]
    count = max(len(first), min(len(pool), rng.choice((2, 3, 3, 3, 4))))
    chosen = first + rng.sample([x for x in pool if x not in first], count - len(first))
    weights = rng.choice(WEIGHT_SPLITS[count])
    out: list[_Goal] = []
    for (objective, t), weight in zip(chosen, weights, strict=True):
        baseline, target = rng.randint(*t.baseline), rng.randint(*t.target)
        if target == baseline:
            target += 1
        progress = min(1.3, max(0.3, rng.gauss(p.skill, 0.15)))
        actual = round(baseline + progress * (target - baseline))
        manager = _rating_for(rng, progress)
        self_rating = min(5, max(1, manager + rng.choice((0, 0, 0, 1, 1, -1))))
        band = 2 if manager >= 4 else 1 if manager == 3 else 0
        out.append(_Goal(
            "", p.id, t.title.format(baseline=baseline, target=target), objective, t.metric, baseline, target, actual,
            t.unit, weight, rng.choice((sd.END, sd.END, sd.END, dt.date(2026, 12, 15), dt.date(2026, 11, 30))),
            "done" if progress >= 1 else "on track" if progress >= 0.85 else "at risk" if progress >= 0.65
            else "off track", self_rating, manager,
            rng.choice((sd.LOW_SELF, sd.OK_SELF, sd.GOOD_SELF)[band]),
            rng.choice((sd.LOW_MANAGER, sd.OK_MANAGER, sd.GOOD_MANAGER)[band]),
        ))  # fmt: skip
    return out


def _rating_for(rng: random.Random, progress: float) -> int:
    """Manager rating for a goal's progress: mostly 3 and 4, some 2 and 5."""
    if progress >= 1.1:
        return 5 if rng.random() < 0.3 else 4
    if progress >= 0.9:
        return rng.choice((3, 4))
    if progress >= 0.7:
        return 2 if rng.random() < 0.15 else 3
    return 3 if rng.random() < 0.4 else 2


def _plant(
    rng: random.Random, staff: list[Staff], goals: list[_Goal], objectives: list[sd.ObjectiveSpec], people: int
) -> list[Planted]:
    """Change a few records into realistic problems; return what was planted and where."""
    per_kind = max(1, round(people / 60))
    by_person: dict[str, list[_Goal]] = {}
    for g in goals:
        by_person.setdefault(g.person, []).append(g)
    ics = [p for p in staff if not p.reports and len(by_person.get(p.id, ())) >= 2]
    finance = [p for p in ics if p.dept is not None and p.dept.name == "Finance & People"]
    chosen: set[str] = set()
    queues = {"any": rng.sample(ics, len(ics)), "finance": rng.sample(finance, len(finance))}

    def pick(prefer: str = "any") -> Staff:
        """A person not picked before (the preferred group first); in a tiny company, anyone."""
        for queue in (queues[prefer], queues["any"]):
            while queue:
                person = queue.pop()
                if person.id not in chosen:
                    chosen.add(person.id)
                    return person
        return rng.choice(ics)

    goal_rows = {g.id: i + 2 for i, g in enumerate(goals)}
    people_rows = {p.id: i + 2 for i, p in enumerate(staff)}

    out: list[Planted] = []
    for _ in range(per_kind):
        g = by_person[pick("finance").id][-1]
        g.title, g.objective, g.metric, g.unit, g.baseline, g.target = (
            "Run 3 payroll cycles on the legacy HR suite", "FIN-3", "Payroll runs", "runs", 0, 3)  # fmt: skip
        g.actual = 1
        out.append(Planted("retired-objective", g.id, "Goals", goal_rows[g.id], "goal points at retired FIN-3"))
        g = by_person[pick().id][-1]
        g.title, g.objective, g.metric, g.unit, g.baseline, g.target, g.actual = (
            "Pass the AWS Solutions Architect exam by 30 November", None, "Exam passed", "exam", 0, 1, 1)  # fmt: skip
        g.due = dt.date(2026, 11, 30)
        out.append(Planted("orphan-goal", g.id, "Goals", goal_rows[g.id], "goal names no objective"))
        person = pick()
        first = by_person[person.id][0]
        by_person[person.id][-1].weight -= 15
        out.append(Planted("weights-not-100", person.id, "Goals", goal_rows[first.id], "weights add up to 85"))
        g = by_person[pick().id][-1]
        g.title = "Improve communication"
        out.append(Planted("vague-goal", g.id, "Goals", goal_rows[g.id], 'title "Improve communication"'))
        g = by_person[pick().id][-1]
        g.title, g.metric, g.unit = "Write the onboarding guide for new joiners in my team", "Guide published", ""
        g.baseline = g.target = g.actual = None
        out.append(Planted("not-measurable", g.id, "Goals", goal_rows[g.id], "goal has no target"))
        g = by_person[pick().id][0]
        g.self_rating, g.manager_rating = 5, 3
        out.append(Planted("rating-gap", g.id, "Goals", goal_rows[g.id], "self rating 5, manager rating 3"))
        person = pick()
        out.append(Planted("no-recent-checkin", person.id, "People", people_rows[person.id],
                           "last check-in on 6 November"))  # fmt: skip
        by_person[pick().id][0].manager_comment = HOSTILE_COMMENT
    uncovered = next(o for o in objectives if o.status == "active" and not o.goals)
    out.append(Planted("uncovered-objective", uncovered.id, "Objectives", objectives.index(uncovered) + 2,
                       "active objective nobody works toward"))  # fmt: skip
    return sorted(out, key=lambda p: (p.code, p.row))


def _cycle_rows() -> tuple[Row, ...]:
    """Every Cycle setting of the schema, with the sample's value (None: the default applies) and its help."""
    return tuple((header_label(k.name), sd.CYCLE_SETTINGS.get(k.name), key_help(k)) for k in schema.CYCLE.keys)


def _objective_row(o: sd.ObjectiveSpec) -> Row:
    level = "company" if o.parent is None else "team" if o.team else "department"
    owner = "Company" if o.parent is None else next(d.name for d in sd.DEPARTMENTS if o in d.objectives)
    return (o.id, o.title, level, o.parent, owner, o.kpi, o.baseline, o.target, o.unit, o.due, o.status, o.actual)


def _person_row(rng: random.Random, p: Staff) -> Row:
    return (p.id, p.name, p.email, p.title, p.dept.name if p.dept else "Leadership",
            p.manager.id if p.manager else None, rng.choice(schema.COMMUNICATION), rng.choice(schema.ORIENTATION),
            rng.choice(schema.MOTIVATION), _potential(p), p.location, p.gender)  # fmt: skip


def _potential(p: Staff) -> str:
    # From skill alone, not the random stream: adding the column left every other generated value as it was.
    return "high" if p.skill >= 1.05 else "low" if p.skill < 0.9 else "medium"


def _value_rows(rng: random.Random, staff: list[Staff]) -> list[Row]:
    rows: list[Row] = []
    for p in staff:
        for name, _ in sd.VALUES:
            manager = min(5, max(2, round(rng.gauss(3.4 + 2 * (p.skill - 1.0), 0.6))))
            self_rating = min(5, max(1, manager + rng.choice((0, 0, 1, -1))))
            rows.append((p.id, name, self_rating, manager, rng.choice(sd.VALUE_COMMENTS)))
    return rows


def _day(rng: random.Random, month: int, first: int, last: int) -> dt.date:
    return dt.date(2026, month, rng.randint(first, last))


def _checkin_rows(rng: random.Random, staff: list[Staff], gap_victims: set[str]) -> list[Row]:
    """Monthly check-ins by the manager, praise and constructive notes; sorted by date like an export."""
    rows: list[tuple[dt.date, int, Row]] = []
    for n, p in enumerate(staff):
        author = p.manager or staff[1]  # the CEO's check-ins are board preparation with a department head
        if p.id in gap_victims:
            dated = [(date, kind, p if kind == "self-reflection" else author) for date, kind in sd.LATE_CHECKINS]
        else:
            dated = [(_day(rng, m, 5, 20), "check-in", author) for m in (10, 11, 12)]
            peers = [q for q in (p.manager.reports if p.manager else ()) if q is not p] or [author]
            dated.append((_day(rng, rng.choice((10, 11, 12)), 1, 18), "praise", rng.choice((author, *peers))))
            if rng.random() < 0.5:
                dated.append((_day(rng, rng.choice((10, 11)), 1, 28), "constructive", author))
            if rng.random() < 0.3:
                dated.append((_day(rng, 12, 1, 18), "self-reflection", p))
        for date, kind, who in dated:
            rows.append((date, n, (date, p.id, who.id, kind, rng.choice(sd.NOTES[kind]))))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def _development_rows(rng: random.Random, staff: list[Staff]) -> list[Row]:
    rows: list[Row] = []
    for p in staff:
        for focus, action, support in rng.sample(sd.DEVELOPMENT, rng.choice((1, 1, 2))):
            due = rng.choice((sd.END, dt.date(2027, 3, 31)))
            rows.append(
                (p.id, focus, action, support, due, rng.choice(("planned", "in progress", "in progress", "done")))
            )
    return rows


def _review_row(rng: random.Random, p: Staff) -> Row:
    return (p.id, rng.choice(sd.SELF_SUMMARIES), rng.choice(sd.MANAGER_SUMMARIES), rng.choice(sd.STRENGTHS),
            rng.choice(sd.GROWTH_AREAS))  # fmt: skip


def _history_rows(rng: random.Random, staff: list[Staff]) -> list[Row]:
    rows: list[Row] = []
    for cycle in sd.EARLIER_CYCLES:
        for p in staff:
            if cycle == sd.EARLIER_CYCLES[0] and rng.random() < 0.08:
                continue  # joined after that cycle
            overall = min(4.8, max(1.5, rng.gauss(3.3 + 2 * (p.skill - 1.0), 0.3)))
            rows.append((cycle, p.id, round(overall, 1)))
    return rows
