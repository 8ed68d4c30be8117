"""The form writer draws any declared sheet: a new sheet or column is a declaration (forms.layout), not XML code."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl

from reviewgen.forms.layout import FormColumn, FormSheet
from reviewgen.forms.sheets import Cell, page_setup, write_lists, write_table
from reviewgen.forms.xlsx_package import package_bytes
from reviewgen.forms.xlsx_text import decode_text

DECLARED = FormSheet(
    "goals",
    "Planned",
    "Propose goals for next quarter.",
    (
        FormColumn("person_id", "Person ID", 10, "id"),
        FormColumn("title", "Proposed goal", 30, "text", True, "title"),
        FormColumn("rating", "Confidence", 14, "rating", True, "confidence"),
        FormColumn("due", "Due", 12, "date", True, "due"),
    ),
    frozen_columns=1,
)


def _book() -> tuple[bytes, openpyxl.Workbook]:
    lists, ranges = write_lists({"ratings": ["1 - Low", "2 - High"]})
    rows: list[dict[str, Cell]] = [
        {"person_id": "P1", "title": "_x0041_ stays as typed", "due": dt.date(2027, 3, 31)},
        {"person_id": "P2"},
    ]
    table = write_table(DECLARED, "Planned · 2027-Q1", rows, ranges)
    page_setup(table, "2027-Q1", "Confidential", title_rows="1:2")
    data = package_bytes([table, lists], active=0, title="t", when=dt.datetime(2027, 1, 1))
    return data, openpyxl.load_workbook(io.BytesIO(data))


def test_a_declared_sheet_gets_inputs_dropdowns_locking_and_panes() -> None:
    data, book = _book()
    ws = book["Planned"]
    assert [c.value for c in ws[2]] == ["Person ID", "Proposed goal", "Confidence", "Due"]
    assert ws["A3"].protection.locked and not ws["B3"].protection.locked and not ws["C4"].protection.locked
    assert ws.protection.sheet and book.security is not None and book.security.lockStructure
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert rules["C3:C4"].formula1 == "Lists!$A$2:$A$3" and rules["D3:D4"].type == "date"
    assert ws.freeze_panes == "B3" and ws.print_title_rows == "$1:$2" and ws.auto_filter.ref == "A2:D4"
    assert ws["D3"].value == dt.datetime(2027, 3, 31) and ws["D3"].number_format == "yyyy-mm-dd"
    assert book["Lists"].sheet_state == "hidden"
    assert data == _book()[0]  # deterministic bytes


def test_text_a_spreadsheet_would_decode_is_escaped_and_reads_back_as_typed() -> None:
    data, _ = _book()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "_x005F_x0041_ stays as typed" in sheet
    assert decode_text("_x005F_x0041_ stays as typed") == "_x0041_ stays as typed"
