"""Who is behind: what each person of the cycle has done so far, and the totals per manager and department.

Each person is measured on the steps of the quarter (quarter.md): goals set, their weights adding
up to 100, a self assessment, manager ratings on every goal, a check-in in the last "check-in gap"
days, and, when the folder of returned forms is given, their manager's review form returned and, when it holds
goal-setting forms, their goal form returned (their manager's or their own proposal), and their
self-assessment form counted as their self assessment once it comes back answered. The same
rules as `check` (weights, self assessment, what counts as a conversation), so the two never
disagree. Nothing here fails: status describes, it never judges the workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reviewgen.check.integrity import weights_add_up
from reviewgen.check.rhythm import CONVERSATION_KINDS, has_self_assessment
from reviewgen.model.workbook import Person, Workbook
from reviewgen.status.returned import ReturnedForms

#: (key, label) of each step, in the order of the quarter.
STEPS: tuple[tuple[str, str], ...] = (
    ("goals", "goals set"),
    ("weights", "weights add to 100"),
    ("goal_form", "goal form returned"),
    ("self", "self assessment"),
    ("ratings", "manager ratings"),
    ("checkin", "recent check-in"),
    ("form", "form returned"),
)


@dataclass(frozen=True)
class PersonStatus:
    """One person's steps: True done, False not yet, None not measured (no forms folder given)."""

    person: Person
    manager: Person | None
    done: tuple[tuple[str, bool | None], ...]
    last_checkin: dt.date | None

    def missing(self) -> tuple[str, ...]:
        """The keys of the steps not done yet."""
        return tuple(key for key, value in self.done if value is False)


@dataclass(frozen=True)
class GroupStatus:
    """Totals for a manager's direct reports, a department or the whole company."""

    #: "company", "department" or "manager".
    kind: str
    #: The department's name, the manager's id, or "" for the company.
    key: str
    label: str
    people: int
    #: (step key, people who did it, people measured) per step measured.
    counts: tuple[tuple[str, int, int], ...]

    @property
    def behind(self) -> int:
        """Steps not done, counted over the group's people."""
        return sum(measured - done for _, done, measured in self.counts)


@dataclass(frozen=True)
class StatusReport:
    """The completion of one cycle as of one day."""

    company: str
    cycle: str
    as_of: dt.date
    checkin_gap_days: int
    #: Whether the review form step is measured: a forms folder was given, and it is not one of goal forms only.
    forms_given: bool
    people: tuple[PersonStatus, ...]
    company_total: GroupStatus
    departments: tuple[GroupStatus, ...]
    managers: tuple[GroupStatus, ...]
    #: Whether the goal form step is measured: the forms folder holds goal-setting forms of this cycle.
    goal_forms_given: bool = False
    #: Manager review forms found in the forms folder (manager ids), and files that are not usable forms of this cycle.
    returned_by: frozenset[str] = frozenset()
    unusable_forms: tuple[str, ...] = ()

    def steps(self) -> tuple[tuple[str, str], ...]:
        """(key, label) of the steps measured, with the check-in's gap in its label."""
        out = []
        for key, label in STEPS:
            if (key == "form" and not self.forms_given) or (key == "goal_form" and not self.goal_forms_given):
                continue
            out.append((key, f"check-in in the last {self.checkin_gap_days} days" if key == "checkin" else label))
        return tuple(out)


def as_of_day(wb: Workbook, today: dt.date) -> dt.date:
    """``today`` kept within the cycle: after its end, status looks at the end; before its start, at the start."""
    day = today
    if wb.cycle.end is not None and day > wb.cycle.end:
        day = wb.cycle.end
    if wb.cycle.start is not None and day < wb.cycle.start:
        day = wb.cycle.start
    return day


def completion(wb: Workbook, as_of: dt.date, returned: ReturnedForms | None = None) -> StatusReport:
    """Each person's steps as of ``as_of``; ``returned`` the forms that came back (None: no folder looked at).

    The review form step is measured when a folder is given, unless it holds goal-setting forms and no review
    form (a folder of goal forms, early in the quarter, says nothing about review forms not sent yet); the goal
    form step when it holds goal-setting forms."""
    review = returned is not None and (bool(returned.review) or not returned.goal_setting)
    goal_setting = returned is not None and returned.goal_setting
    forms = _FormsBack(
        review=returned.review_people if returned is not None and review else None,
        goals=returned.goal_people if returned is not None and goal_setting else None,
        proposals=returned.proposals if returned is not None else frozenset(),
        self_assessed=returned.self_assessed if returned is not None else frozenset(),
    )
    people = tuple(_person_status(wb, p, as_of, forms) for p in _unique(wb.people))
    departments = sorted({s.person.department for s in people})
    managers = [m for m in wb.managers() if m.id]
    return StatusReport(
        company=wb.cycle.company,
        cycle=wb.cycle.name,
        as_of=as_of,
        checkin_gap_days=wb.cycle.checkin_gap_days,
        forms_given=review,
        goal_forms_given=goal_setting,
        people=people,
        company_total=_group("company", "", wb.cycle.company or "Company", people),
        departments=tuple(
            _group("department", d, d or "(no department)", [s for s in people if s.person.department == d])
            for d in departments
        ),
        managers=tuple(
            _group("manager", m.id, f"{m.name} ({m.id})", [s for s in people if s.person.manager_id == m.id])
            for m in managers
        ),
        returned_by=returned.review if returned is not None and review else frozenset(),
        unusable_forms=returned.unusable if returned is not None else (),
    )


@dataclass(frozen=True)
class _FormsBack:
    """The forms a person's steps are measured on, as the ids of the people listed on the returned forms' signed
    records (not their manager today: see status.returned); None for a step not measured."""

    review: frozenset[str] | None
    goals: frozenset[str] | None
    proposals: frozenset[str]
    #: People whose self-assessment form came back answered (not merged by collect yet).
    self_assessed: frozenset[str] = frozenset()

    def review_form(self, person: Person) -> bool | None:
        # The person at the top is on nobody's form: nothing to return for them.
        return person.id in self.review if self.review is not None and person.manager_id else None

    def goal_form(self, person: Person) -> bool | None:
        """A manager's goal-setting form listing them or their own proposal came back; the person at the top is
        measured only when proposals were (one is in the folder)."""
        if self.goals is None or (not person.manager_id and not self.proposals):
            return None
        return person.id in self.goals or person.id in self.proposals


def _unique(people: Sequence[Person]) -> list[Person]:
    seen: set[str] = set()
    out: list[Person] = []
    for p in people:
        if p.id and p.id not in seen:
            seen.add(p.id)
            out.append(p)
    return out


def _person_status(wb: Workbook, person: Person, as_of: dt.date, forms: _FormsBack) -> PersonStatus:
    goals = [g for g in wb.goals_of(person.id) if not g.is_dropped]
    weighted = any(g.weight is not None for g in goals)
    talks = [c.date for c in wb.checkins_of(person.id) if c.kind in CONVERSATION_KINDS and c.date <= as_of]
    last = max(talks, default=None)
    since = as_of - dt.timedelta(days=wb.cycle.checkin_gap_days)
    manager = wb.person_by_id.get(person.manager_id) if person.manager_id else None
    done: tuple[tuple[str, bool | None], ...] = (
        ("goals", bool(goals)),
        ("weights", bool(goals) and (not weighted or weights_add_up(goals))),
        ("goal_form", forms.goal_form(person)),
        ("self", has_self_assessment(wb, person.id) or person.id in forms.self_assessed),
        ("ratings", bool(goals) and all(g.manager_rating is not None for g in goals)),
        ("checkin", last is not None and last >= since),
        ("form", forms.review_form(person)),
    )
    return PersonStatus(person=person, manager=manager, done=done, last_checkin=last)


def _group(kind: str, key: str, label: str, people: Sequence[PersonStatus]) -> GroupStatus:
    counts = []
    for step, _ in STEPS:
        values = [dict(s.done)[step] for s in people]
        measured = [v for v in values if v is not None]
        if step in ("form", "goal_form") and not measured:
            continue
        counts.append((step, sum(1 for v in measured if v), len(measured)))
    return GroupStatus(kind=kind, key=key, label=label, people=len(people), counts=tuple(counts))
