"""A busy person's packet stays readable in print: 8 goals and 20 check-ins, A4 and Letter, in LibreOffice.

Page one leads with the overall rating and the goals table starts there; the next-cycle page is one page with
its sign-off; the employee edition stays within six pages on either paper.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from testkit.builders import clean_sheets, find_row, write_workbook

from reviewgen import api

STEM = "managers/P2 - Grace Hopper/P3 - Alan Turing - employee edition"
NOTES = (
    "Went through the pipeline deal by deal and agreed which two to drop.",
    "Praise from the customer for the fast answer on the migration question.",
    "Forecast was late again; agreed a fixed Thursday slot for it.",
    "Shadowed the enterprise negotiation; good questions, keep notes shorter.",
)


def _busy_sheets() -> dict[str, list[list[object]]]:
    sheets = clean_sheets()
    goals = sheets["Goals"]
    goals.remove(find_row(sheets, "Goals", "G4"))
    statuses = ("on track", "off track", "at risk", "done")
    for n in range(8):
        title = f"Grow the number of signed mid-size accounts in region {n + 1} from 2 to 9 by December"
        goals.append(
            [f"G{10 + n}", "P3", title,
             "D1", "Signed accounts", 2, 9, 3 + n, "accounts", 12.5, dt.date(2026, 12, 31), statuses[n % 4],
             3 + n % 2, 2 + n % 3, "On plan for most of the quarter; the last weeks were tight.",
             "Solid work; the write-up helped the team."]
        )  # fmt: skip
    checkins = sheets["Check-ins"]
    for n in range(20):
        day = dt.date(2026, 10, 1) + dt.timedelta(days=4 * n)
        checkins.append([day, "P3", "P2", ("check-in", "praise", "constructive", "check-in")[n % 4], NOTES[n % 4]])
    return sheets


@pytest.mark.soffice
def test_eight_goals_and_twenty_checkins_print_readably_on_a4_and_letter(soffice: str, tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "busy.xlsx", _busy_sheets())
    pdfs: dict[str, list[str]] = {}
    for paper in ("a4", "letter"):
        out = tmp_path / paper
        options = api.BuildOptions.from_cli(formats="docx", only="P3", edition="employee", paper=paper, jobs=1)
        api.build_documents(book, out, options)
        docx = tmp_path / f"{paper}.docx"
        docx.write_bytes((out / f"{STEM}.docx").read_bytes())
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(tmp_path / "a4.docx"), str(tmp_path / "letter.docx")],
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    for paper in ("a4", "letter"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / f"{paper}.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        pdfs[paper] = [page for page in text.split("\f") if page.strip()]
    for paper, pages in pdfs.items():
        assert len(pages) <= 6, (paper, len(pages))
        first = pages[0]
        assert "Overall rating" in first and "Goals" in first and "OFF TRACK" in first, paper
        forward = next(page for page in pages if "Next cycle: Alan Turing" in page)
        assert "Agreed actions" in forward and "Signature" in forward, paper
        # All 20 check-ins are printed, each date on one line (a short cell is never broken).
        assert sum(page.count("Oct 2026") + page.count("Nov 2026") + page.count("Dec 2026") for page in pages) >= 20
        for page in pages:
            assert "**" not in page
