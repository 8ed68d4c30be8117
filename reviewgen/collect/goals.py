"""Goal-setting forms back in (`reviewgen forms --goals`): edited goals, new goals with new ids, objectives checked.

A row with a Goal ID edits that goal (an empty cell keeps the workbook's value); a row without one, under a
person, is a new goal. Every row is checked like any form row (its person on the form, numbers, dates, no
formulas) and its objective must be a live one of the plan that the person can ladder up to (the list their rows
offer, reviewgen.forms.write.ladder_objectives): an unknown or retired objective, or another department's, rejects
the row, with its reason. New goals get ids after the workbook's own (``G00061`` after ``G00060``), in the order the
forms and rows were read, never an id the workbook or an issued form already used: the same forms always get
the same ids. What the goals still lack (vague titles, no metric, no due date in the cycle) does not stop them:
:func:`form_goal_findings` lists it per form for the report, so that HR can send a form back.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from reviewgen.check.alignment import goal_objectives
from reviewgen.check.codes import who
from reviewgen.check.integrity import goal_weights
from reviewgen.check.smart import check_smart
from reviewgen.collect.report import Answer, Change, NewGoal, RejectedRow, Target
from reviewgen.collect.rows import FormOutcome, RowProblem, check_person, read_answer, row_id
from reviewgen.forms.layout import FormColumn
from reviewgen.forms.read import FormRow, RawCell, ReturnedForm
from reviewgen.forms.write import ladder_objectives
from reviewgen.load.coerce import CoerceError, to_date, to_text
from reviewgen.model.schema import normalise
from reviewgen.model.workbook import Goal, Objective, Person, Workbook

#: Goals sheet column -> Goal field, for the columns a goal-setting form fills.
_FIELDS = {
    "title": "title",
    "objective": "objective_id",
    "metric": "metric",
    "baseline": "baseline",
    "target": "target",
    "unit": "unit",
    "weight": "weight",
    "due": "due",
}
_NUMBERED = re.compile(r"^(.*?)(\d+)$")
#: Checks whose findings about a goal are listed per form (the SMART checks and the goal's objective).
_GOAL_CODES = frozenset(
    {"not-measurable", "not-time-bound", "vague-goal", "target-equals-baseline", "orphan-goal", "retired-objective"}
)


def check_goal_form(wb: Workbook, form: ReturnedForm) -> FormOutcome:
    """The changes to issued goals, the new goals and the rejected rows of a returned goal-setting form."""
    out = FormOutcome()
    seen: set[str] = set()
    for row in form.rows:
        try:
            _goal_setting_row(wb, form, row, seen, out)
        except RowProblem as problem:
            subject = " ".join(p for p in (to_text(row.get("person_id").value), to_text(row.get("goal_id").value)) if p)
            out.rejected.append(
                RejectedRow(form.path.name, row.sheet_title, row.row, subject or "empty ids", str(problem))
            )
    for sheet_title, number in form.stray_rows:
        out.rejected.append(
            RejectedRow(form.path.name, sheet_title, number, "below the form", "this row is far below the rows of the "
                        "form, so it was not read: write new goals in the empty rows under each person")
        )  # fmt: skip
    out.deleted += [f"goal {g} of {p.id}" for p in form.record.people for g in p.goals if g not in seen]
    return out


def _goal_setting_row(wb: Workbook, form: ReturnedForm, row: FormRow, seen: set[str], out: FormOutcome) -> None:
    person_id = row_id(row, "person_id", "Person ID")
    goal_cell = row.get("goal_id")
    if goal_cell.blank and all(row.get(c.key).blank for c in row.sheet.inputs):
        return  # an empty row offered for a new goal, left empty
    check_person(wb, form, person_id)
    if goal_cell.blank:
        values = _values(wb, row, None, person_id)
        if "title" not in values:
            raise RowProblem("a new goal needs its title in the Goal column (or leave the whole row empty)")
        title = values.pop("title")
        out.new_goals.append(NewGoal(person_id, (("title", title), *values.items()), form.path.name, row.row))
        return
    goal_id = row_id(row, "goal_id", "Goal ID")
    issued = form.record.person(person_id)
    assert issued is not None
    if goal_id not in issued.goals:
        raise RowProblem(
            f"goal {goal_id} was not on this form for {person_id}; write a new goal in an empty row, without an id"
        )
    goal = next((g for g in wb.goals_of(person_id) if g.id == goal_id), None)
    if goal is None:
        raise RowProblem(f"goal {goal_id} of {person_id} is no longer in the workbook")
    if goal_id in seen:
        raise RowProblem(f"goal {goal_id} appears more than once on this form; only its first row was used")
    seen.add(goal_id)
    current = {column: getattr(goal, field) for column, field in _FIELDS.items()}
    for column, value in _values(wb, row, goal, person_id).items():
        old = current[column]
        out.changes.append(Change(Target("Goals", (goal_id, person_id), column), old, value, form.path.name, row.row))


def _values(wb: Workbook, row: FormRow, goal: Goal | None, person_id: str) -> dict[str, Answer]:
    """The non-empty answers of a goal row by Goals column; every problem of the row in one RowProblem."""
    found: dict[str, Answer] = {}
    problems: list[str] = []
    for col in row.sheet.inputs:
        try:
            value = _value(wb, col, row.get(col.key), goal, person_id)
        except RowProblem as problem:
            problems.append(str(problem))
            continue
        if value is not None and col.target is not None:
            found[col.target] = value
    if problems:
        raise RowProblem("; ".join(problems))
    return found


def _value(wb: Workbook, col: FormColumn, cell: RawCell, goal: Goal | None, person_id: str) -> Answer | None:
    if col.kind == "due":
        if cell.formula or cell.error:
            raise RowProblem(f"{col.header} holds a formula or an error; type the date itself")
        try:
            return None if cell.blank else to_date(cell.value)
        except CoerceError as exc:
            raise RowProblem(f"{col.header}: {exc.message}") from None
    value = read_answer(wb, col, cell)
    if col.kind == "objective" and value is not None:
        return objective_id(wb, str(value), goal.objective_id if goal is not None else None, person_id)
    return value


def objective_id(wb: Workbook, text: str, current: str | None, person_id: str) -> str:
    """The objective a cell names ("D1 - Win 40 accounts", or "D1"); RowProblem unless it is a live one of the
    plan that the person can ladder up to (their rows' dropdown). A goal's own objective, unchanged, stays as it is
    even when it was retired since (check reports it) or is not on the person's list (moved department)."""
    typed = text.split(" - ", 1)[0].strip()
    if current is not None and normalise(typed) == normalise(current):
        return current  # left as issued, even an id the Objectives sheet lacks (check reports that goal)
    by_id = wb.plan.by_id
    found = by_id.get(typed) or next((o for o in wb.plan.objectives if normalise(o.id) == normalise(typed)), None)
    if found is None:
        raise RowProblem(f"objective {typed!r} is not on the Objectives sheet: choose an objective from the dropdown")
    if not found.active and found.id != current:
        raise RowProblem(f"objective {found.id} {found.title!r} is retired: choose a live objective from the dropdown")
    person = wb.person_by_id.get(person_id)
    if found.id != current and person is not None and found not in ladder_objectives(wb, person):
        reason = _not_theirs(wb, found, person)
        raise RowProblem(f"objective {found.id} {found.title!r} {reason}: choose an objective from the dropdown")
    return found.id


def _not_theirs(wb: Workbook, objective: Objective, person: Person) -> str:
    """``is owned by Engineering, not by the company, Sales, Alan Turing (P3) or their manager Grace Hopper (P2)``:
    whose objectives the person's list holds (reviewgen.forms.write.ladder_objectives), people by name and id."""
    if not objective.owner:
        # Only a company objective is on a list without an owner: what fixes it is an Owner, not another choice.
        return "has no owner on the Objectives sheet, so it is on nobody's list (HR can fill in its Owner)"
    owner = who(wb, objective.owner) if objective.owner in wb.person_by_id else objective.owner
    owners = ["the company", *([person.department] if person.department else []), who(wb, person.id)]
    if person.manager_id:
        owners.append(f"their manager {who(wb, person.manager_id)}")
    return f"is owned by {owner}, not by {', '.join(owners[:-1])} or {owners[-1]}"


def new_goal_changes(
    wb: Workbook, proposed: Sequence[tuple[ReturnedForm, NewGoal]], issued: Iterable[str]
) -> tuple[list[tuple[ReturnedForm, Change]], list[RejectedRow]]:
    """Changes that add the proposed goals, each with a new id, and the rows not added (already in the workbook).

    Ids go in reading order; the same goal proposed twice (a form returned twice) gets one id, and its copies'
    answers are settled like any other (a differing one is a conflict).
    """
    existing = {(g.person_id, normalise(g.title)): g.id for g in wb.goals}
    ids: dict[tuple[str, str], str] = {}
    order = [key for key in dict.fromkeys(goal.key for _, goal in proposed) if key not in existing]
    for key, new_id in zip(order, next_ids([g.id for g in wb.goals] + list(issued), len(order)), strict=True):
        ids[key] = new_id
    out: list[tuple[ReturnedForm, Change]] = []
    skipped: list[RejectedRow] = []
    for form, goal in proposed:
        if goal.key in existing:
            why = (
                f"{goal.person_id} already has this goal in the workbook ({existing[goal.key]}): it is not added twice"
            )
            skipped.append(RejectedRow(goal.form, "Goals", goal.row, f"{goal.person_id} new goal", why))
            continue
        target = (ids[goal.key], goal.person_id)
        out += [(form, Change(Target("Goals", target, c), None, v, goal.form, goal.row)) for c, v in goal.values]
    return out, skipped


def next_ids(used: Sequence[str], count: int) -> list[str]:
    """``count`` new goal ids after the highest of ``used`` in its most common form: "G00061", "G00062" after
    "G00060"; never one of ``used`` (ids are not reused, even a deleted goal's that a form was issued with)."""
    numbered = [(m.group(1), m.group(2)) for m in map(_NUMBERED.match, used) if m]
    if numbered:
        prefix, _ = Counter(p for p, _ in numbered).most_common(1)[0]
        digits = [d for p, d in numbered if p == prefix]
        width = Counter(len(d) for d in digits).most_common(1)[0][0]
        start = max(int(d) for d in digits) + 1
    else:
        prefix, width, start = "G", 1, 1
    taken = set(used)
    out: list[str] = []
    n = start
    while len(out) < count:
        candidate = f"{prefix}{n:0{width}d}"
        if candidate not in taken:
            out.append(candidate)
        n += 1
    return out


def form_goal_findings(
    wb: Workbook, changes: Sequence[Change], forms: Sequence[ReturnedForm]
) -> list[tuple[str, tuple[str, ...]]]:
    """(form file name, finding lines) for each goal-setting form whose goals, as merged, are not SMART or sit on
    a retired objective: accepted, but listed so that HR can send the form back."""
    if not forms:  # a round of review forms: checking every goal of the company again would list nothing
        return []
    goals = {(g.id, g.person_id): g for g in wb.goals}
    edits: dict[tuple[str, str], dict[str, object]] = {}
    rows: dict[tuple[str, str], dict[str, int]] = {}
    for change in changes:
        if change.target.sheet == "Goals" and change.target.column in _FIELDS:
            key = (change.target.key[0], change.target.key[1])
            edits.setdefault(key, {})[_FIELDS[change.target.column]] = change.new
            rows.setdefault(key, {}).setdefault(change.form, change.row)
    for key, fields in edits.items():
        base = goals.get(key) or Goal(key[0], key[1], "")
        goals[key] = dataclasses.replace(base, **fields)  # type: ignore[arg-type]
    merged = dataclasses.replace(wb, goals=tuple(goals.values()), findings=())
    found = [f for f in [*check_smart(merged), *goal_objectives(merged)] if f.code in _GOAL_CODES]
    weights = goal_weights(merged)
    out: list[tuple[str, tuple[str, ...]]] = []
    for form in forms:
        name = form.path.name
        on_form = {goal for person in form.record.people for goal in person.goals}
        on_form |= {key[0] for key, where in rows.items() if name in where}
        people = {person.id for person in form.record.people}
        row_of = {key[0]: where[name] for key, where in rows.items() if name in where}
        row_of.update(_issued_rows(form))
        lines = [
            f"Goals › row {row_of.get(f.subject or '', '?')} ({f.subject}): {f.severity.value}[{f.code}] {f.message}"
            for f in found
            if f.subject in on_form
        ]
        lines += [f"{f.severity.value}[{f.code}] {f.message}" for f in weights if f.subject in people]
        if lines:
            out.append((name, tuple(lines)))
    return out


def _issued_rows(form: ReturnedForm) -> dict[str, int]:
    """Goal id -> its row on the returned form."""
    return {to_text(r.get("goal_id").value): r.row for r in form.rows if not r.get("goal_id").blank}
