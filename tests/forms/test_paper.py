"""`forms --paper` and `calibrate --paper`: every printed sheet of a form or calibration workbook, and the Word
calibration pack, is laid out for the paper chosen (A4 unless told), as `build --paper` lays out documents."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from docx.shared import Mm
from testkit.office import convert

from reviewgen.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "northwind-2026-q4.xlsx"
#: SpreadsheetML paperSize codes.
CODES = {"a4": 9, "letter": 1}


def _run(tmp_path: Path, *args: str) -> Path:
    workbook = tmp_path / SAMPLE.name
    if not workbook.exists():
        shutil.copy(SAMPLE, workbook)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [args[0], str(workbook), "-o", str(out), *args[1:]], prog_name="reviewgen")
    assert result.exit_code == 0, result.output
    return out


def _paper_of_printed_sheets(path: Path) -> set[int | None]:
    book = openpyxl.load_workbook(path)
    return {ws.page_setup.paperSize for ws in book.worksheets if ws.sheet_state == "visible"}


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_forms_print_on_the_paper_chosen(tmp_path: Path, paper: str) -> None:
    out = _run(tmp_path, "forms", "--self", *(["--paper", paper] if paper != "a4" else []))
    forms = sorted(out.glob("*.xlsx"))
    assert len(forms) > 20
    assert {code for form in forms for code in _paper_of_printed_sheets(form)} == {CODES[paper]}


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_calibration_workbooks_and_packs_print_on_the_paper_chosen(tmp_path: Path, paper: str) -> None:
    out = _run(tmp_path, "calibrate", "--company", "--paper", paper)
    books = sorted(out.glob("*.xlsx"))
    assert books
    assert {code for book in books for code in _paper_of_printed_sheets(book)} == {CODES[paper]}
    width = {"a4": Mm(210), "letter": Mm(215.9)}[paper]
    packs = sorted(out.glob("*.docx"))
    assert len(packs) == len(books)
    for pack in packs:
        assert {abs(s.page_width - width) < Mm(1) for s in docx.Document(str(pack)).sections} == {True}


def test_paper_is_refused_unless_a4_or_letter(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    args = ["forms", str(tmp_path / SAMPLE.name), "-o", str(tmp_path / "out"), "--paper", "a5"]
    result = CliRunner().invoke(main, args, prog_name="reviewgen")
    assert result.exit_code == 2
    assert "Invalid value for '--paper': 'a5' is not one of 'a4', 'letter'." in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.soffice
def test_libreoffice_prints_a_letter_form_on_letter_pages(tmp_path: Path, soffice: str) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler (pdfinfo) is not installed")
    out = _run(tmp_path, "forms", "--paper", "letter")
    form = next(p for p in sorted(out.glob("*.xlsx")) if " - NW0002 - " in p.name)
    pdf = convert(soffice, form, tmp_path / "pdf", "pdf", tmp_path / "profile")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    assert "792 x 612 pts (letter)" in size  # landscape Letter
