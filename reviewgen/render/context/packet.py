"""The review packet context: one person, one edition (employee or manager).

Privacy by construction: :class:`PacketContext` (the employee edition) has no field that could
hold coaching notes, findings or anyone else's ratings or comments; only
:class:`ManagerPacketContext` adds ``coaching`` and ``findings``. Every row comes from this
person's own records; other people appear by name only (their manager, check-in authors).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reviewgen.errors import ConfigError
from reviewgen.model.documents import Edition
from reviewgen.model.findings import Finding
from reviewgen.model.workbook import Workbook
from reviewgen.render.context.coaching import CoachingNotes, DiscussionQuestion, coaching_notes, discussion_guide
from reviewgen.render.context.prep import PrepSheet, prep_sheet
from reviewgen.render.context.rows import (
    AlignmentChain,
    CheckInView,
    DevelopmentView,
    GoalRow,
    PersonView,
    ReviewView,
    SignOff,
    TrendPoint,
    ValueRatingRow,
)
from reviewgen.render.context.views import (
    CycleView,
    FindingView,
    cycle_view,
    finding_views,
    objective_view,
    reference_date,
)
from reviewgen.render.filters import text_bar
from reviewgen.score.scores import PersonScore, Scores, dec, percent, round_half_up, score_goal

#: A development item due within this many days of the cycle end counts as "due soon".
DUE_SOON_DAYS = 60


@dataclass(frozen=True, slots=True)
class PacketContext:
    """Everything an employee-edition review packet may show; the manager edition adds two fields.

    ``edition`` is "employee" or "manager"; ``company``, ``cycle`` and ``person`` make the header;
    ``mission`` and ``vision`` the strategy reminder; ``goals`` (with their alignment ``chain``),
    ``value_ratings`` and ``score`` (a :class:`reviewgen.score.scores.PersonScore`: ratings, label,
    notes, contributions and the formula lines) the results; ``trend`` the overall rating across
    cycles (this cycle's point the final rating where calibration changed it); ``checkins`` the cycle's
    check-ins about the person (oldest first); ``review`` the summaries; ``development`` the plan;
    ``discussion`` 6-8 questions for the conversation; ``sign_off`` the signature block.
    """

    edition: str
    company: str
    cycle: CycleView
    person: PersonView
    mission: str
    vision: str
    goals: tuple[GoalRow, ...]
    value_ratings: tuple[ValueRatingRow, ...]
    score: PersonScore
    trend: tuple[TrendPoint, ...]
    checkins: tuple[CheckInView, ...]
    review: ReviewView
    development: tuple[DevelopmentView, ...]
    discussion: tuple[DiscussionQuestion, ...]
    sign_off: SignOff
    #: Who the edition is for, printed under the title and in the page header.
    audience: str = ""
    #: The latest earlier cycle with an overall rating (the headline's comparison), or None.
    since: TrendPoint | None = None
    #: The overall rating now (the final one where calibration changed it) minus ``since``'s (one decimal).
    change: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ManagerPacketContext(PacketContext):
    """The manager edition: the employee edition plus ``prep`` (the preparation sheet), ``coaching`` (what
    to address and how to say it to this person) and ``findings`` (the check's findings about this person
    and their goals)."""

    coaching: CoachingNotes
    findings: tuple[FindingView, ...]
    #: The one-page preparation sheet printed at the front of the manager edition.
    prep: PrepSheet | None = None


def split_items(text: str) -> tuple[str, ...]:
    """ "Vision; Coaching" or one item per line -> ("Vision", "Coaching"), bullets stripped."""
    parts = (re.sub(r"^[-*•]\s*", "", p.strip()).strip() for p in re.split(r"[;\n]", text))
    return tuple(p for p in parts if p)


def _chain(wb: Workbook, scores: Scores, goal_title: str, objective_id: str | None) -> AlignmentChain:
    plan = wb.plan
    if not objective_id:
        return AlignmentChain(goal_title, plan.mission, (), False, "This goal is not linked to an objective.")
    if objective_id not in plan.by_id:
        return AlignmentChain(
            goal_title, plan.mission, (), False, f"Objective {objective_id} is not in the strategic plan."
        )
    objectives = plan.chain(objective_id)
    views = tuple(objective_view(o, scores.objectives) for o in objectives)
    top = objectives[0]
    gap = ""
    if top.level != "company":
        gap = f"Objective {top.id} does not ladder up to a company objective."
    elif retired := [o for o in objectives if not o.active]:
        named = ", ".join(f"{o.id} ({o.title})" for o in retired)
        gap = f"Objective {named} on this path is retired: move the goal to an active objective."
        if len(retired) > 1:
            gap = f"Objectives {named} on this path are retired: move the goal to an active objective."
    return AlignmentChain(goal_title, plan.mission, views, top.level == "company", gap)


#: Goal statuses printed so that they stand out in black and white.
ALERT_STATUSES = ("off track", "at risk")


def _status_label(status: str) -> str:
    key = status.strip().lower()
    if key in ALERT_STATUSES:
        return key.upper()
    return key.capitalize() if key else "No status"


def _goal_rows(wb: Workbook, scores: Scores, person_id: str) -> tuple[GoalRow, ...]:
    contributions = {c.goal_id: c for c in scores.person(person_id).contributions}
    today = reference_date(wb)
    rows = []
    for number, goal in enumerate(wb.goals_of(person_id), start=1):
        gs = score_goal(goal)
        c = contributions.get(goal.id)
        objective = wb.plan.by_id.get(goal.objective_id or "")
        status = goal.status.strip().lower()
        rows.append(
            GoalRow(
                id=goal.id,
                title=goal.title,
                metric=goal.metric,
                baseline=goal.baseline,
                target=goal.target,
                actual=goal.actual,
                unit=goal.unit,
                due=goal.due,
                status=goal.status,
                dropped=gs.excluded,
                progress=gs.progress,
                progress_pct=percent(gs.progress),
                progress_bar=text_bar(gs.progress),
                progress_note=gs.note,
                weight=c.weight if c else goal.weight,
                weight_share=c.weight_share if c else 0.0,
                points=c.points if c else 0.0,
                self_rating=goal.self_rating,
                manager_rating=goal.manager_rating,
                self_comment=goal.self_comment,
                manager_comment=goal.manager_comment,
                objective_id=goal.objective_id or "",
                objective_title=objective.title if objective else "",
                chain=_chain(wb, scores, goal.title, goal.objective_id),
                number=number,
                status_label=_status_label(goal.status),
                alert=status in ALERT_STATUSES,
                overdue=bool(today and goal.due and goal.due < today and status not in ("done", "dropped")),
                achieved_pct=percent(gs.achieved) if gs.achieved is not None else percent(gs.progress),
                counted=gs.counted,
                weight_used=c.weight_used if c else None,
            )
        )
    return tuple(rows)


def _trend(wb: Workbook, score: PersonScore, person_id: str) -> tuple[TrendPoint, ...]:
    points: list[tuple[str, float | None, bool]] = [
        (h.cycle, h.overall, False) for h in wb.history_of(person_id) if h.cycle != wb.cycle.name
    ]
    points.append((wb.cycle.name, score.final_overall, True))  # the agreed rating where calibration changed it
    out: list[TrendPoint] = []
    previous: float | None = None
    for cycle, overall, current in points:
        change = round_half_up(dec(overall) - dec(previous)) if overall is not None and previous is not None else None
        label = wb.scale.label_for(overall) if overall is not None and wb.scale.levels else ""
        out.append(TrendPoint(cycle, overall, label, current, change))
        previous = overall if overall is not None else previous
    return tuple(out)


def _change(now: float | None, before: float | None) -> float | None:
    if now is None or before is None:
        return None
    return round_half_up(dec(now) - dec(before))


def _checkins(wb: Workbook, person_id: str) -> tuple[CheckInView, ...]:
    start, end = wb.cycle.start, wb.cycle.end
    rows = []
    for c in wb.checkins_of(person_id):
        if (start and c.date < start) or (end and c.date > end):
            continue
        author = wb.person_by_id.get(c.author_id or "")
        rows.append(CheckInView(c.date, c.kind, author.name if author else "", c.note))
    return tuple(rows)


def _development(wb: Workbook, person_id: str) -> tuple[DevelopmentView, ...]:
    today = reference_date(wb)
    rows = []
    for d in wb.development_of(person_id):
        is_open = d.status.lower() not in ("done", "dropped")
        overdue = bool(is_open and today and d.due and d.due < today)
        soon = bool(is_open and today and d.due and today <= d.due <= today + dt.timedelta(days=DUE_SOON_DAYS))
        rows.append(DevelopmentView(d.focus, d.action, d.support, d.due, d.status, soon, overdue))
    return tuple(sorted(rows, key=lambda r: (r.due or dt.date.max, r.focus.casefold())))


def reviewer_of(wb: Workbook, person_id: str) -> tuple[str, str]:
    """(who reviews ``person_id``, in which role): their manager, else the Cycle sheet's top reviewer, else nobody."""
    person = wb.person_by_id[person_id]
    manager = wb.person_by_id.get(person.manager_id or "")
    if manager is not None:
        return manager.name, "manager"
    if wb.cycle.top_reviewer:
        return wb.cycle.top_reviewer, "reviewer"
    return "", ""


def packet_audience(wb: Workbook, person_id: str, edition: str) -> str:
    """Who a packet edition is for, as its cover and page header say it.

    The employee edition names the person and their reviewer ("Confidential: Ana Silva and their manager");
    the manager edition carries the Cycle sheet's confidentiality line, which is HR's line for managers.
    """
    if edition == "manager":
        return wb.cycle.confidentiality
    person = wb.person_by_id[person_id]
    reviewer, role = reviewer_of(wb, person_id)
    if role == "manager":
        who = "their manager"
    elif reviewer:
        who = reviewer[0].lower() + reviewer[1:] if reviewer.startswith("The ") else reviewer
    else:
        who = "HR"
    return f"Confidential: {person.name} and {who}"


def build_packet_context(
    wb: Workbook, scores: Scores, person_id: str, edition: Edition, findings: Sequence[Finding] = ()
) -> PacketContext:
    """The packet context of ``person_id``: a :class:`PacketContext` for the employee edition, a
    :class:`ManagerPacketContext` (with coaching notes and this person's findings) for "manager"."""
    person = wb.person_by_id.get(person_id)
    if person is None:
        raise ConfigError(f"no person with id {person_id} on the People sheet of {wb.path}")
    if edition not in ("employee", "manager"):
        raise ConfigError(f"unknown packet edition {edition!r}: use employee or manager")
    manager = wb.person_by_id.get(person.manager_id or "")
    score = scores.person(person_id)
    descriptions = {v.name.casefold(): v.description for v in wb.plan.values}
    review = wb.review_of(person_id)
    goals = _goal_rows(wb, scores, person_id)
    value_rows = tuple(
        ValueRatingRow(v.value, descriptions.get(v.value.casefold(), ""), v.self_rating, v.manager_rating, v.comment)
        for v in wb.values_of(person_id)
    )
    review_view = ReviewView(
        present=review is not None,
        self_summary=review.self_summary if review else "",
        manager_summary=review.manager_summary if review else "",
        strengths=split_items(review.strengths) if review else (),
        growth_areas=split_items(review.growth_areas) if review else (),
    )
    development = _development(wb, person_id)
    reviewer, role = reviewer_of(wb, person_id)
    trend = _trend(wb, score, person_id)
    earlier = [t for t in trend if not t.current and t.overall is not None]
    common = PacketContext(
        edition=edition,
        company=wb.cycle.company,
        cycle=cycle_view(wb),
        person=PersonView(
            person.id, person.name, person.title, person.department, manager.name if manager else "", reviewer, role
        ),
        mission=wb.plan.mission,
        vision=wb.plan.vision,
        goals=goals,
        value_ratings=value_rows,
        score=score,
        trend=trend,
        checkins=_checkins(wb, person_id),
        review=review_view,
        development=development,
        discussion=discussion_guide(goals, value_rows, development, review_view.growth_areas, role or "reviewer"),
        sign_off=SignOff(person.name, reviewer, wb.cycle.deadline, role or "reviewer"),
        audience=packet_audience(wb, person_id, edition),
        since=earlier[-1] if earlier else None,
        change=_change(score.final_overall, earlier[-1].overall if earlier else None),
    )
    if edition == "employee":
        return common
    subjects = {person_id} | {g.id for g in wb.goals_of(person_id)}
    fields = {name: getattr(common, name) for name in PacketContext.__dataclass_fields__}
    since = common.since
    prep = prep_sheet(
        score,
        goals,
        value_rows,
        common.checkins,
        development,
        common.discussion,
        since=since,
        reviewer_role=role,
        cycle_end=wb.cycle.end,
        gap_days=wb.cycle.checkin_gap_days,
    )
    return ManagerPacketContext(
        **fields,
        coaching=coaching_notes(person, score, goals, common.change),
        findings=finding_views(findings, subjects),
        prep=prep,
    )
