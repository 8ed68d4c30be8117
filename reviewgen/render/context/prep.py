"""The manager's preparation sheet: one page at the front of the manager edition, built from the data.

What changed since last cycle, goals off track or at risk, the largest self/manager gaps, a borderline
label, the check-in rhythm, open development items, and three questions to ask. Every line is a sentence
about this person's own records; nothing here is shown in the employee edition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reviewgen.render.context.coaching import DiscussionQuestion
from reviewgen.render.context.rows import CheckInView, DevelopmentView, GoalRow, TrendPoint, ValueRatingRow
from reviewgen.render.filters import format_date
from reviewgen.score.scores import PersonScore

#: Self/manager differences at least this large are listed.
GAP_LISTED = 1
#: Topics of the discussion guide, most pressing first: the three questions to ask come from here.
_QUESTION_ORDER = ("Goals behind", "Progress", "Ratings", "Development", "Growth", "Achievements", "Strategy")


@dataclass(frozen=True, slots=True)
class PrepSheet:
    """What a manager reads before the review conversation (manager edition only).

    ``change`` says how the overall rating moved since the last rated cycle ("" without history) and
    ``falling`` is True when it went down; ``goals_behind`` lists goals off track or at risk, ``gaps``
    the largest self/manager differences, ``label`` where the overall rating sits within its label and
    ``borderline`` whether to raise it at calibration; ``parts`` says when the goal and values ratings
    read differently from the overall one; ``checkins`` the rhythm of conversations, ``development`` the
    open development items; ``questions`` three questions to ask.
    """

    change: str
    falling: bool
    goals_behind: tuple[str, ...]
    gaps: tuple[str, ...]
    label: str
    borderline: bool
    parts: str
    checkins: str
    development: tuple[str, ...]
    questions: tuple[DiscussionQuestion, ...]


def _short(title: str, words: int = 6) -> str:
    split = title.split()
    return title if len(split) <= words else " ".join(split[:words]) + " …"


def _change(score: PersonScore, since: TrendPoint | None) -> tuple[str, bool]:
    """How the overall rating moved since ``since``: to the final one, where calibration changed it."""
    now = score.final_overall
    if now is None:
        return "Not rated yet this cycle.", False
    if since is None or since.overall is None:
        return "No earlier cycle on the History sheet to compare with.", False
    delta = round(now - since.overall, 1)
    if delta == 0:
        return f"Overall rating unchanged since {since.cycle} ({since.overall:.1f}).", False
    verb = "rose" if delta > 0 else "fell"
    return (
        f"Overall rating {verb} by {abs(delta):.1f}: from {since.overall:.1f} ({since.label}) in {since.cycle} "
        f"to {now:.1f} ({score.label}){' as calibrated' if score.changed_by_calibration else ''}.",
        delta < 0,
    )


def _goals_behind(goals: Sequence[GoalRow]) -> tuple[str, ...]:
    out = []
    for g in goals:
        if not g.alert or g.dropped:
            continue
        where = f"at {g.achieved_pct}\u00a0%" if g.achieved_pct is not None else "progress unknown"
        due = f", due {format_date(g.due)}" if g.due else ""
        out.append(f"Goal {g.number} ({_short(g.title)}) is {g.status_label}, {where}{due}.")
    return tuple(out)


def _gaps(goals: Sequence[GoalRow], values: Sequence[ValueRatingRow], reviewer: str) -> tuple[str, ...]:
    items = [
        (abs(g.self_rating - g.manager_rating), f"Goal {g.number} ({_short(g.title)})", g.self_rating, g.manager_rating)
        for g in goals
        if not g.dropped and g.self_rating is not None and g.manager_rating is not None
    ] + [
        (abs(v.self_rating - v.manager_rating), f"Value '{v.value}'", v.self_rating, v.manager_rating)
        for v in values
        if v.self_rating is not None and v.manager_rating is not None
    ]
    items = sorted((i for i in items if i[0] >= GAP_LISTED), key=lambda i: -i[0])[:3]
    return tuple(f"{what}: self {own}, {reviewer} {theirs} ({size} apart)." for size, what, own, theirs in items)


def _checkins(checkins: Sequence[CheckInView], end: dt.date | None, gap_days: int) -> str:
    if not checkins:
        return "No check-in recorded this cycle: hold one before the review."
    last = max(c.date for c in checkins)
    text = f"{len(checkins)} conversation(s) this cycle; the last on {format_date(last)}"
    if end is not None:
        days = (end - last).days
        text += f", {days} days before the cycle end"
        if days > gap_days:
            return text + f": longer than the {gap_days}-day rhythm, so a check-in is overdue."
    return text + "."


def _development(items: Sequence[DevelopmentView]) -> tuple[str, ...]:
    out = []
    for d in items:
        if d.status.strip().lower() in ("done", "dropped"):
            continue
        due = f", due {format_date(d.due)}" if d.due else ""
        flag = " (overdue)" if d.overdue else ""
        out.append(f"{d.focus}: {d.action or 'no action written yet'}{due}{flag}.")
    return tuple(out)


def _parts(score: PersonScore) -> str:
    labels = [(name, value, label) for name, value, label in (
        ("goal rating", score.goal_rating, score.goal_label),
        ("values rating", score.values_rating, score.values_label),
    ) if value is not None and label and label != score.computed_label]  # fmt: skip
    if not labels or score.overall is None:
        return ""
    said = " and ".join(f"the {name} alone is {value:.1f} – {label}" for name, value, label in labels)
    return f"The overall rating reads {score.computed_label}, but {said}."


def prep_sheet(
    score: PersonScore,
    goals: Sequence[GoalRow],
    values: Sequence[ValueRatingRow],
    checkins: Sequence[CheckInView],
    development: Sequence[DevelopmentView],
    discussion: Sequence[DiscussionQuestion],
    *,
    since: TrendPoint | None,
    reviewer_role: str,
    cycle_end: dt.date | None,
    gap_days: int,
) -> PrepSheet:
    """The preparation sheet of one person (see :class:`PrepSheet`)."""
    change, falling = _change(score, since)
    ranked = sorted((q for q in discussion if q.topic in _QUESTION_ORDER), key=lambda q: _QUESTION_ORDER.index(q.topic))
    questions = [*ranked, *(q for q in discussion if q not in ranked)][:3]
    margin = score.margin
    return PrepSheet(
        change=change,
        falling=falling,
        goals_behind=_goals_behind(goals),
        gaps=_gaps(goals, values, reviewer_role or "reviewer"),
        label=margin.sentence if margin else "",
        borderline=bool(margin and margin.borderline),
        parts=_parts(score),
        checkins=_checkins(checkins, cycle_end, gap_days),
        development=_development(development),
        questions=tuple(questions),
    )
