"""The Instructions sheet of a goal-setting form (`reviewgen forms --goals`): what to write, in plain language.

Managers and employees read it before anything else: what a good goal says, which columns to fill, the
cycle's dates (the Due column accepts only those), the objectives offered and what HR does with the form.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewgen.forms.layout import INSTRUCTIONS_SHEET, NEW_GOAL_ROWS, FormKind
from reviewgen.forms.sheets import SEND_BACK, send_back_by, write_instructions
from reviewgen.forms.xlsx_sheet import SheetXml
from reviewgen.model.workbook import Person, Workbook


def goal_instructions(wb: Workbook, owner: Person, kind: FormKind, people: Sequence[Person]) -> SheetXml:
    """The first sheet of a goal-setting form (``kind`` "goals") or a goal proposal ("goal-proposal")."""
    cycle = wb.cycle
    span = (
        f"{cycle.start:%d %B %Y} to {cycle.end:%d %B %Y}"
        if cycle.start is not None and cycle.end is not None
        else "the dates HR gives you"
    )
    if kind == "goals":
        count = len(people)
        who = (
            f"Goal setting for {owner.name} ({owner.id}): the goals of your {count} direct report{'s' * (count != 1)}."
        )
        whose = "each person's"
    else:
        who = f"Goal proposal for {owner.name} ({owner.id}): propose your own goals; your manager agrees them with you."
        whose = "your"
    lines: list[tuple[str, bool]] = [
        (f"{cycle.company}: {cycle.name} goal setting", True),
        (who, False),
        (send_back_by(cycle), True),
        ("", False),
        ("What to fill in", True),
        ("Fill the yellow columns on the Goals sheet, one goal per row.", False),
        (f"The rows with a Goal ID are {whose} goals HR has now: change what should change, leave the rest.", False),
        (f"Under each person are {NEW_GOAL_ROWS} empty rows: write a new goal there (HR gives it its Goal ID).", False),
        ("Goal: what will be done, of what, by when, e.g. 'Ship billing API v2 by 15 November' or", False),
        ("'Cut p95 latency from 420 to 250 ms', not 'Be a team player' or 'Improve communication'.", False),
        (
            "Objective: choose the objective the goal serves from the dropdown. Each person's rows offer their own",
            False,
        ),
        ("list: the company's objectives, their department's, and those they or their manager own.", False),
        (
            "Metric, Baseline, Target and Unit: what is measured, where it stands now and the number that means done.",
            False,
        ),
        ("Weight %: how much the goal counts; the weights of one person's goals add up to 100.", False),
        (f"Due: the date it is done by, within the cycle: {span}.", False),
        ("An empty yellow cell of an existing goal means 'no change': what HR already has is kept.", False),
        ("", False),
        ("What HR does with it", True),
        (
            "HR adds the new goals and your changes to the cycle workbook, and checks every goal: a goal without a",
            False,
        ),
        ("number, a date or a concrete deliverable, without a metric or a due date is listed, and the form may", False),
        ("come back to you. A goal on an objective that is not on the list is not added.", False),
        ("", False),
        ("Please do not", True),
        ("change the blue columns (ids, names): they match each goal to the right person;", False),
        ("copy rows from another form, or type formulas (text starting with =): they are not collected.", False),
        ("", False),
        *SEND_BACK,
        (cycle.confidentiality, True),
    ]
    return write_instructions(INSTRUCTIONS_SHEET, lines, f"{cycle.name} · {owner.name}", cycle.confidentiality)
