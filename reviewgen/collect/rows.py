"""Checking the rows of one verified returned form against its record and the master workbook.

A row either passes whole (its answers become proposed changes) or is rejected with every
reason found; other rows of the same form are not affected.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from reviewgen.collect.report import Answer, Change, NewCheckIn, NewGoal, RejectedRow, Target
from reviewgen.errors import ReviewgenError
from reviewgen.forms.layout import FormColumn, normal_key, parse_rating, person_label
from reviewgen.forms.read import FormRow, RawCell, ReturnedForm
from reviewgen.load.coerce import CoerceError, to_choice, to_date, to_id, to_number, to_text
from reviewgen.model.schema import CHECKIN_KINDS, GOAL_STATUSES, normalise
from reviewgen.model.workbook import Goal, Workbook


@dataclass
class FormOutcome:
    """What one form answers (``changes`` may equal the master: duplicates of a form are compared on
    every answer), the check-ins it adds, its rejected rows and the issued items it lacks."""

    changes: list[Change] = field(default_factory=list)
    checkins: list[NewCheckIn] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    #: Goals written on the empty rows of a goal-setting form (reviewgen.collect.goals), without ids yet.
    new_goals: list[NewGoal] = field(default_factory=list)


_STRAY = (
    "this row is far below the rows this form was issued with, so it was not read; "
    "type answers into the issued rows (new goals are added in the workbook by HR)"
)


class RowProblem(ReviewgenError):
    """Raised (and caught) in collect when a form row cannot be collected; the message is the reason."""


def check_form(wb: Workbook, form: ReturnedForm) -> FormOutcome:
    """Turn the rows of ``form`` into proposed changes and rejections."""
    out = FormOutcome()
    name = form.path.name
    seen: set[tuple[str, ...]] = set()
    for row in form.rows:
        try:
            if row.sheet.key == "goals":
                _goal_row(wb, form, row, seen, out)
            elif row.sheet.key == "values":
                _value_row(wb, form, row, seen, out)
            elif row.sheet.key == "review":
                _review_row(wb, form, row, seen, out)
            else:
                _checkin_row(wb, form, row, out)
        except RowProblem as problem:
            subject = _subject(row)
            out.rejected.append(RejectedRow(name, row.sheet_title, row.row, subject, str(problem)))
    for sheet_title, number in form.stray_rows:
        out.rejected.append(RejectedRow(name, sheet_title, number, "below the form", _STRAY))
    record = form.record
    for person in record.people:
        for goal_id in person.goals:
            if ("goal", goal_id) not in seen:
                out.deleted.append(f"goal {goal_id} of {person.id}")
        for value in person.values:
            if ("value", person.id, normal_key(value)) not in seen:
                out.deleted.append(f"value {value!r} of {person.id}")
        if ("review", person.id) not in seen and "Review" not in form.missing_sheets:
            out.deleted.append(f"review of {person.id}")
    return out


@functools.lru_cache(maxsize=1024, typed=True)  # typed: 1, 1.0 and True are different cells
def _choice(value: object, choices: tuple[str, ...]) -> str | None:
    """:func:`to_choice`, remembered: every goal row of every form holds one of a handful of statuses, and
    to_choice normalises each choice on each call (measured: 200,000 calls of normalise at 10,000 people)."""
    return to_choice(value, choices)


def _subject(row: FormRow) -> str:
    parts = [to_text(row.get(k).value) for k in ("person_id", "goal_id", "value", "date", "person")]
    return " ".join(p for p in parts if p) or "empty ids"


def row_id(row: FormRow, key: str, header: str) -> str:
    """The issued id in ``key``'s cell; raises RowProblem when it was emptied or made a formula."""
    cell = row.get(key)
    if cell.formula or cell.error:
        raise RowProblem(f"the {header} cell was changed into a formula or error; it must keep the issued id")
    try:
        value = to_id(cell.value)
    except CoerceError as exc:
        raise RowProblem(exc.message) from None
    if value is None:
        raise RowProblem(f"the {header} is empty; rows are matched by it, so it must keep the issued id")
    return value


def check_person(wb: Workbook, form: ReturnedForm, person_id: str) -> None:
    record = form.record
    team = record.kind in ("manager", "goals")  # a manager's form, for their direct reports
    if record.person(person_id) is None:
        whose = "your direct reports" if team else "yourself"
        raise RowProblem(
            f"{person_id} was not on this form as issued (a form answers only for {whose}; "
            "rows copied from another form or with edited ids are not collected)"
        )
    person = wb.person_by_id.get(person_id)
    if person is None:
        raise RowProblem(f"{person_id} is no longer in the workbook")
    if team and person.manager_id != record.owner_id:
        raise RowProblem(f"{person_id} no longer reports to {record.owner_id} in the workbook")
    if not team and person_id != record.owner_id:
        raise RowProblem(f"this form answers only for {record.owner_id}")  # a self-assessment or a goal proposal


def read_answer(wb: Workbook, col: FormColumn, cell: RawCell) -> Answer | None:
    """The typed answer in an input cell, None when blank; raises RowProblem for what cannot be used."""
    if cell.formula:
        raise RowProblem(f"{col.header} holds a formula; type the value itself, not a formula")
    if cell.error:
        raise RowProblem(f"{col.header} holds an error value ({to_text(cell.value)}); type the value itself")
    if cell.blank:
        return None
    try:
        if col.kind == "number":
            return to_number(cell.value)
        if col.kind == "rating":
            rating = parse_rating(cell.value, wb.scale)
            if rating is None:
                labels = ", ".join(str(lvl.rating) for lvl in wb.scale.levels)
                raise RowProblem(f"{col.header} {to_text(cell.value)!r} is not on the rating scale ({labels})")
            return rating
        if col.kind == "goal-status":
            return _choice(cell.value, GOAL_STATUSES)
    except CoerceError as exc:
        raise RowProblem(f"{col.header}: {exc.message}") from None
    text = to_text(cell.value)
    if text.startswith("="):
        raise RowProblem(f"{col.header} starts with '=' (a formula); write it without the '=' or ask HR")
    return text or None


def _propose(
    wb: Workbook,
    form: ReturnedForm,
    row: FormRow,
    out: FormOutcome,
    make_target: str | tuple[str, ...],
    sheet: str,
    current: dict[str, Answer | None],
) -> None:
    """Check every input cell of ``row`` first, then record its non-blank answers."""
    key = make_target if isinstance(make_target, tuple) else (make_target,)
    found: list[Change] = []
    problems: list[str] = []
    for col in row.sheet.inputs:
        if col.key not in row.cells:
            continue
        try:
            value = read_answer(wb, col, row.get(col.key))
        except RowProblem as problem:
            problems.append(str(problem))
            continue
        assert col.target is not None
        old = current.get(col.target)
        if value is None:
            continue
        found.append(Change(Target(sheet, key, col.target), old, value, form.path.name, row.row))
    if problems:
        raise RowProblem("; ".join(problems))
    out.changes.extend(found)


def same_answer(old: Answer | None, new: Answer) -> bool:
    """Whether ``new`` is what the master already holds (3 and 3.0 are the same)."""
    if isinstance(old, int | float) and isinstance(new, int | float):
        return float(old) == float(new)
    return (old if old is not None else "") == new


def _goal_row(wb: Workbook, form: ReturnedForm, row: FormRow, seen: set[tuple[str, ...]], out: FormOutcome) -> None:
    person_id = row_id(row, "person_id", "Person ID")
    goal_id = row_id(row, "goal_id", "Goal ID")
    check_person(wb, form, person_id)
    issued = form.record.person(person_id)
    assert issued is not None
    if goal_id not in issued.goals:
        owner = next((p.id for p in form.record.people if goal_id in p.goals), None)
        if owner is not None:
            raise RowProblem(f"goal {goal_id} belongs to {owner}, not {person_id}; the Person ID was changed")
        raise RowProblem(
            f"goal {goal_id} was not on this form as issued; added goals are not collected "
            "(ask HR to add the goal to the workbook)"
        )
    # Matched by id AND owner: a goal id that now names someone else's goal never takes this answer.
    goal = next((g for g in wb.goals_of(person_id) if g.id == goal_id), None)  # indexed: not a scan per row
    if goal is None:
        now = next((g.person_id for g in wb.goals if g.id == goal_id), None)
        if now is not None:
            raise RowProblem(f"goal {goal_id} belongs to {now} in the workbook, not to {person_id} as issued")
        raise RowProblem(f"goal {goal_id} of {person_id} is no longer in the workbook")
    if ("goal", goal_id) in seen:
        raise RowProblem(f"goal {goal_id} appears more than once on this form; only its first row was used")
    seen.add(("goal", goal_id))
    _propose(wb, form, row, out, (goal_id, person_id), "Goals", _goal_values(goal))


def _goal_values(goal: Goal) -> dict[str, Answer | None]:
    return {
        "actual": goal.actual,
        "status": goal.status,
        "manager rating": goal.manager_rating,
        "manager comment": goal.manager_comment,
        "self rating": goal.self_rating,
        "self comment": goal.self_comment,
    }


def _value_row(wb: Workbook, form: ReturnedForm, row: FormRow, seen: set[tuple[str, ...]], out: FormOutcome) -> None:
    person_id = row_id(row, "person_id", "Person ID")
    check_person(wb, form, person_id)
    typed = to_text(row.get("value").value)
    issued = form.record.person(person_id)
    assert issued is not None
    wanted = normal_key(typed)
    name = next((v for v in issued.values if normal_key(v) == wanted), None)
    if name is None or row.get("value").formula:
        raise RowProblem(f"value {typed!r} was not on this form as issued for {person_id}; it is not collected")
    if ("value", person_id, wanted) in seen:
        raise RowProblem(f"value {name!r} of {person_id} appears more than once; only its first row was used")
    seen.add(("value", person_id, wanted))
    existing = next((v for v in wb.values_of(person_id) if normal_key(v.value) == wanted), None)
    current: dict[str, Answer | None] = {}
    if existing is not None:
        current = {
            "manager rating": existing.manager_rating,
            "self rating": existing.self_rating,
            "comment": existing.comment,
        }
    _propose(wb, form, row, out, (person_id, name), "Values", current)


def _review_row(wb: Workbook, form: ReturnedForm, row: FormRow, seen: set[tuple[str, ...]], out: FormOutcome) -> None:
    person_id = row_id(row, "person_id", "Person ID")
    check_person(wb, form, person_id)
    if ("review", person_id) in seen:
        raise RowProblem(f"{person_id} has more than one review row; only the first was used")
    seen.add(("review", person_id))
    review = wb.review_of(person_id)
    current: dict[str, Answer | None] = {}
    if review is not None:
        current = {
            "manager summary": review.manager_summary,
            "strengths": review.strengths,
            "growth areas": review.growth_areas,
            "self summary": review.self_summary,
        }
    _propose(wb, form, row, out, person_id, "Reviews", current)


def _checkin_row(wb: Workbook, form: ReturnedForm, row: FormRow, out: FormOutcome) -> None:
    sheet = row.sheet
    problems: list[str] = []
    values: dict[str, Answer | dt.date | None] = {}
    for col in sheet.columns:
        cell = row.get(col.key)
        if cell.formula or cell.error:
            problems.append(f"{col.header} holds a formula or error; type the value itself")
            continue
        try:
            if col.kind == "date":
                values[col.key] = to_date(cell.value)
            elif col.kind == "checkin-kind":
                values[col.key] = _choice(cell.value, CHECKIN_KINDS)
            else:
                values[col.key] = to_text(cell.value) or None
        except CoerceError as exc:
            problems.append(f"{col.header}: {exc.message}")
    if problems:
        raise RowProblem("; ".join(problems))
    date, kind, note, who = values.get("date"), values.get("kind"), values.get("note"), values.get("person")
    if date is None or kind is None or who is None:
        raise RowProblem("fill in the date, the person and the kind (or leave the whole row empty)")
    assert isinstance(date, dt.date) and isinstance(kind, str) and isinstance(who, str)
    person_id = _person_from_label(wb, form, who)
    check_person(wb, form, person_id)
    if form.record.kind == "self" and kind != "self-reflection":
        raise RowProblem("a self-assessment can add self-reflections only")
    if form.record.kind == "manager" and kind == "self-reflection":
        raise RowProblem(
            "a self-reflection is written by the person themselves, not filed by their manager: "
            "use the kind check-in, praise or constructive"
        )
    _check_date(wb, date)
    text = str(note or "")
    if text.startswith("="):
        raise RowProblem("the Note starts with '=' (a formula); write it without the '='")
    out.checkins.append(NewCheckIn(date, person_id, kind, form.record.owner_id, text, form.path.name, row.row))


#: How far before the cycle's start or after its end a check-in date may lie (a typo such as 1900 or 9999 does not).
_CHECKIN_SLACK = dt.timedelta(days=366)


def _check_date(wb: Workbook, date: dt.date) -> None:
    """A check-in date must lie in the cycle, give or take a year: 1900 or 9999 is a typo, not a conversation."""
    start, end = wb.cycle.start, wb.cycle.end
    day = date.date() if isinstance(date, dt.datetime) else date
    low = start - _CHECKIN_SLACK if start else dt.date(1900, 1, 1)
    high = end + _CHECKIN_SLACK if end else dt.date(2199, 12, 31)
    if not low <= day <= high:
        raise RowProblem(
            f"the date {day.isoformat()} is far outside the cycle ({_when(start)} to {_when(end)}): "
            "write the day the conversation took place"
        )


def _when(day: dt.date | None) -> str:
    return day.isoformat() if day else "not set"


def _person_from_label(wb: Workbook, form: ReturnedForm, text: str) -> str:
    """The person id a Check-ins "Person" cell names: "P3 - Alan Turing", "P3" or the exact name.

    A name two people on the form share names neither: the row is rejected, never filed under the first.
    """
    matches: list[str] = []
    for issued in form.record.people:
        person = wb.person_by_id.get(issued.id)
        labels = {issued.id}
        if person is not None:
            labels |= {person_label(person.id, person.name), person.name}
        if normalise(text) in {normalise(label) for label in labels}:
            matches.append(issued.id)
    if len(matches) > 1:
        raise RowProblem(
            f"{text!r} names {len(matches)} people on this form ({', '.join(matches)}): choose the entry with the "
            "id from the list"
        )
    if not matches:
        raise RowProblem(f"{text!r} is not one of the people on this form; choose from the list")
    return matches[0]
