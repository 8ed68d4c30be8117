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


def test_no_figure_of_either_edition_contradicts_the_calibrated_headline(out: Path) -> None:
    employee = (out / f"{ALAN} - employee edition.md").read_text(encoding="utf-8")
    # The change since last cycle (3.4) and this cycle's trend point are of the final rating: 5 - 3.4 = 1.6.
    assert "↑ +1.6 since 2026-Q3 (3.4 – Meets)" in employee
    assert "| 2026-Q4 (this cycle) | 5.0 – Outstanding | +1.6 |" in employee
    # The formula section says what its figure is; the label sentence about the scored 4.0 is left out.
    assert "## How the overall rating is computed" not in employee and "runs from" not in employee
    assert (
        "## How the goals and values scored\n\nThe overall rating, 5 – Outstanding, is the rating agreed in the "
        "review. The figures below are how the goals and values scored by the formula: 4.0 – Exceeds.\n"
    ) in employee
    assert "- Overall rating = 70\u00a0% × 4 + 30\u00a0% × 4 = 2.8 + 1.2 = 4\n" in employee
    manager = (out / f"{ALAN} - manager edition.md").read_text(encoding="utf-8")
    prep, body = manager.split("\n# Review packet: Alan Turing\n")
    assert (
        "- **What changed:** Overall rating rose by 1.6: from 3.4 (Meets) in 2026-Q3 to 5.0 (Outstanding) "
        "as calibrated." in prep
    )
    assert "- **Label as scored:** Exceeds runs from" in prep
    assert (
        "runs from" not in body and "The overall rating, 5 – Outstanding, is the rating agreed in the review." in body
    )
    word = docx_text(out / f"{ALAN} - employee edition.docx")
    assert "How the goals and values scored" in word and "How the overall rating is computed" not in word
