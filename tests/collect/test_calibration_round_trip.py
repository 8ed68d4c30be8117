"""The calibration round trip on the sample cycle (issue 11): calibrate, the meeting types a rating and its reason
(with openpyxl, and in a copy LibreOffice saved again), collect, check, build; the packets and scorecards print the
final rating.

In the 12-person sample, Karim Çelik (NW0007, Sales, reporting to José Núñez) computes to 3.2, "3 - Meets"; the
meeting moves him to "4 - Exceeds".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from testkit.documents import docx_text
from testkit.office import convert

from reviewgen.cli import main

SALES = "Calibration 2026-Q4 - Sales.xlsx"
REASON = "Carried the <b>renewals</b> alone"
KARIM = "out/managers/NW0006 - José Núñez/NW0007 - Karim Çelik"

COLLECTED = (
    "Collected forms\n"
    "1 of 1 files used; 0 cells changed, 0 check-ins added, 0 rows rejected, 0 conflicts, 4 forms not returned. "
    "Ratings changed by calibration: 1.\n"
    "Merged workbook: final.xlsx\n\n"
    "Forms\n"
    f"  - {SALES}: accepted, Sales (calibration workbook): 1 changes, 0 rows rejected\n\n"
    "Forms not returned\n"
    "  - Customer Success (calibration workbook)\n"
    "  - Engineering (calibration workbook)\n"
    "  - Finance & People (calibration workbook)\n"
    "  - Leadership (calibration workbook)\n\n"
    "Ratings calibrated (rating now → calibrated rating, by whom: why)\n"
    f"  - NW0007 Karim Çelik: 3 (Meets) → 4 (Exceeds) by Sales calibration: {REASON} ({SALES}, row 3)\n"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="reviewgen")


@pytest.mark.parametrize("program", ["openpyxl", pytest.param("libreoffice", marks=pytest.mark.soffice)])
def test_calibrate_type_collect_check_build(
    program: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "q4/", "--sample", "--people", "12").exit_code == 0
    book = "q4/northwind-12-seed1.xlsx"
    result = run("calibrate", book, "-o", "calibration/")
    assert (result.exit_code, result.stdout) == (
        0,
        "Wrote 5 calibration workbooks and their packs (Word, Markdown) to calibration\n",
    )

    issued = openpyxl.load_workbook(f"calibration/{SALES}")
    ws = issued["Calibration"]
    assert [c.value for c in ws[3]][:2] + [c.value for c in ws[3]][11:] == ["NW0007", "Karim Çelik", "3 - Meets",
                                                                          None, None]  # fmt: skip
    ws["M3"], ws["N3"] = "4 - Exceeds", REASON  # the dropdown's entry, and the reason the meeting agreed
    Path("returned").mkdir()
    issued.save(f"returned/{SALES}")
    if program == "libreoffice":
        soffice = request.getfixturevalue("soffice")
        shutil.move(convert(soffice, Path("returned") / SALES, Path("lo"), "xlsx", tmp_path / "profile"),
                    Path("returned") / SALES)  # fmt: skip

    result = run("collect", book, "returned/", "-o", "final.xlsx")
    assert (result.exit_code, result.stdout) == (0, COLLECTED)
    calibration = openpyxl.load_workbook("final.xlsx")["Calibration"]
    assert [c.value for c in calibration[2]][:4] == ["NW0007", 4, REASON, "Sales calibration"]
    result = run("check", "final.xlsx")
    assert result.exit_code == 0 and "calibrat" not in result.stdout
    assert run("build", "final.xlsx", "-o", "out/", "--jobs", "1").exit_code == 0

    manager = Path(f"{KARIM} - manager edition.md").read_text(encoding="utf-8")
    assert "**Overall rating 4 – Exceeds**" in manager
    escaped = "Carried the \\<b\\>renewals\\</b\\> alone"
    assert f"**Calibrated from 3 (Meets) to 4 (Exceeds)** by Sales calibration: {escaped}" in manager
    assert f"Calibrated from 3 (Meets) to 4 (Exceeds) by Sales calibration: {REASON}" in docx_text(
        Path(f"{KARIM} - manager edition.docx")
    )
    for text in (
        Path(f"{KARIM} - employee edition.md").read_text(encoding="utf-8"),
        docx_text(Path(f"{KARIM} - employee edition.docx")),
    ):
        assert "Overall rating 4 – Exceeds" in text
        assert "alibrat" not in text and "renewals" not in text and "Meets" not in text.split("Overall rating")[1][:40]
    team = Path("out/managers/NW0006 - José Núñez/Team scorecard - NW0006 - José Núñez.md").read_text(encoding="utf-8")
    assert "| Karim Çelik | 4 – Exceeds (calibrated from 3) |" in team
    company = Path("out/scorecards/Company scorecard.md").read_text(encoding="utf-8")
    assert "**Changed by calibration:** José Núñez: 1 (" in company
