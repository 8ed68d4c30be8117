"""LibreOffice opens what DocxWriter writes: one soffice run converts an A4 and a Letter document to PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reviewgen.docx.writer import DocumentMeta, DocxWriter

HERE = Path(__file__).resolve().parents[1]
DEMO = HERE.parent / "bench" / "markdown" / "packet-01-ana.md"


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.mark.soffice
def test_libreoffice_renders_a4_and_letter_with_page_fields(soffice: str, tmp_path: Path) -> None:
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler (pdfinfo, pdftotext) is not installed")
    meta = DocumentMeta(
        title="Performance review — Ana Núñez",
        created=dt.datetime(2024, 12, 1),
        confidentiality="Confidential",
        header_title="Acme Ltd",
    )
    markdown = DEMO.read_text(encoding="utf-8")
    for paper in ("a4", "letter"):
        (tmp_path / f"{paper}.docx").write_bytes(DocxWriter(paper=paper).convert(markdown, meta))  # type: ignore[arg-type]
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(tmp_path / f"{paper}.docx") for paper in ("a4", "letter")],
        capture_output=True,
        check=True,
        timeout=180,
    )
    a4, letter = _pdfinfo(tmp_path / "a4.pdf"), _pdfinfo(tmp_path / "letter.pdf")
    assert "A4" in a4["Page size"]
    assert re.match(r"\s*612 x 792", letter["Page size"])
    pages = int(a4["Pages"])
    assert 2 <= pages <= 4
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "a4.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_texts = text.split("\f")
    # The \newpage before the sign-off: the sign-off starts the last page, alone with its table.
    assert "Sign-off" in page_texts[pages - 1] and "Next steps" not in page_texts[pages - 1]
    assert "Sign-off" not in page_texts[pages - 2]
    assert f"Page {pages} of {pages}" in page_texts[pages - 1]
    assert "Confidential" in text and "Acme Ltd" in text
    assert "Grow recurring revenue" in text and "Ana Núñez" in text


@pytest.mark.soffice
def test_no_heading_or_label_ends_a_page_before_a_table(soffice: str, tmp_path: Path) -> None:
    # A heading, a bold label or a "...:" label, then a table, pushed a line further down each page so that one
    # of them reaches the foot of the page: keep-with-next must carry it over with the table, A4 and Letter.
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler (pdftotext) is not installed")
    rows = "\n".join(f"| row {i} | value {i} |" for i in range(12))
    labels = ("## Heading {n}", "**Comments {n}**", "Questions {n}:")
    pages = []
    for n in range(24, 48):
        filler = "\n\n".join(f"Filler paragraph {i} of page {n}." for i in range(n))
        label = labels[n % 3].format(n=n)
        pages.append(f"{filler}\n\n{label}\n\n| Column A | Column B |\n| --- | --- |\n{rows}\n")
    markdown = "\n\n\\newpage\n\n".join(pages)
    meta = DocumentMeta(title="Keep with next", created=dt.datetime(2024, 12, 1))
    for paper in ("a4", "letter"):
        (tmp_path / f"{paper}.docx").write_bytes(DocxWriter(paper=paper).convert(markdown, meta))
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path)]
        + [str(tmp_path / f"{paper}.docx") for paper in ("a4", "letter")],
        capture_output=True,
        check=True,
        timeout=180,
    )
    feet = []
    for paper in ("a4", "letter"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / f"{paper}.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        for page in text.split("\f"):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            if len(lines) > 2:
                feet.append((paper, lines[-2]))  # the last line above the footer
    # Without keep-with-next, pages 33-35 (A4) and 30-32 (Letter) end with their heading or label.
    assert not [foot for foot in feet if re.match(r"(Heading|Comments|Questions) \d+", foot[1])], feet
