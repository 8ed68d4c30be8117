"""Collect writes an answer only into the very row it was issued for (issue 9 item 3).

The master can change between `forms` and `collect`: a goal id reused for another team's goal, a goal moved to
another person. Collect refuses a master whose ids are not unique (listing them, nothing written) and matches
every form row by id AND owner; a row whose goal now belongs to someone else is rejected with its reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit.builders import find_row, write_workbook
from testkit.cycle import GRACE, GRACE_EDITS, Cycle, all_cells

from reviewgen.errors import InputError
from reviewgen.load.workbook import load_workbook


def test_a_goal_id_reused_after_the_forms_went_out_is_refused(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, GRACE_EDITS)
    # HR adds a goal for Grace (Ada's team) and reuses G4, the id of Alan's goal on Grace's form.
    c.sheets["Goals"].append(["G4", "P2", "Hire two account executives", "D1", "Hires", 0, 2, 1, "people", 0])
    write_workbook(c.path, c.sheets)
    c.wb = load_workbook(c.path)
    with pytest.raises(InputError) as err:
        c.collect()
    assert err.value.message == (
        f"{c.path}: collect matches answers by id, and 1 id(s) of the workbook are duplicated or loop: fix them "
        f"(`reviewgen check {c.path}` lists them) and collect again; nothing was written"
    )
    (detail,) = err.value.details
    assert detail.startswith(f"error[duplicate-id] {c.path} › Goals › row 6 › ID (A6): goal id G4")
    assert not c.merged.exists()


def test_a_manager_loop_is_refused(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, GRACE_EDITS)
    find_row(c.sheets, "People", "P1")[5] = "P3"  # Ada now reports to Alan, who reports to Grace, to Ada
    write_workbook(c.path, c.sheets)
    c.wb = load_workbook(c.path)
    with pytest.raises(InputError, match="duplicated or loop") as err:
        c.collect()
    assert "manager-cycle" in err.value.details[0]
    assert not c.merged.exists()


def test_a_goal_now_owned_by_someone_else_is_a_rejected_row(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, GRACE_EDITS)
    find_row(c.sheets, "Goals", "G4")[1] = "P2"  # G4 moved from Alan to Grace after the forms went out
    write_workbook(c.path, c.sheets)
    c.wb = load_workbook(c.path)
    result = c.collect()
    (rejected,) = [r for r in result.rejected if r.sheet == "Goals"]
    assert rejected.reason == "goal G4 belongs to P2 in the workbook, not to P3 as issued"
    before, after = all_cells(c.path), all_cells(c.merged)
    assert [k for k in after if k[0] == "Goals" and after[k] != before.get(k)] == []
