"""Forms back in (manager, self-assessment, goal-setting forms and calibration workbooks): verify each returned
file, check its rows, settle conflicts, merge.

Nothing is resolved silently: a form that cannot be trusted is rejected whole, a row that
cannot be used is rejected with its reason (the rest of its form still counts), and two forms
answering one cell differently keep the master's value unless ``prefer="newest"``. The
original workbook is never modified; the merged copy is written atomically.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reviewgen.check.integrity import duplicate_ids, manager_cycles
from reviewgen.collect.calibration import CalibrationOutcome, check_calibration_form, scope_name, settle_calibrations
from reviewgen.collect.goals import check_goal_form, form_goal_findings, new_goal_changes
from reviewgen.collect.merge import write_merged
from reviewgen.collect.report import (
    Calibrated,
    Change,
    CollectResult,
    Conflict,
    FormResult,
    FormStatus,
    NewCheckIn,
    RejectedRow,
    Target,
    render_collect_report,
)
from reviewgen.collect.rows import FormOutcome, check_form, same_answer
from reviewgen.errors import FormError, InputError, OutputError
from reviewgen.forms.calibration import owner_of
from reviewgen.forms.issue import binding_problem, register, registered
from reviewgen.forms.layout import GOAL_SETTING_KINDS, FormKind, form_sheets
from reviewgen.forms.read import ReturnedForm, is_form_candidate, read_form
from reviewgen.model.workbook import Workbook
from reviewgen.score.scores import Scores, score_all
from reviewgen.workers import default_jobs, fork_context, map_in_workers

__all__ = ["CollectResult", "collect_forms", "expand_form_paths", "render_collect_report"]


def expand_form_paths(paths: Sequence[Path], *, exclude: Sequence[Path] = ()) -> list[Path]:
    """Files as given and the spreadsheet files inside folders, sorted, each once."""
    skip = {p.resolve() for p in exclude}
    found: dict[Path, Path] = {}
    for path in paths:
        items = sorted(p for p in path.iterdir() if p.is_file() and is_form_candidate(p)) if path.is_dir() else [path]
        for item in items:
            key = item.resolve()
            if key not in skip:
                found.setdefault(key, item)
    return sorted(found.values(), key=lambda p: (str(p.parent), p.name))


def collect_forms(
    wb: Workbook,
    workbook_path: Path,
    form_paths: Sequence[Path],
    merged_path: Path,
    *,
    secret: bytes,
    prefer: Literal["none", "newest"] = "none",
    jobs: int | None = 1,
) -> CollectResult:
    """Collect returned forms (files or folders) into a new workbook at ``merged_path``; the forms are read and
    checked in ``jobs`` worker processes (None: one per core) where that pays."""
    if merged_path.resolve() == workbook_path.resolve():
        raise OutputError(f"{merged_path} is the original workbook; collect writes a new file: choose another name")
    _refuse_ambiguous_master(wb, workbook_path)
    files = expand_form_paths(form_paths, exclude=(workbook_path, merged_path))
    known = registered(workbook_path)
    got = _read_all(wb, workbook_path, files, secret, known, jobs or default_jobs())
    verified, calibrated = got.forms, got.calibrations
    issued_goals = [g for f, _ in verified for p in f.record.people for g in p.goals]
    added, already = new_goal_changes(wb, [(f, g) for f, o in verified for g in o.new_goals], issued_goals)
    applied, conflicts = _settle([(f, c) for f, o in verified for c in o.changes] + added, prefer)
    outcomes, calibration_conflicts = settle_calibrations([(f, c) for f, o in calibrated for c in o.changes], prefer)
    checkins = _new_checkins(wb, [ci for _, o in verified for ci in o.checkins])
    unplaced = write_merged(wb, workbook_path, merged_path, applied, checkins, outcomes)
    # The merged workbook answers for the same issues: forms still coming back can be collected into it.
    register(merged_path, {*known, *(f.record.issue for f, _ in [*verified, *calibrated])})
    unplaced_ids = {id(change) for change, _ in unplaced}
    rejected = [r for _, o in verified for r in o.rejected] + [r for _, o in calibrated for r in o.rejected] + already
    rejected += [RejectedRow(c.form, _sheet(c), c.row, _subject(c), why) for c, why in unplaced]
    applied = [c for c in applied if id(c) not in unplaced_ids]
    per_file = Counter(r.form for r in rejected)
    goal_ids = {g.id for g in wb.goals}
    added_per_file = Counter(name for name, _ in {(c.form, c.target.key) for c in applied if _is_new_goal(goal_ids, c)})
    outcome_of: dict[Path, tuple[ReturnedForm, FormOutcome | CalibrationOutcome]] = {
        f.path: (f, o) for f, o in verified
    }
    outcome_of.update({f.path: (f, o) for f, o in calibrated})
    results = [
        got.early[path]
        if path in got.early
        else _form_result(wb, *outcome_of[path], per_file[path.name], added_per_file[path.name])
        for path in files
    ]
    return CollectResult(
        merged_path=merged_path,
        prefer=prefer,
        forms=tuple(results),
        changes=tuple(applied),
        new_checkins=tuple(checkins),
        rejected=tuple(rejected),
        conflicts=(*conflicts, *calibration_conflicts),
        missing=_missing(wb, [f for f, _ in verified], [f for f, _ in calibrated]),
        calibrations=tuple(c for c in outcomes if id(c) not in unplaced_ids),
        goals_added=tuple(
            f"{c.target.key[0]} {c.target.key[1]} {c.new!r} ({c.form}, row {c.row})"
            for c in applied
            if c.target.column == "title" and _is_new_goal(goal_ids, c)
        ),
        goal_findings=tuple(
            form_goal_findings(wb, applied, [f for f, _ in verified if f.record.kind in GOAL_SETTING_KINDS])
        ),
    )


def _is_new_goal(known: set[str], change: Change) -> bool:
    """Whether ``change`` fills a goal the workbook does not have yet (added by a goal-setting form)."""
    return change.target.sheet == "Goals" and change.old is None and change.target.key[0] not in known


#: Fewest returned files read in worker processes: fewer are read in this process, whatever ``jobs`` says.
POOL_FROM_FILES = 200

#: The message of the WorkerError when a worker process dies while reading forms.
WORKER_DIED = (
    "a worker process of collect stopped before its forms were done (killed by the system, perhaps for lack of "
    "memory); nothing was written: run collect again, with --jobs 1 if memory is short"
)


@dataclass
class _Returned:
    """The returned files read: usable forms and calibration workbooks with their rows checked, and the rest."""

    forms: list[tuple[ReturnedForm, FormOutcome]] = field(default_factory=list)
    calibrations: list[tuple[ReturnedForm, CalibrationOutcome]] = field(default_factory=list)
    #: Files rejected whole, with the reason.
    early: dict[Path, FormResult] = field(default_factory=dict)


@dataclass(frozen=True)
class _Read:
    """One file read: rejected whole (``early``), or a form and its outcome (None: a calibration workbook, checked
    by the caller). ``trimmed``: its answers equal to the master's were let go (it may be read again)."""

    path: Path
    early: FormResult | None = None
    form: ReturnedForm | None = None
    outcome: FormOutcome | None = None
    trimmed: bool = False


def _read_all(
    wb: Workbook, workbook_path: Path, files: Sequence[Path], secret: bytes, known: Sequence[str], jobs: int
) -> _Returned:
    """Read, verify and check every returned file; the master is scored once, only for calibration workbooks.

    A review form's rows are let go once checked, and so are its answers equal to the master's (most answers of
    a form sent back untouched): they change nothing unless another form answers the same cell, where they
    make a conflict. The few forms that share a cell with another form are read again whole at the end.
    Measured at 10,000 people: the rows and answers kept until the merge were 150 of 370 MB.

    With ``jobs`` > 1 and enough files, forked workers read and check the files (they inherit the loaded
    master) and send back only what is kept; the results come in file order, so the outcome is the same."""
    out = _Returned()
    scores: Scores | None = None
    trimmed: set[int] = set()  # by index in out.forms: the forms whose answers equal to the master went
    read_one = functools.partial(_read_one, wb, workbook_path, secret, tuple(known))
    ctx = fork_context()
    if jobs <= 1 or ctx is None or len(files) < POOL_FROM_FILES:
        reads = [read_one(path) for path in files]
    else:  # chunks small enough to balance two workers at the end, big enough to keep the pipes quiet
        chunk = max(1, min(32, len(files) // (jobs * 8)))
        reads = map_in_workers(ctx, jobs, read_one, files, died=WORKER_DIED, chunk=chunk)
    for read in reads:
        if read.early is not None:
            out.early[read.path] = read.early
        elif read.outcome is None:
            assert read.form is not None
            scores = scores or score_all(wb)  # the rating now of each person
            out.calibrations.append((read.form, check_calibration_form(wb, scores, read.form)))
        else:
            assert read.form is not None
            if read.trimmed:
                trimmed.add(len(out.forms))
            out.forms.append((read.form, read.outcome))
    for i in sorted(trimmed & _sharing_a_cell([f for f, _ in out.forms])):
        out.forms[i] = _read_again(wb, secret, out.forms[i][0])
    return out


def _read_one(wb: Workbook, workbook_path: Path, secret: bytes, known: Sequence[str], path: Path) -> _Read:
    """Read, verify and check one returned file (a calibration workbook is only read)."""
    try:
        form = read_form(path, secret)
    except FormError as exc:
        return _Read(path, early=FormResult(path, "rejected", exc.message))
    reason = _form_problem(wb, form) or binding_problem(wb, workbook_path, form.record, known)
    if reason:
        return _Read(path, early=FormResult(path, "rejected", reason, form.record.owner_id, kind=form.record.kind))
    if form.record.kind == "calibration":
        return _Read(path, form=form)
    if form.record.kind in GOAL_SETTING_KINDS:  # its rows are read again for the report (form_goal_findings)
        return _Read(path, form=form, outcome=check_goal_form(wb, form))
    outcome = check_form(wb, form)
    if not any(same_answer(c.old, c.new) for c in outcome.changes):
        return _Read(path, form=dataclasses.replace(form, rows=()), outcome=outcome)
    outcome.changes = [c for c in outcome.changes if not same_answer(c.old, c.new)]
    return _Read(path, form=dataclasses.replace(form, rows=()), outcome=outcome, trimmed=True)


@functools.cache
def _answered_columns(kind: FormKind) -> frozenset[tuple[str, str]]:
    """(form sheet, master column) of the answers a form kind gives: forms of two kinds can answer the same
    master cell only if these meet (a manager's form and a self-assessment never do)."""
    return frozenset((s.key, c.target) for s in form_sheets(kind) for c in s.inputs if s.key != "checkins" and c.target)


def _sharing_a_cell(forms: Sequence[ReturnedForm]) -> set[int]:
    """Indexes of the forms that may answer a master cell another form answers: every answer's key holds a
    person of the form's record (collect.rows.check_person), so such forms share a person and answered columns.
    """
    on_forms: dict[str, list[int]] = {}
    for i, form in enumerate(forms):
        for person in form.record.people:
            on_forms.setdefault(person.id, []).append(i)
    out: set[int] = set()
    for indexes in on_forms.values():
        for n, i in enumerate(indexes):
            for j in indexes[n + 1 :]:
                if _answered_columns(forms[i].record.kind) & _answered_columns(forms[j].record.kind):
                    out |= {i, j}
    return out


def _read_again(wb: Workbook, secret: bytes, form: ReturnedForm) -> tuple[ReturnedForm, FormOutcome]:
    """A form and its outcome with every answer, its answers equal to the master's included.

    The bytes read again must be those read first (their hash; a file only touched passes): a form replaced
    meanwhile (a sync client, a manager saving again) could hide a conflict with another form, so collect stops
    before writing anything."""
    try:
        again = read_form(form.path, secret)
    except FormError as exc:  # deleted, locked or damaged since: not the file first read, but not "changed" either
        raise InputError(
            f"{form.path}: this returned form could not be read again ({exc.message}); make sure nothing has it "
            "open or is syncing it, then run collect again; nothing was written"
        ) from None
    if again.digest != form.digest:
        raise _changed(form.path)
    return dataclasses.replace(again, rows=()), check_form(wb, again)


def _changed(path: Path) -> InputError:
    """The one-line error of a returned form that changed while collect was reading it."""
    return InputError(
        f"{path}: this returned form changed while collect was reading it; wait until it is saved or synced, "
        "then run collect again; nothing was written"
    )


def _form_result(
    wb: Workbook, form: ReturnedForm, outcome: FormOutcome | CalibrationOutcome, n_rejected: int, goals_added: int
) -> FormResult:
    """What came of one usable returned file."""
    status: FormStatus = "partly accepted" if n_rejected else "accepted"
    if isinstance(outcome, CalibrationOutcome):
        owner_id, owner_name, changes = form.record.owner_id, scope_name(wb, form.record.owner_id), len(outcome.changes)
    else:
        owner = wb.person_by_id[form.record.owner_id]
        owner_id, owner_name = owner.id, owner.name
        changes = sum(1 for c in outcome.changes if not same_answer(c.old, c.new))
    return FormResult(
        form.path,
        status,
        owner_id=owner_id,
        owner_name=owner_name,
        kind=form.record.kind,
        saved_at=form.saved_at,
        changes=changes,
        rejected_rows=n_rejected,
        deleted=tuple(outcome.deleted) if isinstance(outcome, FormOutcome) else (),
        goals_added=goals_added,
    )


def _sheet(change: Change | Calibrated) -> str:
    return "Calibration" if isinstance(change, Calibrated) else change.target.sheet


def _subject(change: Change | Calibrated) -> str:
    return change.person_id if isinstance(change, Calibrated) else " ".join(change.target.key)


def _refuse_ambiguous_master(wb: Workbook, workbook_path: Path) -> None:
    """Answers are matched to the master by ids: refuse when an id names two rows or managers go round a loop."""
    findings = [*duplicate_ids(wb), *manager_cycles(wb)]
    if findings:
        raise InputError(
            f"{workbook_path}: collect matches answers by id, and {len(findings)} id(s) of the workbook are "
            f"duplicated or loop: fix them (`reviewgen check {workbook_path}` lists them) and collect again; "
            "nothing was written",
            details=[f.one_line() for f in findings],
        )


def _form_problem(wb: Workbook, form: ReturnedForm) -> str:
    """Why a verified form cannot be used at all for this workbook, or ""."""
    record = form.record
    if record.cycle != wb.cycle.name:
        return f"this form is for {record.cycle}; the workbook is {wb.cycle.name}"
    if record.kind == "calibration":
        return ""  # scoped to a department, not a person: each row is checked against it
    if record.owner_id not in wb.person_by_id:
        return f"it was issued to {record.owner_id}, who is no longer in the workbook"
    return ""


def _settle(
    answers: list[tuple[ReturnedForm, Change]], prefer: Literal["none", "newest"]
) -> tuple[list[Change], list[Conflict]]:
    """One answer per target cell: agreeing answers merge; differing ones are a conflict."""
    by_target: dict[Target, list[tuple[ReturnedForm, Change]]] = {}
    for form, change in answers:
        by_target.setdefault(change.target, []).append((form, change))
    applied: list[Change] = []
    conflicts: list[Conflict] = []
    for target, items in by_target.items():
        first = items[0][1]
        if all(same_answer(c.new, first.new) for _, c in items):
            if not same_answer(first.old, first.new):
                applied.append(first)
            continue
        listed = tuple((c.form, c.new) for _, c in items)
        winner: Change | None = None
        if prefer == "newest":
            newest = max(f.newest_key for f, _ in items)
            top = [c for f, c in items if f.newest_key == newest]
            if all(same_answer(c.new, top[0].new) for c in top):
                winner = top[0]
        conflicts.append(Conflict(target, listed, winner.form if winner else None))
        if winner is not None and not same_answer(winner.old, winner.new):
            applied.append(winner)
    return applied, conflicts


def _new_checkins(wb: Workbook, proposed: list[NewCheckIn]) -> list[NewCheckIn]:
    """Proposed check-ins minus those the workbook (or an earlier form) already has."""

    def key(date: dt.date, person: str, kind: str, author: str | None, note: str) -> tuple[str, ...]:
        return (date.isoformat(), person, kind, author or "", " ".join(note.split()).casefold())

    seen = {key(c.date, c.person_id, c.kind, c.author_id, c.note) for c in wb.checkins}
    out: list[NewCheckIn] = []
    for ci in proposed:
        k = key(ci.date, ci.person_id, ci.kind, ci.author_id, ci.note)
        if k not in seen:
            seen.add(k)
            out.append(ci)
    return out


def _missing(wb: Workbook, forms: list[ReturnedForm], calibrations: list[ReturnedForm]) -> tuple[str, ...]:
    """Expected forms not among the usable returned ones (self forms only once any came back; only calibration
    workbooks, by department, when calibration workbooks alone came back and none was the company's)."""
    got = {(f.record.kind, f.record.owner_id) for f in forms if f.record.cycle == wb.cycle.name}
    if calibrations and not forms:
        owners = {f.record.owner_id for f in calibrations}
        if owner_of(None) in owners:
            return ()
        departments = sorted({p.department for p in wb.people if p.department}, key=lambda d: (d.casefold(), d))
        return tuple(f"{d} (calibration workbook)" for d in departments if owner_of(d) not in owners)
    kinds = {kind for kind, _ in got}
    out: list[str] = []
    # Review forms are expected unless only goal-setting forms came back (goal setting is weeks before reviews).
    if not kinds or kinds - set(GOAL_SETTING_KINDS):
        out += [f"{m.id} {m.name} (manager form)" for m in wb.managers() if ("manager", m.id) not in got]
    if "self" in kinds:
        out += [f"{p.id} {p.name} (self-assessment)" for p in wb.people if ("self", p.id) not in got]
    if "goals" in kinds:
        out += [f"{m.id} {m.name} (goal-setting form)" for m in wb.managers() if ("goals", m.id) not in got]
    if "goal-proposal" in kinds:
        out += [f"{p.id} {p.name} (goal proposal)" for p in wb.people if ("goal-proposal", p.id) not in got]
    return tuple(out)
