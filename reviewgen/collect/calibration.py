"""Returned calibration workbooks: the ratings the meeting agreed, checked row by row, one outcome per person.

A calibration workbook (reviewgen.forms.calibration) is signed like a manager form and scoped to its
department: a row may only change a person it was issued with who is still in that department. A rating
that differs from the rating now needs a reason, a rating off the scale is rejected, and a row equal to the
rating now changes nothing. Each accepted change becomes one row of the merged workbook's Calibration sheet
(person, calibrated rating, reason, calibrated by, date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from reviewgen.collect.report import Calibrated, Conflict, RejectedRow, Target
from reviewgen.collect.rows import RowProblem, read_answer, row_id
from reviewgen.forms.calibration import department_of
from reviewgen.forms.layout import CALIBRATION_SHEET
from reviewgen.forms.read import FormRow, ReturnedForm
from reviewgen.model.workbook import Workbook
from reviewgen.score.scores import PersonScore, Scores

_STRAY = "this row is far below the people this workbook was issued with, so it was not read"


@dataclass
class CalibrationOutcome:
    """The changes one calibration workbook proposes and the rows it cannot use."""

    changes: list[Calibrated] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)


def scope_name(wb: Workbook, owner: str) -> str:
    """ "Sales", or the company's name for a company-wide workbook."""
    return department_of(owner) or wb.cycle.company or "the company"


def check_calibration_form(wb: Workbook, scores: Scores, form: ReturnedForm) -> CalibrationOutcome:
    """The changed ratings of ``form`` (a verified calibration workbook) and its rejected rows."""
    out = CalibrationOutcome()
    seen: set[str] = set()
    for row in form.rows:
        try:
            change = _row(wb, scores, form, row, seen)
        except RowProblem as problem:
            subject = str(row.get("person_id").value or "empty id")
            out.rejected.append(RejectedRow(form.path.name, row.sheet_title, row.row, subject, str(problem)))
            continue
        if change is not None:
            out.changes.append(change)
    for sheet_title, number in form.stray_rows:
        out.rejected.append(RejectedRow(form.path.name, sheet_title, number, "below the table", _STRAY))
    return out


def _row(wb: Workbook, scores: Scores, form: ReturnedForm, row: FormRow, seen: set[str]) -> Calibrated | None:
    person_id = row_id(row, "person_id", "Person ID")
    _check_scope(wb, form, person_id)
    if person_id in seen:
        raise RowProblem(f"{person_id} has more than one row; only the first was used")
    seen.add(person_id)
    rating = read_answer(wb, CALIBRATION_SHEET.column("calibrated"), row.get("calibrated"))
    reason = read_answer(wb, CALIBRATION_SHEET.column("reason"), row.get("reason"))
    reason = str(reason).strip() if reason is not None else ""
    if rating is None:
        if reason and reason != _existing_reason(wb, person_id):
            raise RowProblem("it has a Reason but no Calibrated rating: choose the rating the meeting agreed")
        return None  # the rating stands as it is
    assert isinstance(rating, int)
    score = scores.person(person_id)
    existing = wb.calibration_of(person_id)
    if rating == score.level and (existing is None or not reason or reason == existing.reason.strip()):
        return None  # the rating now, confirmed: nothing to write
    level = next(lvl for lvl in wb.scale.levels if lvl.rating == rating)
    if rating != score.level and not reason:
        raise RowProblem(
            f"the rating changes from {_rating(score)} to {rating} ({level.label}) without a Reason: type the reason "
            "the meeting agreed (the manager's packet prints it)"
        )
    twice = [c.src.row for c in wb.calibrations if c.person_id == person_id]
    if len(twice) > 1:
        rows = ", ".join(str(r) for r in twice)
        raise RowProblem(
            f"the workbook's Calibration sheet has {len(twice)} rows for {person_id} (rows {rows}): keep one and "
            "collect again"
        )
    return Calibrated(
        person_id,
        wb.person_by_id[person_id].name,
        score.level,
        score.label,
        rating,
        level.label,
        reason,
        f"{scope_name(wb, form.record.owner_id)} calibration",
        _saved_on(form),
        form.path.name,
        row.row,
    )


def _rating(score: PersonScore) -> str:
    return f"{score.level} ({score.label})" if score.level is not None else "not rated"


def _existing_reason(wb: Workbook, person_id: str) -> str:
    existing = wb.calibration_of(person_id)
    return existing.reason.strip() if existing is not None else ""


def _check_scope(wb: Workbook, form: ReturnedForm, person_id: str) -> None:
    """A department's workbook changes only the people of that department it was issued with."""
    department = department_of(form.record.owner_id)
    scope = f"the {department} calibration workbook" if department else "this calibration workbook"
    if form.record.person(person_id) is None:
        raise RowProblem(
            f"{person_id} was not on {scope} as issued: a department's workbook changes only that department's "
            "people (rows copied from another workbook or with edited ids are not collected)"
        )
    person = wb.person_by_id.get(person_id)
    if person is None:
        raise RowProblem(f"{person_id} is no longer in the workbook")
    if department is not None and person.department != department:
        now = person.department or "no department"
        raise RowProblem(
            f"{person_id} is no longer in {department} in the workbook (now {now}): calibrate them in their "
            "department's workbook"
        )


def _saved_on(form: ReturnedForm) -> dt.date:
    """The day the meeting saved the workbook: its saved time, else the file's time."""
    if form.saved_at is not None:
        return form.saved_at.date()
    return dt.datetime.fromtimestamp(form.mtime, tz=dt.UTC).date()


def settle_calibrations(
    proposed: Sequence[tuple[ReturnedForm, Calibrated]], prefer: Literal["none", "newest"]
) -> tuple[list[Calibrated], list[Conflict]]:
    """One outcome per person: agreeing workbooks merge; differing ones are a conflict (the workbook's rating
    stands unless ``prefer="newest"`` and one newest workbook decides)."""
    by_person: dict[str, list[tuple[ReturnedForm, Calibrated]]] = {}
    for form, change in proposed:
        by_person.setdefault(change.person_id, []).append((form, change))
    applied: list[Calibrated] = []
    conflicts: list[Conflict] = []
    for person_id, items in by_person.items():
        first = items[0][1]
        if all(_agree(c, first) for _, c in items):
            applied.append(first)
            continue
        winner: Calibrated | None = None
        if prefer == "newest":
            newest = max(f.newest_key for f, _ in items)
            top = [c for f, c in items if f.newest_key == newest]
            if all(_agree(c, top[0]) for c in top):
                winner = top[0]
        target = Target("Calibration", (person_id,), "calibrated rating")
        answers = tuple((c.form, f"{c.new}: {c.reason}") for _, c in items)
        conflicts.append(Conflict(target, answers, winner.form if winner else None))
        if winner is not None:
            applied.append(winner)
    return applied, conflicts


def _agree(a: Calibrated, b: Calibrated) -> bool:
    return a.new == b.new and " ".join(a.reason.split()) == " ".join(b.reason.split())
