"""--ignore-errors skips checks, never privacy (issue 9 item 6): no document or form is written for ids that are
duplicated, in a manager loop or self-managed, and the summary says who was left out and why."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from testkit.builders import clean_sheets, find_row, write_workbook

from reviewgen.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="reviewgen")
    return result.exit_code, result.stdout, result.stderr


def risky_workbook(tmp_path: Path) -> Path:
    sheets = clean_sheets()
    people = sheets["People"]
    # A second P3 (a stranger in another team), and Edsger who is his own manager.
    people.append(["P3", "Greta Stranger", "greta@acme.test", "Analyst", "Finance", "P1", "direct", "facts", "team"])
    people.append(["P5", "Edsger Self", "ed@acme.test", "Engineer", "R&D", "P5", "direct", "facts", "team"])
    people.append(["P6", "Frances Report", "fran@acme.test", "Engineer", "R&D", "P5", "direct", "facts", "team"])
    find_row(sheets, "Goals", "G4")[15] = "Alan's private comment"
    return write_workbook(tmp_path / "hr" / "risky.xlsx", sheets)


def test_build_ignoring_errors_writes_nothing_for_risky_ids(tmp_path: Path) -> None:
    path = risky_workbook(tmp_path)
    out = tmp_path / "out"
    code, stdout, _ = run("build", str(path), "-o", str(out), "--format", "md", "--ignore-errors", "--jobs", "1")
    assert code == 0
    names = [p.relative_to(out).as_posix() for p in out.rglob("*.md")]
    assert not [n for n in names if n.rsplit("/", 1)[-1].startswith(("P3 - ", "P5 - ")) or "Greta" in n]
    assert not [n for n in names if "Team scorecard - P2" in n or "Team scorecard - P5" in n]
    assert any("P6 - Frances Report" in n for n in names)  # her manager is only self-managed: she is fine
    texts = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.md") if "managers" in p.parts)
    assert "Alan's private comment" not in texts and "Greta Stranger" not in texts
    assert stdout.splitlines()[1] == (
        "No documents for 2 person(s), to keep them private: P3: the id P3 is used by 2 people "
        "(Alan Turing, Greta Stranger); P5 Edsger Self: is their own manager."
    )


def test_forms_ignoring_errors_leave_out_risky_ids(tmp_path: Path) -> None:
    path = risky_workbook(tmp_path)
    code, _, stderr = run("forms", str(path), "-o", str(tmp_path / "forms"), "--ignore-errors")
    assert code == 0
    assert stderr.endswith(
        "reviewgen: warning: no form for or about 2 person(s), to keep them private: P3: the id P3 is used by 2 "
        "people (Alan Turing, Greta Stranger); P5: is their own manager\n"
    )
    names = sorted(p.name for p in (tmp_path / "forms").glob("*.xlsx"))
    assert names == ["2026-Q4 - P1 - Ada Lovelace.xlsx", "2026-Q4 - P2 - Grace Hopper.xlsx"]
    import openpyxl

    grace = openpyxl.load_workbook(tmp_path / "forms" / names[1])
    assert "P3" not in {c.value for row in grace["Goals"].iter_rows() for c in row}
