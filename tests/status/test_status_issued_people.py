"""`reviewgen status --forms DIR` counts a returned form for the people its signed record was issued with, not for
whoever reports to its owner today (issue 13, review).

The clean cycle: Ada (P1) manages Grace (P2), who manages Alan (P3). The forms go out and Grace's comes back (it
lists Alan); then the workbook changes: Alan moves to Ada, and Edsger (P4) joins under Grace. Alan's form is back
(he is on Grace's returned form); Edsger's is not (he is on no form); Grace's is not (Ada's form is not back).
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path

import pytest
from testkit.builders import clean_sheets, find_row, write_workbook

from reviewgen import api

EDSGER = ["P4", "Edsger Dijkstra", "edsger@acme.test", "Account Executive", "Sales", "P2", "direct", "facts", "team"]


def changed_after_the_forms_went_out(tmp_path: Path, goals: bool) -> Path:
    """The workbook after Grace's form (goal-setting or review) came back and the people changed."""
    sheets = clean_sheets()
    path = write_workbook(tmp_path / "cycle.xlsx", sheets)
    sent = api.issue_forms(path, tmp_path / "forms", goals=goals)
    grace = next(p for p in sent if " - P2 - " in p.name)
    (tmp_path / "returned").mkdir()
    shutil.copy(grace, tmp_path / "returned" / grace.name)
    changed = copy.deepcopy(sheets)
    find_row(changed, "People", "P3")[5] = "P1"
    changed["People"].append(list(EDSGER))
    write_workbook(path, changed)  # same path: the secret beside it still verifies Grace's form
    return path


@pytest.mark.parametrize(("goals", "step"), [(True, "goal_form"), (False, "form")])
def test_a_returned_form_counts_for_the_people_it_was_issued_with(tmp_path: Path, goals: bool, step: str) -> None:
    path = changed_after_the_forms_went_out(tmp_path, goals)
    report = api.cycle_status(path, forms_dir=tmp_path / "returned", as_of=dt.date(2026, 12, 31)).report
    assert {s.person.id: dict(s.done)[step] for s in report.people} == {
        "P1": None,  # the top: on nobody's form
        "P2": False,  # on Ada's form, not back
        "P3": True,  # moved to Ada since, but on Grace's returned form
        "P4": False,  # added under Grace after the forms went out: on no form
    }
    assert dict((s, (done, measured)) for s, done, measured in report.company_total.counts)[step] == (1, 3)
    by_manager = {g.key: dict((s, (d, m)) for s, d, m in g.counts)[step] for g in report.managers}
    assert by_manager == {"P1": (1, 2), "P2": (0, 1)}
    assert report.returned_by == (frozenset() if goals else frozenset({"P2"}))
