"""Rhythm checks: did each person get regular conversations, feedback and a chance to assess themselves?"""

from __future__ import annotations

import datetime as dt

from reviewgen.check.codes import new_finding, who
from reviewgen.model.findings import Finding
from reviewgen.model.workbook import CheckIn, Person, Workbook

#: Kinds of check-in rows that count as a conversation with the person (a self-reflection does not).
CONVERSATION_KINDS = frozenset({"check-in", "praise", "constructive"})
#: Kinds that count as feedback.
FEEDBACK_KINDS = frozenset({"praise", "constructive"})


def check_rhythm(wb: Workbook) -> list[Finding]:
    """no-recent-checkin, no-feedback and no-self-assessment, per person on People."""
    out: list[Finding] = []
    seen: set[str] = set()
    # Without a Check-ins sheet (itself a missing-sheet error) every person would be reported.
    checkins_missing = any(f.code == "missing-sheet" and f.subject == "Check-ins" for f in wb.findings)
    for person in wb.people:
        if not person.id or person.id in seen:
            continue
        seen.add(person.id)
        if not checkins_missing:
            checkins = wb.checkins_of(person.id)
            out.extend(_recent_checkin(wb, person, checkins))
            out.extend(_feedback(wb, person, checkins))
        out.extend(_self_assessment(wb, person))
    return out


def _recent_checkin(wb: Workbook, person: Person, checkins: tuple[CheckIn, ...]) -> list[Finding]:
    end = wb.cycle.end
    if end is None:
        return []
    gap = wb.cycle.checkin_gap_days
    since = end - dt.timedelta(days=gap)
    talks = [c for c in checkins if c.kind in CONVERSATION_KINDS and c.date <= end]
    if any(c.date >= since for c in talks):
        return []
    last = f"the last one was on {talks[-1].date.isoformat()}" if talks else "there is none on the Check-ins sheet"
    return [
        new_finding(
            "no-recent-checkin",
            f"{who(wb, person.id)} had no check-in in the {gap} days before the cycle ends on {end.isoformat()} "
            f"({last}): hold one and add it to the Check-ins sheet",
            person.src.at("name"),
            person.id,
        )
    ]


def _feedback(wb: Workbook, person: Person, checkins: tuple[CheckIn, ...]) -> list[Finding]:
    start, end = wb.cycle.start, wb.cycle.end
    for c in checkins:
        if c.kind in FEEDBACK_KINDS and (start is None or c.date >= start) and (end is None or c.date <= end):
            return []
    return [
        new_finding(
            "no-feedback",
            f"{who(wb, person.id)} received no praise or constructive feedback in this cycle: "
            "give some and add it to the Check-ins sheet (kind praise or constructive)",
            person.src.at("name"),
            person.id,
        )
    ]


def has_self_assessment(wb: Workbook, person_id: str) -> bool:
    """Whether the person rated a goal or value of their own, or wrote a self summary."""
    if any(g.self_rating is not None for g in wb.goals_of(person_id)):
        return True
    if any(v.self_rating is not None for v in wb.values_of(person_id)):
        return True
    review = wb.review_of(person_id)
    return review is not None and bool(review.self_summary)


def _self_assessment(wb: Workbook, person: Person) -> list[Finding]:
    if has_self_assessment(wb, person.id):
        return []
    return [
        new_finding(
            "no-self-assessment",
            f"{who(wb, person.id)} has no self rating and no self summary: ask them to rate their goals "
            "or values, or to write a self summary on the Reviews sheet",
            person.src.at("name"),
            person.id,
        )
    ]
