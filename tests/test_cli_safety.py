"""Nothing lost: the exact commands of issue 9 that used to delete or overwrite HR's files are refused.

Every refusal is exit 2, one line naming the path and what to do, and leaves every file as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from testkit.builders import clean_workbook

from reviewgen.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="reviewgen")
    return result.exit_code, result.stdout, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """cycle/cycle.xlsx (clean), its secret, earlier forms and an unrelated file, as HR's folder looks."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "cycle"
    clean_workbook(folder, "cycle.xlsx")
    assert run("forms", "cycle/cycle.xlsx", "-o", "forms")[0] == 0
    shutil.copy(next((tmp_path / "forms").glob("*Grace*.xlsx")), folder / "returned from Grace.xlsx")
    (folder / "notes.txt").write_text("budget talk", encoding="utf-8")
    return folder


@pytest.mark.parametrize("flags", [[], ["--ignore-errors"], ["--replace"], ["--ignore-errors", "--replace"]])
def test_forms_into_the_workbooks_own_folder_is_refused(cycle: Path, flags: list[str]) -> None:
    before = snapshot(cycle)
    code, out, err = run("forms", "cycle/cycle.xlsx", "-o", "cycle", *flags)
    assert (code, out) == (2, "")
    assert err == (
        "reviewgen: error: cycle holds the workbook cycle/cycle.xlsx: reviewgen never replaces a folder holding "
        "its own input or a secret; choose another output folder\n"
    )
    assert snapshot(cycle) == before


def test_the_old_force_flag_says_which_new_flag_is_meant(cycle: Path) -> None:
    before = snapshot(cycle)
    for command in (["forms", "cycle/cycle.xlsx", "-o", "cycle"], ["build", "cycle/cycle.xlsx", "-o", "cycle"]):
        code, _, err = run(*command, "--force")
        assert code == 2
        assert err == (
            "reviewgen: error: --force was split in two: add --ignore-errors to go on despite check errors, "
            "and/or --replace to replace an earlier output of reviewgen\n"
        )
    assert snapshot(cycle) == before


def test_build_into_an_earlier_output_that_now_holds_the_workbook_is_refused(cycle: Path) -> None:
    assert run("build", "cycle/cycle.xlsx", "-o", "out", "--format", "md", "--jobs", "1", "--quiet")[0] == 0
    shutil.copy(cycle / "cycle.xlsx", "out/cycle.xlsx")
    before = snapshot(Path("out"))
    code, _, err = run("build", "out/cycle.xlsx", "-o", "out", "--replace", "--ignore-errors", "--quiet")
    assert code == 2
    assert err.startswith("reviewgen: error: out holds the workbook out/cycle.xlsx: ")
    assert snapshot(Path("out")) == before


def test_rebuilding_needs_replace_and_says_so(cycle: Path) -> None:
    args = ["build", "cycle/cycle.xlsx", "-o", "out", "--format", "md", "--jobs", "1", "--quiet"]
    assert run(*args)[0] == 0
    before = snapshot(Path("out"))
    code, _, err = run(*args)
    assert (code, err) == (
        2,
        "reviewgen: error: out holds an earlier output of reviewgen: add --replace to replace it, "
        "or choose a new output folder\n",
    )
    assert snapshot(Path("out")) == before
    assert run(*args, "--replace")[0] == 0


def test_a_returned_form_saved_into_the_forms_folder_survives_forms_replace(cycle: Path) -> None:
    grace = next(Path("forms").glob("*Grace*.xlsx"))
    grace.write_bytes(grace.read_bytes() + b"\0")  # a manager's answers saved over the issued form
    before = snapshot(Path("forms"))
    code, _, err = run("forms", "cycle/cycle.xlsx", "-o", "forms", "--replace")
    assert code == 2
    assert err == (
        f"reviewgen: error: forms holds {grace.name}, which reviewgen did not write (or which was changed since): "
        "move it out of forms, or choose another output folder\n"
    )
    assert snapshot(Path("forms")) == before


@pytest.mark.parametrize(
    ("option", "target", "label"),
    [
        ("--report", "cycle/cycle.xlsx", "the workbook"),
        ("-o", "cycle/cycle.xlsx", "the workbook"),
        ("-o", "cycle/.reviewgen-secret", "the form secret"),
        ("--report", "cycle/.reviewgen-secret", "the form secret"),
        ("--report", "cycle/returned from Grace.xlsx", "a returned form"),
        ("--report", "merged.xlsx", "the merged workbook (-o)"),
    ],
)
def test_collect_never_writes_over_an_input_or_the_secret(cycle: Path, option: str, target: str, label: str) -> None:
    before = snapshot(cycle)
    args = ["collect", "cycle/cycle.xlsx", "cycle/returned from Grace.xlsx", "-o", "merged.xlsx"]
    if option == "-o":
        args[-1] = target
    else:
        args += ["--report", target]
    code, out, err = run(*args, "--replace")
    assert (code, out) == (2, "")
    assert err == f"reviewgen: error: {target} is {label}, an input of this command: choose another output file\n"
    assert snapshot(cycle) == before
    assert not Path("merged.xlsx").exists()


def test_collect_replaces_an_existing_file_only_with_replace(cycle: Path) -> None:
    args = ["collect", "cycle/cycle.xlsx", "cycle/returned from Grace.xlsx"]
    assert run(*args, "-o", "merged.xlsx", "--report", "report.md")[0] == 0  # last week's run
    first = Path("report.md").read_bytes()
    code, _, err = run(*args, "-o", "merged-2.xlsx", "--report", "report.md")
    assert (code, err) == (
        2,
        "reviewgen: error: report.md already exists: add --replace to replace it, or choose another name\n",
    )
    assert Path("report.md").read_bytes() == first and not Path("merged-2.xlsx").exists()
    assert run(*args, "-o", "merged.xlsx", "--report", "report.md", "--replace")[0] == 0


def test_collect_never_replaces_a_merged_workbook_or_report_edited_since(cycle: Path) -> None:
    """`--replace` replaces an earlier output of ours, never HR's work on it (issue 9: no command may overwrite a
    file it did not write or that changed since it wrote it)."""
    args = ["collect", "cycle/cycle.xlsx", "cycle/returned from Grace.xlsx"]
    assert run(*args, "-o", "merged.xlsx", "--report", "report.md")[0] == 0
    book = openpyxl.load_workbook("merged.xlsx")
    book["People"]["B2"] = "Ada King"  # HR goes on working in the merged workbook
    book.save("merged.xlsx")
    Path("notes.md").write_text("my notes", encoding="utf-8")
    edited = Path("merged.xlsx").read_bytes()
    for output in (["-o", "merged.xlsx"], ["-o", "merged-2.xlsx", "--report", "notes.md"]):
        code, _, err = run(*args, *output, "--replace")
        target = output[-1]
        assert (code, err) == (
            2,
            f"reviewgen: error: {target} already exists and was not written by reviewgen or was changed since (it "
            "may hold your work): reviewgen never replaces it, whatever the flags; move it away or choose another "
            "name\n",
        )
    assert Path("merged.xlsx").read_bytes() == edited and Path("notes.md").read_text(encoding="utf-8") == "my notes"


def test_collect_without_the_secret_is_an_error_not_a_new_secret(cycle: Path) -> None:
    (cycle / ".reviewgen-secret").rename(cycle / "secret.bak")
    code, out, err = run("collect", "cycle/cycle.xlsx", "forms", "-o", "merged.xlsx")
    assert (code, out) == (2, "")
    assert err == (
        "reviewgen: error: cycle/.reviewgen-secret: the form secret is missing; it must be beside the workbook "
        "where `reviewgen forms` created it: restore it from a backup (forms issued with another secret cannot "
        "be verified)\n"
    )
    assert not (cycle / ".reviewgen-secret").exists() and not Path("merged.xlsx").exists()


def test_a_secret_others_can_read_is_a_warning(cycle: Path) -> None:
    secret = Path("cycle/.reviewgen-secret")
    secret.chmod(0o644)
    code, _, err = run("collect", "cycle/cycle.xlsx", "forms", "-o", "merged.xlsx")
    assert code == 0
    assert err.startswith(
        f"reviewgen: warning: {secret} can be read by other users of this computer, who could then sign forms: "
        f"run `chmod 600 {secret}`\n"
    )


def test_a_full_disk_leaves_no_empty_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    clean_workbook(tmp_path, "cycle.xlsx")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    code, _, err = run("forms", str(tmp_path / "cycle.xlsx"), "-o", str(tmp_path / "forms"))
    assert code == 2
    assert err == (
        f"reviewgen: error: {tmp_path / '.reviewgen-secret'}: cannot create the form secret; check the folder "
        "exists, is writable and has free space\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cycle.xlsx"]
