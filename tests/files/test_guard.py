"""What an output may replace: an earlier output of ours with --replace; never an input, a secret, a stranger's file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reviewgen.errors import OutputError
from reviewgen.files.atomic import TMP_MARK, write_file
from reviewgen.files.guard import Input, check_output_file, check_output_folder, note_written
from reviewgen.files.output import atomic_output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def earlier_output(out: Path) -> None:
    with atomic_output(out, replace=False) as tree:
        tree.write("managers/a.md", b"old a")
        tree.write("b.md", b"old b")


def test_an_earlier_output_is_replaced_only_with_replace(tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier_output(out)
    before = snapshot(out)
    with pytest.raises(OutputError) as err, atomic_output(out, replace=False) as tree:
        tree.write("new.md", b"new")
    assert err.value.message == (
        f"{out} holds an earlier output of reviewgen: add --replace to replace it, or choose a new output folder"
    )
    assert snapshot(out) == before
    with atomic_output(out, replace=True) as tree:
        tree.write("new.md", b"new")
    assert sorted(snapshot(out)) == ["manifest.json", "new.md"]


def test_a_folder_holding_an_input_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier_output(out)
    (out / "cycle.xlsx").write_bytes(b"HR's master")
    before = snapshot(out)
    inputs = [Input(out / "cycle.xlsx", "the workbook")]
    with pytest.raises(OutputError) as err:
        check_output_folder(out, replace=True, inputs=inputs)
    assert err.value.message == (
        f"{out} holds the workbook {out / 'cycle.xlsx'}: reviewgen never replaces a folder holding its own input "
        "or a secret; choose another output folder"
    )
    with pytest.raises(OutputError), atomic_output(out, replace=True, inputs=inputs):
        pass
    assert snapshot(out) == before


def test_an_input_deeper_down_or_the_folder_itself_counts(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="holds the templates folder"):
        check_output_folder(tmp_path, replace=True, inputs=[Input(tmp_path / "a" / "tpl", "the templates folder")])
    with pytest.raises(OutputError, match="holds the form secret"):
        check_output_folder(tmp_path, replace=True, inputs=[Input(tmp_path / ".reviewgen-secret", "the form secret")])


def test_a_file_added_to_an_earlier_output_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier_output(out)
    (out / "managers" / "my notes.docx").write_bytes(b"mine")
    with pytest.raises(OutputError) as err:
        check_output_folder(out, replace=True)
    assert err.value.message == (
        f"{out} holds managers/my notes.docx, which reviewgen did not write (or which was changed since): "
        f"move it out of {out}, or choose another output folder"
    )


def test_a_file_changed_since_we_wrote_it_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier_output(out)
    (out / "b.md").write_bytes(b"old B")  # same size, other content: a returned form saved over ours
    with pytest.raises(OutputError, match=r"b\.md, which reviewgen did not write"):
        check_output_folder(out, replace=True)
    assert (out / "b.md").read_bytes() == b"old B"


def test_a_link_inside_an_earlier_output_is_foreign(tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier_output(out)
    (tmp_path / "elsewhere").mkdir()
    (out / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(OutputError, match="holds link, which reviewgen did not write"):
        check_output_folder(out, replace=True)


def test_a_file_dropped_in_during_the_run_survives(tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier_output(out)
    with pytest.raises(OutputError, match=r"late\.txt"), atomic_output(out, replace=True) as tree:
        tree.write("new.md", b"new")
        (out / "late.txt").write_bytes(b"arrived while building")
    assert (out / "late.txt").read_bytes() == b"arrived while building"
    assert (out / "b.md").read_bytes() == b"old b"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_forged_manifest_removes_nothing_outside(tmp_path: Path) -> None:
    import hashlib
    import json

    from reviewgen.files.guard import remove_ours

    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    folder = tmp_path / "old"
    folder.mkdir()
    entry = {"path": "../victim.txt", "size": 7, "sha256": hashlib.sha256(b"keep me").hexdigest()}
    (folder / "manifest.json").write_text(json.dumps({"generator": "reviewgen", "files": [entry]}))
    remove_ours(folder)
    assert victim.read_bytes() == b"keep me"


def test_output_file_is_never_an_input_and_replaced_only_with_replace(tmp_path: Path) -> None:
    master = tmp_path / "cycle.xlsx"
    master.write_bytes(b"master")
    inputs = [Input(master, "the workbook"), Input(tmp_path / ".reviewgen-secret", "the form secret")]
    for target, label in ((master, "the workbook"), (tmp_path / ".reviewgen-secret", "the form secret")):
        with pytest.raises(OutputError) as err:
            check_output_file(target, replace=True, inputs=inputs)
        assert err.value.message == f"{target} is {label}, an input of this command: choose another output file"
    (tmp_path / "alias.xlsx").hardlink_to(master)
    with pytest.raises(OutputError, match="is the workbook"):
        check_output_file(tmp_path / "alias.xlsx", replace=True, inputs=inputs)
    (tmp_path / "merged.xlsx").write_bytes(b"earlier")
    note_written(tmp_path / "merged.xlsx", b"earlier")  # an earlier output of ours, unchanged
    with pytest.raises(OutputError) as err:
        check_output_file(tmp_path / "merged.xlsx", replace=False, inputs=inputs)
    assert err.value.message == (
        f"{tmp_path / 'merged.xlsx'} already exists: add --replace to replace it, or choose another name"
    )
    check_output_file(tmp_path / "merged.xlsx", replace=True, inputs=inputs)
    (tmp_path / "merged.xlsx").write_bytes(b"edited since")
    with pytest.raises(OutputError, match="was not written by reviewgen or was changed since"):
        check_output_file(tmp_path / "merged.xlsx", replace=True, inputs=inputs)


def test_write_file_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"before")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError, match=r"report\.md: cannot write the file \(No space left on device\)"):
        write_file(target, b"after")
    assert target.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_write_file_exclusive_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "secret"
    write_file(target, b"first", exclusive=True)
    with pytest.raises(FileExistsError):
        write_file(target, b"second", exclusive=True)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["secret"]


_KILLED_BUILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reviewgen.files.output import atomic_output
    with atomic_output(Path(sys.argv[1]), replace=True) as tree:
        tree.write("confidential.md", b"salary")
        print("ready", flush=True)
        time.sleep(60)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="advisory locks and SIGKILL are POSIX")
def test_a_killed_run_leaves_a_temporary_folder_that_the_next_run_removes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_BUILD, str(out)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    live = [p for p in tmp_path.iterdir() if TMP_MARK in p.name]
    assert len(live) == 1
    with atomic_output(tmp_path / "other", replace=True) as tree:  # another folder's run leaves it alone
        tree.write("x.md", b"x")
    with atomic_output(out, replace=True) as tree:  # a run while the writer lives leaves it alone too
        tree.write("x.md", b"x")
    assert live[0].exists()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with atomic_output(out, replace=True) as tree:
        tree.write("x.md", b"y")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other", "out"]
