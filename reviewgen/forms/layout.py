"""The layout of a manager (or self-assessment) form, shared by the writer and the collector.

A form sheet is found again on collect by its header row, not only by its name, so every
column has a fixed header text here. Columns marked ``input`` are unlocked for the person
filling the form; all others are locked and carry the ids that match a row back to the
master workbook even after sorting.

Ratings are offered as labels such as ``"3 - Meets"`` (a dropdown) and read back by the
number before the dash; a plain number or the bare label is accepted too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from reviewgen.files.output import safe_filename
from reviewgen.load.coerce import sanitise_text
from reviewgen.model.schema import normalise
from reviewgen.model.workbook import Scale, ScaleLevel

#: Version of the hidden record; collect refuses forms of a version it does not know (2: bound to its issue).
FORMAT_VERSION = 2
RECORD_SHEET = "_reviewgen"
RECORD_MARKER = "reviewgen form record"
LISTS_SHEET = "Lists"
INSTRUCTIONS_SHEET = "Instructions"

#: "calibration": a calibration workbook (reviewgen.forms.calibration), signed the same way. "goals": a manager's
#: goal-setting form (`forms --goals`), "goal-proposal": an employee proposing their own goals (`--goals --self`).
FormKind = Literal["manager", "self", "calibration", "goals", "goal-proposal"]
GOAL_SETTING_KINDS: tuple[FormKind, ...] = ("goals", "goal-proposal")
#: "objective": a dropdown of the live objectives; "due": a date within the cycle.
CellKind = Literal[
    "text", "id", "number", "rating", "date", "goal-status", "checkin-kind", "person", "objective", "due"
]

#: First data row of every form table: row 1 is a title, row 2 the header.
HEADER_ROW = 2
FIRST_DATA_ROW = 3
#: Empty rows offered on the Check-ins sheet for new entries.
CHECKIN_ROWS = 60
#: Empty rows under each person's goals on a goal-setting form, for the goals to add.
NEW_GOAL_ROWS = 4


@dataclass(frozen=True)
class FormColumn:
    """One column of a form sheet; ``target`` is the master workbook column an input writes to."""

    key: str
    header: str
    width: int
    kind: CellKind = "text"
    input: bool = False
    target: str | None = None


@dataclass(frozen=True)
class FormSheet:
    """One table sheet of a form: its role (``key``), default title and columns, and how it is laid out.

    The writer (reviewgen.forms.sheets.write_table) draws every table sheet from this declaration alone:
    a new sheet or column is a new declaration here (and, for a sheet, where its rows come from in
    reviewgen.forms.write.ROW_SOURCES), never new spreadsheet code.
    """

    key: Literal["goals", "values", "review", "checkins", "calibration", "goal-setting"]
    title: str
    intro: str
    columns: tuple[FormColumn, ...]
    #: Columns kept in view when scrolling right (the ids and names); rows 1-2 (title, header) always are.
    frozen_columns: int = 2
    #: Empty inputs shaded orange until filled.
    highlight_empty: bool = True
    #: Empty rows offered for new entries instead of rows from the workbook (Check-ins).
    blank_rows: int = 0

    def column(self, key: str) -> FormColumn:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @functools.cached_property
    def inputs(self) -> tuple[FormColumn, ...]:
        return tuple(c for c in self.columns if c.input)

    @functools.cached_property
    def header_keys(self) -> dict[str, str]:
        """Each column's key by its header's normal form: how a returned form's header row is matched."""
        return {normalise(c.header): c.key for c in self.columns}

    @property
    def signature(self) -> frozenset[str]:
        """Normalised headers that identify this sheet in a returned form."""
        return frozenset(normalise(c.header) for c in self.columns)


_PERSON = FormColumn("person_id", "Person ID", 10, "id")
_NAME = FormColumn("person_name", "Person", 16)


def _goals(kind: FormKind) -> FormSheet:
    fixed = (
        _PERSON,
        _NAME,
        FormColumn("goal_id", "Goal ID", 8, "id"),
        FormColumn("title", "Goal", 32),
        FormColumn("objective", "Objective", 26),
        FormColumn("metric", "Metric", 14),
        FormColumn("baseline", "Baseline", 8),
        FormColumn("target", "Target", 8),
        FormColumn("unit", "Unit", 8),
        FormColumn("weight", "Weight %", 8),
        FormColumn("due", "Due", 10),
    )
    if kind == "manager":
        inputs: tuple[FormColumn, ...] = (
            FormColumn("actual", "Actual", 8, "number", True, "actual"),
            FormColumn("status", "Status", 10, "goal-status", True, "status"),
            FormColumn("rating", "Manager rating", 16, "rating", True, "manager rating"),
            FormColumn("comment", "Manager comment", 36, "text", True, "manager comment"),
        )
        intro = "Fill the shaded columns for every goal: the result reached, the status, your rating and a comment."
    else:
        inputs = (
            FormColumn("rating", "Self rating", 20, "rating", True, "self rating"),
            FormColumn("comment", "Self comment", 42, "text", True, "self comment"),
        )
        intro = "Fill the shaded columns for every goal: your own rating and a comment."
    return FormSheet("goals", "Goals", intro, fixed + inputs)


def _values(kind: FormKind) -> FormSheet:
    fixed = (_PERSON, _NAME, FormColumn("value", "Value", 22))
    inputs: tuple[FormColumn, ...]
    if kind == "manager":
        inputs = (
            FormColumn("rating", "Manager rating", 20, "rating", True, "manager rating"),
            FormColumn("comment", "Comment", 50, "text", True, "comment"),
        )
    else:
        inputs = (FormColumn("rating", "Self rating", 20, "rating", True, "self rating"),)
    return FormSheet("values", "Values", "Rate how each company value shows in the person's work.", fixed + inputs)


def _review(kind: FormKind) -> FormSheet:
    inputs: tuple[FormColumn, ...]
    if kind == "manager":
        inputs = (
            FormColumn("summary", "Manager summary", 50, "text", True, "manager summary"),
            FormColumn("strengths", "Strengths", 40, "text", True, "strengths"),
            FormColumn("growth", "Growth areas", 40, "text", True, "growth areas"),
        )
    else:
        inputs = (FormColumn("summary", "Self summary", 60, "text", True, "self summary"),)
    return FormSheet("review", "Review", "A short written summary of the cycle.", (_PERSON, _NAME, *inputs))


def _checkins() -> FormSheet:
    cols = (
        FormColumn("date", "Date", 12, "date", True, "date"),
        FormColumn("person", "Person", 30, "person", True, "person"),
        FormColumn("kind", "Kind", 16, "checkin-kind", True, "kind"),
        FormColumn("note", "Note", 60, "text", True, "note"),
    )
    intro = "Add conversations you had, one per row. Leave unused rows empty."
    return FormSheet(
        "checkins", "Check-ins", intro, cols, frozen_columns=0, highlight_empty=False, blank_rows=CHECKIN_ROWS
    )


#: The table of a calibration workbook (reviewgen.forms.calibration): locked figures, then the two columns the
#: meeting types in. Read back by collect like a form sheet (reviewgen.collect.calibration).
CALIBRATION_SHEET = FormSheet(
    "calibration",
    "Calibration",
    "Agree a rating for each person; type a reason for every rating you change.",
    (
        FormColumn("person_id", "Person ID", 10, "id"),
        FormColumn("person_name", "Person", 22),
        FormColumn("manager", "Manager", 20),
        FormColumn("goal_rating", "Goal rating", 8, "number"),
        FormColumn("values_rating", "Values rating", 8, "number"),
        FormColumn("overall", "Overall", 8, "number"),
        FormColumn("label", "Label", 14),
        FormColumn("last", "Last cycle", 8, "number"),
        FormColumn("change", "Change", 8, "number"),
        FormColumn("potential", "Potential", 10),
        FormColumn("flags", "Flags", 30),
        FormColumn("final", "Rating now", 14),
        FormColumn("calibrated", "Calibrated rating", 16, "rating", True, "calibrated rating"),
        FormColumn("reason", "Reason", 40, "text", True, "reason"),
    ),
    highlight_empty=False,
)


def _goal_setting(kind: FormKind) -> FormSheet:
    """The one table of a goal-setting form: each person's goals, every field editable, and blank rows below
    them for new goals (the person's id and name prefilled and locked; the Goal ID left empty: collect gives it)."""
    intro = (
        "Write the goals for this cycle: edit a goal in its row, add a new one in an empty row under the person."
        if kind == "goals"
        else "Propose your goals for this cycle: edit a goal in its row, add a new one in an empty row."
    )
    columns = (
        _PERSON,
        _NAME,
        FormColumn("goal_id", "Goal ID", 9, "id"),
        FormColumn("title", "Goal", 36, "text", True, "title"),
        FormColumn("objective", "Objective", 30, "objective", True, "objective"),
        FormColumn("metric", "Metric", 18, "text", True, "metric"),
        FormColumn("baseline", "Baseline", 9, "number", True, "baseline"),
        FormColumn("target", "Target", 9, "number", True, "target"),
        FormColumn("unit", "Unit", 9, "text", True, "unit"),
        FormColumn("weight", "Weight %", 9, "number", True, "weight"),
        FormColumn("due", "Due", 12, "due", True, "due"),
    )
    return FormSheet("goal-setting", "Goals", intro, columns, frozen_columns=3, highlight_empty=False)


@functools.cache  # made once per kind: collect reads every returned form (and each of its rows) against them
def form_sheets(kind: FormKind) -> tuple[FormSheet, ...]:
    """The table sheets of a form of ``kind``, in the order they appear."""
    if kind == "calibration":
        return (CALIBRATION_SHEET,)
    if kind in GOAL_SETTING_KINDS:
        return (_goal_setting(kind),)
    return (_goals(kind), _values(kind), _review(kind), _checkins())


#: The dropdown of each kind of input cell: the list (a column of the hidden Lists sheet) and the message
#: shown when something else is typed.
DROPDOWNS: dict[CellKind, tuple[str, str]] = {
    "rating": ("ratings", "Choose a rating from the list."),
    "goal-status": ("statuses", "Choose a status from the list."),
    "checkin-kind": ("kinds", "Choose a kind from the list."),
    "person": ("people", "Choose one of your team from the list."),
    "objective": ("objectives", "Choose a live objective from the list (its id and title)."),
}

#: What a cell of a per-row dropdown whose row has an empty list says, and refuses any entry with (collect would
#: reject it): the title and the message, shown when the cell is selected and when something is typed.
EMPTY_DROPDOWNS: dict[CellKind, tuple[str, str]] = {
    "objective": (
        "No objective is open",
        "No objective is open to this person: leave it empty and ask HR to add one.",
    ),
}


# --- text and labels -------------------------------------------------------------------

#: Excel's limit for the text of one cell.
MAX_CELL_TEXT = 32_767


def clean_text(value: object) -> str:
    """Text safe for a spreadsheet cell: control characters dropped, capped at Excel's limit."""
    return sanitise_text(str(value))[:MAX_CELL_TEXT]


@functools.lru_cache(maxsize=1024)
def normal_key(name: str) -> str:
    """:func:`normalise` of a short name that recurs (a value name, an objective's level or owner, a department),
    remembered: a company has a handful of values and every row of every form names one, compared against each
    value issued (measured: 8 % of collect uncached); a goal-setting form matches every objective's owner to
    each person's department."""
    return normalise(name)


def rating_label(level: ScaleLevel) -> str:
    """The dropdown text of a scale level, e.g. ``"3 - Meets"``."""
    return f"{level.rating} - {clean_text(level.label)}"


def objective_label(objective_id: str, title: str) -> str:
    """The dropdown text of an objective on a goal-setting form, e.g. ``"D1 - Win 40 mid-size accounts"``."""
    return f"{objective_id} - {clean_text(title)}"


def person_label(person_id: str, name: str) -> str:
    """The dropdown text of a person on the Check-ins sheet, e.g. ``"P3 - Alan Turing"``."""
    return f"{person_id} - {clean_text(name)}"


_LEADING_NUMBER = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(?:[-–—:]|$)")


def parse_rating(value: object, scale: Scale) -> int | None:
    """The rating a cell means (3, 3.0, "3", "3 - Meets", "Meets"), or None when it means none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        match = _LEADING_NUMBER.match(value)
        if match:
            number = float(match.group(1))
        else:
            wanted = normalise(value)
            for level in scale.levels:
                if normalise(level.label) == wanted:
                    return level.rating
            return None
    else:
        return None
    if not number.is_integer() or not scale.contains(number):
        return None
    return int(number)


# --- file names ------------------------------------------------------------------------

#: Longest form file name in bytes of UTF-8, ".xlsx" included: far below every file system's 255, leaving
#: room for " (2)" and for the folder path on Windows.
MAX_FORM_NAME_BYTES = 120


_FILE_SUFFIX: dict[FormKind, str] = {
    "self": " - self-assessment",
    "goals": " - goals",
    "goal-proposal": " - goal proposal",
}


def form_file_name(cycle: str, person_id: str, name: str, kind: FormKind) -> str:
    """``"2026-Q4 - P002 - Grace Hopper.xlsx"``; self-assessment forms end in ``" - self-assessment"``, goal-setting
    forms in ``" - goals"`` and goal proposals in ``" - goal proposal"``.

    Made by the one safe-file-name routine build uses (reviewgen.files.output.safe_filename): forbidden and
    bidirectional-control characters replaced, cut by bytes, never inside a character.
    """
    suffix = _FILE_SUFFIX.get(kind, "") + ".xlsx"
    stem = safe_filename(
        f"{cycle or 'cycle'} - {person_id or 'id'} - {name}", max_len=MAX_FORM_NAME_BYTES - len(suffix)
    )
    return stem + suffix
