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
    #: "concern" (a falling rating, goals off track or at risk) or "good": what the tips address.
    situation: str = "good"


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


def _numbers(goals: Sequence[GoalRow]) -> str:
    """ "Goal 2" or "Goals 2, 3 and 4"."""
    numbers = [str(g.number) for g in goals]
    if len(numbers) == 1:
        return f"Goal {numbers[0]}"
    return f"Goals {', '.join(numbers[:-1])} and {numbers[-1]}"


def discussion_guide(
    goals: Sequence[GoalRow],
    values: Sequence[ValueRatingRow],
    development: Sequence[DevelopmentView],
    growth_areas: Sequence[str],
    reviewer: str = "manager",
) -> tuple[DiscussionQuestion, ...]:
    """6-8 questions, most specific first: the best goal, a low-progress goal, the largest
    self/manager rating gap, the alignment of a goal, a development item due soon, a growth area,
    the lowest-rated value; general questions fill up to six and close the list."""
    live = [g for g in goals if not g.dropped]
    out = [*_progress_questions(live), *_gap_question(live, values, reviewer)]
    linked = [g for g in live if g.chain.objectives]
    if linked:
        g = linked[0]
        top = g.chain.objectives[0]
        out.append(
            _q("Strategy", f"How did goal {g.number} move '{top.title}' forward, and what would move it further?")
        )
    soon = [d for d in development if d.due_soon or d.overdue]
    if soon:
        d = soon[0]
        when = f" (due {format_date(d.due)})" if d.due else ""
        out.append(
            _q("Development", f"Your development step '{d.focus}'{when}: what support do you need to finish it?")
        )
    if growth_areas:
        out.append(
            _q("Growth", f"You and your {reviewer} named '{growth_areas[0]}' as a growth area. What is a first step?")
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


def _progress_questions(live: Sequence[GoalRow]) -> list[DiscussionQuestion]:
    """Questions on the best goal, the lowest one (when low and not already flagged) and the goals behind."""
    measured = [g for g in live if g.progress is not None]
    out: list[DiscussionQuestion] = []
    if measured:
        best = max(measured, key=lambda g: (g.progress or 0.0, g.weight or 0.0))
        out.append(
            _q("Achievements", f"Goal {best.number} reached {best.achieved_pct}\u00a0%. What made that possible?")
        )
        low = [g for g in measured if (g.progress or 0.0) < LOW_PROGRESS and g is not best and not g.alert]
        if low:
            worst = min(low, key=lambda g: (g.progress or 0.0, -(g.weight or 0.0)))
            out.append(
                _q(
                    "Progress",
                    f"Goal {worst.number} is at {worst.progress_pct}\u00a0%. What got in the way, and what would help?",
                )
            )
    behind = [g for g in live if g.alert]
    if behind:
        named = _numbers(behind)
        verb = "is" if len(behind) == 1 else "are"
        out.append(
            _q("Goals behind", f"{named} {verb} off track or at risk: what would bring it back, and what do you need?")
        )
    return out


def _gap_question(live: Sequence[GoalRow], values: Sequence[ValueRatingRow], reviewer: str) -> list[DiscussionQuestion]:
    """A question on the largest self/reviewer rating gap (goals and values), when it is a point or more."""
    gaps = [
        (abs(r.self_rating - r.manager_rating), f"goal {r.number}", r.self_rating, r.manager_rating)
        for r in live
        if r.self_rating is not None and r.manager_rating is not None
    ] + [
        (abs(v.self_rating - v.manager_rating), f"'{v.value}'", v.self_rating, v.manager_rating)
        for v in values
        if v.self_rating is not None and v.manager_rating is not None
    ]
    if not gaps:
        return []
    size, title, own, theirs = max(gaps, key=lambda t: t[0])
    if size < 1:
        return []
    return [
        _q(
            "Ratings",
            f"On {title} you rated yourself {own} and your {reviewer} rated {theirs}. "
            "What did each of you see that the other may have missed?",
        )
    ]


#: Tips by trait and situation ("good": on course; "concern": a falling rating or goals off track or at risk).
_TIPS: dict[str, dict[str, str]] = {
    "direct": {
        "good": "Say the main message in the first two minutes, plainly, then explain; they prefer it straight.",
        "concern": "Name the concern in the first two minutes, plainly ({concern}), then ask what got in the way "
        "and listen before proposing anything.",
    },
    "tactful": {
        "good": "Open with what went well and why it mattered, then raise the main point as a shared problem "
        "to solve; avoid surprises and blunt labels.",
        "concern": "Open with what went well ({subject}), then raise {concern} as a problem to solve together; "
        "no surprises, no blunt labels.",
    },
    "facts": {
        "good": "Bring the numbers: {fact}. Let them check the arithmetic in the formula section.",
        "concern": "Bring the numbers and go through them together ({fact}; {concern}); let them check the "
        "formula and correct anything that is wrong.",
    },
    "feelings": {
        "good": "Ask how they feel the cycle went before showing the figures, and acknowledge the effort "
        "behind {subject}.",
        "concern": "Ask how the cycle felt before showing any figure; acknowledge the pressure behind {focus} "
        "and ask what support would help.",
    },
    "individual": {
        "good": "Recognise their own results by name ({subject}) and agree a personal stretch goal.",
        "concern": "Agree one personal, concrete step to bring {focus} back on course, with a date and a "
        "check-in to review it; leave stretch goals until it is back on track.",
    },
    "team": {
        "good": "Link their results to what the team achieved and to '{objective}'; ask how they want to help "
        "others next cycle.",
        "concern": "Say how {focus} matters to the team's objective '{objective}', and agree who on the team can help.",
    },
}
_GENERAL = {
    "good": (
        "Send the packet a day ahead so they can read it before you meet.",
        "Start by asking for their view of the cycle, then give yours; listen more than you talk.",
        "Give one or two concrete examples for every rating you discuss.",
        "Agree two or three next steps and write them down together.",
    ),
    "concern": (
        "Send the packet a day ahead so the concern is no surprise in the meeting.",
        "Ask for their view of what got in the way before giving yours; separate the causes they control "
        "from the ones they do not.",
        "Agree one or two recovery steps with dates on the 'Next cycle' page, and put a check-in in the "
        "diary to review them.",
        "Give one or two concrete examples for every rating you discuss.",
    ),
}
#: A change of the overall rating at least this large (down) since last cycle is a concern.
FALLING = -0.2


def _concern(score: PersonScore, goals: Sequence[GoalRow], change: float | None) -> tuple[str, str]:
    """(what is of concern, in words; the goal to focus on) or ("", "") when the person is on course."""
    parts: list[str] = []
    if change is not None and change <= FALLING:
        parts.append(f"the overall rating fell by {abs(change):.1f} since last cycle")
    # Off track before at risk: the coaching focuses on the goal furthest behind.
    alerts = sorted(
        (g for g in goals if g.alert and not g.dropped), key=lambda g: (g.status_label != "OFF TRACK", g.number)
    )
    if alerts:
        listed = ", ".join(f"goal {g.number} is {g.status_label.lower()}" for g in alerts[:3])
        parts.append(listed)
    if not parts:
        return "", ""
    focus = f"goal {alerts[0].number}" if alerts else "the goals behind"
    return " and ".join(parts), focus


def coaching_notes(
    person: Person, score: PersonScore, goals: Sequence[GoalRow], change: float | None = None
) -> CoachingNotes:
    """3-6 tips on delivering this review to ``person``: what to say follows their data (a falling rating,
    goals off track or at risk are a concern to address, not to skip), how to say it follows their
    communication, orientation and motivation profile; general tips when the profile is unknown."""
    live = [g for g in goals if not g.dropped]
    measured = [g for g in live if g.progress_pct is not None]
    best = max(measured, key=lambda g: g.progress or 0.0) if measured else None
    subject = f"goal {best.number} at {best.achieved_pct}\u00a0%" if best else "their goals"
    if score.overall is not None:
        fact = f"overall {score.overall:g} ({score.computed_label})"
        if best:
            fact += f", goal {best.number} at {best.achieved_pct}\u00a0%"
    else:
        fact = "the goal progress figures"
    objective = next((g.chain.objectives[0].title for g in live if g.chain.objectives), "the team's objectives")
    concern, focus = _concern(score, live, change)
    situation = "concern" if concern else "good"

    tips: list[str] = []
    traits: list[str] = []
    for trait in (person.communication, person.orientation, person.motivation):
        key = trait.strip().lower()
        if key in _TIPS:
            traits.append(key)
            tips.append(
                _TIPS[key][situation].format(
                    fact=fact, subject=subject, objective=objective, concern=concern, focus=focus
                )
            )
    for tip in _GENERAL[situation]:
        if len(tips) >= 3 + (0 if traits else 1):
            break
        tips.append(tip)
    low = [g for g in measured if (g.progress or 0.0) < LOW_PROGRESS and not g.alert]
    if low and len(tips) < 6:
        tips.append(
            f"Agree what would unblock goal {low[0].number} ({low[0].progress_pct}\u00a0%) rather than dwelling on it."
        )
    return CoachingNotes(", ".join(traits) if traits else "not recorded", bool(traits), tuple(tips[:6]), situation)
