"""The atomic output folder, its manifest and safe file names."""

from __future__ import annotations

import hashlib
import json
import stat
import unicodedata
from pathlib import Path

import pytest

from reviewgen.errors import OutputError
from reviewgen.files.output import atomic_output, is_reviewgen_output, safe_filename


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(out: Path, files: dict[str, bytes], *, replace: bool = True) -> None:
    with atomic_output(out, replace=replace) as tree:
        for rel, data in files.items():
            tree.write(rel, data, kind="packet" if rel.endswith(".md") else None)


def test_writes_files_with_private_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out, {"managers/Grace/P3.md": b"# Alan", "top.txt": b"x"})
    assert (out / "managers" / "Grace" / "P3.md").read_bytes() == b"# Alan"
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left behind


def test_manifest_lists_every_file_in_order_without_timestamps(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = {"b/two.md": b"two", "a/one.md": b"one!", "scorecards/x.docx": b"\x00\x01"}
    build(out, files)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["generator"] == "reviewgen"
    assert [f["path"] for f in manifest["files"]] == ["a/one.md", "b/two.md", "scorecards/x.docx"]
    assert manifest["files"][0] == {
        "path": "a/one.md",
        "kind": "packet",
        "size": 4,
        "sha256": hashlib.sha256(b"one!").hexdigest(),
    }
    assert manifest["counts"] == {"packet": 2, "scorecards": 1}
    first = (out / "manifest.json").read_bytes()
    build(out, dict(reversed(files.items())))  # same content, other order -> byte-identical manifest
    assert (out / "manifest.json").read_bytes() == first
    assert is_reviewgen_output(out)


def test_exception_midway_leaves_previous_output_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out, {"a.md": b"old a", "sub/b.md": b"old b"})
    before = snapshot(out)
    with pytest.raises(RuntimeError, match="template broke"), atomic_output(out, replace=True) as tree:
        tree.write("a.md", b"new a")
        tree.write("c.md", b"new c")
        raise RuntimeError("template broke")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_success_replaces_previous_output_completely(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out, {"old.md": b"old"})
    build(out, {"new.md": b"new"})
    assert sorted(snapshot(out)) == ["manifest.json", "new.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_refuses_foreign_folder_whatever_the_flags(tmp_path: Path) -> None:
    out = tmp_path / "Documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(OutputError, match="not written by reviewgen"):
        build(out, {"a.md": b"a"}, replace=True)
    assert snapshot(out) == {"thesis.docx": b"precious"}


def test_empty_folder_and_missing_parents_are_fine(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    build(tmp_path / "empty", {"a.md": b"a"})
    build(tmp_path / "x" / "y" / "out", {"a.md": b"a"})
    assert (tmp_path / "x" / "y" / "out" / "a.md").read_bytes() == b"a"


def test_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a folder")
    with pytest.raises(OutputError, match="not a folder"):
        build(tmp_path / "out", {"a.md": b"a"}, replace=True)


@pytest.mark.parametrize("relpath", ["/etc/passwd", "../escape.md", "a/../../b.md", "a\\b.md", "C:evil.md", "", "a//b"])
def test_paths_outside_the_folder_are_refused(tmp_path: Path, relpath: str) -> None:
    with (
        pytest.raises(OutputError, match="inside the output folder"),
        atomic_output(tmp_path / "o", replace=False) as t,
    ):
        t.write(relpath, b"x")
    assert not (tmp_path / "o").exists()
    assert not (tmp_path.parent / "escape.md").exists()


def test_same_name_in_other_case_or_unicode_form_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="same name"), atomic_output(tmp_path / "o", replace=False) as t:
        t.write("Ann.md", b"1")
        t.write("ann.md", b"2")
    with pytest.raises(OutputError, match="same name"), atomic_output(tmp_path / "o", replace=False) as t:
        t.write("Caf\u00e9.md", b"1")
        t.write("Cafe\u0301.md", b"2")


def test_manifest_name_is_reserved(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="manifest"), atomic_output(tmp_path / "o", replace=False) as t:
        t.write("manifest.json", b"{}")


HOSTILE = [
    ("../../etc/passwd", "_.._etc_passwd"),
    ("CON", "_CON"),
    ("con.txt", "_con.txt"),
    ("LPT9 ", "_LPT9"),
    ("nul", "_nul"),
    ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
    ("Grace Hopper.", "Grace Hopper"),
    ("  trailing spaces  ", "trailing spaces"),
    (".hidden", "hidden"),
    ("..", "unnamed"),
    ("", "unnamed"),
    ("\x00\x01", "__"),
    ("tab\tand\nnewline", "tab and newline"),
    ("Ann\u202egnp.exe", "Ann_gnp.exe"),
    ("👩‍💻 Ada", "👩‍💻 Ada"),
    ("Cafe\u0301", "Caf\u00e9"),
    ("CONSOLE", "CONSOLE"),
]


@pytest.mark.parametrize(("text", "expected"), HOSTILE)
def test_safe_filename_table(text: str, expected: str) -> None:
    assert safe_filename(text) == expected


@pytest.mark.parametrize("text", ["x" * 300, "é" * 300, "👩‍💻" * 100, "e\u0301" * 200, "a" * 79 + "é"])
def test_safe_filename_caps_bytes_without_breaking_characters(text: str) -> None:
    name = safe_filename(text)
    encoded = name.encode("utf-8")
    assert 0 < len(encoded) <= 80
    assert encoded.decode("utf-8") == name
    assert unicodedata.normalize("NFC", name) == name
    assert not name.endswith("\u200d") and not unicodedata.combining(name[-1])


def test_safe_filename_results_can_be_created(tmp_path: Path) -> None:
    for text, _ in HOSTILE:
        path = tmp_path / safe_filename(text)
        path.write_bytes(b"ok")
        assert path.parent == tmp_path


def test_record_enters_files_written_by_other_processes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic_output(out, replace=True) as tree:
        worker = type(tree)(tree.root)  # a build worker's own tree over the same folder
        worker.write("packets/a.md", b"from a worker", kind="packet")
        tree.record("packets/a.md", 13, hashlib.sha256(b"from a worker").hexdigest(), kind="packet")
        with pytest.raises(OutputError, match="same name"):
            tree.record("Packets/A.md", 1, "0" * 64)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"] == {"packet": 1}
    assert manifest["files"][0]["size"] == (out / "packets" / "a.md").stat().st_size


def test_safe_filename_keeps_the_counter_when_it_cuts() -> None:
    base = safe_filename("x" * 300)
    numbered = safe_filename(f"{base} (2)")
    assert numbered.endswith(" (2)") and len(numbered.encode("utf-8")) <= 80
    assert numbered != base
    assert safe_filename("short (2)") == "short (2)"
