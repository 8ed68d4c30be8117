"""A form is bound to the workbook and issue it came from (issue 9 item 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

from testkit.builders import clean_sheets, find_row, write_workbook
from testkit.cycle import GRACE, GRACE_EDITS, SECRET, Cycle, all_cells

from reviewgen.collect.run import collect_forms
from reviewgen.forms.issue import issue_id, registered
from reviewgen.forms.write import write_forms
from reviewgen.load.workbook import load_workbook


def other_workbook(folder: Path) -> Path:
    """Another organisation's workbook in the same folder: same cycle label, same ids, other people and goals."""
    sheets = clean_sheets()
    for pid, name in (("P1", "Bea Boss"), ("P2", "Carl Lead"), ("P3", "Dora Dev")):
        find_row(sheets, "People", pid)[1] = name
    find_row(sheets, "Goals", "G4")[2] = "Ship the mobile app by December"
    return write_workbook(folder / "engineering.xlsx", sheets)


def test_a_form_from_another_workbook_sharing_secret_and_cycle_is_rejected_whole(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    other = other_workbook(c.path.parent)
    issued = {p.name: p for p in write_forms(load_workbook(other), tmp_path / "eng-forms", secret=SECRET)}
    carl = next(name for name in issued if "Carl Lead" in name)
    c.forms = {GRACE: issued[carl]}  # the engineering manager's form comes back into HR's returned folder
    c.fill(GRACE, GRACE_EDITS)
    before = all_cells(c.path)
    result = c.collect()
    (form,) = result.forms
    sales_issue = issue_id(SECRET, "cycle.xlsx", "2026-Q4")
    eng_issue = issue_id(SECRET, "engineering.xlsx", "2026-Q4")
    assert form.status == "rejected"
    assert form.reason == (
        f"it was issued from engineering.xlsx (issue {eng_issue}), not from cycle.xlsx (issues: {sales_issue}), "
        "and its people and goals differ from this workbook's: collect it into engineering.xlsx, or send a fresh "
        "form from cycle.xlsx"
    )
    assert not result.changes and all_cells(c.merged) == before


def test_the_same_workbook_renamed_still_collects_its_forms(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, GRACE_EDITS)
    renamed = shutil.copy(c.path, c.path.parent / "cycle-final.xlsx")
    result = collect_forms(load_workbook(renamed), Path(renamed), [c.returned], c.merged, secret=SECRET)
    assert [f.status for f in result.forms] == ["accepted"] and result.changes


def test_forms_register_their_issue_and_collect_passes_it_on_to_the_merged_workbook(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    assert registered(c.path) == (issue_id(SECRET, "cycle.xlsx", "2026-Q4"),)
    c.fill(GRACE, GRACE_EDITS)
    merged = c.path.parent / "merged.xlsx"
    c.collect(merged=merged)
    assert registered(merged) == registered(c.path)
    # Grace's late second form still collects into the merged workbook, whose rows now differ from the issue.
    find_row(c.sheets, "People", "P3")[1] = "Alan M. Turing"
    write_workbook(merged, c.sheets)
    late = collect_forms(load_workbook(merged), merged, [c.returned], tmp_path / "m2.xlsx", secret=SECRET)
    assert [f.status for f in late.forms] == ["accepted"]
