"""The rows a review packet shows: the person, their goals, value ratings, trend, check-ins, review and
development items, and the sign-off. Plain frozen data, built by :mod:`reviewgen.render.context.packet`
and read by the coaching notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviewgen.render.context.views import ObjectiveView


@dataclass(frozen=True, slots=True)
class PersonView:
    """The person a packet is about: ``id``, ``name``, ``title``, ``department`` and ``manager_name``
    ("" when they have no manager in the workbook).

    ``reviewer`` is who rates them and signs with them: their manager's name, else the Cycle sheet's
    top reviewer ("The board"), else "" (nobody); ``reviewer_role`` is "manager", "reviewer" or "".
    """

    id: str
    name: str
    title: str
    department: str
    manager_name: str
    reviewer: str = ""
    reviewer_role: str = ""


@dataclass(frozen=True, slots=True)
class AlignmentChain:
    """How one goal ladders up: ``mission`` -> ``objectives`` (company first, then department,
    team...) -> the goal (``goal_title``). ``reaches_company`` is True when the top objective is a
    company objective; ``gap`` explains a broken chain ("" when it is complete)."""

    goal_title: str
    mission: str
    objectives: tuple[ObjectiveView, ...]
    reaches_company: bool
    gap: str


@dataclass(frozen=True, slots=True)
class GoalRow:
    """One of the person's goals, as a table row.

    Numbers: ``baseline``, ``target``, ``actual`` (None when empty) in ``unit``; ``progress`` 0..1
    or None, ``progress_pct``, ``progress_bar``, ``progress_note`` (how it was worked out);
    ``achieved_pct`` the real percentage before it is kept to 0..100 (121 when 40 beat a target of 33);
    ``counted`` is False when the goal is left out of goal progress (``progress_note`` says why).
    ``weight`` as used for scoring, ``weight_used`` that weight as a percentage of all counted goals
    (they add up to 100) and ``weight_share`` of the goal rating (0..1); ``points`` this goal adds to
    the goal rating. ``number`` is its place in the packet (goal 1, 2...); ``status_label`` its status
    as printed and ``alert`` True for "off track" and "at risk"; ``overdue`` when it is due before the
    cycle end and not done. ``objective_id``/``objective_title`` ("" when unlinked) and ``chain`` show
    what it ladders up to. ``dropped`` goals are listed but count nowhere.
    """

    id: str
    title: str
    metric: str
    baseline: float | None
    target: float | None
    actual: float | None
    unit: str
    due: dt.date | None
    status: str
    dropped: bool
    progress: float | None
    progress_pct: int | None
    progress_bar: str
    progress_note: str
    weight: float | None
    weight_share: float
    points: float
    self_rating: int | None
    manager_rating: int | None
    self_comment: str
    manager_comment: str
    objective_id: str
    objective_title: str
    chain: AlignmentChain
    number: int = 0
    status_label: str = ""
    alert: bool = False
    overdue: bool = False
    achieved_pct: int | None = None
    counted: bool = False
    weight_used: float | None = None


@dataclass(frozen=True, slots=True)
class ValueRatingRow:
    """The person's rating on one company value: ``value``, its ``description``, ``self_rating``,
    ``manager_rating`` (None when empty) and the manager's ``comment``."""

    value: str
    description: str
    self_rating: int | None
    manager_rating: int | None
    comment: str


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The overall rating in one cycle (History sheet, then this cycle with ``current`` True);
    ``change`` is the difference from the previous point (None for the first or when unrated)."""

    cycle: str
    overall: float | None
    label: str
    current: bool
    change: float | None


@dataclass(frozen=True, slots=True)
class CheckInView:
    """A check-in about the person: ``date``, ``kind`` (check-in, praise, constructive,
    self-reflection), ``author_name`` ("" when unknown) and the ``note``."""

    date: dt.date
    kind: str
    author_name: str
    note: str


@dataclass(frozen=True, slots=True)
class ReviewView:
    """The review summaries: ``self_summary``, ``manager_summary`` and ``strengths`` /
    ``growth_areas`` split into items (one per line or ";"). ``present`` is False when the
    Reviews sheet has no row for the person."""

    present: bool
    self_summary: str
    manager_summary: str
    strengths: tuple[str, ...]
    growth_areas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DevelopmentView:
    """A development-plan item: ``focus``, ``action``, ``support``, ``due``, ``status``;
    ``due_soon`` when open and due from the cycle end to 60 days after it, ``overdue`` when open
    and due before the cycle end."""

    focus: str
    action: str
    support: str
    due: dt.date | None
    status: str
    due_soon: bool
    overdue: bool


@dataclass(frozen=True, slots=True)
class SignOff:
    """The signature block: who signs (``employee_name``, ``manager_name``: the reviewer, "" for nobody,
    in the role ``reviewer_role``: "manager" or "reviewer") and by when (``deadline``, the cycle's form
    deadline or None). Signature and date lines are left blank."""

    employee_name: str
    manager_name: str
    deadline: dt.date | None
    reviewer_role: str = "manager"
