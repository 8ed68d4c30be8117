"""The merged workbook keeps every cell the forms did not change exactly as saved (issue 9 item 5)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from testkit.builders import clean_sheets, find_row
from testkit.cycle import CHECKIN_EDITS, GRACE, GRACE_EDITS, Cycle

from reviewgen.errors import InputError
from reviewgen.load.workbook import load_workbook
from reviewgen.model.findings import Severity


def _with_saved_values(path: Path, formulas: dict[str, str]) -> None:
    """Give formulas the saved value Excel or LibreOffice would have stored (openpyxl stores none)."""
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/"):
            for formula, value in formulas.items():
                data = data.replace(f"<f>{formula}</f><v></v>".encode(), f"<f>{formula}</f><v>{value}</v>".encode())
            parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


def _formula_master(tmp_path: Path) -> Cycle:
    sheets = clean_sheets()
    weight = find_row(sheets, "Goals", "G4")[9]
    find_row(sheets, "Goals", "G4")[9] = f"=0+{weight}"  # a formula in a row the form changes
    sheets["Summary"] = [["Goals"], ["=COUNTA(Goals!A2:A100)"]]  # a sheet collect never touches
    c = Cycle(tmp_path, sheets)
    _with_saved_values(c.path, {f"0+{weight}": str(weight), "COUNTA(Goals!A2:A100)": "7"})
    c.wb = load_workbook(c.path)
    return c


def _cell_xml(path: Path, part: str, ref: str) -> bytes:
    data = zipfile.ZipFile(path).read(part)
    found = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', data)
    assert found is not None, ref
    return found.group(0)


def test_merged_keeps_formulas_and_their_saved_values(tmp_path: Path) -> None:
    c = _formula_master(tmp_path)
    assert not [f for f in c.wb.findings if f.severity is Severity.ERROR]  # a clean master, saved values and all
    c.fill(GRACE, GRACE_EDITS)
    result = c.collect()
    assert result.changes and not result.rejected

    merged = load_workbook(c.merged)
    assert not [f.one_line() for f in merged.findings if f.severity is Severity.ERROR]
    values = openpyxl.load_workbook(c.merged, data_only=True)
    formulas = openpyxl.load_workbook(c.merged)
    assert formulas["Goals"]["J5"].value.startswith("=0+") and values["Goals"]["J5"].value is not None
    assert (formulas["Summary"]["A2"].value, values["Summary"]["A2"].value) == ("=COUNTA(Goals!A2:A100)", 7)
    assert formulas["Goals"]["H5"].value == 13  # the form's answer, in the same row as the formula
    goals_part = "xl/worksheets/sheet6.xml"
    assert _cell_xml(c.merged, goals_part, "J5") == _cell_xml(c.path, goals_part, "J5")


def test_parts_the_forms_did_not_change_are_copied_byte_for_byte(tmp_path: Path) -> None:
    c = _formula_master(tmp_path)
    c.fill(GRACE, [("Goals", {"Goal ID": "G4"}, "Actual", 13)])
    c.collect()
    with zipfile.ZipFile(c.path) as before, zipfile.ZipFile(c.merged) as after:
        old = {i.filename: before.read(i) for i in before.infolist()}
        new = {i.filename: after.read(i) for i in after.infolist()}
    assert old.keys() == new.keys()
    assert [name for name in old if old[name] != new[name]] == ["xl/worksheets/sheet6.xml"]  # Goals only
    rows = lambda data: re.findall(rb"<row\b.*?</row>", data, re.S)  # noqa: E731
    changed = [
        i
        for i, (a, b) in enumerate(
            zip(rows(old["xl/worksheets/sheet6.xml"]), rows(new["xl/worksheets/sheet6.xml"]), strict=True)
        )
        if a != b
    ]
    assert changed == [4]  # row 5 (G4) only


def test_what_cannot_be_patched_is_refused_in_one_line_never_rewritten_lossily(tmp_path: Path) -> None:
    """Rows without their r reference (valid, but neither Excel nor LibreOffice writes them): refused, not
    rewritten by a second writer that would drop every formula's saved value."""
    c = _formula_master(tmp_path)
    c.fill(GRACE, GRACE_EDITS)
    with zipfile.ZipFile(c.path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    parts["xl/worksheets/sheet6.xml"] = re.sub(rb'(<row\b[^>]*?) r="\d+"', rb"\1", parts["xl/worksheets/sheet6.xml"])
    with zipfile.ZipFile(c.path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    with pytest.raises(InputError) as info:
        c.collect()
    assert str(info.value) == (
        f"{c.path}: collect cannot merge into this workbook without changing cells the forms did not answer: "
        "a row has no r reference; open the workbook in Excel or LibreOffice, save it, and collect again; "
        "nothing was written"
    )
    assert not c.merged.exists()


def test_a_check_ins_sheet_without_its_header_is_refused_not_added_twice(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Check-ins"][0] = ["When", "Who", "By", "What", "Text"]  # a header reviewgen does not recognise
    c = Cycle(tmp_path, sheets)
    c.fill(GRACE, CHECKIN_EDITS)
    with pytest.raises(InputError) as info:
        c.collect()
    assert str(info.value) == (
        f"{c.path}: collect cannot merge into this workbook without changing cells the forms did not answer: "
        "its Check-ins sheet has no header row with the Check-ins columns in its first 10 rows to add rows below: "
        "fix the header (`reviewgen check` names what is missing) and collect again; nothing was written"
    )
    assert not c.merged.exists()


def test_a_damaged_shared_formula_under_a_collected_cell_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    c = _formula_master(tmp_path)
    c.fill(GRACE, GRACE_EDITS)
    with zipfile.ZipFile(c.path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    goals = "xl/worksheets/sheet6.xml"
    parts[goals], n = re.subn(
        rb'<c r="H5"[^>]*>.*?</c>', b'<c r="H5"><f t="shared" ref="H5:" si="0">1+1</f><v>12</v></c>', parts[goals]
    )
    assert n == 1
    with zipfile.ZipFile(c.path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    with pytest.raises(InputError) as info:
        c.collect()
    assert str(info.value).startswith(
        f"{c.path}: collect cannot merge into this workbook without changing cells the forms did not answer: "
        "a formula on the Goals sheet cannot be read ("
    )
    assert str(info.value).endswith(
        "open the workbook in Excel or LibreOffice, save it, and collect again; nothing was written"
    )
    assert not c.merged.exists()
