"""SMART checks: is each live goal measurable, time-bound and worded as an outcome?"""

from __future__ import annotations

import datetime as dt

from reviewgen.check.codes import new_finding, number, quoted, who
from reviewgen.check.vague import is_vague_title
from reviewgen.model.findings import Finding
from reviewgen.model.workbook import Goal, Workbook


def check_smart(wb: Workbook) -> list[Finding]:
    """not-measurable, not-time-bound, vague-goal and target-equals-baseline, for goals not dropped."""
    out: list[Finding] = []
    start, end = wb.cycle.start, wb.cycle.end
    # Titles repeat (a goal cascaded to a team keeps its title; the 10,000-person sample: 2,441 for 29,009 goals):
    # each title is judged once (is_vague_title was a quarter of the checks' CPU).
    verdicts: dict[str, bool] = {}
    for g in wb.goals:
        if g.is_dropped:
            continue
        vague = verdicts.get(g.title)
        if vague is None:
            vague = verdicts[g.title] = is_vague_title(g.title)
        out.extend(_goal_findings(wb, g, start, end, vague))
    return out


def _goal_findings(wb: Workbook, g: Goal, start: dt.date | None, end: dt.date | None, vague: bool) -> list[Finding]:
    missing = [name for name, absent in (("metric", not g.metric), ("target", g.target is None)) if absent]
    outside = g.due is not None and ((start is not None and g.due < start) or (end is not None and g.due > end))
    same = g.target is not None and g.baseline is not None and g.target == g.baseline
    if not (missing or g.due is None or outside or vague or same):
        return []  # most goals: no message to word
    goal = f"goal {g.id} {quoted(g.title, 50)} of {who(wb, g.person_id)}"
    out: list[Finding] = []
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
    elif outside:
        out.append(
            new_finding(
                "not-time-bound",
                f"{goal} is due on {g.due.isoformat()}, outside the cycle "
                f"({_iso(start)} to {_iso(end)}): move the due date into the cycle or move the goal to another cycle",
                g.src.at("due"),
                g.id,
            )
        )
    if vague:
        out.append(
            new_finding(
                "vague-goal",
                f"{goal} names no quantity, date or concrete deliverable: say what will be done and by when, e.g. "
                '"Increase NPS from 32 to 40 by 31 December" or "Ship billing API v2 by 15 November"',
                g.src.at("title"),
                g.id,
            )
        )
    if same and g.target is not None:
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
