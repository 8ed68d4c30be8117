"""SMART checks: is each live goal measurable, time-bound and worded as an outcome?"""

from __future__ import annotations

import datetime as dt
import re

from reviewgen.check.codes import new_finding, number, quoted, who
from reviewgen.model.findings import Finding
from reviewgen.model.workbook import Goal, Workbook

#: Openings that promise movement without saying how far ("Improve communication").
VAGUE_OPENINGS: tuple[str, ...] = (
    "increase",
    "improve",
    "enhance",
    "support",
    "help",
    "work on",
    "work towards",
    "work toward",
    "better",
    "grow",
    "boost",
    "drive",
    "optimize",
    "optimise",
    "strengthen",
    "foster",
    "promote",
    "maximize",
    "maximise",
    "minimize",
    "minimise",
    "reduce",
    "decrease",
    "expand",
    "advance",
    "contribute to",
    "focus on",
    "continue to",
    "try to",
    "be more",
    "get better",
    "raise",
    "lower",
)

#: Words that carry a quantity, so "Double the pipeline" or "Cut churn by half" is measurable enough.
NUMBER_WORDS = frozenset(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "billion",
        "dozen",
        "half",
        "double",
        "triple",
        "twice",
        "thrice",
        "quarter",
        "percent",
        "per",
        "cent",
    ]
)


def _inflected(phrase: str) -> str:
    """A pattern for ``phrase`` whose first word may also read -s, -ed or -ing ("improving", "drives")."""
    first, _, rest = phrase.partition(" ")
    stem = re.escape(first[:-1]) + "(?:e|es|ed|ing)" if first.endswith("e") else re.escape(first) + "(?:s|ed|ing)?"
    return stem + (r"\s+" + re.escape(rest) if rest else "")


_OPENING = re.compile(r"^(?:to\s+)?(?:" + "|".join(_inflected(v) for v in VAGUE_OPENINGS) + r")\b")
_WORD = re.compile(r"[a-z]+")


def is_vague_title(title: str) -> bool:
    """True for a title that opens with a vague verb and holds no number, percentage or number word."""
    text = " ".join(title.casefold().split())
    if not _OPENING.match(text):
        return False
    if any(ch.isdigit() for ch in text) or "%" in text:
        return False
    return not any(word in NUMBER_WORDS for word in _WORD.findall(text))


def check_smart(wb: Workbook) -> list[Finding]:
    """not-measurable, not-time-bound, vague-goal and target-equals-baseline, for goals not dropped."""
    out: list[Finding] = []
    start, end = wb.cycle.start, wb.cycle.end
    for g in wb.goals:
        if g.is_dropped:
            continue
        out.extend(_goal_findings(wb, g, start, end))
    return out


def _goal_findings(wb: Workbook, g: Goal, start: dt.date | None, end: dt.date | None) -> list[Finding]:
    goal = f"goal {g.id} {quoted(g.title, 50)} of {who(wb, g.person_id)}"
    out: list[Finding] = []
    missing = [name for name, absent in (("metric", not g.metric), ("target", g.target is None)) if absent]
    if missing:
        out.append(
            new_finding(
                "not-measurable",
                f"{goal} has no {' and no '.join(missing)}: say what is measured and the number that means done",
                g.src.at(missing[0]),
                g.id,
            )
        )
    if g.due is None:
        out.append(
            new_finding(
                "not-time-bound",
                f"{goal} has no due date: add the date it should be done by",
                g.src.at("due"),
                g.id,
            )
        )
    elif (start is not None and g.due < start) or (end is not None and g.due > end):
        out.append(
            new_finding(
                "not-time-bound",
                f"{goal} is due on {g.due.isoformat()}, outside the cycle "
                f"({_iso(start)} to {_iso(end)}): move the due date into the cycle or move the goal to another cycle",
                g.src.at("due"),
                g.id,
            )
        )
    if is_vague_title(g.title):
        out.append(
            new_finding(
                "vague-goal",
                f"{goal} does not say how much or by when: name the outcome, e.g. "
                '"Increase NPS from 32 to 40 by 31 December"',
                g.src.at("title"),
                g.id,
            )
        )
    if g.target is not None and g.baseline is not None and g.target == g.baseline:
        out.append(
            new_finding(
                "target-equals-baseline",
                f"{goal} has target {number(g.target)}, the same as its baseline: "
                "set the target the goal should move to",
                g.src.at("target"),
                g.id,
            )
        )
    return out


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "?"
