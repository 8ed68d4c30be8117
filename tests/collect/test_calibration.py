"""Returned calibration workbooks (issue 11): signed, scoped to their department, a reason for every change.

The clean cycle: Grace (P2, Sales) computes to 3 (Meets) and Alan (P3, Sales) to 4 (Exceeds); Ada (P1) is in
Leadership.
`calibrate` writes a Leadership workbook (P1) and a Sales workbook (P2, P3); rows are typed as a user
would, with openpyxl, into the two yellow columns (M: Calibrated rating, N: Reason).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from testkit.builders import clean_sheets, find_row, write_workbook

from reviewgen import api
from reviewgen.cli import main
from reviewgen.load.workbook import load_workbook

SALES = "Calibration 2026-Q4 - Sales.xlsx"
REASON = "Carried the renewals alone"
#: The Sales workbook's data rows, by manager's name: Grace (manager Ada Lovelace), then Alan (manager Grace Hopper).
ROW = {"P2": 3, "P3": 4}


def issue(
    tmp_path: Path, sheets: dict[str, list[list[object]]] | None = None, company: bool = False, errors: bool = False
) -> Path:
    """The cycle workbook in tmp_path/hr with its calibration workbooks in tmp_path/calibration."""
    book = write_workbook(tmp_path / "hr" / "cycle.xlsx", sheets or clean_sheets())
    api.calibrate(book, tmp_path / "calibration", company=company, ignore_errors=errors)
    return book


def fill(tmp_path: Path, name: str, rows: dict[int, tuple[object, object]], extra: list[list[object]] = ()) -> Path:
    """Type ratings and reasons into the issued workbook ``name``; save it into tmp_path/returned."""
    book = openpyxl.load_workbook(tmp_path / "calibration" / name)
    ws = book["Calibration"]
    for row, (rating, reason) in rows.items():
        ws.cell(row=row, column=13, value=rating)
        ws.cell(row=row, column=14, value=reason)
    for values in extra:
        ws.append(values)
    out = tmp_path / "returned" / name
    out.parent.mkdir(exist_ok=True)
    book.save(out)
    return out


def collect(tmp_path: Path, book: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["collect", str(book), str(tmp_path / "returned"), "-o", str(tmp_path / "hr" / "merged.xlsx"), *extra],
        prog_name="reviewgen",
    )
    return result.exit_code, result.stdout + result.stderr


def calibration_rows(path: Path) -> list[tuple[object, ...]]:
    """The rows of the Calibration sheet under its header ([] when there is no such sheet: nothing written)."""
    book = openpyxl.load_workbook(path)
    return list(book["Calibration"].iter_rows(min_row=2, values_only=True)) if "Calibration" in book else []


def test_the_sales_rows_are_where_the_tests_type(tmp_path: Path) -> None:
    issue(tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "calibration" / SALES)["Calibration"]
    assert [(ws.cell(r, 1).value, ws.cell(r, 12).value) for r in ROW.values()] == [("P2", "3 - Meets"),
                                                                                 ("P3", "4 - Exceeds")]  # fmt: skip


def test_a_changed_rating_with_its_reason_is_written_and_reported(tmp_path: Path) -> None:
    book = issue(tmp_path)
    returned = fill(tmp_path, SALES, {ROW["P3"]: ("5 - Outstanding", REASON)})
    saved = openpyxl.load_workbook(returned).properties.modified.date()
    before = book.read_bytes(), returned.read_bytes()
    code, out = collect(tmp_path, book)
    merged = tmp_path / "hr" / "merged.xlsx"
    assert (code, out) == (
        0,
        "Collected forms\n"
        "1 of 1 files used; 0 cells changed, 0 check-ins added, 0 rows rejected, 0 conflicts, "
        "1 forms not returned. Ratings changed by calibration: 1.\n"
        f"Merged workbook: {merged}\n\n"
        "Forms\n"
        f"  - {SALES}: accepted, Sales (calibration workbook): 1 changes, 0 rows rejected\n\n"
        "Forms not returned\n"
        "  - Leadership (calibration workbook)\n\n"
        "Ratings calibrated (rating now → calibrated rating, by whom: why)\n"
        f"  - P3 Alan Turing: 4 (Exceeds) → 5 (Outstanding) by Sales calibration: {REASON} ({SALES}, row 4)\n",
    )
    assert calibration_rows(merged) == [("P3", 5, REASON, "Sales calibration", dt.datetime.combine(saved, dt.time()))]
    assert (book.read_bytes(), returned.read_bytes()) == before  # inputs never touched
    assert load_workbook(merged).calibration_of("P3") is not None


def test_a_changed_rating_without_a_reason_and_one_off_the_scale_are_rejected(tmp_path: Path) -> None:
    book = issue(tmp_path)
    fill(tmp_path, SALES, {ROW["P2"]: (9, "typo"), ROW["P3"]: ("5 - Outstanding", None)})
    code, out = collect(tmp_path, book)
    assert code == 0
    assert (
        f"  - {SALES} › Calibration › row 3 (P2): Calibrated rating '9' is not on the rating scale (1, 2, 3, 4, 5)\n"
        f"  - {SALES} › Calibration › row 4 (P3): the rating changes from 4 (Exceeds) to 5 (Outstanding) without a "
        "Reason: type the reason the meeting agreed (the manager's packet prints it)\n"
    ) in out
    assert f"{SALES}: partly accepted, Sales (calibration workbook): 0 changes, 2 rows rejected" in out
    assert calibration_rows(tmp_path / "hr" / "merged.xlsx") == []


def test_a_row_for_someone_outside_the_department_is_rejected(tmp_path: Path) -> None:
    issue(tmp_path)
    # P1 (Leadership) typed under the table of the Sales workbook, and a moved person.
    fill(tmp_path, SALES, {ROW["P3"]: ("5 - Outstanding", REASON)}, extra=[["P1", *[None] * 11, "1 - Below", "x"]])
    sheets = clean_sheets()
    find_row(sheets, "People", "P3")[4] = "Marketing"
    write_workbook(tmp_path / "hr" / "moved.xlsx", sheets)
    code, out = collect(tmp_path, tmp_path / "hr" / "moved.xlsx")
    assert code == 0
    assert (
        f"  - {SALES} › Calibration › row 4 (P3): P3 is no longer in Sales in the workbook (now Marketing): "
        "calibrate them in their department's workbook\n"
        f"  - {SALES} › Calibration › row 5 (P1): P1 was not on the Sales calibration workbook as issued: a "
        "department's workbook changes only that department's people (rows copied from another workbook or with "
        "edited ids are not collected)\n"
    ) in out
    assert calibration_rows(tmp_path / "hr" / "merged.xlsx") == []


def test_a_tampered_record_rejects_the_whole_workbook(tmp_path: Path) -> None:
    book = issue(tmp_path)
    path = fill(tmp_path, SALES, {ROW["P3"]: ("5 - Outstanding", REASON)})
    wb = openpyxl.load_workbook(path)
    record = wb["_reviewgen"]
    record["C1"] = None
    record["A3"] = str(record["A3"].value).replace('"id":"P3"', '"id":"P1"')  # widen the scope to Ada
    wb.save(path)
    code, out = collect(tmp_path, book)
    assert code == 0
    assert (
        f"  - {SALES}: REJECTED, its signature does not match (the hidden reviewgen sheet was edited, or the form "
        "was issued for another workbook folder)\n"
    ) in out
    assert calibration_rows(tmp_path / "hr" / "merged.xlsx") == []


def test_confirming_the_rating_now_writes_nothing(tmp_path: Path) -> None:
    book = issue(tmp_path)
    fill(tmp_path, SALES, {ROW["P2"]: ("3 - Meets", None), ROW["P3"]: (4, "As scored")})
    code, out = collect(tmp_path, book)
    assert code == 0 and f"{SALES}: accepted, Sales (calibration workbook): 0 changes, 0 rows rejected" in out
    assert "Ratings calibrated" not in out
    assert calibration_rows(tmp_path / "hr" / "merged.xlsx") == []


def test_an_earlier_calibration_row_is_updated_not_doubled(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Calibration"] = [
        ["Person", "Calibrated rating", "Reason", "Calibrated by", "Date"],
        ["P3", 5, "First meeting", "Heads", dt.date(2026, 12, 1)],
    ]
    book = issue(tmp_path, sheets)
    fill(tmp_path, SALES, {ROW["P3"]: ("3 - Meets", "Second look: the renewals were shared")})
    code, out = collect(tmp_path, book)
    assert code == 0
    assert "P3 Alan Turing: 5 (Outstanding) → 3 (Meets) by Sales calibration: Second look" in out
    [row] = calibration_rows(tmp_path / "hr" / "merged.xlsx")
    assert row[:4] == ("P3", 3, "Second look: the renewals were shared", "Sales calibration")


def test_a_master_without_a_calibration_sheet_gains_one(tmp_path: Path) -> None:
    book = issue(tmp_path)  # the clean cycle has no Calibration sheet
    assert "Calibration" not in openpyxl.load_workbook(book).sheetnames
    fill(tmp_path, SALES, {ROW["P3"]: ("5 - Outstanding", REASON)})
    assert collect(tmp_path, book)[0] == 0
    merged = openpyxl.load_workbook(tmp_path / "hr" / "merged.xlsx")
    assert [c.value for c in merged["Calibration"][1]] == ["Person", "Calibrated rating", "Reason", "Calibrated by",
                                                           "Date"]  # fmt: skip
    assert calibration_rows(tmp_path / "hr" / "merged.xlsx")[0][:3] == ("P3", 5, REASON)


def test_two_workbooks_disagreeing_keep_the_rating_now_unless_newest_is_preferred(tmp_path: Path) -> None:
    book = issue(tmp_path, company=True)
    fill(tmp_path, SALES, {ROW["P3"]: ("5 - Outstanding", REASON)})
    company = "Calibration 2026-Q4 - Acme Test Ltd.xlsx"
    fill(tmp_path, company, {5: ("3 - Meets", "Company view")})  # Ada, Grace, Alan: by department
    code, out = collect(tmp_path, book)
    assert code == 0
    assert (
        f"  - Calibration P3 › calibrated rating: {company} says '3: Company view'; {SALES} says "
        f"'5: {REASON}'; kept the workbook's value: settle it by hand\n"
    ) in out
    assert calibration_rows(tmp_path / "hr" / "merged.xlsx") == []
    code, out = collect(tmp_path, book, "--prefer", "newest", "--replace")  # the company's was saved last
    assert code == 0 and f"; took {company} (newest saved)\n" in out
    assert calibration_rows(tmp_path / "hr" / "merged.xlsx")[0][:4] == ("P3", 3, "Company view",
                                                                        "Acme Test Ltd calibration")  # fmt: skip


def test_collect_refuses_a_master_with_duplicate_ids_before_writing(tmp_path: Path) -> None:
    book = issue(tmp_path)
    fill(tmp_path, SALES, {ROW["P3"]: ("5 - Outstanding", REASON)})
    sheets = clean_sheets()
    sheets["People"].append(list(find_row(sheets, "People", "P3")))
    write_workbook(book, sheets)
    code, out = collect(tmp_path, book)
    assert code == 2 and "collect matches answers by id, and" in out and "nothing was written" in out
    assert not (tmp_path / "hr" / "merged.xlsx").exists()


def test_a_reason_without_a_rating_and_a_person_calibrated_twice_are_rejected(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Calibration"] = [
        ["Person", "Calibrated rating", "Reason", "Calibrated by", "Date"],
        ["P3", 5, "First meeting", "Heads", None],
        ["P3", 5, "Typed again", "Heads", None],
    ]
    book = issue(tmp_path, sheets, errors=True)  # calibrated-twice is an error of check
    fill(tmp_path, SALES, {ROW["P2"]: (None, "Talked it through"), ROW["P3"]: ("3 - Meets", "Second look")})
    code, out = collect(tmp_path, book, "--report", str(tmp_path / "report.md"))
    assert code == 0
    assert (
        f"  - {SALES} › Calibration › row 3 (P2): it has a Reason but no Calibrated rating: choose the rating the "
        "meeting agreed\n"
        f"  - {SALES} › Calibration › row 4 (P3): the workbook's Calibration sheet has 2 rows for P3 (rows 2, 3): "
        "keep one and collect again\n"
    ) in out
    assert [r[:3] for r in calibration_rows(tmp_path / "hr" / "merged.xlsx")] == [
        ("P3", 5, "First meeting"),
        ("P3", 5, "Typed again"),
    ]
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## Rejected rows (not collected; the rest of each form was)\n" in report
