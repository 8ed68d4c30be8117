"""Shared strings read as Excel means them (issue 9 item 15): _xHHHH_ escapes decoded, a negative index is damage."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from testkit.builders import clean_sheets, find_row, write_workbook

from reviewgen.errors import InputError
from reviewgen.load.workbook import load_workbook
from reviewgen.load.xlsx_reader import unescape


def with_shared_strings(path: Path, moved: dict[str, str]) -> None:
    """Turn the inline-string cells holding each key of ``moved`` into shared strings holding its value
    (openpyxl writes inline strings; Excel writes shared ones)."""
    with zipfile.ZipFile(path) as src:
        items = {info.filename: src.read(info) for info in src.infolist()}
    table = "".join(f"<si><t>{text}</t></si>" for text in moved.values())
    items["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + table + "</sst>"
    ).encode()
    items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    items["xl/_rels/workbook.xml.rels"] = items["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    for index, old in enumerate(moved):
        inline = f't="inlineStr"><is><t>{old}</t></is>'.encode()
        (name,) = [n for n, data in items.items() if inline in data]
        items[name] = items[name].replace(inline, f't="s"><v>{index}</v>'.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in items.items():
            out.writestr(name, data)


def test_excel_escapes_are_decoded_and_a_literal_escape_stays_text(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "People", "P3")[1] = "Alan BELL Turing"
    find_row(sheets, "Goals", "G4")[15] = "Excellent LITERAL"
    path = write_workbook(tmp_path / "escapes.xlsx", sheets)
    with_shared_strings(
        path, {"Alan BELL Turing": "Alan_x0007_ Turing", "Excellent LITERAL": "Excellent _x005F_x0007_"}
    )
    wb = load_workbook(path)
    assert wb.person_by_id["P3"].name == "Alan Turing"  # the bell character is decoded, then dropped
    assert next(g for g in wb.goals if g.id == "G4").manager_comment == "Excellent _x0007_"


def test_unescape_reads_left_to_right() -> None:
    assert unescape("a_x0041_b") == "aAb"
    assert unescape("_x005F_x0041_") == "_x0041_"
    assert unescape("_x12_ and _xZZZZ_") == "_x12_ and _xZZZZ_"


def test_a_negative_shared_string_index_is_damage_not_the_last_string(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "People", "P3")[1] = "Alan NEGATIVE"
    path = write_workbook(tmp_path / "negative.xlsx", sheets)
    with_shared_strings(path, {"Alan NEGATIVE": "Alan Turing"})
    with zipfile.ZipFile(path) as src:
        items = {info.filename: src.read(info) for info in src.infolist()}
    (name,) = [n for n, data in items.items() if b't="s"><v>0</v>' in data]
    items[name] = items[name].replace(b't="s"><v>0</v>', b't="s"><v>-1</v>')
    with zipfile.ZipFile(path, "w") as out:
        for part, data in items.items():
            out.writestr(part, data)
    with pytest.raises(InputError, match="the workbook is damaged"):
        load_workbook(path)
