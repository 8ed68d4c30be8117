"""Forms back in: round trip, tampering, conflicts, idempotence, the report."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest
from testkit.builders import clean_sheets
from testkit.cycle import ADA, CHECKIN_EDITS, GRACE, GRACE_EDITS, SECRET, Cycle, all_cells, cell, fill_cell

from reviewgen.collect import run
from reviewgen.collect.run import collect_forms, render_collect_report
from reviewgen.errors import OutputError
from reviewgen.forms.read import ReturnedForm
from reviewgen.forms.write import write_forms
from reviewgen.load.workbook import load_workbook
from reviewgen.model.findings import Severity


def test_round_trip_merges_exactly_what_was_typed(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, GRACE_EDITS + CHECKIN_EDITS)
    c.fill(ADA, [("Goals", {"Goal ID": "G3"}, "Status", "done"), ("Goals", {"Goal ID": "G2"}, "Actual", 41.5)])
    before = hashlib.sha256(c.path.read_bytes()).hexdigest()
    result = c.collect()
    assert [f.status for f in result.forms] == ["accepted", "accepted"]
    assert not result.rejected and not result.conflicts and not result.missing
    assert hashlib.sha256(c.path.read_bytes()).hexdigest() == before  # the original is never touched

    old, new = all_cells(c.path), all_cells(c.merged)
    changed = {k: v for k, v in new.items() if old.get(k) != v}
    assert changed == {
        ("Goals", "H3"): 41.5,
        ("Goals", "L4"): "done",
        ("Goals", "H5"): 13,
        ("Goals", "N5"): 5,
        ("Goals", "P5"): "Beat the target; +1 customers",
        ("Values", "A6"): "P3",
        ("Values", "B6"): "Customer first",
        ("Values", "D6"): 3,
        ("Values", "E6"): "Listens to customers",
        ("Reviews", "C4"): "A strong finish to the year",
        ("Check-ins", "A8"): dt.datetime(2026, 12, 20),
        ("Check-ins", "B8"): "P3",
        ("Check-ins", "C8"): "P2",
        ("Check-ins", "D8"): "praise",
        ("Check-ins", "E8"): "Great demo",
    }
    merged = load_workbook(c.merged)
    assert not [f for f in merged.findings if f.severity is Severity.ERROR]
    g4 = next(g for g in merged.goals if g.id == "G4")
    assert (g4.actual, g4.manager_rating, g4.manager_comment) == (13, 5, "Beat the target; +1 customers")


def test_collect_is_idempotent_byte_for_byte(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, GRACE_EDITS)
    c.collect()
    again = tmp_path / "again.xlsx"
    c.collect(merged=again)
    assert again.read_bytes() == c.merged.read_bytes()


def test_refuses_to_overwrite_the_original(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    with pytest.raises(OutputError, match="original workbook"):
        c.collect(merged=c.path)


def test_edited_hidden_record_rejects_the_form_only(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    forged = c.fill(GRACE, GRACE_EDITS)
    book = openpyxl.load_workbook(forged)
    ws = book["_reviewgen"]
    ws["A3"] = ws["A3"].value.replace('"G4"', '"G4","G2"')
    book.save(forged)
    c.fill(ADA, [("Goals", {"Goal ID": "G3"}, "Status", "done")])
    result = c.collect()
    by_name = {f.path.name: f for f in result.forms}
    assert by_name[GRACE].status == "rejected" and "signature does not match" in by_name[GRACE].reason
    assert by_name[ADA].status == "accepted" and cell(c.merged, "Goals", "L4") == "done"
    assert cell(c.merged, "Goals", "N5") == 4


def test_edited_person_id_rejects_that_row_only(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    path = c.fill(GRACE, GRACE_EDITS)
    book = openpyxl.load_workbook(path)
    book["Goals"]["A3"] = "P2"  # unprotected and "reassigned" to someone else
    book.save(path)
    result = c.collect()
    (row,) = result.rejected
    assert (row.sheet, row.row) == ("Goals", 3) and "P2 was not on this form as issued" in row.reason
    assert cell(c.merged, "Goals", "N5") == 4  # the rejected row never reaches the master
    assert cell(c.merged, "Values", "D6") == 3  # the rest of the form does
    assert result.forms[0].status == "partly accepted" and "goal G4 of P3" in result.forms[0].deleted


def test_row_copied_from_another_managers_form_is_rejected(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    path = c.fill(GRACE, GRACE_EDITS)
    ada_row = [x.value for x in openpyxl.load_workbook(c.forms[ADA])["Goals"][3]]
    book = openpyxl.load_workbook(path)
    for col, value in enumerate(ada_row, start=1):
        book["Goals"].cell(row=4, column=col).value = value
    book["Goals"]["N4"] = "1 - Does not meet"
    book.save(path)
    result = c.collect()
    (row,) = result.rejected
    assert row.row == 4 and "P2 was not on this form as issued" in row.reason
    assert cell(c.merged, "Goals", "N3") == 3 and cell(c.merged, "Goals", "N5") == 5


def test_deleted_goal_is_reported_and_the_rest_collected(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    path = c.fill(ADA, [("Goals", {"Goal ID": "G3"}, "Manager rating", "2 - Partially meets")])
    book = openpyxl.load_workbook(path)
    book["Goals"].delete_rows(3)  # G2's row
    book.save(path)
    result = c.collect()
    assert result.forms[0].deleted == ("goal G2 of P2",) and not result.rejected
    assert cell(c.merged, "Goals", "N4") == 2 and cell(c.merged, "Goals", "N3") == 3
    assert "missing from the returned form (kept unchanged): goal G2 of P2" in render_collect_report(result, "text")


@pytest.mark.parametrize("typed", ["=1+1", '=HYPERLINK("http://evil.test","x")'])
@pytest.mark.parametrize("as_text", [False, True])
def test_formula_typed_into_a_comment_rejects_that_row(tmp_path: Path, typed: str, as_text: bool) -> None:
    c = Cycle(tmp_path)
    path = c.fill(GRACE, GRACE_EDITS)
    book = openpyxl.load_workbook(path)
    book["Goals"]["O3"] = typed
    if as_text:
        book["Goals"]["O3"].data_type = "s"
    book.save(path)
    result = c.collect()
    (row,) = result.rejected
    assert "Manager comment" in row.reason and "formula" in row.reason
    merged = openpyxl.load_workbook(c.merged)
    assert merged["Goals"]["P5"].value == "Excellent" and merged["Goals"]["H5"].value == 12
    assert not any(x.data_type == "f" for ws in merged.worksheets for r in ws.iter_rows() for x in r)
    assert cell(c.merged, "Reviews", "C4") == "A strong finish to the year"


def test_bad_values_added_goals_and_check_ins_are_rejected_with_reasons(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    path = c.fill(
        ADA, [("Goals", {"Goal ID": "G2"}, "Actual", "lots"), ("Goals", {"Goal ID": "G3"}, "Manager rating", 7)]
    )
    book = openpyxl.load_workbook(path)
    ws = book["Goals"]
    ws["A5"], ws["C5"], ws["N5"] = "P2", "G99", "3 - Meets"
    ci = book["Check-ins"]
    ci["A3"], ci["B3"], ci["C3"], ci["D3"] = "someday", "P2 - Grace Hopper", "praise", "x"
    ci["A4"], ci["B4"], ci["C4"] = dt.datetime(2026, 12, 1), "P3 - Alan Turing", "check-in"
    ci["A5"], ci["B5"], ci["C5"], ci["D5"] = dt.datetime(2026, 12, 2), "P2 - Grace Hopper", "check-in", "Kept"
    book.save(path)
    result = c.collect()
    reasons = {(r.sheet, r.row): r.reason for r in result.rejected}
    assert "is not a number" in reasons[("Goals", 3)]
    assert "'7' is not on the rating scale" in reasons[("Goals", 4)]
    assert "goal G99 was not on this form as issued" in reasons[("Goals", 5)]
    assert "'someday' is not a date" in reasons[("Check-ins", 3)]
    assert "'P3 - Alan Turing' is not one of the people on this form" in reasons[("Check-ins", 4)]
    assert [(n.person_id, n.note) for n in result.new_checkins] == [("P2", "Kept")]
    assert cell(c.merged, "Goals", "H3") == 30 and cell(c.merged, "Goals", "N4") == 4


def test_form_from_last_cycle_is_rejected(tmp_path: Path) -> None:
    old_sheets = clean_sheets()
    old_sheets["Cycle"][2][1] = "2026-Q3"
    old = Cycle(tmp_path / "q3", old_sheets)
    c = Cycle(tmp_path)
    stale = old.fill(GRACE.replace("Q4", "Q3"), GRACE_EDITS)
    result = c.collect(stale)
    (form,) = result.forms
    assert form.status == "rejected" and form.reason == "this form is for 2026-Q3; the workbook is 2026-Q4"
    assert cell(c.merged, "Goals", "N5") == 4


@pytest.mark.parametrize("suffix", [".ods", ".csv", ".xls"])
def test_non_xlsx_and_unreadable_files_are_rejected_one_by_one(tmp_path: Path, suffix: str) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, GRACE_EDITS)
    (c.returned / f"2026-Q4 - P1 - Ada Lovelace{suffix}").write_bytes(b"whatever")
    (c.returned / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (c.returned / "~$lockfile.xlsx").write_bytes(b"")
    result = c.collect()
    reasons = {f.path.name: f.reason for f in result.forms if f.status == "rejected"}
    assert (
        "save it as .xlsx (File > Save As > Excel Workbook) and collect again"
        in reasons[f"2026-Q4 - P1 - Ada Lovelace{suffix}"]
    )
    assert "cannot be opened" in reasons["broken.xlsx"]
    assert len(result.forms) == 3 and cell(c.merged, "Goals", "N5") == 5
    assert result.missing == ("P1 Ada Lovelace (manager form)",)


def test_renamed_reordered_sorted_sheets_still_collect(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    path = c.fill(
        ADA,
        [
            ("Goals", {"Goal ID": "G2"}, "Manager rating", "1 - Does not meet"),
            ("Goals", {"Goal ID": "G3"}, "Manager rating", "5 - Outstanding"),
        ],
    )
    book = openpyxl.load_workbook(path)
    goals = book["Goals"]
    goals.title = "My team"
    book.move_sheet(goals, offset=3)
    row3, row4 = ([x.value for x in goals[r]] for r in (3, 4))
    for col, (a, b) in enumerate(zip(row3, row4, strict=True), start=1):  # sort descending by goal id
        goals.cell(row=3, column=col).value, goals.cell(row=4, column=col).value = b, a
    book.save(path)
    c.collect()
    assert (cell(c.merged, "Goals", "N3"), cell(c.merged, "Goals", "N4")) == (1, 5)


def test_conflicting_copies_keep_the_master_value(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, GRACE_EDITS)
    c.fill(GRACE, [("Goals", {"Goal ID": "G4"}, "Manager rating", "3 - Meets")], as_name="grace-v2.xlsx")
    result = c.collect()
    targets = {str(x.target): x for x in result.conflicts}
    conflict = targets["Goals G4 / P3 › manager rating"]
    assert conflict.winner is None and dict(conflict.answers) == {GRACE: 5, "grace-v2.xlsx": 3}
    assert cell(c.merged, "Goals", "N5") == 4
    assert "kept the workbook's value" in render_collect_report(result, "text")


def test_an_untouched_copy_conflicts_with_an_edited_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An answer equal to the master's changes nothing alone, so collect lets it go after checking a form; a
    # form sharing a person with another is read again whole, so the master's value still makes a conflict.
    c = Cycle(tmp_path)
    shutil.copy(c.forms[ADA], c.returned / ADA)
    shutil.copy(c.forms[GRACE], c.returned / "grace-untouched.xlsx")
    c.fill(GRACE, [("Goals", {"Goal ID": "G4"}, "Manager rating", "5 - Outstanding")])
    read: list[str] = []
    real = run.read_form

    def counted(path: Path, secret: bytes) -> ReturnedForm:
        read.append(path.name)
        return real(path, secret)

    monkeypatch.setattr(run, "read_form", counted)
    result = c.collect()
    conflict = next(x for x in result.conflicts if str(x.target) == "Goals G4 / P3 › manager rating")
    assert dict(conflict.answers) == {GRACE: 5, "grace-untouched.xlsx": 4} and conflict.winner is None
    assert len(result.conflicts) == 1 and not result.changes
    assert sorted(read) == sorted([ADA, GRACE, GRACE, "grace-untouched.xlsx", "grace-untouched.xlsx"])


def test_prefer_newest_takes_the_latest_saved_form(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, GRACE_EDITS, saved=dt.datetime(2027, 1, 10, 9, 0))
    late = [("Goals", {"Goal ID": "G4"}, "Manager rating", "2 - Partially meets")]
    c.fill(GRACE, late, as_name="grace-final.xlsx", saved=dt.datetime(2027, 1, 12, 9, 0))
    result = c.collect(prefer="newest")
    conflict = next(x for x in result.conflicts if x.target.column == "manager rating")
    assert conflict.winner == "grace-final.xlsx"
    assert cell(c.merged, "Goals", "N5") == 2
    assert "took grace-final.xlsx (newest saved)" in render_collect_report(result, "markdown")


def test_report_lists_missing_forms_and_escapes_markdown(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, [("Goals", {"Goal ID": "G4"}, "Manager comment", "**bold** <b>x</b> [link](http://x)")])
    result = c.collect()
    text = render_collect_report(result, "text")
    md = render_collect_report(result, "markdown")
    assert "P1 Ada Lovelace (manager form)" in text and "1 cells changed" in text
    assert "\\*\\*bold\\*\\* \\<b\\>x\\</b\\> \\[link\\](http://x)" in md
    assert md.startswith("# Collected forms\n")


SAMPLE = Path(__file__).parents[2] / "samples" / "northwind-2026-q4.xlsx"


@pytest.mark.skipif(not SAMPLE.exists(), reason="samples/northwind-2026-q4.xlsx is not there yet")
def test_sample_round_trip(tmp_path: Path) -> None:
    path = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, path)
    wb = load_workbook(path)
    forms = write_forms(wb, tmp_path / "issued", secret=SECRET)
    assert len(forms) == len(wb.managers())
    returned = tmp_path / "returned"
    returned.mkdir()
    expected: dict[str, int] = {}
    for i, form in enumerate(forms):
        book = openpyxl.load_workbook(form)
        ws = book["Goals"]
        if ws.max_row >= 3 and ws["C3"].value:
            rating = 1 + i % 5
            ws["N3"] = f"{rating} - x"
            expected[ws["C3"].value] = rating
        book.save(returned / form.name)
    result = collect_forms(wb, path, [returned], tmp_path / "merged.xlsx", secret=SECRET)
    assert not result.rejected and not result.missing
    merged = load_workbook(tmp_path / "merged.xlsx")
    assert {g.id: g.manager_rating for g in merged.goals if g.id in expected} == expected


def test_self_assessment_fills_the_self_columns_only(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    forms = write_forms(c.wb, tmp_path / "self", self_forms=True, secret=SECRET)
    alan = next(p for p in forms if p.name == "2026-Q4 - P3 - Alan Turing - self-assessment.xlsx")
    book = openpyxl.load_workbook(alan)
    fill_cell(book["Goals"], {"Goal ID": "G4"}, "Self rating", "2 - Partially meets")
    fill_cell(book["Goals"], {"Goal ID": "G4"}, "Self comment", "Harder than it looked")
    fill_cell(book["Review"], {"Person ID": "P3"}, "Self summary", "I learnt a lot")
    ci = book["Check-ins"]
    ci["A3"], ci["B3"], ci["C3"], ci["D3"] = dt.datetime(2026, 12, 1), "P3 - Alan Turing", "praise", "Me!"
    ci["A4"], ci["B4"], ci["C4"] = dt.datetime(2026, 12, 2), "P3", "self-reflection"
    book.save(c.returned / alan.name)
    result = c.collect()
    old, new = all_cells(c.path), all_cells(c.merged)
    assert {k: v for k, v in new.items() if old.get(k) != v} == {
        ("Goals", "M5"): 2,
        ("Goals", "O5"): "Harder than it looked",
        ("Reviews", "B4"): "I learnt a lot",
        ("Check-ins", "A8"): dt.datetime(2026, 12, 2),
        ("Check-ins", "B8"): "P3",
        ("Check-ins", "C8"): "P3",
        ("Check-ins", "D8"): "self-reflection",
    }
    (row,) = result.rejected
    assert row.sheet == "Check-ins" and "self-reflections only" in row.reason
    assert "P1 Ada Lovelace (self-assessment)" in result.missing
    assert "P3 Alan Turing (self-assessment)" not in result.missing


def test_forms_returned_untouched_change_nothing(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    for path in c.forms.values():
        shutil.copy(path, c.returned / path.name)
    result = c.collect()
    assert [f.status for f in result.forms] == ["accepted", "accepted"]
    assert not (result.changes or result.new_checkins or result.rejected or result.conflicts or result.missing)
    assert all(f.changes == 0 and not f.deleted for f in result.forms)
    assert all_cells(c.merged) == all_cells(c.path)


def test_check_and_build_run_on_the_merged_sample(tmp_path: Path) -> None:
    """The merged workbook is a normal cycle workbook: `check` finds nothing new, `build` writes it."""
    from reviewgen import api

    path = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, path)
    wb = load_workbook(path)
    forms = write_forms(wb, tmp_path / "issued", secret=SECRET)
    returned = tmp_path / "returned"
    returned.mkdir()
    for form in forms:
        book = openpyxl.load_workbook(form)
        ws = book["Goals"]
        ws["O3"] = "Discussed on 12 Dec | *agreed* next steps =SUM(A1)"  # typed text that looks like markup
        book.save(returned / form.name)
    merged = tmp_path / "merged.xlsx"
    result = collect_forms(wb, path, [returned], merged, secret=SECRET)
    assert not result.rejected and not result.missing

    before = {(f.code, f.subject) for f in api.check_workbook(path).findings}
    after = api.check_workbook(merged)
    assert not after.has_errors
    assert {(f.code, f.subject) for f in after.findings} == before

    options = api.BuildOptions.from_cli(formats="md", only="kind:packet", edition="employee", jobs=1)
    built = api.build_documents(merged, tmp_path / "out", options)
    assert dict(built.documents) == {"packet": len(wb.people)}
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.md")]
    assert sum("Discussed on 12 Dec \\| \\*agreed\\* next steps =SUM(A1)" in t for t in texts) == len(forms)
