"""A form saved again by LibreOffice collects exactly like the one saved by the manager's script."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from testkit.cycle import CHECKIN_EDITS, GRACE, GRACE_EDITS, Cycle, all_cells
from testkit.office import convert

pytestmark = pytest.mark.soffice


def test_libreoffice_saved_form_collects_the_same(tmp_path: Path, soffice: str) -> None:
    c = Cycle(tmp_path)
    typed = c.fill(GRACE, GRACE_EDITS + CHECKIN_EDITS)
    converted = convert(soffice, typed, tmp_path / "lo", "xlsx", tmp_path / "profile")
    book = openpyxl.load_workbook(converted)
    assert book["_reviewgen"].sheet_state in ("hidden", "veryHidden")  # LibreOffice keeps the record

    direct = c.collect(typed, merged=tmp_path / "direct.xlsx")
    via_lo = c.collect(converted, merged=tmp_path / "via-lo.xlsx")
    assert via_lo.forms[0].status == "accepted" and not via_lo.rejected
    assert [(x.target, x.new) for x in via_lo.changes] == [(x.target, x.new) for x in direct.changes]
    assert len(via_lo.new_checkins) == 1
    assert all_cells(tmp_path / "via-lo.xlsx") == all_cells(tmp_path / "direct.xlsx")


def test_ods_from_libreoffice_is_asked_to_be_saved_as_xlsx(tmp_path: Path, soffice: str) -> None:
    c = Cycle(tmp_path)
    ods = convert(soffice, c.fill(GRACE, GRACE_EDITS), tmp_path / "lo", "ods", tmp_path / "profile")
    (form,) = c.collect(ods).forms
    assert form.status == "rejected" and "save it as .xlsx" in form.reason
