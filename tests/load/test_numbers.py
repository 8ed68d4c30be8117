"""Every number finite and in its column's sensible range, declared once in the schema (issue 9 item 10)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from testkit.builders import clean_sheets, find_row, write_workbook

from reviewgen.cli import main

GOAL_TARGET, GOAL_ACTUAL = 6, 7


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="reviewgen")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def setting(sheets: dict[str, list[list[object]]], key: str, value: object) -> None:
    next(row for row in sheets["Cycle"] if row[0] == key)[1] = value


@pytest.mark.parametrize(
    ("edit", "cell", "message"),
    [
        (
            lambda s: find_row(s, "Goals", "G4").__setitem__(GOAL_ACTUAL, "1e999"),
            ("Goals", "H5"),
            "'1e999' is too large to be a number: write",
        ),
        (
            lambda s: find_row(s, "Goals", "G4").__setitem__(GOAL_TARGET, 1e28),
            ("Goals", "G5"),
            "1e+28 is outside the sensible range for target: write a number from -1,000,000,000,000,000 to "
            "1,000,000,000,000,000",
        ),
        (
            lambda s: setting(s, "Check-in gap", 1_000_000),
            ("Cycle", "B7"),
            "1000000 is outside the sensible range for check-in gap: write a number from 1 to 3,660",
        ),
        (
            lambda s: setting(s, "End", dt.date(1, 12, 31)),
            ("Cycle", "B5"),
            "0001-12-31 is not a date a review cycle can use: write a date from 1900 to 2199, such as 2026-12-31",
        ),
    ],
    ids=["1e999", "1e28", "gap-1000000", "end-year-1"],
)
def test_an_unusable_number_is_a_bad_value_at_its_cell_and_build_stops(
    tmp_path: Path, edit: object, cell: tuple[str, str], message: str
) -> None:
    sheets = clean_sheets()
    edit(sheets)  # type: ignore[operator]
    path = write_workbook(tmp_path / "hr" / "numbers.xlsx", sheets)
    code, out, _ = run("check", str(path), "--format", "json")
    assert code == 1
    bad = [f for f in json.loads(out) if f["code"] == "bad-value"]
    assert len(bad) == 1 and (bad[0]["sheet"], bad[0]["column"] and bad[0]["row"]) == (cell[0], int(cell[1][1:]))
    assert bad[0]["message"].startswith(message)
    code, _, err = run("build", str(path), "-o", str(tmp_path / "out"), "--format", "md", "--jobs", "1", "--quiet")
    assert code == 1 and err.startswith("reviewgen: error: numbers.xlsx has ")
    code, _, _ = run(
        "build", str(path), "-o", str(tmp_path / "out"), "--format", "md", "--jobs", "1", "--quiet", "--ignore-errors"
    )
    assert code == 0
