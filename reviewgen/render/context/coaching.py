"""The conversation helpers of a packet: the discussion guide and the manager's coaching notes.

Both are derived from the person's own data only, in a fixed order, so the same workbook always
gives the same questions and tips.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewgen.model.workbook import Person
from reviewgen.render.context.rows import DevelopmentView, GoalRow, ValueRatingRow
from reviewgen.render.filters import format_date
from reviewgen.score.scores import PersonScore

MIN_QUESTIONS = 6
MAX_QUESTIONS = 8
#: Progress below this is "low" in the discussion guide.
LOW_PROGRESS = 0.5


@dataclass(frozen=True, slots=True)
class DiscussionQuestion:
    """One question for the review conversation: a short ``topic`` ("Progress", "Ratings"...) and
    the ``question`` itself, addressed to the employee."""

    topic: str
    question: str


@dataclass(frozen=True, slots=True)
class CoachingNotes:
    """How to deliver the review to this person (manager edition only).

    ``profile`` describes what is known ("direct, facts, individual" or "not recorded");
    ``known`` is False when the People sheet has no communication/orientation/motivation for
    them (the tips are then general ones); ``tips`` holds 3-6 concrete suggestions.
    """

    profile: str
    known: bool
    tips: tuple[str, ...]


def _q(topic: str, question: str) -> DiscussionQuestion:
    return DiscussionQuestion(topic, question)


#: General questions that fill the guide up to six when the data gives fewer specific ones.
_FILLERS = (
    _q("Reflection", "Looking back on the cycle, what are you most proud of?"),
    _q("Support", "What should I do more of, or less of, to support you?"),
    _q("Challenges", "What was the hardest part of this cycle, and what did you learn from it?"),
    _q("Growth", "Which skill would make the biggest difference to your work next year?"),
    _q("Working together", "Is there anything about how we work together that you would change?"),
)
_CLOSING = _q("Next cycle", "What should your top priority be next cycle, and how will we know it worked?")


def discussion_guide(
    goals: Sequence[GoalRow],
    values: Sequence[ValueRatingRow],
    development: Sequence[DevelopmentView],
    growth_areas: Sequence[str],
) -> tuple[DiscussionQuestion, ...]:
    """6-8 questions, most specific first: the best goal, a low-progress goal, the largest
    self/manager rating gap, the alignment of a goal, a development item due soon, a growth area,
    the lowest-rated value; general questions fill up to six and close the list."""
    live = [g for g in goals if not g.dropped]
    measured = [g for g in live if g.progress is not None]
    out: list[DiscussionQuestion] = []
    if measured:
        best = max(measured, key=lambda g: (g.progress or 0.0, g.weight or 0.0))
        out.append(_q("Achievements", f"'{best.title}' reached {best.progress_pct}%. What made that possible?"))
        low = [g for g in measured if (g.progress or 0.0) < LOW_PROGRESS and g is not best]
        if low:
            worst = min(low, key=lambda g: (g.progress or 0.0, -(g.weight or 0.0)))
            out.append(
                _q(
                    "Progress",
                    f"'{worst.title}' is at {worst.progress_pct}%. What got in the way, and what would help?",
                )
            )
    gaps = [
        (abs(r.self_rating - r.manager_rating), r.title, r.self_rating, r.manager_rating)
        for r in live
        if r.self_rating is not None and r.manager_rating is not None
    ] + [
        (abs(v.self_rating - v.manager_rating), v.value, v.self_rating, v.manager_rating)
        for v in values
        if v.self_rating is not None and v.manager_rating is not None
    ]
    if gaps:
        size, title, own, theirs = max(gaps, key=lambda t: t[0])
        if size >= 1:
            out.append(
                _q(
                    "Ratings",
                    f"On '{title}' you rated yourself {own} and your manager rated {theirs}. "
                    "What did each of you see that the other may have missed?",
                )
            )
    linked = [g for g in live if g.chain.objectives]
    if linked:
        g = linked[0]
        top = g.chain.objectives[0]
        out.append(_q("Strategy", f"How did '{g.title}' move '{top.title}' forward, and what would move it further?"))
    soon = [d for d in development if d.due_soon or d.overdue]
    if soon:
        d = soon[0]
        when = f" (due {format_date(d.due)})" if d.due else ""
        out.append(
            _q("Development", f"Your development step '{d.focus}'{when}: what support do you need to finish it?")
        )
    if growth_areas:
        out.append(
            _q("Growth", f"You and your manager named '{growth_areas[0]}' as a growth area. What is a first step?")
        )
    rated_values = [v for v in values if v.manager_rating is not None]
    if rated_values:
        v = min(rated_values, key=lambda v: v.manager_rating or 0)
        out.append(_q("Values", f"Where could you show '{v.value}' even more next cycle?"))
    out = out[: MAX_QUESTIONS - 1]
    for filler in _FILLERS:
        if len(out) >= MIN_QUESTIONS - 1:
            break
        out.append(filler)
    out.append(_CLOSING)
    return tuple(out)


_COMMUNICATION = {
    "direct": "Say the main message in the first two minutes, plainly, then explain; they prefer it straight.",
    "tactful": "Open with what went well and why it mattered, then raise the main point as a shared problem "
    "to solve; avoid surprises and blunt labels.",
}
_ORIENTATION = {
    "facts": "Bring the numbers: {fact}. Let them check the arithmetic in the formula section.",
    "feelings": "Ask how they feel the cycle went before showing the figures, and acknowledge the effort "
    "behind {subject}.",
}
_MOTIVATION = {
    "individual": "Recognise their own results by name ({subject}) and agree a personal stretch goal.",
    "team": "Link their results to what the team achieved and to '{objective}'; ask how they want to help "
    "others next cycle.",
}
_GENERAL = (
    "Send the packet a day ahead so they can read it before you meet.",
    "Start by asking for their view of the cycle, then give yours; listen more than you talk.",
    "Give one or two concrete examples for every rating you discuss.",
    "Agree two or three next steps and write them down together.",
)


def coaching_notes(person: Person, score: PersonScore, goals: Sequence[GoalRow]) -> CoachingNotes:
    """3-6 tips on delivering the same message to ``person``, from their communication,
    orientation and motivation profile; general tips when the profile is unknown."""
    live = [g for g in goals if not g.dropped]
    measured = [g for g in live if g.progress_pct is not None]
    best = max(measured, key=lambda g: g.progress or 0.0) if measured else None
    subject = f"'{best.title}'" if best else "their goals"
    if score.overall is not None:
        fact = f"overall {score.overall:g} ({score.label})"
        if best:
            fact += f", '{best.title}' at {best.progress_pct}%"
    else:
        fact = "the goal progress figures"
    objective = next((g.chain.objectives[0].title for g in live if g.chain.objectives), "the team's objectives")

    tips: list[str] = []
    traits: list[str] = []
    comm = person.communication.strip().lower()
    orient = person.orientation.strip().lower()
    motiv = person.motivation.strip().lower()
    if comm in _COMMUNICATION:
        traits.append(comm)
        tips.append(_COMMUNICATION[comm])
    if orient in _ORIENTATION:
        traits.append(orient)
        tips.append(_ORIENTATION[orient].format(fact=fact, subject=subject))
    if motiv in _MOTIVATION:
        traits.append(motiv)
        tips.append(_MOTIVATION[motiv].format(subject=subject, objective=objective))
    for tip in _GENERAL:
        if len(tips) >= 3 + (0 if traits else 1):
            break
        tips.append(tip)
    low = [g for g in measured if (g.progress or 0.0) < LOW_PROGRESS]
    if low and len(tips) < 6:
        tips.append(f"Agree what would unblock '{low[0].title}' ({low[0].progress_pct}%) rather than dwelling on it.")
    return CoachingNotes(", ".join(traits) if traits else "not recorded", bool(traits), tuple(tips[:6]))
