"""Every finding code: its area, severity and one-line description, and how checks word findings.

``CODES`` is the single source that docs/checks.md, the README and the report's grouping are
written from; a check never picks a severity itself, it asks :func:`new_finding`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.model.workbook import Workbook
from reviewgen.score.scores import fmt_number

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


class CodeInfo(NamedTuple):
    """What one finding code is about."""

    area: str
    severity: Severity
    description: str


#: Areas in report order: (area id used in CODES, heading shown to readers).
AREAS: tuple[tuple[str, str], ...] = (
    ("integrity", "Integrity"),
    ("alignment", "Alignment"),
    ("smart", "SMART goals"),
    ("rhythm", "Rhythm"),
    ("fairness", "Consistency and fairness"),
    ("calibration", "Calibration"),
)

#: Every code reviewgen reports, in documentation order, with its usual severity (the loader
#: downgrades a few of its own findings to warnings where it can carry on with a default).
CODES: Mapping[str, CodeInfo] = {
    # Reported by the loader (reviewgen.load.workbook); listed here so that docs and reports know them.
    "missing-sheet": CodeInfo("integrity", ERROR, "A required sheet is missing from the workbook."),
    "duplicate-sheet": CodeInfo("integrity", ERROR, "Two sheets stand for one (Goals and a stale copy goals.)."),
    "missing-column": CodeInfo("integrity", ERROR, "A sheet lacks a required column."),
    "missing-value": CodeInfo("integrity", ERROR, "A required cell or Cycle setting is empty."),
    "bad-value": CodeInfo("integrity", ERROR, "A cell holds a value reviewgen cannot read (date, number, choice)."),
    "formula-without-value": CodeInfo(
        "integrity", ERROR, "A formula cell has no saved result (the file was never opened in a spreadsheet program)."
    ),
    "rating-out-of-scale": CodeInfo("integrity", ERROR, "A rating is not one of the ratings on the Scale sheet."),
    # Reported while reading an HR export (reviewgen.load.people_export).
    "bad-row": CodeInfo("integrity", ERROR, "A CSV row of the HR export has more or fewer fields than its header."),
    "rows-left-out": CodeInfo("integrity", INFO, "How many rows of the HR export [people.include] kept."),
    "ambiguous-manager": CodeInfo("integrity", ERROR, "A manager's name in the HR export fits several people."),
    "several-without-manager": CodeInfo("integrity", WARNING, "More than one person in the HR export has no manager."),
    "duplicate-name": CodeInfo("integrity", INFO, "Two people in the HR export have the same name."),
    # integrity
    "duplicate-id": CodeInfo("integrity", ERROR, "Two rows of People, Goals or Objectives share one id."),
    "unknown-person": CodeInfo("integrity", ERROR, "A row names a person id (or check-in author) not on People."),
    "unknown-manager": CodeInfo(
        "integrity", ERROR, "A person's manager (id, or name in an HR export) is not on People."
    ),
    "manager-cycle": CodeInfo("integrity", ERROR, "Managers form a loop (A manages B manages A)."),
    "weights-not-100": CodeInfo("integrity", WARNING, "The weights of one person's goals do not add up to 100."),
    "unknown-value": CodeInfo("integrity", WARNING, "A Values row names a company value not on the Strategy sheet."),
    # alignment
    "orphan-goal": CodeInfo("alignment", WARNING, "A goal names no objective."),
    "unknown-objective": CodeInfo("alignment", ERROR, "A goal names an objective id that does not exist."),
    "retired-objective": CodeInfo("alignment", WARNING, "A goal points at an objective the plan retired."),
    "uncovered-objective": CodeInfo("alignment", WARNING, "An active objective has no goal working toward it."),
    "objective-orphan": CodeInfo(
        "alignment", WARNING, "A department or team objective has no usable parent (missing, unknown, retired, loop)."
    ),
    "person-without-goals": CodeInfo("alignment", WARNING, "A person has no goals."),
    # SMART
    "not-measurable": CodeInfo("smart", WARNING, "A goal has no metric or no target."),
    "not-time-bound": CodeInfo("smart", WARNING, "A goal has no due date, or is due outside the cycle."),
    "vague-goal": CodeInfo("smart", WARNING, "A goal title names no quantity, date or concrete deliverable."),
    "target-equals-baseline": CodeInfo("smart", WARNING, "A goal's target is the same as its baseline."),
    # rhythm
    "no-recent-checkin": CodeInfo("rhythm", WARNING, "No check-in about a person in the last weeks of the cycle."),
    "no-feedback": CodeInfo("rhythm", WARNING, "No praise or constructive feedback about a person in the cycle."),
    "no-self-assessment": CodeInfo("rhythm", WARNING, "A person has no self rating and no self summary."),
    # consistency and fairness
    "rating-gap": CodeInfo("fairness", INFO, "Self and manager rating of one goal or value are far apart."),
    "manager-skew": CodeInfo("fairness", WARNING, "A manager rates their reports far above or below the company."),
    "group-disparity": CodeInfo("fairness", WARNING, "Average overall ratings differ between groups of people."),
    # calibration
    "calibrated-twice": CodeInfo("calibration", ERROR, "Two Calibration rows give one person a rating."),
    "calibration-outside-scale": CodeInfo(
        "calibration", ERROR, "A calibrated rating is not one of the ratings on the Scale sheet."
    ),
    "calibrated-without-reason": CodeInfo(
        "calibration", ERROR, "Calibration changed a person's rating but the row gives no reason."
    ),
    "distribution-off-guidance": CodeInfo(
        "calibration",
        WARNING,
        "A rating's share of the final ratings is further from the guidance than the margin.",
    ),
}

#: Codes the loader reports; the checks never re-detect them.
LOADER_CODES: tuple[str, ...] = (
    "missing-sheet",
    "duplicate-sheet",
    "missing-column",
    "missing-value",
    "bad-value",
    "formula-without-value",
    "rating-out-of-scale",
    "bad-row",
    "rows-left-out",
    "ambiguous-manager",
    "several-without-manager",
    "duplicate-name",
)


def new_finding(code: str, message: str, location: Location | None, subject: str | None) -> Finding:
    """A finding of ``code`` with the severity CODES gives it."""
    return Finding(code, CODES[code].severity, message, location, subject)


def who(wb: Workbook, person_id: str) -> str:
    """``Alan Turing (P3)`` when the person is on People, else ``person P3``."""
    person = wb.person_by_id.get(person_id)
    return f"{person.name} ({person_id})" if person is not None and person.name else f"person {person_id}"


def quoted(text: str, limit: int = 60) -> str:
    """``"text"``, shortened with an ellipsis past ``limit`` characters so a message stays one line."""
    flat = " ".join(text.split())
    return f'"{flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"}"'


def number(value: float) -> str:
    """``85``, ``12.5``: a figure as HR would write it (no trailing ``.0``, at most two decimals)."""
    return fmt_number(value, 2)
