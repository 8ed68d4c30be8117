"""After calibration: packets and scorecards print the final rating (issue 11).

Alan (P3) computes to 4.0 (Exceeds) on the clean cycle: 70 % x 4 + 30 % x 4 = 4. The Calibration sheet moves
him to 5 (Outstanding) with a reason; the manager edition says so, the employee edition shows 5 alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit.builders import clean_sheets, write_workbook
from testkit.documents import docx_text

from reviewgen import api

ALAN = "managers/P2 - Grace Hopper/P3 - Alan Turing"
REASON = "Carried the <b>renewals</b> alone"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("calibrated")
    sheets = clean_sheets()
    sheets["Calibration"] = [
        ["Person", "Calibrated rating", "Reason", "Calibrated by", "Date"],
        ["P3", 5, REASON, "Sales heads", None],
    ]
    book = write_workbook(tmp / "cycle.xlsx", sheets)
    api.build_documents(book, tmp / "out", api.BuildOptions.from_cli(jobs=1))
    return tmp / "out"


def test_the_manager_edition_prints_the_final_rating_and_why(out: Path) -> None:
    md = (out / f"{ALAN} - manager edition.md").read_text(encoding="utf-8")
    word = docx_text(out / f"{ALAN} - manager edition.docx")
    assert "**Overall rating 5 – Outstanding**" in md
    escaped = "Carried the \\<b\\>renewals\\</b\\> alone"  # data is escaped, never markup
    assert f"**Calibrated from 4 (Exceeds) to 5 (Outstanding)** by Sales heads: {escaped}" in md
    assert "Calibrated from 4 (Exceeds) to 5 (Outstanding) by Sales heads: Carried the <b>renewals</b> alone" in word


def test_the_employee_edition_shows_the_final_rating_alone(out: Path) -> None:
    for text in (
        (out / f"{ALAN} - employee edition.md").read_text(encoding="utf-8"),
        docx_text(out / f"{ALAN} - employee edition.docx"),
    ):
        assert "Overall rating 5 – Outstanding" in text
        assert "alibrat" not in text and "renewals" not in text and "Sales heads" not in text


def test_scorecards_use_the_final_rating_and_count_the_changes_by_manager(out: Path) -> None:
    team = (out / "managers/P2 - Grace Hopper/Team scorecard - P2 - Grace Hopper.md").read_text(encoding="utf-8")
    assert "| Alan Turing | 5 – Outstanding (calibrated from 4) |" in team
    company = (out / "scorecards/Company scorecard.md").read_text(encoding="utf-8")
    assert "**Changed by calibration:** Grace Hopper: 1 (" in company
    # The distribution counts final ratings: Ada 3, Grace 4 (computed), Alan 5 (calibrated from 4).
    rows = {line.split(" | ")[0][2:]: line.rsplit("} ", 1)[-1] for line in company.splitlines() if "bar-solid" in line}
    assert rows["4 – Exceeds"] == "1 (33\u00a0%) |" and rows["5 – Outstanding"] == "1 (33\u00a0%) |"
    word = docx_text(out / "scorecards/Company scorecard.docx")
    assert "Changed by calibration: Grace Hopper: 1" in word
