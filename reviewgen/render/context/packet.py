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
    cycles; ``checkins`` the cycle's check-ins about the person (oldest first); ``review`` the
    summaries; ``development`` the plan; ``discussion`` 6-8 questions for the conversation;
    ``sign_off`` the signature block.
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


@dataclass(frozen=True, slots=True)
class ManagerPacketContext(PacketContext):
    """The manager edition: the employee edition plus ``coaching`` (how to deliver the message to
    this person) and ``findings`` (the check's findings about this person and their goals)."""

    coaching: CoachingNotes
    findings: tuple[FindingView, ...]


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
    elif any(not o.active for o in objectives):
        gap = "A retired objective is on this path."
    return AlignmentChain(goal_title, plan.mission, views, top.level == "company", gap)


def _goal_rows(wb: Workbook, scores: Scores, person_id: str) -> tuple[GoalRow, ...]:
    contributions = {c.goal_id: c for c in scores.person(person_id).contributions}
    rows = []
    for goal in wb.goals_of(person_id):
        gs = score_goal(goal)
        c = contributions.get(goal.id)
        objective = wb.plan.by_id.get(goal.objective_id or "")
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
            )
        )
    return tuple(rows)


def _trend(wb: Workbook, score: PersonScore, person_id: str) -> tuple[TrendPoint, ...]:
    points: list[tuple[str, float | None, bool]] = [
        (h.cycle, h.overall, False) for h in wb.history_of(person_id) if h.cycle != wb.cycle.name
    ]
    points.append((wb.cycle.name, score.overall, True))
    out: list[TrendPoint] = []
    previous: float | None = None
    for cycle, overall, current in points:
        change = round_half_up(dec(overall) - dec(previous)) if overall is not None and previous is not None else None
        label = wb.scale.label_for(overall) if overall is not None and wb.scale.levels else ""
        out.append(TrendPoint(cycle, overall, label, current, change))
        previous = overall if overall is not None else previous
    return tuple(out)


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
    common = PacketContext(
        edition=edition,
        company=wb.cycle.company,
        cycle=cycle_view(wb),
        person=PersonView(person.id, person.name, person.title, person.department, manager.name if manager else ""),
        mission=wb.plan.mission,
        vision=wb.plan.vision,
        goals=goals,
        value_ratings=value_rows,
        score=score,
        trend=_trend(wb, score, person_id),
        checkins=_checkins(wb, person_id),
        review=review_view,
        development=development,
        discussion=discussion_guide(goals, value_rows, development, review_view.growth_areas),
        sign_off=SignOff(person.name, manager.name if manager else "", wb.cycle.deadline),
    )
    if edition == "employee":
        return common
    subjects = {person_id} | {g.id for g in wb.goals_of(person_id)}
    fields = {name: getattr(common, name) for name in PacketContext.__dataclass_fields__}
    return ManagerPacketContext(
        **fields,
        coaching=coaching_notes(person, score, goals),
        findings=finding_views(findings, subjects),
    )
