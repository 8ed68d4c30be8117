"""What collecting forms did, and the report HR reads (plain text or Markdown)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reviewgen.model.schema import normalise
from reviewgen.render.markup import escape_markdown_line

FormStatus = Literal["accepted", "partly accepted", "rejected"]
#: A value collected into a cell (the due date of a goal-setting form's goal is a date).
Answer = str | int | float | dt.date


@dataclass(frozen=True)
class Target:
    """One master-workbook cell an answer goes to: a schema sheet, the record's key, a schema column."""

    sheet: str  # "Goals", "Values" or "Reviews"
    key: tuple[str, ...]  # (goal id, person id), (person id, value name) or (person id,)
    column: str

    def __str__(self) -> str:
        return f"{self.sheet} {' / '.join(self.key)} › {self.column}"


@dataclass(frozen=True)
class Change:
    """An answer that differs from the master workbook (or fills an empty cell)."""

    target: Target
    old: Answer | None
    new: Answer
    form: str
    row: int


@dataclass(frozen=True)
class NewCheckIn:
    """A check-in a form added, appended at the end of the Check-ins sheet."""

    date: dt.date
    person_id: str
    kind: str
    author_id: str
    note: str
    form: str
    row: int


@dataclass(frozen=True)
class Calibrated:
    """A rating a calibration workbook changed: the outcome row it writes on the Calibration sheet."""

    person_id: str
    name: str
    #: The rating now (calibrated where the workbook already holds a calibration) and its label; None: unrated.
    old: int | None
    old_label: str
    new: int
    new_label: str
    reason: str
    by: str
    date: dt.date
    form: str
    row: int

    def one_line(self) -> str:
        before = f"{self.old} ({self.old_label})" if self.old is not None else "not rated"
        why = f": {self.reason}" if self.reason else ""
        return (
            f"{self.person_id} {self.name}: {before} → {self.new} ({self.new_label}) by {self.by}{why} "
            f"({self.form}, row {self.row})"
        )


@dataclass(frozen=True)
class NewGoal:
    """A goal written on an empty row of a goal-setting form; its id is given when all forms are read."""

    person_id: str
    values: tuple[tuple[str, Answer], ...]  # (Goals column, value), the title first
    form: str
    row: int

    @property
    def key(self) -> tuple[str, str]:
        """Two rows proposing the same title for the same person are one goal (a form returned twice)."""
        return self.person_id, normalise(str(dict(self.values)["title"]))


@dataclass(frozen=True)
class RejectedRow:
    """A row of a form that was not collected, and why."""

    form: str
    sheet: str
    row: int
    subject: str
    reason: str

    def one_line(self) -> str:
        return f"{self.form} › {self.sheet} › row {self.row} ({self.subject}): {self.reason}"


@dataclass(frozen=True)
class Conflict:
    """A cell two forms (or two copies of one form) answer differently."""

    target: Target
    #: (form file name, answer), in the order the forms were read.
    answers: tuple[tuple[str, Answer], ...]
    #: The form whose answer was taken (prefer="newest"), or None: the master value was kept.
    winner: str | None = None


@dataclass(frozen=True)
class FormResult:
    """One returned file: whether it was used, whose it is and what came of it."""

    path: Path
    status: FormStatus
    reason: str = ""
    owner_id: str | None = None
    owner_name: str = ""
    kind: str = ""
    saved_at: dt.datetime | None = None
    changes: int = 0
    rejected_rows: int = 0
    #: Issued goals, values or reviews the returned form no longer has.
    deleted: tuple[str, ...] = ()
    #: New goals a goal-setting form added.
    goals_added: int = 0


@dataclass(frozen=True)
class CollectResult:
    """Everything ``collect_forms`` did; ``changes`` and ``new_checkins`` are what reached ``merged_path``."""

    merged_path: Path
    prefer: Literal["none", "newest"]
    forms: tuple[FormResult, ...]
    changes: tuple[Change, ...]
    new_checkins: tuple[NewCheckIn, ...]
    rejected: tuple[RejectedRow, ...]
    conflicts: tuple[Conflict, ...]
    #: "P2 Grace Hopper (manager form)" for every expected form not returned.
    missing: tuple[str, ...]
    #: The ratings calibration workbooks changed, as written to the merged workbook's Calibration sheet.
    calibrations: tuple[Calibrated, ...] = ()
    #: Goals added by goal-setting forms: "G00061 P3 'Ship SSO' (form, row 7)".
    goals_added: tuple[str, ...] = ()
    #: (form file name, lines): what the SMART and alignment checks found in each goal-setting form's goals,
    #: accepted all the same, so that HR can send the form back.
    goal_findings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def rejected_forms(self) -> tuple[FormResult, ...]:
        return tuple(f for f in self.forms if f.status == "rejected")


def _fmt(value: Answer | None) -> str:
    if value is None or value == "":
        return "(empty)"
    if not isinstance(value, str):
        return str(value)
    text = str(value).replace("\n", " ")
    return repr(text[:60] + "…") if len(text) > 60 else repr(text)


def _bullet(fmt: str, text: str) -> str:
    if fmt != "markdown":
        return f"  - {text}"
    return f"- {escape_markdown_line(text)}"


def render_collect_report(result: CollectResult, fmt: Literal["text", "markdown"]) -> str:
    """The collection report: per form, then changes, conflicts, rejected rows and missing forms."""
    md = fmt == "markdown"
    accepted = sum(1 for f in result.forms if f.status != "rejected")
    lines = ["# Collected forms", ""] if md else ["Collected forms"]
    lines.append(
        f"{accepted} of {len(result.forms)} files used; {len(result.changes)} cells changed, "
        f"{len(result.new_checkins)} check-ins added, {len(result.rejected)} rows rejected, "
        f"{len(result.conflicts)} conflicts, {len(result.missing)} forms not returned."
        + (f" Ratings changed by calibration: {len(result.calibrations)}." if result.calibrations else "")
        + (f" Goals added: {len(result.goals_added)}." if result.goals_added else "")
    )
    lines.append(f"Merged workbook: {result.merged_path}")
    for title, items in _report_sections(result):
        if items or title == "Forms":
            lines += ["", f"## {title}", ""] if md else ["", title]
            lines += [_bullet(fmt, item) for item in items]
    return "\n".join(lines) + "\n"


def _report_sections(result: CollectResult) -> list[tuple[str, list[str]]]:
    """The report's sections in order, each a title and its lines (plain text, escaped when written)."""
    return [
        ("Forms", [_form_line(f) for f in result.forms]),
        ("Conflicts", [_conflict_line(c) for c in result.conflicts]),
        ("Rejected rows (not collected; the rest of each form was)", [r.one_line() for r in result.rejected]),
        ("Forms not returned", list(result.missing)),
        (
            "Goals to look at again, per form (collected all the same: send a form back to have them fixed)",
            [f"{form} › {line}" for form, lines in result.goal_findings for line in lines],
        ),
        ("Goals added", list(result.goals_added)),
        (
            "Ratings calibrated (rating now → calibrated rating, by whom: why)",
            [c.one_line() for c in result.calibrations],
        ),
        (
            "Changes",
            [f"{ch.target}: {_fmt(ch.old)} → {_fmt(ch.new)} ({ch.form}, row {ch.row})" for ch in result.changes],
        ),
        (
            "Check-ins added",
            [
                f"{ci.date.isoformat()} {ci.person_id} {ci.kind} by {ci.author_id}"
                + (f" {_fmt(ci.note)}" if ci.note else "")
                for ci in result.new_checkins
            ],
        ),
    ]


_KIND_NAMES = {"goals": "goal-setting form", "goal-proposal": "goal proposal"}


def _form_line(f: FormResult) -> str:
    if f.status == "rejected":
        return f"{f.path.name}: REJECTED, {f.reason}"
    if f.kind == "calibration":
        who = f"{f.owner_name} (calibration workbook)"
    else:
        who = f"{f.owner_id} {f.owner_name} ({_KIND_NAMES.get(f.kind, f.kind + ' form')})" if f.owner_id else ""
    added = f", {f.goals_added} goals added" if f.goals_added else ""
    text = f"{f.path.name}: {f.status}, {who}: {f.changes} changes{added}, {f.rejected_rows} rows rejected"
    if f.deleted:
        text += f"; missing from the returned form (kept unchanged): {', '.join(f.deleted)}"
    return text


def _conflict_line(c: Conflict) -> str:
    answers = "; ".join(f"{form} says {_fmt(value)}" for form, value in c.answers)
    outcome = f"took {c.winner} (newest saved)" if c.winner else "kept the workbook's value: settle it by hand"
    return f"{c.target}: {answers}; {outcome}"
