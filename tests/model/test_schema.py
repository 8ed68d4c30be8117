"""The workbook schema: header matching and sheet look-up by name or alias."""

from __future__ import annotations

from reviewgen.model import schema
from reviewgen.model.headers import match_header


def test_headers_match_case_space_and_alias_insensitively() -> None:
    match = match_header(schema.GOALS, ("Goal ID", "PERSON_id", " title ", "Weight %", "Notes", None))
    assert match.index == {"id": 0, "person": 1, "title": 2, "weight": 3}
    assert match.header["person"] == "PERSON_id"
    assert match.extra == {"Notes": 4}
    assert match.missing == ()


def test_exact_names_win_over_aliases_and_missing_required_columns_are_listed() -> None:
    # "Rating" is an alias of "manager rating"; the real "Manager rating" column must win.
    match = match_header(schema.GOALS, ("id", "person", "Rating", "Manager rating"))
    assert match.index["manager rating"] == 3
    assert "Rating" in match.extra
    assert match.missing == ("title",)


def test_sheets_are_found_by_name_or_alias() -> None:
    assert schema.find_sheet("check_ins") is schema.CHECKINS
    assert schema.find_sheet("Employees") is schema.PEOPLE
    assert schema.find_sheet("Instructions") is None


def test_every_required_sheet_has_required_columns_or_keys() -> None:
    for sheet in schema.SHEETS:
        assert sheet.columns or sheet.keys, sheet.name
        if sheet.columns:
            assert any(c.required for c in sheet.columns), sheet.name
