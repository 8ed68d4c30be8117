"""The review-cycle workbook format: sheets, columns, aliases and value kinds.

One source of truth for the loader, `reviewgen init`, the manager forms, the sample
generator and docs/workbook.md. Sheet and column names match case-, space-, dash- and
underscore-insensitively; each column also accepts the aliases listed here.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Kind(enum.Enum):
    """How a cell's value is read and checked at the loading boundary."""

    TEXT = "text"
    ID = "id"  # trimmed text; numbers such as 1042.0 become "1042"
    DATE = "date"
    NUMBER = "number"  # "15%", "1,200", " 42 " accepted
    RATING = "rating"  # a number checked against the Scale sheet
    INTEGER = "integer"
    CHOICE = "choice"  # one of Column.choices, case-insensitive


@dataclass(frozen=True)
class Column:
    """One column of a table sheet."""

    name: str
    kind: Kind = Kind.TEXT
    required: bool = False  # the column must exist
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    help: str = ""
    width: int = 16  # readable width in `init` and forms, in characters


@dataclass(frozen=True)
class KeyField:
    """One row of a key/value sheet (Cycle, Strategy)."""

    name: str
    kind: Kind = Kind.TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    default: str | None = None
    help: str = ""


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook: a key/value sheet when ``keys`` is set, else a table."""

    name: str
    required: bool
    help: str
    columns: tuple[Column, ...] = ()
    keys: tuple[KeyField, ...] = ()
    aliases: tuple[str, ...] = ()
    #: Key/value sheets whose other rows are a list (Strategy: one row per company value).
    list_key: str | None = None

    @property
    def is_key_value(self) -> bool:
        return bool(self.keys)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def normalise(name: object) -> str:
    """Header normal form: lower case, no spaces, dashes, underscores or dots."""
    return re.sub(r"[\s_\-.]+", "", str(name or "")).lower()


LEVELS = ("company", "department", "team")
OBJECTIVE_STATUSES = ("active", "retired")
GOAL_STATUSES = ("not started", "on track", "at risk", "off track", "done", "dropped")
CHECKIN_KINDS = ("check-in", "praise", "constructive", "self-reflection")
DEVELOPMENT_STATUSES = ("planned", "in progress", "done", "dropped")
COMMUNICATION = ("direct", "tactful")
ORIENTATION = ("facts", "feelings")
MOTIVATION = ("individual", "team")
POTENTIAL = ("low", "medium", "high")

DEFAULT_SCALE: tuple[tuple[int, str, str], ...] = (
    (1, "Does not meet", "Falls clearly short of what the role asks for."),
    (2, "Partially meets", "Meets some of what the role asks for; clear gaps remain."),
    (3, "Meets", "Does what the role asks for, reliably."),
    (4, "Exceeds", "Often goes beyond what the role asks for."),
    (5, "Outstanding", "Sets the standard others learn from."),
)

CYCLE = Sheet(
    "Cycle",
    required=True,
    help="One row per setting: the setting's name in column A, its value in column B.",
    keys=(
        KeyField("company", required=True, help="Company name, printed on every document."),
        KeyField("cycle", required=True, aliases=("cycle name", "name", "period"), help="e.g. 2026-Q4"),
        KeyField("start", Kind.DATE, required=True, aliases=("start date",), help="First day of the cycle."),
        KeyField("end", Kind.DATE, required=True, aliases=("end date",), help="Last day of the cycle."),
        KeyField("deadline", Kind.DATE, aliases=("form deadline", "due"), help="When manager forms are due."),
        KeyField(
            "check-in gap",
            Kind.INTEGER,
            aliases=("checkin gap", "check-in gap days", "gap"),
            default="45",
            help="Longest time in days without a check-in before the cycle end.",
        ),
        KeyField(
            "goals share",
            Kind.NUMBER,
            aliases=("goal share", "goals weight"),
            default="70",
            help="Share of the overall rating from goals, in %; the rest comes from values.",
        ),
        KeyField(
            "confidentiality",
            aliases=("confidentiality label", "label"),
            default="Confidential",
            help="HR's line for managers' documents: printed on the manager edition of packets and on scorecards.",
        ),
        KeyField(
            "top reviewer",
            aliases=("reviewer of the top", "reviewer"),
            default="",
            help="Who reviews the person at the top (no manager), e.g. The board; empty: nobody.",
        ),
        KeyField(
            "fairness groups",
            aliases=("groups", "group columns"),
            default="",
            help="People columns (comma-separated) compared in the group-disparity check, e.g. gender, location.",
        ),
        KeyField("rating gap", Kind.NUMBER, default="2", help="Self/manager difference reported as rating-gap."),
        KeyField(
            "manager skew",
            Kind.NUMBER,
            default="0.75",
            help="Distance from the company average reported as manager-skew.",
        ),
        KeyField(
            "skew minimum", Kind.INTEGER, default="5", help="Fewest rated reports before manager-skew is reported."
        ),
        KeyField(
            "disparity margin",
            Kind.NUMBER,
            default="0.5",
            help="Difference of group averages reported as group-disparity.",
        ),
        KeyField("group minimum", Kind.INTEGER, default="5", help="Smallest group ever reported (never below 5)."),
        KeyField(
            "rating guidance",
            aliases=("distribution guidance", "guidance"),
            default="",
            help="Share of people per rating, lowest rating first, e.g. 5/20/50/20/5 (%); guidance shown beside "
            "the actual figures, never forced. Empty: none.",
        ),
        KeyField(
            "guidance margin",
            Kind.NUMBER,
            default="10",
            help="Percentage points a rating's final share may differ from the guidance before check warns.",
        ),
    ),
)

SCALE = Sheet(
    "Scale",
    required=False,
    help="The rating scale. Optional: without it, 1 Does not meet ... 5 Outstanding.",
    columns=(
        Column("rating", Kind.INTEGER, required=True, aliases=("value", "score"), width=8),
        Column("label", required=True, width=20),
        Column("description", width=50),
    ),
)

STRATEGY = Sheet(
    "Strategy",
    required=True,
    help="Mission and vision on one row each, then one row per company value (Value in column A, "
    "its name in column B, an optional description in column C).",
    keys=(
        KeyField("mission", required=True),
        KeyField("vision", required=True),
        KeyField("value", aliases=("company value", "values")),
    ),
    list_key="value",
    aliases=("plan", "strategic plan"),
)

OBJECTIVES = Sheet(
    "Objectives",
    required=True,
    help="Company, department and team objectives. A department or team objective names its parent.",
    columns=(
        Column("id", Kind.ID, required=True, aliases=("objective id", "objective"), width=10),
        Column("title", required=True, aliases=("objective title", "name"), width=40),
        Column("level", Kind.CHOICE, required=True, choices=LEVELS, width=12),
        Column("parent", Kind.ID, aliases=("parent id", "parent objective", "ladders up to"), width=10),
        Column(
            "owner",
            aliases=("department", "owning department"),
            width=16,
            help="A department, Company, or a person's id (the one-pager names the person).",
        ),
        Column("kpi", aliases=("key result", "measure"), width=30),
        Column("baseline", Kind.NUMBER, width=10),
        Column("target", Kind.NUMBER, width=10),
        Column("unit", width=10),
        Column("due", Kind.DATE, aliases=("due date", "deadline"), width=12),
        Column("status", Kind.CHOICE, choices=OBJECTIVE_STATUSES, width=10),
        Column(
            "actual",
            Kind.NUMBER,
            aliases=("latest", "latest actual", "current"),
            width=10,
            help="Optional: the KPI's latest measured value (the one-pager prints it against baseline and target).",
        ),
    ),
)

PEOPLE = Sheet(
    "People",
    required=True,
    help="Everyone in the cycle. The manager column holds the manager's person id; empty for the top.",
    columns=(
        Column("id", Kind.ID, required=True, aliases=("person id", "person", "employee id"), width=10),
        Column("name", required=True, aliases=("full name", "employee name"), width=24),
        Column("email", aliases=("e-mail", "mail"), width=28),
        Column("title", aliases=("job title", "role", "position"), width=24),
        Column("department", required=True, aliases=("dept", "team"), width=16),
        Column("manager", Kind.ID, required=True, aliases=("manager id", "reports to"), width=10),
        Column("communication", Kind.CHOICE, choices=COMMUNICATION, width=14),
        Column("orientation", Kind.CHOICE, choices=ORIENTATION, width=12),
        Column("motivation", Kind.CHOICE, choices=MOTIVATION, width=12),
        Column(
            "potential",
            Kind.CHOICE,
            choices=POTENTIAL,
            width=10,
            help="Growth potential for the calibration grid (9-box): low, medium or high.",
        ),
    ),
    aliases=("employees", "staff"),
)

GOALS = Sheet(
    "Goals",
    required=True,
    help="One row per goal. Weights of one person's goals add up to 100.",
    columns=(
        Column("id", Kind.ID, required=True, aliases=("goal id",), width=10),
        Column("person", Kind.ID, required=True, aliases=("person id", "owner", "employee"), width=10),
        Column("title", required=True, aliases=("goal", "goal title"), width=40),
        Column("objective", Kind.ID, aliases=("objective id", "ladders up to"), width=10),
        Column("metric", aliases=("measure", "kpi"), width=24),
        Column("baseline", Kind.NUMBER, width=10),
        Column("target", Kind.NUMBER, width=10),
        Column("actual", Kind.NUMBER, aliases=("result",), width=10),
        Column("unit", width=8),
        Column("weight", Kind.NUMBER, aliases=("weight %", "weighting"), width=8),
        Column("due", Kind.DATE, aliases=("due date", "deadline"), width=12),
        Column("status", Kind.CHOICE, choices=GOAL_STATUSES, width=12),
        Column("self rating", Kind.RATING, aliases=("self",), width=8),
        Column("manager rating", Kind.RATING, aliases=("manager score", "rating"), width=8),
        Column("self comment", width=40),
        Column("manager comment", width=40),
    ),
)

VALUES = Sheet(
    "Values",
    required=False,
    help="Ratings against the company values (named on the Strategy sheet).",
    columns=(
        Column("person", Kind.ID, required=True, aliases=("person id",), width=10),
        Column("value", required=True, aliases=("company value",), width=20),
        Column("self rating", Kind.RATING, aliases=("self",), width=8),
        Column("manager rating", Kind.RATING, aliases=("rating",), width=8),
        Column("comment", aliases=("manager comment",), width=40),
    ),
    aliases=("value ratings", "competencies"),
)

CHECKINS = Sheet(
    "Check-ins",
    required=True,
    help="Conversations and feedback during the cycle.",
    columns=(
        Column("date", Kind.DATE, required=True, width=12),
        Column("person", Kind.ID, required=True, aliases=("person id", "about"), width=10),
        Column("author", Kind.ID, aliases=("author id", "by", "from"), width=10),
        Column("kind", Kind.CHOICE, required=True, choices=CHECKIN_KINDS, aliases=("type",), width=14),
        Column("note", aliases=("notes", "comment"), width=50),
    ),
    aliases=("checkins", "feedback"),
)

DEVELOPMENT = Sheet(
    "Development",
    required=True,
    help="Development plan items.",
    columns=(
        Column("person", Kind.ID, required=True, aliases=("person id",), width=10),
        Column("focus", required=True, aliases=("area", "skill"), width=24),
        Column("action", aliases=("actions",), width=40),
        Column("support", aliases=("support needed",), width=30),
        Column("due", Kind.DATE, aliases=("due date",), width=12),
        Column("status", Kind.CHOICE, choices=DEVELOPMENT_STATUSES, width=12),
    ),
    aliases=("development plan", "growth"),
)

REVIEWS = Sheet(
    "Reviews",
    required=False,
    help="Review summaries written for the cycle.",
    columns=(
        Column("person", Kind.ID, required=True, aliases=("person id",), width=10),
        Column("self summary", width=50),
        Column("manager summary", width=50),
        Column("strengths", width=40),
        Column("growth areas", aliases=("growth", "development areas"), width=40),
    ),
    aliases=("review", "summaries"),
)

HISTORY = Sheet(
    "History",
    required=False,
    help="Overall ratings from earlier cycles, for trends.",
    columns=(
        Column("cycle", required=True, width=12),
        Column("person", Kind.ID, required=True, aliases=("person id",), width=10),
        Column("overall rating", Kind.NUMBER, required=True, aliases=("overall", "rating"), width=10),
    ),
    aliases=("earlier cycles",),
)

CALIBRATION = Sheet(
    "Calibration",
    required=False,
    help="The outcome of the calibration meeting: one row per person whose rating was calibrated. "
    "The calibrated rating replaces the computed one in packets and scorecards.",
    columns=(
        Column("person", Kind.ID, required=True, aliases=("person id",), width=10),
        Column(
            "calibrated rating",
            Kind.INTEGER,
            required=True,
            aliases=("final rating", "calibrated"),
            width=10,
            help="One of the Scale sheet's ratings; empty: the computed rating stands.",
        ),
        Column("reason", aliases=("calibration reason", "why"), width=50, help="Needed when the rating changes."),
        Column("calibrated by", aliases=("by", "agreed by"), width=20),
        Column("date", Kind.DATE, aliases=("calibration date",), width=12),
    ),
    aliases=("calibrations", "calibration outcome"),
)

SHEETS: tuple[Sheet, ...] = (
    CYCLE,
    SCALE,
    STRATEGY,
    OBJECTIVES,
    PEOPLE,
    GOALS,
    VALUES,
    CHECKINS,
    DEVELOPMENT,
    REVIEWS,
    HISTORY,
    CALIBRATION,
)


def find_sheet(name: str) -> Sheet | None:
    """The schema sheet a workbook sheet name stands for, by name or alias."""
    key = normalise(name)
    for sheet in SHEETS:
        if key == normalise(sheet.name) or key in {normalise(a) for a in sheet.aliases}:
            return sheet
    return None
