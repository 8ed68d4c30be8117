"""Which forms came back: the verified forms of this cycle in the folder HR collects them into.

A returned form counts for the people its signed record was issued with, not for whoever reports to its owner
today: someone added to the workbook after the forms went out is on no form, and someone who moved manager since
is still on the form they were issued on. Review forms (`forms`) and goal-setting forms (`forms --goals`) list
the manager's reports as they were; a goal proposal (`forms --goals --self`) its own employee.

A self-assessment form (`forms --self`) counts once it holds an answer: before collect merges it, the workbook
does not show the self assessment, and the person would be chased for one they already sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewgen.errors import FormError, InputError
from reviewgen.forms.read import ReturnedForm, is_form_candidate, read_form
from reviewgen.model.workbook import Workbook


@dataclass(frozen=True)
class ReturnedForms:
    """The forms of this cycle found in the folder, by the person who returned them (their owner's id)."""

    #: Managers whose review form came back.
    review: frozenset[str] = frozenset()
    #: Managers whose goal-setting form came back.
    goals: frozenset[str] = frozenset()
    #: Employees whose goal proposal came back.
    proposals: frozenset[str] = frozenset()
    #: The people listed on the review forms that came back, and on the managers' goal-setting forms.
    review_people: frozenset[str] = frozenset()
    goal_people: frozenset[str] = frozenset()
    #: Employees whose self-assessment form came back with a self rating or a self summary in it.
    self_assessed: frozenset[str] = frozenset()
    #: One line per file that is not a usable form of this cycle: "name: why".
    unusable: tuple[str, ...] = ()

    @property
    def goal_setting(self) -> bool:
        """Whether any goal-setting form (a manager's or a proposal) is in the folder."""
        return bool(self.goals or self.proposals)


def returned_forms(folder: Path, wb: Workbook, secret: bytes) -> ReturnedForms:
    """The forms of this cycle in ``folder`` (their signatures verified), and the files that are not."""
    if not folder.is_dir():
        raise InputError(f"{folder}: --forms takes the folder the returned forms are saved in")
    owners: dict[str, set[str]] = {"manager": set(), "goals": set(), "goal-proposal": set()}
    people: dict[str, set[str]] = {kind: set() for kind in owners}
    self_assessed: set[str] = set()
    unusable: list[str] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and is_form_candidate(p)):
        try:
            form = read_form(path, secret)
        except FormError as exc:
            unusable.append(f"{path.name}: {exc.message}")
            continue
        if form.record.cycle != wb.cycle.name:
            unusable.append(f"{path.name}: a form of cycle {form.record.cycle}, not {wb.cycle.name}")
        elif form.record.kind in owners:
            owners[form.record.kind].add(form.record.owner_id)
            people[form.record.kind].update(p.id for p in form.record.people)
        elif form.record.kind == "self" and _holds_self_answer(form):
            self_assessed.update(p.id for p in form.record.people)
    return ReturnedForms(
        review=frozenset(owners["manager"]),
        goals=frozenset(owners["goals"]),
        proposals=frozenset(people["goal-proposal"]),
        review_people=frozenset(people["manager"]),
        goal_people=frozenset(people["goals"]),
        self_assessed=frozenset(self_assessed),
        unusable=tuple(unusable),
    )


#: The cells of a self-assessment form that make it a self assessment, by sheet key: the same answers as
#: check.rhythm.has_self_assessment reads from the workbook (a self rating on a goal or value, a self summary).
_SELF_ANSWERS = {"goals": "rating", "values": "rating", "review": "summary"}


def _holds_self_answer(form: ReturnedForm) -> bool:
    """Whether a returned self-assessment form has a self rating or a self summary filled in."""
    return any(row.sheet.key in _SELF_ANSWERS and not row.get(_SELF_ANSWERS[row.sheet.key]).blank for row in form.rows)
