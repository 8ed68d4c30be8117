"""A form is bound to the workbook and issue it came from (issue 9 item 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

from testkit.builders import clean_sheets, find_row, write_workbook
from testkit.cycle import ADA, GRACE, GRACE_EDITS, SECRET, Cycle, all_cells

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
    sales_issue = issue_id(SECRET, c.path, "2026-Q4")
    eng_issue = issue_id(SECRET, other, "2026-Q4")
    assert form.status == "rejected"
    assert form.reason == (
        f"it was issued from engineering.xlsx (issue {eng_issue}), not from cycle.xlsx as it is now "
        f"(issues: {sales_issue}), and its people changed since: P3 is called Alan Turing here, not as when the "
        "form was issued: collect it into the workbook it came from, or send a fresh form from cycle.xlsx"
    )
    assert not result.changes and all_cells(c.merged) == before


def test_a_different_workbook_saved_under_the_same_name_and_cycle_is_rejected_whole(tmp_path: Path) -> None:
    """The gap left by issue ids made of the file name: another workbook saved as hr/cycle.xlsx got the same id,
    so its forms were accepted as a whole (only the row checks stood in the way; here they all match by id)."""
    c = Cycle(tmp_path)
    sales = c.path.read_bytes()
    other_workbook(c.path.parent).replace(c.path)  # the engineering workbook, saved over hr/cycle.xlsx
    eng_issue = issue_id(SECRET, c.path, "2026-Q4")
    issued = {p.name: p for p in write_forms(load_workbook(c.path), tmp_path / "eng-forms", secret=SECRET)}
    c.path.write_bytes(sales)  # HR's own workbook is back; engineering's forms went out meanwhile
    sales_issue = issue_id(SECRET, c.path, "2026-Q4")
    c.forms = {GRACE: issued[next(name for name in issued if "Carl Lead" in name)]}
    c.fill(GRACE, GRACE_EDITS)
    before = all_cells(c.path)
    result = c.collect()
    (form,) = result.forms
    assert form.status == "rejected" and sales_issue != eng_issue
    assert form.reason == (
        f"it was issued from cycle.xlsx (issue {eng_issue}), not from cycle.xlsx as it is now "
        f"(issues: {sales_issue}), and its people changed since: P3 is called Alan Turing here, not as when the "
        "form was issued: collect it into the workbook it came from, or send a fresh form from cycle.xlsx"
    )
    assert not result.changes and all_cells(c.merged) == before


def test_re_issuing_for_late_starters_keeps_accepting_the_earlier_forms(tmp_path: Path) -> None:
    """HR adds a late starter to Grace's team, retitles one of Grace's goals and runs `forms` again: the earlier
    forms still collect as a whole (their people are unchanged), each row checked by id AND owner."""
    c = Cycle(tmp_path)
    first_issue = issue_id(SECRET, c.path, "2026-Q4")
    c.sheets["People"].append(["P4", "Kate Late", "kate@acme.test", "Account Executive", "Sales", "P2"])
    c.sheets["Goals"].append(["G5", "P4", "Close 3 accounts", "D1", "Closed accounts", 0, 3, 0, "accounts", 100])
    find_row(c.sheets, "Goals", "G2")[2] = "Sign 45 new mid-size accounts by 31 December"
    write_workbook(c.path, c.sheets)
    c.wb = load_workbook(c.path)
    write_forms(c.wb, tmp_path / "issued-again", secret=SECRET)
    second_issue = issue_id(SECRET, c.path, "2026-Q4")
    assert registered(c.path) == (second_issue,) and first_issue != second_issue
    c.fill(GRACE, GRACE_EDITS)  # forms of the first issue
    c.fill(ADA, [("Goals", {"Goal ID": "G2"}, "Manager rating", "5 - Outstanding")])
    result = c.collect()
    assert sorted((f.owner_id, f.status) for f in result.forms) == [("P1", "accepted"), ("P2", "accepted")]
    assert ("G2", 5) in [(x.target.key[0], x.new) for x in result.changes]
    assert registered(c.merged) == tuple(sorted((first_issue, second_issue)))


def test_the_same_workbook_renamed_still_collects_its_forms(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, GRACE_EDITS)
    renamed = shutil.copy(c.path, c.path.parent / "cycle-final.xlsx")
    result = collect_forms(load_workbook(renamed), Path(renamed), [c.returned], c.merged, secret=SECRET)
    assert [f.status for f in result.forms] == ["accepted"] and result.changes


def test_forms_register_their_issue_and_collect_passes_it_on_to_the_merged_workbook(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    assert registered(c.path) == (issue_id(SECRET, c.path, "2026-Q4"),)
    c.fill(GRACE, GRACE_EDITS)
    merged = c.path.parent / "merged.xlsx"
    c.collect(merged=merged)
    assert registered(merged) == registered(c.path)  # the merged workbook's own bytes, the master's issues
    # HR edits the merged workbook (its bytes, so its digest, change): Grace's late second form still collects
    # while the rows it was issued with (Alan and his goal) are unchanged, whatever else changed.
    find_row(c.sheets, "People", "P1")[1] = "Ada King"
    write_workbook(merged, c.sheets)
    assert registered(merged) == ()
    late = collect_forms(load_workbook(merged), merged, [c.returned], tmp_path / "m2.xlsx", secret=SECRET)
    assert [f.status for f in late.forms] == ["accepted"]
    # Once Alan's name changed, the form is rejected whole, saying so (its answers were given for other rows).
    find_row(c.sheets, "People", "P3")[1] = "Alan M. Turing"
    write_workbook(merged, c.sheets)
    late = collect_forms(load_workbook(merged), merged, [c.returned], tmp_path / "m3.xlsx", secret=SECRET)
    assert [f.status for f in late.forms] == ["rejected"]
    assert "its people changed since: P3 is called Alan M. Turing here, not as when the form was issued" in (
        late.forms[0].reason
    )
