"""What an output may replace: never an input, never a secret, never a file reviewgen did not write.

Every command checks each of its output paths here before it reads anything big, and the
atomic folder writer checks again just before it swaps: an output folder is replaced only when
it is empty, or when it holds an earlier output of ours (its manifest lists every file in it,
each unchanged) and the user said ``--replace``. A folder holding the command's own input, the
form secret or any other file is refused whatever the flags: one line, exit 2, nothing touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewgen.errors import OutputError
from reviewgen.files.atomic import write_file

MANIFEST = "manifest.json"
GENERATOR = "reviewgen"
REPLACE_FLAG = "--replace"
#: Beside single files reviewgen writes into the user's folders (init's workbook and toml, template copies):
#: each one's size and sha256 as written, so that a later run replaces it only while it is unchanged.
WRITTEN = ".reviewgen-written"


@dataclass(frozen=True)
class Input:
    """A path a command reads (or keeps), with what it is, for the refusal message."""

    path: Path
    label: str


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _holds(folder: Path, inp: Input) -> bool:
    target = _real(inp.path)
    return target == folder or folder in target.parents


def read_manifest(folder: Path) -> dict[str, tuple[int, str]] | None:
    """path -> (size, sha256) of a folder reviewgen wrote, or None when it has no manifest of ours."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR:
        return None
    files: dict[str, tuple[int, str]] = {}
    for entry in data.get("files", []):
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            files[entry["path"]] = (int(entry.get("size", -1)), str(entry.get("sha256", "")))
    return files


def file_digest(path: Path) -> str:
    """The sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_ours(path: Path, size: int, sha256: str) -> bool:
    """True when ``path`` is a regular file still exactly as reviewgen wrote it."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != size:
            return False
        return file_digest(path) == sha256
    except OSError:
        return False


def _entries(folder: Path) -> list[str]:
    """Every file, link and folder-link below ``folder`` ("/"-separated), links never followed."""
    out: list[str] = []
    for root, dirs, files in os.walk(folder):
        rel = Path(root).relative_to(folder)
        links = [d for d in dirs if (Path(root) / d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if d not in links)
        out += [(rel / name).as_posix() for name in sorted(files + links)]
    return out


def check_output_folder(out_dir: Path, *, replace: bool, inputs: Sequence[Input] = ()) -> None:
    """Raise OutputError unless writing ``out_dir`` can lose nothing (see the module docstring)."""
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputError(f"{out_dir} exists and is not a folder: choose another output folder")
    real = _real(out_dir)
    for inp in inputs:
        if _holds(real, inp):
            raise OutputError(
                f"{out_dir} holds {inp.label} {inp.path}: reviewgen never replaces a folder holding its own input "
                "or a secret; choose another output folder"
            )
    if not out_dir.is_dir():
        return
    try:
        entries = _entries(out_dir)
        if not entries and not any(out_dir.iterdir()):
            return
    except OSError as exc:
        raise OutputError(f"cannot read the output folder {out_dir}: {exc.strerror}") from exc
    listed = read_manifest(out_dir)
    if listed is None:
        shown = entries[0] if entries else "sub-folders"
        raise OutputError(
            f"{out_dir} is not empty and was not written by reviewgen (it holds {shown}): choose a new or "
            "empty output folder; reviewgen never replaces files it did not write"
        )
    for rel in entries:
        if rel == MANIFEST:
            continue
        expected = listed.get(rel)
        if expected is None or not is_ours(out_dir / rel, *expected):
            raise OutputError(
                f"{out_dir} holds {rel}, which reviewgen did not write (or which was changed since): move it out "
                f"of {out_dir}, or choose another output folder"
            )
    if not replace:
        raise OutputError(
            f"{out_dir} holds an earlier output of reviewgen: add {REPLACE_FLAG} to replace it, "
            "or choose a new output folder"
        )


def check_output_file(path: Path, *, replace: bool, inputs: Sequence[Input] = ()) -> None:
    """Raise OutputError when writing the file ``path`` would replace an input, a secret, a file reviewgen did
    not write (or that changed since: see :func:`note_written`) or, without ``replace``, any existing file."""
    real = _real(path)
    for inp in inputs:
        target = _real(inp.path)
        same = target == real
        if not same and path.exists() and inp.path.exists():
            try:
                same = os.path.samefile(path, inp.path)
            except OSError:
                same = False
        if same:
            raise OutputError(f"{path} is {inp.label}, an input of this command: choose another output file")
    if path.is_dir():
        raise OutputError(f"{path} is a folder: give the name of a file to write")
    if path.exists() or path.is_symlink():
        if path.is_symlink() or not path.is_file():
            raise OutputError(f"{path} exists and is not a regular file: choose another output file")
        if not unchanged_since_written(path):
            _refuse_foreign(path)
        if not replace:
            raise OutputError(f"{path} already exists: add {REPLACE_FLAG} to replace it, or choose another name")


def remove_ours(folder: Path) -> None:
    """Remove from ``folder`` only the files its manifest lists that are unchanged, then the emptied
    folders; anything else (a file someone added meanwhile) stays where it is."""
    listed = read_manifest(folder) or {}
    for rel in _entries(folder):  # only what is really inside: a manifest naming "../x" removes nothing
        if rel in listed and is_ours(folder / rel, *listed[rel]):
            (folder / rel).unlink(missing_ok=True)
    (folder / MANIFEST).unlink(missing_ok=True)
    for root, _dirs, _files in os.walk(folder, topdown=False):  # deepest first
        with contextlib.suppress(OSError):
            os.rmdir(root)


def _written(folder: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads((folder / WRITTEN).read_text(encoding="utf-8"))
        files = data["files"] if data.get("generator") == GENERATOR else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return dict(files) if isinstance(files, dict) else {}


def unchanged_since_written(path: Path) -> bool:
    """True when ``path`` is a file reviewgen wrote with :func:`write_own_file` and nobody changed since."""
    entry = _written(path.parent).get(path.name)
    if not isinstance(entry, dict):
        return False
    size, sha256 = entry.get("size"), entry.get("sha256")
    return isinstance(size, int) and isinstance(sha256, str) and is_ours(path, size, sha256)


def write_own_file(path: Path, data: bytes, *, replace: bool, flag: str = "--force", mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` atomically and record it as ours (in the folder's ``.reviewgen-written``).

    An existing ``path`` is replaced only when ``replace`` is set AND the file is unchanged since reviewgen
    wrote it: a file someone filled in, edited or put there is refused whatever the flags (OutputError).
    """
    check_own_file(path, replace=replace, flag=flag)
    write_file(path, data, mode=mode)
    note_written(path, data)


def note_written(path: Path, data: bytes) -> None:
    """Record that reviewgen just wrote ``data`` to ``path`` (so that a later run may replace it while unchanged)."""
    files = _written(path.parent)
    files[path.name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    text = json.dumps({"generator": GENERATOR, "files": dict(sorted(files.items()))}, indent=1)
    write_file(path.parent / WRITTEN, (text + "\n").encode("utf-8"))


def check_own_file(path: Path, *, replace: bool, flag: str = "--force") -> None:
    """Raise OutputError unless :func:`write_own_file` may write ``path`` (nothing there, or ours, unchanged,
    and ``replace``); run it before any slow work so that a refusal costs nothing."""
    if path.is_dir():
        raise OutputError(f"{path} is a folder: give the name of a file to write")
    if not (path.exists() or path.is_symlink()):
        return
    if not unchanged_since_written(path):
        _refuse_foreign(path)
    if not replace:
        raise OutputError(f"{path} already exists; use {flag} to replace it")


def _refuse_foreign(path: Path) -> None:
    raise OutputError(
        f"{path} already exists and was not written by reviewgen or was changed since (it may hold your "
        "work): reviewgen never replaces it, whatever the flags; move it away or choose another name"
    )
