"""`reviewgen status`: who is behind, per manager and department, the chase list, and returned forms."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shlex
import shutil
from pathlib import Path

from click.testing import CliRunner
from testkit.builders import clean_sheets, find_row, write_workbook

from reviewgen import api
from reviewgen.cli import main
from reviewgen.forms.signature import load_or_create_secret

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "northwind-2026-q4.xlsx"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="reviewgen")
    return result.exit_code, result.stdout, result.stderr


def behind_cycle(tmp_path: Path) -> Path:
    """The clean cycle mid-quarter: Alan (P3) has no goal yet and no self rating; Grace's weights add to 85."""
    sheets = clean_sheets()
    sheets["Goals"] = [row for row in sheets["Goals"] if row[0] != "G4"]
    sheets["Values"] = [row for row in sheets["Values"] if row[0] != "P3"]
    sheets["Reviews"] = [row for row in sheets["Reviews"] if row[0] != "P3"]
    find_row(sheets, "Goals", "G3")[9] = 25
    find_row(sheets, "Goals", "G3")[13] = None  # Grace's second goal has no manager rating yet
    find_row(sheets, "People", "P3")[1] = "@Alan Turing"  # a spreadsheet program would run it as a formula
    return write_workbook(tmp_path / "cycle.xlsx", sheets)


def test_status_on_the_sample(tmp_path: Path) -> None:
    with contextlib.chdir(SAMPLE.parent):
        code, out, err = run("status", SAMPLE.name, "--as-of", "2026-12-31")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Completion of 2026-Q4 (Northwind Ledger) as of 2026-12-31: 60 people"
    assert lines[3].split() == ["Northwind", "Ledger", "60", "60/60", "59/60", "60/60", "60/60", "59/60"]
    assert "By department" in lines and "By manager (their direct reports)" in lines
    assert lines[-1] == (
        "2 people have steps to do; the chase list: reviewgen status northwind-2026-q4.xlsx --as-of 2026-12-31 "
        "--format csv"
    )


def test_the_chase_list_command_it_points_to_runs_as_written_with_the_same_folder_and_day(tmp_path: Path) -> None:
    """The pointer under the tables keeps the workbook's path as typed, --forms and --as-of (without --forms, the
    chase list would leave out whose form is not back); a path with a space is quoted."""
    path = behind_cycle(tmp_path / "Q4 reviews")
    load_or_create_secret(path)  # as `reviewgen forms` leaves it
    (tmp_path / "Q4 reviews" / "returned forms").mkdir()
    with contextlib.chdir(tmp_path):
        code, out, _ = run("status", "Q4 reviews/cycle.xlsx", "--forms", "Q4 reviews/returned forms", "--as-of",
                           "2026-12-01")  # fmt: skip
        assert code == 0
        hint = out.splitlines()[-1]
        assert hint == (
            '3 people have steps to do; the chase list: reviewgen status "Q4 reviews/cycle.xlsx" --forms '
            '"Q4 reviews/returned forms" --as-of 2026-12-01 --format csv'
        )
        code, chase, _ = run(*shlex.split(hint.split(": ", 1)[1])[1:])
    assert code == 0
    assert [row.split(",")[4] for row in chase.splitlines()[1:]] == [
        "check-in in the last 45 days",
        "weights add to 100; manager ratings; form returned",
        "goals set; weights add to 100; self assessment; manager ratings; check-in in the last 45 days; form returned",
    ]
    assert path.exists()


def test_chase_list_has_one_row_per_person_to_remind(tmp_path: Path) -> None:
    path = behind_cycle(tmp_path)
    code, out, _ = run("status", str(path), "--format", "csv", "--as-of", "2026-12-01")
    assert code == 0
    assert out.splitlines() == [
        "person id,name,email,department,missing,manager id,manager,manager email,last check-in",
        "P1,Ada Lovelace,ada@acme.test,Leadership,check-in in the last 45 days,,,,",
        "P2,Grace Hopper,grace@acme.test,Sales,weights add to 100; manager ratings,P1,Ada Lovelace,ada@acme.test,"
        "2026-11-05",
        "P3,'@Alan Turing,alan@acme.test,Sales,goals set; weights add to 100; self assessment; manager "
        "ratings; check-in in the last 45 days,P2,Grace Hopper,grace@acme.test,",
    ]


def test_exit_0_whatever_the_completion_and_json_totals(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[3] = "D9"  # an error finding: status still describes the cycle
    path = write_workbook(tmp_path / "errors.xlsx", sheets)
    code, out, _ = run("status", str(path), "--format", "json", "--as-of", "2026-12-31")
    assert code == 0
    data = json.loads(out)
    assert data["company_total"]["done"]["goals"] == {"done": 3, "of": 3}
    assert [d["key"] for d in data["departments"]] == ["Leadership", "Sales"]
    assert [m["key"] for m in data["managers"]] == ["P1", "P2"]
    assert {p["id"]: p["missing"] for p in data["people"]} == {"P1": [], "P2": [], "P3": []}


def test_markdown_escapes_names(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Goals"] = [row for row in sheets["Goals"] if row[0] != "G4"]
    find_row(sheets, "People", "P3")[1] = "Alan *Turing* | <b>"
    path = write_workbook(tmp_path / "cycle.xlsx", sheets)
    code, out, _ = run("status", str(path), "--format", "markdown", "--as-of", "2026-12-31")
    assert code == 0
    assert out.startswith("# Completion of 2026-Q4 (Acme Test Ltd) as of 2026-12-31: 3 people\n")
    assert "| Sales | 2 | 1/2 | 1/2 | 2/2 | 1/2 | 2/2 |" in out
    assert "| Alan \\*Turing\\* \\| \\<b\\> (P3) | Sales | goals set; weights add to 100; manager ratings |" in out


def test_forms_returned_per_manager(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "cycle.xlsx", clean_sheets())
    sent = api.issue_forms(path, tmp_path / "forms")
    returned = tmp_path / "returned"
    returned.mkdir()
    grace = next(p for p in sent if "P2" in p.name)
    shutil.copy(grace, returned / grace.name)
    (returned / "notes.xlsx").write_bytes(b"not a workbook")
    outcome = api.cycle_status(path, forms_dir=returned, fmt="csv", as_of=dt.date(2026, 12, 31))
    missing = {s.person.id: s.missing() for s in outcome.report.people}
    assert missing == {"P1": (), "P2": ("form",), "P3": ()}
    assert outcome.report.returned_by == frozenset({"P2"})
    assert [line.split(":")[0] for line in outcome.report.unusable_forms] == ["notes.xlsx"]
    text = api.cycle_status(path, forms_dir=returned, as_of=dt.date(2026, 12, 31)).text
    assert "form file not counted: notes.xlsx: " in text
    assert text.splitlines()[3].split()[-1] == "1/2"  # the form column: Alan's came back on Grace's form


def test_forms_without_the_secret_is_an_error_not_a_new_secret(tmp_path: Path) -> None:
    """A workbook moved away from its secret: status --forms says where the secret must be, as collect does, and
    writes none (a new one counted every returned form as 'signature does not match')."""
    path = write_workbook(tmp_path / "cycle.xlsx", clean_sheets())
    sent = api.issue_forms(path, tmp_path / "forms")
    moved = tmp_path / "copy" / "cycle.xlsx"
    moved.parent.mkdir()
    shutil.copy(path, moved)
    code, out, err = run("status", str(moved), "--forms", str(sent[0].parent), "--as-of", "2026-12-31")
    assert (code, out) == (2, "")
    assert err == (
        f"reviewgen: error: {moved.parent / '.reviewgen-secret'}: the form secret is missing; it must be beside the "
        "workbook where `reviewgen forms` created it: restore it from a backup (forms issued with another secret "
        "cannot be verified)\n"
    )
    assert not (moved.parent / ".reviewgen-secret").exists()
