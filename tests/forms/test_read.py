"""Returned forms read part by part (forms.xlsx_read): the way Excel saves them reads as the way we wrote them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from testkit.builders import clean_sheets, find_row
from testkit.cycle import GRACE, GRACE_EDITS, SECRET, Cycle

from reviewgen.errors import FormError
from reviewgen.forms.read import ReturnedForm, read_form

_INLINE = re.compile(
    rb'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t(?: xml:space="preserve")?>([^<]*)</t></is></c>'
)
_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rows(form: ReturnedForm) -> list[tuple[str, int, dict[str, object]]]:
    return [(r.sheet.key, r.row, {k: (c.value, c.formula, c.error) for k, c in r.cells.items()}) for r in form.rows]


def _rewrite(src: Path, dst: Path, change: dict[str, bytes]) -> None:
    """A copy of the package ``src`` with parts replaced or added."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            new.writestr(name, change.pop(name, old.read(name)))
        for name, data in change.items():
            new.writestr(name, data)


def _as_excel_saves(src: Path, dst: Path) -> None:
    """``src`` as Excel saves it: every text in shared strings (the first as rich-text runs with a phonetic hint),
    and the cells of row 3 of each sheet without their references."""
    strings: list[bytes] = []
    change: dict[str, bytes] = {}
    with zipfile.ZipFile(src) as z:
        for name in z.namelist():
            if not name.startswith("xl/worksheets/"):
                continue
            xml = z.read(name)

            def shared(m: re.Match[bytes]) -> bytes:
                strings.append(m.group(3))
                return b'<c r="%s"%s t="s"><v>%d</v></c>' % (m.group(1), m.group(2) or b"", len(strings) - 1)

            xml = _INLINE.sub(shared, xml)
            xml = re.sub(
                rb'(<row r="3"[^>]*>)(.*?)(</row>)', lambda m: m[1] + re.sub(rb' r="[A-Z]+3"', b"", m[2]) + m[3], xml
            )
            change[name] = xml
        rels = z.read("xl/_rels/workbook.xml.rels").replace(
            b"</Relationships>",
            b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
    items = [b"<si><r><t>%s</t></r><rPh><t>hint</t></rPh></si>" % strings[0]]
    items += [b"<si><t>%s</t></si>" % s for s in strings[1:]]
    change["xl/_rels/workbook.xml.rels"] = rels
    change["xl/sharedStrings.xml"] = b'<sst xmlns="%s">%s</sst>' % (_NS, b"".join(items))
    _rewrite(src, dst, change)


def test_a_form_saved_with_shared_strings_and_unreferenced_cells_reads_the_same(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[2] = "keep _x005F_x000D_ as typed"  # the literal text _x000D_, as Excel saves it
    issued = Cycle(tmp_path, sheets).forms[GRACE]
    excel = tmp_path / "excel.xlsx"
    _as_excel_saves(issued, excel)
    with zipfile.ZipFile(excel) as z:
        assert b"_x005F_x000D_" in z.read("xl/sharedStrings.xml") and b"inlineStr" not in z.read(
            "xl/worksheets/sheet2.xml"
        )
    direct, saved = read_form(issued, SECRET), read_form(excel, SECRET)
    assert _rows(saved) == _rows(direct) and saved.record == direct.record
    titles = [r.get("title").value for r in direct.rows if r.sheet.key == "goals"]
    assert "keep _x000D_ as typed" in titles


def test_far_right_and_far_down_values_are_bounded(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    typed = c.fill(GRACE, GRACE_EDITS)
    with zipfile.ZipFile(typed) as z:
        names = {n: z.read(n) for n in z.namelist()}
    goals = next(n for n, data in names.items() if n.startswith("xl/worksheets/") and b">Goal ID<" in data)
    far = (
        b'<row r="4000"><c r="ZZ4000" t="inlineStr"><is><t>far right, far down</t></is></c></row>'
        b'<row r="4001"><c r="ZZ4001" t="inlineStr"><is><t> </t></is></c></row></sheetData>'
    )
    xml = names[goals].replace(b"</sheetData>", far)
    xml = re.sub(rb'(<row r="3"[^>]*>)', rb'\1<c r="ZY3" t="inlineStr"><is><t>right of the table</t></is></c>', xml)
    edited = tmp_path / "far.xlsx"
    _rewrite(typed, edited, {goals: xml})
    form = read_form(edited, SECRET)
    assert form.stray_rows == (("Goals", 4000),)  # a blank far cell is no stray row
    assert _rows(form) == _rows(read_form(typed, SECRET))


def test_a_damaged_sheet_is_one_clear_line(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    typed = c.fill(GRACE, GRACE_EDITS)
    with zipfile.ZipFile(typed) as z:
        goals = next(n for n in z.namelist() if n.startswith("xl/worksheets/") and b">Goal ID<" in z.read(n))
        cut = z.read(goals)[:-200]
    damaged = tmp_path / "damaged.xlsx"
    _rewrite(typed, damaged, {goals: cut})
    with pytest.raises(FormError) as caught:
        read_form(damaged, SECRET)
    assert str(caught.value) == "it cannot be read as a workbook (XMLSyntaxError); ask for the form again"
