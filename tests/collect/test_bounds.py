"""Returned forms are read only inside the range we wrote (issue 9 item 9, forms part)."""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
from testkit.cycle import GRACE, GRACE_EDITS, SECRET, Cycle

from reviewgen.forms.read import read_form


def _stray_cell(form: Path, sheet: str, ref: str, value: object) -> None:
    book = openpyxl.load_workbook(form)
    book[sheet][ref] = value
    book.save(form)


def test_a_stray_cell_at_the_last_row_is_rejected_fast_and_the_rest_collected(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    form = c.fill(GRACE, GRACE_EDITS)
    _stray_cell(form, "Goals", "A1048576", "G99")
    start = time.perf_counter()
    result = c.collect()
    elapsed = time.perf_counter() - start
    # Walking the rows down to the stray cell took over a minute and gigabytes; the bounded read is
    # well under a second here (10 s leaves room for a busy machine).
    assert elapsed < 10, f"collect took {elapsed:.1f} s"
    assert [f.status for f in result.forms] == ["partly accepted"]
    [stray] = result.rejected
    assert (stray.sheet, stray.row) == ("Goals", 1048576)
    assert "far below the rows this form was issued with" in stray.reason
    assert {str(ch.target) for ch in result.changes} >= {"Goals G4 / P3 › actual", "Reviews P3 › manager summary"}


def test_rows_far_below_the_issued_ones_are_not_read_as_answers(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    form = c.fill(GRACE, [])
    issued = read_form(form, SECRET)
    last = max(r.row for r in issued.rows if r.sheet.key == "goals")
    _stray_cell(form, "Goals", f"C{last + 101}", "G4")
    returned = read_form(form, SECRET)
    assert [r.row for r in returned.rows if r.sheet.key == "goals"] == [
        r.row for r in issued.rows if r.sheet.key == "goals"
    ]
    assert returned.stray_rows == (("Goals", last + 101),)
