"""Manager forms out: one spreadsheet per manager (and optionally per employee) to fill in.

A manager's form holds only their direct reports. Input cells are unlocked and shaded, all
else is locked; a very hidden sheet carries the signed record of what was issued (see
:mod:`reviewgen.forms.signature`), which :mod:`reviewgen.collect.run` checks on the way back.
The sheets are drawn from the declared layouts (reviewgen.forms.layout, reviewgen.forms.sheets) and
written as spreadsheet XML directly (reviewgen.forms.xlsx_package): about 5 ms a form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from reviewgen.errors import OutputError
from reviewgen.files.guard import Input
from reviewgen.files.output import atomic_output
from reviewgen.forms.goal_instructions import goal_instructions
from reviewgen.forms.issue import issue_id, register_issue, rows_digest
from reviewgen.forms.layout import (
    GOAL_SETTING_KINDS,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    NEW_GOAL_ROWS,
    FormKind,
    form_file_name,
    form_sheets,
    normal_key,
    objective_label,
    person_label,
    rating_label,
)
from reviewgen.forms.parallel import build_each
from reviewgen.forms.sheets import (
    SEND_BACK,
    Cell,
    page_setup,
    send_back_by,
    write_instructions,
    write_lists,
    write_record,
    write_table,
)
from reviewgen.forms.signature import IssuedPerson, IssuedRecord, load_or_create_secret, record_rows
from reviewgen.forms.xlsx_package import package_bytes
from reviewgen.forms.xlsx_sheet import SheetXml
from reviewgen.model.documents import Paper
from reviewgen.model.schema import CHECKIN_KINDS, GOAL_STATUSES
from reviewgen.model.workbook import Goal, Objective, Person, Workbook

__all__ = ["build_form", "issued_record", "load_or_create_secret", "write_forms"]


def write_forms(
    wb: Workbook,
    out_dir: Path,
    *,
    self_forms: bool = False,
    goals: bool = False,
    secret: bytes,
    replace: bool = False,
    inputs: Sequence[Input] = (),
    withheld: Collection[str] = frozenset(),
    progress: Callable[[int], None] | None = None,
    paper: Paper = "a4",
    processes: int | None = 1,
) -> list[Path]:
    """Write one form per manager (direct reports only), and with ``self_forms`` one per person; printed sheets
    laid out for ``paper``.

    With ``goals`` they are goal-setting forms: the manager writes each report's goals for the cycle, and with
    ``self_forms`` each person proposes their own (kinds "goals" and "goal-proposal").

    Returns the paths written, managers' forms first, each group in workbook order. Forms
    are byte-identical for the same workbook and secret. The folder is written atomically
    (reviewgen.files.output.atomic_output): complete or not at all, with a manifest.json; it replaces an
    earlier forms folder only with ``replace``, and never a folder holding one of ``inputs`` or files
    reviewgen did not write.
    Nobody in ``withheld`` (ids that put privacy at risk: duplicated, in a manager loop) is on
    any form, and they get no form of their own. The forms are built in ``processes`` forked workers (None: one
    per core) when there are enough of them (reviewgen.forms.parallel): the same files either way.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} is a file; choose a folder for the forms")
    risky = withheld
    team_kind: FormKind = "goals" if goals else "manager"
    own_kind: FormKind = "goal-proposal" if goals else "self"
    jobs: list[tuple[Person, FormKind, tuple[Person, ...]]] = [
        (m, team_kind, tuple(r for r in wb.reports_of(m.id) if r.id not in risky))
        for m in wb.managers()
        if m.id not in risky
    ]
    if self_forms:
        jobs.extend((p, own_kind, (p,)) for p in wb.people if p.id not in risky)
    taken: set[str] = set()
    names = [_unique(form_file_name(wb.cycle.name, owner.id, owner.name, kind), taken) for owner, kind, _ in jobs]
    issue = issue_id(secret, Path(wb.path), wb.cycle.name)  # the same for every form: worked out once
    paths: list[Path] = []

    def build(i: int) -> bytes:
        owner, kind, people = jobs[i]
        return build_form(wb, owner, kind, people, secret, issue=issue, paper=paper)

    with atomic_output(out_dir, replace=replace, inputs=inputs) as tree:

        def take(i: int, data: bytes) -> None:
            tree.write(names[i], data, kind=f"{jobs[i][1]} form")
            paths.append(out_dir / names[i])
            if progress is not None:
                progress(1)

        build_each(build, len(jobs), processes, take)
    register_issue(wb, secret)
    return paths


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)`` ... when a file of that name (ignoring case) is already written."""
    stem, suffix = name[: -len(".xlsx")], ".xlsx"
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    taken.add(candidate.casefold())
    return candidate


def issued_record(
    wb: Workbook, owner: Person, kind: FormKind, people: Sequence[Person], secret: bytes, *, issue: str | None = None
) -> IssuedRecord:
    """The record a form for ``owner`` is issued with: its people, their goal ids and value names, bound to
    the workbook and its issue (reviewgen.forms.issue; ``issue``: its id, when the caller has it already)."""
    goal_setting = kind in GOAL_SETTING_KINDS
    issued = tuple(
        IssuedPerson(p.id, tuple(g.id for g in wb.goals_of(p.id)), () if goal_setting else _value_names(wb, p.id))
        for p in people
    )
    workbook = Path(wb.path).name
    return IssuedRecord(
        cycle=wb.cycle.name,
        owner_id=owner.id,
        kind=kind,
        people=issued,
        workbook=workbook,
        issue=issue if issue is not None else issue_id(secret, Path(wb.path), wb.cycle.name),
        digest=rows_digest(wb, issued),
    )


def _value_names(wb: Workbook, person_id: str) -> tuple[str, ...]:
    """The company values, then any value the person is already rated on that the plan lacks."""
    names = [v.name for v in wb.plan.values]
    known = {normal_key(n) for n in names}
    for rating in wb.values_of(person_id):
        if normal_key(rating.value) not in known:
            names.append(rating.value)
            known.add(normal_key(rating.value))
    return tuple(names)


def build_form(
    wb: Workbook,
    owner: Person,
    kind: FormKind,
    people: Sequence[Person],
    secret: bytes,
    *,
    issue: str | None = None,
    paper: Paper = "a4",
) -> bytes:
    """The form file (.xlsx bytes) for ``owner`` covering ``people`` (their direct reports, or themselves);
    ``issue``: the issue id (:func:`reviewgen.forms.issue.issue_id`), when the caller has it already; printed sheets
    laid out for ``paper``."""
    record = issued_record(wb, owner, kind, people, secret, issue=issue)
    cycle = wb.cycle
    header = f"{cycle.name} · {owner.name}"
    goal_setting = kind in GOAL_SETTING_KINDS
    per_person, objectives = _objective_lists(wb, people) if goal_setting else ({}, {})
    lists, ranges = write_lists(_lists(wb, kind, people, objectives))
    by_key = {p.id: p for p in people}
    sheets = [
        goal_instructions(wb, owner, kind, people) if goal_setting else _instructions(wb, owner, kind, len(people))
    ]
    for spec in form_sheets(kind):
        source = ROW_SOURCES.get(spec.key)
        rows = source(wb, record, by_key) if source is not None else [{} for _ in range(spec.blank_rows)]
        # Each goal row's objective dropdown is its person's own list (a column of the Lists sheet each).
        row_lists = {"objectives": [per_person[str(r["person_id"])] for r in rows]} if per_person else {}
        table = write_table(spec, f"{spec.title} · {cycle.name} · {owner.name}", rows, ranges, row_lists)
        page_setup(table, header, cycle.confidentiality, title_rows=f"{HEADER_ROW - 1}:{HEADER_ROW}")
        sheets.append(table)
    sheets += [lists, write_record(record_rows(record, secret))]
    when = dt.datetime.combine(cycle.start or cycle.end or dt.date(2000, 1, 1), dt.time())
    what = "goal-setting form" if goal_setting else "review form"
    return package_bytes(sheets, active=0, title=f"{cycle.name} {what}: {owner.name}", when=when, paper=paper)


def _objective_lists(wb: Workbook, people: Sequence[Person]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The name of each person's objective list (person id -> name), and each list by name: people with the same
    list share one column of the Lists sheet ("objectives", then "objectives 2", ... in the order of the form).
    An empty list gets no dropdown: its rows refuse any entry and say why (forms.sheets), as collect would."""
    lists: dict[tuple[str, ...], str] = {}
    of_person: dict[str, str] = {}
    for p in people:
        labels = tuple(objective_label(o.id, o.title) for o in ladder_objectives(wb, p))
        of_person[p.id] = lists.setdefault(labels, "objectives" if not lists else f"objectives {len(lists) + 1}")
    return of_person, {name: list(labels) for labels, name in lists.items()}


def _lists(
    wb: Workbook, kind: FormKind, people: Sequence[Person], objectives: dict[str, list[str]]
) -> dict[str, list[str | dt.date]]:
    """The dropdown lists of a form (the hidden Lists sheet), each by name; ``objectives``: those of a goal-setting
    form (:func:`_objective_lists`)."""
    if kind in GOAL_SETTING_KINDS:
        lists: dict[str, list[str | dt.date]] = {name: [*items] for name, items in objectives.items()}
        if wb.cycle.start is not None and wb.cycle.end is not None:
            lists["cycle"] = [wb.cycle.start, wb.cycle.end]
        return lists
    return {
        "ratings": [rating_label(level) for level in wb.scale.levels],
        "statuses": list(GOAL_STATUSES),
        # A self-reflection is the person's own: managers file the other kinds (collect rejects it from them).
        "kinds": [k for k in CHECKIN_KINDS if k != "self-reflection"] if kind == "manager" else ["self-reflection"],
        "people": [person_label(p.id, p.name) for p in people],
    }


def ladder_objectives(wb: Workbook, person: Person) -> list[Objective]:
    """The live objectives ``person`` can ladder up to, in plan order: the company's, their department's, and
    those owned by them or by their manager (an objective's owner is a department, "Company" or a person's id).

    The one rule for both ends: a goal-setting form offers this list on the person's rows, and collect rejects a
    goal of the person on any other objective (reviewgen.collect.goals.objective_id)."""
    department = normal_key(person.department) if person.department else None
    ids = {person.id, person.manager_id} - {None}
    return [
        o
        for o in wb.plan.objectives
        if o.active
        and (
            normal_key(o.level) == "company"
            or normal_key(o.owner) == "company"
            or (department is not None and normal_key(o.owner) == department)
            or o.owner in ids
        )
    ]


def _goal_cells(wb: Workbook, person_id: str, name: str, g: Goal) -> dict[str, Cell]:
    """The cells of one goal row that review forms and goal-setting forms share: who, which goal, what it measures."""
    objective = wb.plan.by_id.get(g.objective_id or "")
    return {
        "person_id": person_id,
        "person_name": name,
        "goal_id": g.id,
        "title": g.title,
        "objective": objective_label(objective.id, objective.title) if objective else g.objective_id,
        "metric": g.metric or None,
        "baseline": g.baseline,
        "target": g.target,
        "unit": g.unit or None,
        "weight": g.weight,
        "due": g.due,
    }


def _goal_rows(wb: Workbook, record: IssuedRecord, people: dict[str, Person]) -> list[dict[str, Cell]]:
    """Each person's goals as issued, with the result, status, rating and comment the form's kind answers."""
    rows: list[dict[str, Cell]] = []
    manager = record.kind == "manager"
    for issued in record.people:
        goals = {g.id: g for g in wb.goals_of(issued.id)}
        name = people[issued.id].name
        for goal_id in issued.goals:
            g = goals[goal_id]
            rating = g.manager_rating if manager else g.self_rating
            level = next((lvl for lvl in wb.scale.levels if lvl.rating == rating), None)
            rows.append(
                {
                    **_goal_cells(wb, issued.id, name, g),
                    "actual": g.actual,
                    "status": g.status or None,
                    "rating": rating_label(level) if level else None,
                    "comment": (g.manager_comment if manager else g.self_comment) or None,
                }
            )
    return rows


def _value_rows(wb: Workbook, record: IssuedRecord, people: dict[str, Person]) -> list[dict[str, Cell]]:
    rows: list[dict[str, Cell]] = []
    for issued in record.people:
        existing = {normal_key(v.value): v for v in wb.values_of(issued.id)}
        for name in issued.values:
            current = existing.get(normal_key(name))
            rating = None
            if current is not None:
                rating = current.manager_rating if record.kind == "manager" else current.self_rating
            level = next((lvl for lvl in wb.scale.levels if lvl.rating == rating), None)
            comment = current.comment if current is not None and record.kind == "manager" else ""
            rows.append(
                {
                    "person_id": issued.id,
                    "person_name": people[issued.id].name,
                    "value": name,
                    "rating": rating_label(level) if level else None,
                    "comment": comment or None,
                }
            )
    return rows


def _review_rows(wb: Workbook, record: IssuedRecord, people: dict[str, Person]) -> list[dict[str, Cell]]:
    rows: list[dict[str, Cell]] = []
    for issued in record.people:
        review = wb.review_of(issued.id)
        row: dict[str, Cell] = {"person_id": issued.id, "person_name": people[issued.id].name}
        if review is not None:
            if record.kind == "manager":
                row.update(summary=review.manager_summary, strengths=review.strengths, growth=review.growth_areas)
            else:
                row.update(summary=review.self_summary)
        rows.append({k: (v if v != "" else None) for k, v in row.items()})
    return rows


def _goal_setting_rows(wb: Workbook, record: IssuedRecord, people: dict[str, Person]) -> list[dict[str, Cell]]:
    """Each person's goals, every field editable, then NEW_GOAL_ROWS blank rows for goals to add."""
    rows: list[dict[str, Cell]] = []
    for issued in record.people:
        goals = {g.id: g for g in wb.goals_of(issued.id)}
        name = people[issued.id].name
        rows += [_goal_cells(wb, issued.id, name, goals[goal_id]) for goal_id in issued.goals]
        rows += [{"person_id": issued.id, "person_name": name} for _ in range(NEW_GOAL_ROWS)]
    return rows


RowSource = Callable[[Workbook, IssuedRecord, dict[str, Person]], list[dict[str, Cell]]]
#: Where the rows of each table sheet come from (by FormSheet.key); a sheet without one gets its declared
#: number of blank rows (FormSheet.blank_rows), as Check-ins does.
ROW_SOURCES: dict[str, RowSource] = {
    "goals": _goal_rows,
    "values": _value_rows,
    "review": _review_rows,
    "goal-setting": _goal_setting_rows,
}


def _instructions(wb: Workbook, owner: Person, kind: FormKind, count: int) -> SheetXml:
    """A plain-language first sheet: what to fill, the scale, the deadline, what not to change."""
    cycle = wb.cycle
    if kind == "manager":
        who = f"Review form for {owner.name} ({owner.id}): your {count} direct report{'s' if count != 1 else ''}."
        fill = [
            "Goals: for every goal, the result reached (Actual, a number), the Status, your rating and a comment.",
            "Values: your rating and a comment for each company value.",
            "Review: a short summary, strengths and growth areas for each person.",
            "Check-ins: add any conversation from this cycle that HR does not have yet, one per row.",
        ]
    else:
        who = f"Self-assessment for {owner.name} ({owner.id})."
        fill = [
            "Goals: your own rating and a comment for each of your goals.",
            "Values: your own rating for each company value.",
            "Review: a short summary of your cycle in your own words.",
            "Check-ins: add a self-reflection if you like, one per row.",
        ]
    lines: list[tuple[str, bool]] = [
        (f"{cycle.company}: {cycle.name} review", True),
        (who, False),
        (send_back_by(cycle), True),
        ("", False),
        ("What to fill in", True),
        ("Fill the yellow columns. A cell turns orange while it is still empty.", False),
        *[(line, False) for line in fill],
        ("An empty yellow cell means 'no answer': what HR already has is kept.", False),
        ("", False),
        ("Rating scale (choose from the dropdown in each rating cell)", True),
        *[(f"{lvl.rating} - {lvl.label}: {lvl.description}".rstrip(": "), False) for lvl in wb.scale.levels],
        ("", False),
        ("Please do not", True),
        ("change the blue columns (ids, names, goals): they match your answers to the right person;", False),
        ("add rows to Goals, Values or Review, or copy rows from another form: they are not collected;", False),
        ("type formulas (text starting with =): they are not collected.", False),
        ("", False),
        *SEND_BACK,
        (cycle.confidentiality, True),
    ]
    return write_instructions(INSTRUCTIONS_SHEET, lines, f"{cycle.name} · {owner.name}", cycle.confidentiality)
