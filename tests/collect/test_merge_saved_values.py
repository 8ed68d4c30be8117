"""No master loses a saved value in collect, also where a sheet must be added or a shared formula loses its anchor.

The masters are written the way the programs HR uses write them: LibreOffice saves them (shared strings, every
formula with its saved value); Excel fills a formula down as one shared formula, which ``_share`` makes of a
column of LibreOffice's formulas exactly as Excel writes it (the anchor holds the text and the range, the other
cells only name the group, each keeps its saved value). The merged workbooks are opened by LibreOffice again.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from testkit.builders import clean_sheets, find_row, write_workbook
from testkit.cycle import ADA, CHECKIN_EDITS, GRACE, GRACE_EDITS, SECRET, Cycle
from testkit.office import convert

from reviewgen.api import check_workbook
from reviewgen.errors import InputError
from reviewgen.forms.write import write_forms
from reviewgen.load.workbook import load_workbook

pytestmark = pytest.mark.soffice
GOALS = "xl/worksheets/sheet6.xml"  # LibreOffice numbers the parts in sheet order; Goals is the sixth sheet
ADA_EDITS = [("Goals", {"Goal ID": "G2"}, "Manager rating", "5 - Outstanding")]


@pytest.fixture(scope="module")
def lo_master(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> Path:
    """A master saved by LibreOffice: a computed Progress column on Goals, manager ratings that are formulas
    (=self rating) for G2..G4, a Summary sheet, and no Check-ins or Reviews sheet (collect must add them)."""
    sheets = clean_sheets()
    sheets["Goals"][0].append("Progress")
    for number, row in enumerate(sheets["Goals"][1:], start=2):
        row.append(f"=H{number}/G{number}")
    for number, goal in ((3, "G2"), (4, "G3"), (5, "G4")):
        find_row(sheets, "Goals", goal)[13] = f"=M{number}"
    del sheets["Check-ins"], sheets["Reviews"]
    sheets["Summary"] = [["Goals", "Mean progress"], ["=COUNTA(Goals!A2:A100)", "=AVERAGE(Goals!Q2:Q5)"]]
    tmp = tmp_path_factory.mktemp("lo-master")
    return convert(soffice, write_workbook(tmp / "cycle.xlsx", sheets), tmp / "lo", "xlsx", tmp / "profile")


def _cycle(tmp_path: Path, master: Path) -> Cycle:
    c = Cycle(tmp_path)  # the layout of a cycle; its master is then replaced by ``master``, forms issued from it
    shutil.copyfile(master, c.path)
    c.wb = load_workbook(c.path)
    c.forms = {p.name: p for p in write_forms(c.wb, tmp_path / "issued-from-master", secret=SECRET)}
    return c


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _cells(part: bytes) -> dict[str, bytes]:
    return {m.group(1).decode(): m.group(0) for m in re.finditer(rb'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', part)}


def _errors(path: Path) -> list[str]:
    """The codes of ``check``'s error findings (a formula without its saved value would be one)."""
    return [f.code for f in check_workbook(path).findings if f.severity.name == "ERROR"]


def _share(path: Path, part: str, column: str, first: int, last: int) -> None:
    """Make ``column``'s formulas of rows first..last one shared formula, as Excel writes a filled-down formula."""
    parts = _parts(path)
    data = parts[part].decode()
    for row in range(first, last + 1):
        pattern = rf'(<c r="{column}{row}"[^>]*>)<f[^>]*>([^<]*)</f>'
        group = f'<f t="shared" ref="{column}{first}:{column}{last}" si="0">\\2</f>' if row == first else ""
        data, n = re.subn(pattern, r"\1" + (group or '<f t="shared" si="0"/>'), data)
        assert n == 1, f"{column}{row}"
    parts[part] = data.encode()
    _write(path, parts)


def _write(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, blob in parts.items():
            out.writestr(name, blob)


def test_a_master_without_check_ins_or_reviews_gets_the_sheets_added_and_keeps_every_saved_value(
    tmp_path: Path, lo_master: Path, soffice: str
) -> None:
    c = _cycle(tmp_path, lo_master)
    assert _errors(c.path) == ["missing-sheet"]  # Check-ins; every formula has its saved value
    c.fill(GRACE, GRACE_EDITS + CHECKIN_EDITS)
    result = c.collect()
    assert result.changes and len(result.new_checkins) == 1 and not result.rejected

    assert _errors(c.merged) == []  # no formula-without-value; the Check-ins sheet is there now
    before, after = _parts(c.path), _parts(c.merged)
    changed = sorted(n for n in before if before[n] != after.get(n))
    assert changed == [
        "[Content_Types].xml",
        "xl/_rels/workbook.xml.rels",
        "xl/workbook.xml",
        GOALS,
        "xl/worksheets/sheet7.xml",
    ]
    assert sorted(set(after) - set(before)) == ["xl/worksheets/sheet11.xml", "xl/worksheets/sheet12.xml"]
    old, new = _cells(before[GOALS]), _cells(after[GOALS])
    collected = {"H5", "N5", "P5"}  # G4's actual, manager rating (it held a formula) and comment
    assert {ref for ref in old if old[ref] != new.get(ref)} == collected
    assert b"<f" in old["Q5"] and new["Q5"] == old["Q5"]  # the computed column, saved value and all

    merged = load_workbook(c.merged)
    assert [(ci.person_id, ci.kind, ci.note) for ci in merged.checkins] == [("P3", "praise", "Great demo")]
    review = merged.review_of("P3")
    assert review is not None and review.manager_summary == "A strong finish to the year"
    values = openpyxl.load_workbook(c.merged, data_only=True)
    assert values["Summary"]["B2"].value == pytest.approx(before_mean(c.path))

    again = convert(soffice, c.merged, tmp_path / "lo-again", "xlsx", tmp_path / "profile")  # LibreOffice opens it
    assert {"Check-ins", "Reviews", "Summary"} <= set(openpyxl.load_workbook(again).sheetnames)


def before_mean(path: Path) -> float:
    return float(openpyxl.load_workbook(path, data_only=True)["Summary"]["B2"].value)


def test_a_value_over_a_shared_formulas_anchor_gives_the_other_cells_their_own_formula(
    tmp_path: Path, lo_master: Path, soffice: str
) -> None:
    master = tmp_path / "excel.xlsx"
    shutil.copyfile(lo_master, master)
    _share(master, GOALS, "N", 3, 5)  # manager rating = self rating, filled down from G2's row
    _share(master, GOALS, "Q", 2, 5)  # progress, filled down from G1's row
    c = _cycle(tmp_path, master)
    assert _errors(c.path) == ["missing-sheet"]  # Check-ins (the forms add none here)
    c.fill(ADA, ADA_EDITS)
    result = c.collect()
    assert [(x.target.key[0], x.new) for x in result.changes] == [("G2", 5)] and not result.rejected

    assert _errors(c.merged) == ["missing-sheet"]  # no formula-without-value
    old, new = _cells(_parts(c.path)[GOALS]), _cells(_parts(c.merged)[GOALS])
    assert {ref for ref in old if old[ref] != new.get(ref)} == {"N3", "N4", "N5"}
    for ref, formula in (("N4", "M4"), ("N5", "M5")):  # their own formula, translated; the same saved value
        assert re.sub(rb"<f[^>]*/>", f"<f>{formula}</f>".encode(), old[ref]) == new[ref]
    formulas, values = openpyxl.load_workbook(c.merged), openpyxl.load_workbook(c.merged, data_only=True)
    assert [formulas["Goals"][r].value for r in ("N3", "N4", "N5", "Q3")] == [5, "=M4", "=M5", "=H3/G3"]
    assert [values["Goals"][r].value for r in ("N4", "N5")] == [3, 4]

    again = convert(soffice, c.merged, tmp_path / "lo-again", "xlsx", tmp_path / "profile")
    assert openpyxl.load_workbook(again, data_only=True)["Goals"]["N5"].value == 4


def test_a_collected_cell_inside_an_array_formula_is_refused_not_broken(tmp_path: Path, lo_master: Path) -> None:
    master = tmp_path / "array.xlsx"
    shutil.copyfile(lo_master, master)
    parts = _parts(master)
    data = parts[GOALS].decode()
    data = re.sub(r'(<c r="N3"[^>]*>)<f[^>]*>', r'\1<f t="array" ref="N3:N4">', data)
    data = re.sub(r'(<c r="N4"[^>]*>)<f[^>]*>[^<]*</f>', r"\1", data)
    parts[GOALS] = data.encode()
    _write(master, parts)
    c = _cycle(tmp_path, master)
    c.fill(ADA, [("Goals", {"Goal ID": "G3"}, "Manager rating", "5 - Outstanding")])  # N4: inside, not the anchor
    with pytest.raises(InputError) as info:
        c.collect()
    assert str(info.value) == (
        f"{c.path}: collect cannot merge into this workbook without changing cells the forms did not answer: "
        "Goals!N4 is part of the array formula over N3:N4, which Excel changes only as a whole: type the answer "
        "there by hand, or make it ordinary formulas; nothing was written"
    )
    assert not c.merged.exists()
