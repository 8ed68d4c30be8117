"""Calibration workbooks out (issue 11): one per department, locked but for two columns, signed and scoped."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from testkit.builders import write_workbook
from testkit.calibration import calibration_sheets

from reviewgen import api
from reviewgen.cli import main
from reviewgen.errors import FormError
from reviewgen.forms.signature import load_secret, parse_record


@pytest.fixture()
def written(tmp_path: Path) -> tuple[Path, list[Path]]:
    book = write_workbook(tmp_path / "hr" / "cycle.xlsx", calibration_sheets())
    paths = api.calibrate(book, tmp_path / "calibration", company=True)
    return book, [p for p in paths if p.suffix == ".xlsx"]


def test_one_workbook_per_department_and_one_for_the_company(written: tuple[Path, list[Path]]) -> None:
    _, paths = written
    assert [p.name for p in paths if p.suffix == ".xlsx"] == [
        "Calibration 2026-Q4 - Leadership.xlsx",
        "Calibration 2026-Q4 - Sales.xlsx",
        "Calibration 2026-Q4 - Acme Test Ltd.xlsx",
    ]
    sales = openpyxl.load_workbook(paths[1])
    assert sales.sheetnames == ["Instructions", "Calibration", "Summary", "Lists", "_reviewgen"]
    rows = list(sales["Calibration"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == 12 and {r[0] for r in rows} == {"P2", "P3", *(f"P{i}" for i in range(4, 14))}


def test_only_the_calibrated_rating_and_reason_can_be_typed(written: tuple[Path, list[Path]]) -> None:
    ws = openpyxl.load_workbook(written[1][1])["Calibration"]
    header = [c.value for c in ws[2]]
    assert header[-2:] == ["Calibrated rating", "Reason"]
    assert ws.protection.sheet is True
    row = ws[3]
    unlocked = [header[i] for i, cell in enumerate(row) if not cell.protection.locked]
    assert unlocked == ["Calibrated rating", "Reason"]
    [dropdown] = ws.data_validations.dataValidation
    assert (str(dropdown.sqref), dropdown.formula1) == ("M3:M14", "Lists!$A$2:$A$6")
    # Already calibrated in the workbook: prefilled, so the meeting sees what stands.
    assert (row[12].value, row[13].value) == ("4 - Exceeds", "Agreed in the meeting")


def test_signed_and_scoped_to_its_department(written: tuple[Path, list[Path]]) -> None:
    book, paths = written
    secret = load_secret(book)
    record_ws = openpyxl.load_workbook(paths[1])["_reviewgen"]
    record = parse_record([r[0] for r in record_ws.iter_rows(values_only=True)], secret)
    assert (record.kind, record.owner_id, record.cycle) == ("calibration", "department:Sales", "2026-Q4")
    assert [p.id for p in record.people] == ["P2", "P3", *(f"P{i}" for i in range(4, 14))]  # People order
    with pytest.raises(FormError, match="signature does not match"):
        parse_record([r[0] for r in record_ws.iter_rows(values_only=True)], b"x" * 32)


def test_the_summary_sheet_holds_the_grid_and_the_hidden_groups(written: tuple[Path, list[Path]]) -> None:
    ws = openpyxl.load_workbook(written[1][2])["Summary"]
    text = [[c for c in r if c is not None] for r in ws.iter_rows(values_only=True)]
    assert ["high", "0", "1: Rep 08", "2: Ada Lovelace, Alan Turing"] in text
    assert ["Paris", "fewer than 5"] in text
    assert ["Lisbon", "not shown, so that a smaller group cannot be worked out"] in text
    assert any(r[:2] == ["Berlin", 6] and r[-1] == "0 · 0 · 3 · 2 · 1" for r in text)  # final ratings of 6
    assert ["3 - Meets", 6, 46, 50] in text


def test_same_input_same_bytes(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "hr" / "cycle.xlsx", calibration_sheets())
    first = api.calibrate(book, tmp_path / "a")
    second = api.calibrate(book, tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_cli_writes_and_refuses_the_workbook_folder(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "hr" / "cycle.xlsx", calibration_sheets())
    result = CliRunner().invoke(main, ["calibrate", str(book), "-o", str(tmp_path / "out")], prog_name="reviewgen")
    assert (result.exit_code, result.stdout) == (
        0,
        f"Wrote 2 calibration workbooks and their packs (Word, Markdown) to {tmp_path / 'out'}\n",
    )
    result = CliRunner().invoke(main, ["calibrate", str(book), "-o", str(tmp_path / "hr")], prog_name="reviewgen")
    assert result.exit_code != 0 and not (tmp_path / "hr" / "Calibration 2026-Q4 - Sales.xlsx").exists()


def test_a_pack_in_markdown_and_word_beside_each_workbook(tmp_path: Path) -> None:
    from testkit.documents import docx_text

    book = write_workbook(tmp_path / "hr" / "cycle.xlsx", calibration_sheets())
    out = tmp_path / "calibration"
    api.calibrate(book, out, company=True)
    md = (out / "Calibration pack 2026-Q4 - Acme Test Ltd.md").read_text(encoding="utf-8")
    # The grid by hand (see tests/render/context/test_calibration.py), drawn high potential first.
    assert "| **High** | **0** | **1**<br>Rep 08 | **2**<br>Ada Lovelace, Alan Turing |" in md
    assert "| **Medium** | **1**<br>Rep 09 | **3**<br>Rep 04, Rep 05, Rep 11 | **2**<br>Grace Hopper, Rep 12 |" in md
    assert "1 rated person has no recorded potential" in md
    # 6 of 13 at 3 = 46 %, guidance 50 %: both bars drawn from the shared chart files.
    assert "![46\u00a0%](charts/bar-solid-046.png){width=3cm} 6 (46 %)" in md
    assert "![50\u00a0%](charts/bar-hatch-050.png){width=3cm} 50 %" in md
    assert (out / "charts" / "bar-solid-046.png").is_file()
    assert "| Paris | *fewer than 5* | | |" in md and "| Lisbon | *not shown, so that" in md
    assert md.count("\n# Team of ") == 2 and "\n# Without a manager\n" in md  # Ada's, Grace's; Ada herself
    word = docx_text(out / "Calibration pack 2026-Q4 - Sales.docx")
    assert "Calibration pack: Sales" in word and "Team of Grace Hopper" in word and "Rep 08" in word
