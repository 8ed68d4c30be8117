"""The command line: help for every command, exit codes and the exact one-line messages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from testkit.builders import clean_sheets, clean_workbook, find_row, write_workbook

from reviewgen import __version__
from reviewgen.cli import main

SAMPLE = Path(__file__).parents[1] / "samples" / "northwind-2026-q4.xlsx"

COMMANDS = [
    ["check"],
    ["init"],
    ["build"],
    ["forms"],
    ["collect"],
    ["status"],
    ["calibrate"],
    ["templates"],
    ["templates", "list"],
    ["templates", "copy"],
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="reviewgen")
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_and_an_example(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert out.startswith("Usage: reviewgen " + " ".join(command))
    if command != ["templates"]:
        assert "Example: reviewgen " + " ".join(command) in " ".join(out.split())


def test_every_command_is_listed_here() -> None:
    def names(group: object, prefix: list[str]) -> list[list[str]]:
        out = []
        for name, command in sorted(getattr(group, "commands", {}).items()):
            out.append([*prefix, name])
            out.extend(names(command, [*prefix, name]))
        return out

    assert sorted(names(main, [])) == sorted(COMMANDS)


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        if command != ["templates"]:
            assert f"`reviewgen {' '.join(command)}" in readme, command


def test_version() -> None:
    code, out, _ = run("--version")
    assert (code, out) == (0, f"reviewgen, version {__version__}\n")


def test_check_clean_workbook_exits_0_with_a_ready_line(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path)
    code, out, err = run("check", str(path))
    assert (code, err) == (0, "")
    assert out == f"No findings in {path.name}: the cycle is ready.\n"


def test_check_errors_exit_1_and_name_the_cell(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[3] = "D9"  # a typo in an objective id
    path = write_workbook(tmp_path / "typo.xlsx", sheets)
    code, out, _ = run("check", str(path))
    assert code == 1
    line = next(line for line in out.splitlines() if "unknown-objective" in line)
    assert line.strip().startswith(f"error[unknown-objective] {path} › Goals › row 5 › Objective (D5): ")
    assert out.rstrip().endswith(f"1 error, 0 warnings, 0 info in {path.name}")


def test_check_json_has_the_documented_keys(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G3")[9] = 25  # Grace's weights now add up to 85
    path = write_workbook(tmp_path / "weights.xlsx", sheets)
    code, out, _ = run("check", str(path), "--format", "json")
    assert code == 0  # a warning only
    (finding,) = json.loads(out)
    assert finding == {
        "code": "weights-not-100",
        "severity": "warning",
        "message": "weights of Grace Hopper's goals add up to 85; add 15 to reach 100",
        "file": str(path),
        "sheet": "Goals",
        "row": 3,
        "column": "Weight",
        "subject": "P2",
    }
    code, _, _ = run("check", str(path), "--strict")
    assert code == 1


def test_check_markdown_format(tmp_path: Path) -> None:
    code, out, _ = run("check", str(clean_workbook(tmp_path)), "--format", "markdown")
    assert code == 0
    assert out.startswith("# ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "reviewgen: error: {path}: file not found: check the name and the folder\n"),
        (
            b"id,name\n1,Ada\n",
            "reviewgen: error: {path}: is not an Excel workbook (.xlsx): if it is a CSV or text file, "
            "open it in Excel or LibreOffice and save it as .xlsx\n",
        ),
    ],
    ids=["missing", "csv"],
)
def test_unusable_input_is_one_line_and_exit_2(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "cycle.xlsx"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run("check", str(path))
    assert (code, out) == (2, "")
    assert err == message.format(path=path)
    assert "Traceback" not in err


def test_usage_error_exits_2() -> None:
    code, _, err = run("check", "x.xlsx", "--format", "pdf")
    assert code == 2
    assert "Invalid value for '--format'" in err


def test_init_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    code, out, _ = run("init", str(tmp_path))
    assert (code, out) == (0, f"Wrote {tmp_path / 'cycle.xlsx'}\n")
    code, _, err = run("init", str(tmp_path))
    assert code == 2
    assert err == f"reviewgen: error: {tmp_path / 'cycle.xlsx'} already exists; use --force to replace it\n"
    code, _, _ = run("init", str(tmp_path), "--force")
    assert code == 0


def test_init_force_never_replaces_a_filled_in_workbook(tmp_path: Path) -> None:
    """Issue 9: `init --force` used to replace the workbook HR had filled in since."""
    assert run("init", str(tmp_path))[0] == 0
    workbook = tmp_path / "cycle.xlsx"
    book = openpyxl.load_workbook(workbook)
    book["People"].append(["P1", "Ada Lovelace"])
    book.save(workbook)
    filled = workbook.read_bytes()
    for extra in ((), ("--sample", "--name", "cycle.xlsx")):
        code, _, err = run("init", str(tmp_path), "--force", *extra)
        assert code == 2
        assert err == (
            f"reviewgen: error: {workbook} already exists and was not written by reviewgen or was changed since "
            "(it may hold your work): reviewgen never replaces it, whatever the flags; move it away or choose "
            "another name\n"
        )
        assert workbook.read_bytes() == filled


def test_init_sample_matches_the_bundled_sample(tmp_path: Path) -> None:
    code, out, _ = run("init", "--sample", str(tmp_path))
    written = tmp_path / "northwind-2026-q4.xlsx"
    assert (code, out) == (0, f"Wrote {written}\n")
    assert written.read_bytes() == SAMPLE.read_bytes()


def test_init_rejects_a_name_with_a_folder(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path), "--name", "../x.xlsx")
    assert code == 2
    assert err == "reviewgen: error: --name '../x.xlsx' must be a plain file name ending in .xlsx\n"


def test_bundled_sample_checks_with_warnings_only() -> None:
    code, out, _ = run("check", str(SAMPLE))
    assert code == 0
    assert out.rstrip().endswith("0 errors, 7 warnings, 1 info in northwind-2026-q4.xlsx")


def test_build_stops_on_errors_and_names_them(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "People", "P3")[5] = "P99"  # unknown manager
    path = write_workbook(tmp_path / "bad.xlsx", sheets)
    out_dir = tmp_path / "out"
    code, _, err = run("build", str(path), "-o", str(out_dir), "--quiet")
    assert code == 1
    first, second = err.splitlines()[:2]
    assert first == (
        "reviewgen: error: bad.xlsx has 1 error(s); fix them and run again, or add --ignore-errors to build anyway"
    )
    assert second.startswith(f"  error[unknown-manager] {path} › People › row 4 › Manager (F4): ")
    assert not out_dir.exists()


@pytest.mark.parametrize(("command", "what"), [("forms", "write forms"), ("calibrate", "write calibration workbooks")])
def test_forms_and_calibrate_stop_on_the_errors_check_finds(tmp_path: Path, command: str, what: str) -> None:
    """forms and calibrate run only the checks that can give an error: they stop on the errors `check` reports."""
    sheets = clean_sheets()
    find_row(sheets, "People", "P3")[5] = "P99"  # unknown manager (an error)
    find_row(sheets, "Goals", "G4")[3] = None  # orphan goal (a warning: it stops nothing)
    path = write_workbook(tmp_path / "bad.xlsx", sheets)
    _, checked, _ = run("check", str(path))
    code, _, err = run(command, str(path), "-o", str(tmp_path / "out"))
    assert code == 1
    first, second, *rest = err.splitlines()
    assert first == (
        f"reviewgen: error: bad.xlsx has 1 error(s); fix them and run again, or add --ignore-errors to {what} anyway"
    )
    assert second.startswith(f"  error[unknown-manager] {path} › People › row 4 › Manager (F4): ")
    assert second in checked.splitlines() and rest == []
    assert not (tmp_path / "out").exists()


def test_forms_and_collect_round_trip_through_the_cli(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path)
    forms_dir = tmp_path / "forms"
    code, out, _ = run("forms", str(path), "-o", str(forms_dir))
    assert code == 0
    assert out == f"Wrote 2 forms to {forms_dir}\n"  # Ada manages Grace, Grace manages Alan
    merged = tmp_path / "merged.xlsx"
    report = tmp_path / "report.md"
    code, out, _ = run("collect", str(path), str(forms_dir), "-o", str(merged), "--report", str(report))
    assert code == 0, out
    assert merged.exists() and report.exists()
    code, _, err = run("collect", str(path), str(forms_dir), "-o", str(path), "--replace")
    assert code == 2
    assert err == f"reviewgen: error: {path} is the workbook, an input of this command: choose another output file\n"


def test_templates_list_and_copy(tmp_path: Path) -> None:
    code, out, _ = run("templates", "list")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert {"packet.md.j2", "scorecard.md.j2", "one-pager.md.j2", "handout.md.j2"} <= set(names)
    code, out, _ = run("templates", "copy", "packet.md.j2", str(tmp_path / "mine"))
    assert code == 0
    copied = tmp_path / "mine" / "packet.md.j2"
    assert out == f"Wrote {copied}; use it with --templates {tmp_path / 'mine'}\n"
    code, out, _ = run("templates", "list", "--templates", str(tmp_path / "mine"))
    assert any(line.split()[:2] == ["packet.md.j2", "user"] for line in out.splitlines())


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "reviewgen", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("Usage: python -m reviewgen")


def test_build_the_bundled_sample_prints_the_check_report_and_a_summary(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, err = run("build", str(SAMPLE), "-o", str(out_dir), "--jobs", "2")
    assert code == 0, err
    assert err.rstrip().endswith("0 errors, 7 warnings, 1 info in northwind-2026-q4.xlsx")
    assert out.startswith("Wrote 292 files (120 packets, 19 scorecards, 1 one-pager, 6 handouts), ")
    charts = int(re.search(r"handouts\), (\d+) chart images", out).group(1))  # type: ignore[union-attr]
    assert out.rstrip().endswith("s; 7 warning(s).")
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 292 + charts  # (120 + 19 + 1 + 6) documents x 2 formats, and the charts
    assert manifest["counts"]["chart"] == charts > 0
