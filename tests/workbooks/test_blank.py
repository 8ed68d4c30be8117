"""The blank workbook of `reviewgen init`: sheets, headers, dropdowns, refusal to overwrite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reviewgen.errors import OutputError
from reviewgen.model import schema
from reviewgen.model.headers import match_header
from reviewgen.workbooks.blank import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    write_blank_workbook,
    write_cycle_workbook,
)


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_blank_workbook(tmp_path_factory.mktemp("init") / "cycle.xlsx")


def _validations(ws: object) -> dict[str, tuple[str, str]]:
    """First cell of each validated range -> (formula, error style)."""
    out = {}
    for dv in ws.data_validations.dataValidation:  # type: ignore[attr-defined]
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0]] = (dv.formula1, dv.errorStyle)
    return out


def test_sheets_in_order_with_instructions_first_and_lists_hidden(blank: Path) -> None:
    wb = load_workbook(blank)
    expected = [INSTRUCTIONS_SHEET, *(s.name for s in schema.SHEETS), LISTS_SHEET]
    assert wb.sheetnames == expected
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert wb[INSTRUCTIONS_SHEET].sheet_state == "visible"


def test_every_table_sheet_has_every_schema_column_in_order(blank: Path) -> None:
    wb = load_workbook(blank)
    for sheet in schema.SHEETS:
        if sheet.is_key_value:
            continue
        header = [c.value for c in wb[sheet.name][1]]
        assert [schema.normalise(h) for h in header] == [schema.normalise(c.name) for c in sheet.columns]
        match = match_header(sheet, tuple(header))
        assert match.missing == () and match.extra == {}


def test_key_value_sheets_list_their_keys_with_help_in_column_c(blank: Path) -> None:
    wb = load_workbook(blank)
    rows = list(wb["Cycle"].iter_rows(min_row=2, values_only=True))
    assert [schema.normalise(r[0]) for r in rows] == [schema.normalise(k.name) for k in schema.CYCLE.keys]
    by_key = {schema.normalise(r[0]): r for r in rows}
    assert by_key["checkingap"][1] is None
    assert "Default 45." in by_key["checkingap"][2]
    assert by_key["company"][2].startswith("Required.")
    strategy = [r[0] for r in wb["Strategy"].iter_rows(min_row=2, values_only=True)]
    assert strategy[:2] == ["Mission", "Vision"] and "Value" in strategy


def test_headers_bold_frozen_and_widths_from_schema(blank: Path) -> None:
    wb = load_workbook(blank)
    for sheet in schema.SHEETS:
        ws = wb[sheet.name]
        assert ws.freeze_panes == "A2", sheet.name
        assert all(c.font.bold for c in ws[1]), sheet.name
    goals = wb["Goals"]
    assert goals.column_dimensions["C"].width == schema.GOALS.column("title").width
    assert goals.column_dimensions["A"].width == schema.GOALS.column("id").width


def test_scale_sheet_holds_the_default_scale(blank: Path) -> None:
    rows = list(load_workbook(blank)["Scale"].iter_rows(min_row=2, values_only=True))
    assert rows == [tuple(level) for level in schema.DEFAULT_SCALE]


def test_closed_lists_are_ranges_on_the_lists_sheet(blank: Path) -> None:
    wb = load_workbook(blank)
    lists = wb[LISTS_SHEET]
    columns = {c[0].value: [x.value for x in c[1:] if x.value is not None] for c in lists.iter_cols()}
    assert columns["Goals status"] == list(schema.GOAL_STATUSES)
    goals = _validations(wb["Goals"])
    formula, style = goals["L2"]  # status
    assert style == "stop"
    letter = formula.split("!$")[1].split("$")[0]
    assert [lists[f"{letter}{r}"].value for r in range(2, 2 + len(schema.GOAL_STATUSES))] == list(schema.GOAL_STATUSES)
    assert formula == f"={LISTS_SHEET}!${letter}$2:${letter}${len(schema.GOAL_STATUSES) + 1}"
    for sheet_name, cell, choices in [
        ("Objectives", "C2", schema.LEVELS),
        ("Objectives", "K2", schema.OBJECTIVE_STATUSES),
        ("People", "G2", schema.COMMUNICATION),
        ("People", "H2", schema.ORIENTATION),
        ("People", "I2", schema.MOTIVATION),
        ("Check-ins", "D2", schema.CHECKIN_KINDS),
        ("Development", "F2", schema.DEVELOPMENT_STATUSES),
    ]:
        ref = _validations(wb[sheet_name])[cell][0]
        col = ref.split("!$")[1].split("$")[0]
        values = [lists[f"{col}{r}"].value for r in range(2, 2 + len(choices))]
        assert values == list(choices), (sheet_name, cell)


def test_ratings_and_ids_point_at_their_sheets(blank: Path) -> None:
    wb = load_workbook(blank)
    goals = _validations(wb["Goals"])
    assert goals["M2"][0] == "='Scale'!$A$2:$A$11"
    assert goals["N2"][0] == "='Scale'!$A$2:$A$11"
    assert goals["B2"] == ("='People'!$A$2:$A$5000", "warning")
    assert goals["D2"] == ("='Objectives'!$A$2:$A$5000", "warning")
    assert _validations(wb["People"])["F2"][0] == "='People'!$A$2:$A$5000"
    assert _validations(wb["Objectives"])["D2"][0] == "='Objectives'!$A$2:$A$5000"
    assert _validations(wb["Check-ins"])["C2"][0] == "='People'!$A$2:$A$5000"
    assert "A2" not in _validations(wb["People"])  # a sheet's own id column is free text


def test_instructions_explain_every_sheet_column_and_the_scale(blank: Path) -> None:
    text = "\n".join(str(r[0]) for r in load_workbook(blank)[INSTRUCTIONS_SHEET].iter_rows(values_only=True) if r[0])
    for sheet in schema.SHEETS:
        assert f"{sheet.name} sheet" in text
        for col in sheet.columns:
            assert f"{col.name} (" in text, (sheet.name, col.name)
    for _, label, _ in schema.DEFAULT_SCALE:
        assert label in text
    assert "one of: not started, on track, at risk, off track, done, dropped" in text


def test_refuses_to_overwrite_and_force_replaces_only_its_own_unchanged_file(tmp_path: Path) -> None:
    dest = write_blank_workbook(tmp_path / "cycle.xlsx")
    with pytest.raises(OutputError, match=r"cycle\.xlsx already exists; use --force to replace it"):
        write_blank_workbook(dest)
    write_blank_workbook(dest, overwrite=True)  # unchanged since written: replaced
    assert "Goals" in load_workbook(dest).sheetnames
    assert sorted(p.name for p in tmp_path.iterdir()) == [".reviewgen-written", "cycle.xlsx"]  # no temp file left


def test_a_workbook_it_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    dest = tmp_path / "cycle.xlsx"
    dest.write_bytes(b"keep me")
    with pytest.raises(OutputError, match=r"was not written by reviewgen or was changed since"):
        write_blank_workbook(dest, overwrite=True)
    assert dest.read_bytes() == b"keep me"


def test_folder_as_destination_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        write_blank_workbook(tmp_path, overwrite=True)


def test_two_writes_are_byte_identical(tmp_path: Path) -> None:
    a = write_blank_workbook(tmp_path / "a.xlsx")
    b = write_blank_workbook(tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    assert load_workbook(a).properties.created == dt.datetime(2026, 1, 1)


def test_hostile_strings_are_written_as_text(tmp_path: Path) -> None:
    people = [("P1", '=HYPERLINK("http://x")', None, "#N/A", "Sales", None, None, None, None)]
    path = write_cycle_workbook(tmp_path / "x.xlsx", {"People": people})
    ws = load_workbook(path)["People"]
    assert ws["B2"].value == '=HYPERLINK("http://x")' and ws["B2"].data_type == "s"
    assert ws["D2"].value == "#N/A" and ws["D2"].data_type == "s"


def test_extra_columns_follow_the_schema_columns(tmp_path: Path) -> None:
    row = ("P1", "Ada", None, None, "Sales", None, None, None, None, None, "Berlin")
    path = write_cycle_workbook(tmp_path / "x.xlsx", {"People": [row]}, extra_columns={"People": ["Location"]})
    ws = load_workbook(path)["People"]
    assert ws["K1"].value == "Location" and ws["K2"].value == "Berlin"
    text = "\n".join(str(r[0]) for r in load_workbook(path)[INSTRUCTIONS_SHEET].iter_rows(values_only=True))
    assert "Location (extra column)" in text


def test_docs_describe_every_sheet_column_key_alias_and_choice() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "workbook.md").read_text(encoding="utf-8")
    for sheet in schema.SHEETS:
        assert f"### {sheet.name} ({'required' if sheet.required else 'optional'})" in doc
        for alias in sheet.aliases:
            assert f"`{alias}`" in doc, (sheet.name, alias)
        for field in (*sheet.columns, *sheet.keys):
            assert f"| `{field.name}` |" in doc, (sheet.name, field.name)
            for alias in field.aliases:
                assert f"`{alias}`" in doc, (sheet.name, field.name, alias)
        for col in sheet.columns:
            for choice in col.choices:
                assert f"`{choice}`" in doc, (sheet.name, col.name, choice)
    for rating, label, _ in schema.DEFAULT_SCALE:
        assert f"| {rating} | {label} |" in doc
    assert INSTRUCTIONS_SHEET in doc and LISTS_SHEET in doc
