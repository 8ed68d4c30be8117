"""The output folder, written atomically: all documents appear at once, or none do.

Everything is written into a hidden temporary folder next to the output folder (same parent,
so the final rename is atomic on one file system), files readable by the owner only (0600,
folders 0700: review data is confidential). On success a ``manifest.json`` is written last and
the folder is swapped into place; an existing output (which reviewgen.files.guard has checked
holds nothing but our own unchanged files) is moved aside, and once the new one is in place only
the files its manifest lists are removed. On any exception, Ctrl-C or SIGTERM the temporary folder
is removed and the previous output is left as it was; one left by a killed run is removed by the
next run into the same folder (reviewgen.files.atomic: its lock is free).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

from reviewgen.errors import OutputError
from reviewgen.files.atomic import OLD_MARK, TMP_MARK, held, stale_siblings, temporary_sibling
from reviewgen.files.guard import GENERATOR, MANIFEST, Input, check_output_folder, read_manifest, remove_ours

MANIFEST_FORMAT = 1
FILE_MODE = 0o600
DIR_MODE = 0o700

#: Characters Windows forbids in names (plus the two path separators), replaced by "_".
_FORBIDDEN = set('<>:"/\\|?*')
#: Bidirectional controls: legal, but they make a name display as something it is not.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_RESERVED = re.compile(r"^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$", re.IGNORECASE)
_FALLBACK = "unnamed"


def _clean_char(ch: str) -> str:
    if ch in "\t\n\r" or unicodedata.category(ch) in ("Zl", "Zp", "Zs"):
        return " "
    if ch in _FORBIDDEN or ch in _BIDI or ch in "\ufffe\uffff" or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
        return "_"
    return ch


def _cut_to_bytes(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` of UTF-8, never inside a character or before a combining mark."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    out = text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")
    # A mark or joiner cut off from what follows it would render as a stray accent or a broken emoji.
    while out and (unicodedata.combining(out[-1]) or out[-1] in "\u200d\ufe0e\ufe0f"):
        out = out[:-1]
    return out


def safe_filename(text: str, *, max_len: int = 80) -> str:
    """A file or folder name made from ``text`` that is valid on Windows, macOS and Linux.

    Unicode is normalised to NFC; path separators, characters Windows forbids (``<>:"/\\|?*``),
    control and bidirectional-override characters become "_"; runs of spaces collapse; leading
    and trailing dots and spaces go (no hidden files, no "..", Windows drops trailing ones);
    reserved device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also with an extension) get a
    leading "_"; the result is at most ``max_len`` bytes of UTF-8 and never empty ("unnamed").
    A name cut to length keeps a trailing " (2)"-style counter, so numbering equal long names
    still makes them different.
    """
    if max_len < len(_FALLBACK):
        raise ValueError(f"max_len must be at least {len(_FALLBACK)}")
    name = "".join(_clean_char(ch) for ch in unicodedata.normalize("NFC", text))
    name = re.sub(r" {2,}", " ", name)
    name = name.strip(" .")
    counter = re.search(r" \(\d{1,6}\)$", name)
    if counter and len(name.encode("utf-8")) > max_len:
        head = _cut_to_bytes(name[: counter.start()], max_len - len(counter.group())).rstrip(" .")
        name = head + counter.group() if head else _cut_to_bytes(name, max_len)
    name = _cut_to_bytes(name, max_len).strip(" .")
    if not name:
        return _FALLBACK
    if _RESERVED.match(name.split(".", 1)[0].rstrip(" ")):
        name = _cut_to_bytes("_" + name, max_len).rstrip(" .")
    return name or _FALLBACK


def _check_relpath(relpath: str) -> PurePosixPath:
    """``relpath`` as a path inside the output folder, or OutputError."""
    path = PurePosixPath(relpath)
    bad = (
        not relpath
        or "\\" in relpath
        or "\x00" in relpath
        or path.is_absolute()
        or re.match(r"^[A-Za-z]:", relpath) is not None
        or any(part in ("", ".", "..") for part in relpath.split("/"))
    )
    if bad:
        raise OutputError(f"refusing to write {relpath!r}: output paths must stay inside the output folder")
    return path


def _default_kind(path: PurePosixPath) -> str:
    return path.parts[0] if len(path.parts) > 1 else "other"


class OutputTree:
    """Files being written into the temporary folder of :func:`atomic_output`.

    ``write(relpath, data, kind=...)`` adds one file; ``kind`` ("packet", "scorecard"...)
    is only counted in the manifest and defaults to the file's first folder (or "other").
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, tuple[int, str, str]] = {}
        self._folded: dict[str, str] = {}
        #: Folders this process has made (or found) and given their mode: each is made once, not per file.
        self._folders: set[PurePosixPath] = set()

    def write(self, relpath: str, data: bytes, *, kind: str | None = None) -> str:
        """Write ``data`` at ``relpath`` ("/"-separated, relative); each path only once. Returns its sha256 (hex).

        Two paths that differ only in letter case or Unicode form are refused too: they are the
        same file on Windows and macOS.
        """
        path = self._claim(relpath)
        target = self.root.joinpath(*path.parts)
        self._make_folders(path)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # the umask may have taken bits away; never added any
                os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
        digest = hashlib.sha256(data).hexdigest()
        self._files[relpath] = (len(data), digest, kind or _default_kind(path))
        return digest

    def _make_folders(self, path: PurePosixPath) -> None:
        """The folders of ``path`` under the root (never the root itself: a build being cleaned up stays gone)."""
        if path.parent in self._folders:
            return
        folder = self.root
        for part in path.parts[:-1]:
            folder = folder / part
            # exist_ok: build workers write into the same folder at the same time.
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
            folder.chmod(DIR_MODE)
        self._folders.add(path.parent)

    def write_shared(self, relpath: str, data: bytes, *, kind: str | None = None) -> str | None:
        """Write ``data`` at ``relpath`` unless another process of the build already has; its sha256 (hex) when this
        call did, None when another had.

        For files several documents link (chart images), written by whichever build worker needs them
        first: the file appears complete under its name or not at all (written beside it, then hard-linked
        into place, which fails when the name exists), so a document never embeds a half-written file.
        The callers write the same bytes for the same name; only the writer that created the file records it.
        """
        path = _check_relpath(relpath)
        target = self.root.joinpath(*path.parts)
        if target.exists():
            return None
        self._make_folders(path)
        fd, tmp = tempfile.mkstemp(prefix=".part-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                if hasattr(os, "fchmod"):
                    os.fchmod(handle.fileno(), FILE_MODE)
                handle.write(data)
            try:
                os.link(tmp, target)
            except FileExistsError:
                return None
        finally:
            os.unlink(tmp)
        self._claim(relpath)
        digest = hashlib.sha256(data).hexdigest()
        self._files[relpath] = (len(data), digest, kind or _default_kind(path))
        return digest

    def record(self, relpath: str, size: int, sha256: str, kind: str | None = None) -> None:
        """Enter a file that another process already wrote at ``relpath`` into the manifest.

        Build workers write with their own OutputTree over the same folder; the parent records
        their files here, with the same path checks and duplicate refusal as :meth:`write`.
        """
        path = self._claim(relpath)
        self._files[relpath] = (size, sha256, kind or _default_kind(path))

    def _claim(self, relpath: str) -> PurePosixPath:
        path = _check_relpath(relpath)
        if relpath == MANIFEST:
            raise OutputError(f"refusing to write {relpath!r}: reviewgen writes the manifest itself")
        folded = unicodedata.normalize("NFC", relpath).casefold()
        if folded in self._folded:
            raise OutputError(
                f"two documents would both be written to {relpath!r} (same name as {self._folded[folded]!r} "
                "on Windows and macOS): give them different names"
            )
        self._folded[folded] = relpath
        return path

    @property
    def files(self) -> tuple[str, ...]:
        """Paths written so far, sorted."""
        return tuple(sorted(self._files))

    def manifest(self) -> dict[str, object]:
        """The manifest: every file with size and sha256, counts per kind; sorted, no timestamps."""
        counts: dict[str, int] = {}
        for _, _, kind in self._files.values():
            counts[kind] = counts.get(kind, 0) + 1
        return {
            "generator": GENERATOR,
            "format": MANIFEST_FORMAT,
            "counts": dict(sorted(counts.items())),
            "files": [
                {"path": p, "kind": k, "size": size, "sha256": digest}
                for p, (size, digest, k) in sorted(self._files.items())
            ],
        }

    def _write_manifest(self) -> None:
        text = json.dumps(self.manifest(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        fd = os.open(self.root / MANIFEST, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))


def is_reviewgen_output(folder: Path) -> bool:
    """True when ``folder`` holds a manifest.json that reviewgen wrote."""
    return read_manifest(folder) is not None


def _swap_into_place(tmp: Path, out_dir: Path) -> None:
    """Put ``tmp`` where ``out_dir`` is; the earlier output is moved aside, then only its own files removed."""
    if not out_dir.exists():
        os.replace(tmp, out_dir)
        return
    aside = temporary_sibling(out_dir, OLD_MARK)
    with held(out_dir):  # the lock follows the folder through the rename: no cleanup takes it meanwhile
        os.replace(out_dir, aside)
        try:
            os.replace(tmp, out_dir)
        except BaseException:
            os.replace(aside, out_dir)
            raise
        remove_ours(aside)


def remove_stale_outputs(out_dir: Path) -> None:
    """Remove what interrupted runs into ``out_dir`` left beside it: temporary folders whose writer is
    gone (all ours), and earlier outputs moved aside (only the files their manifest lists)."""
    for path in stale_siblings(out_dir):
        if TMP_MARK in path.name[len(out_dir.name) + 1 :]:
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_dir():
            remove_ours(path)


@contextlib.contextmanager
def atomic_output(out_dir: Path, *, replace: bool, inputs: Sequence[Input] = ()) -> Iterator[OutputTree]:
    """Yield an :class:`OutputTree`; on normal exit, it replaces ``out_dir`` in one step.

    ``out_dir`` must pass :func:`reviewgen.files.guard.check_output_folder` (checked on entry and
    again just before the swap): empty or missing, or an earlier output of ours with ``replace``;
    never a folder holding one of ``inputs`` or files reviewgen did not write. Raises OutputError
    otherwise, or when the parent folder cannot be written. Stale temporary folders of earlier,
    interrupted runs into the same folder are removed first.
    """
    out_dir = Path(os.path.abspath(out_dir))
    check_output_folder(out_dir, replace=replace, inputs=inputs)
    remove_stale_outputs(out_dir)
    tmp = temporary_sibling(out_dir)
    # One try from the mkdir on: a SIGTERM or Ctrl-C landing right after the folder appears must remove it too.
    try:
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            tmp.mkdir(mode=DIR_MODE)
            tmp.chmod(DIR_MODE)
        except OSError as exc:
            raise OutputError(f"cannot create the output folder in {out_dir.parent}: {exc.strerror}") from exc
        tree = OutputTree(tmp)
        with held(tmp):
            yield tree
            tree._write_manifest()
            check_output_folder(out_dir, replace=replace, inputs=inputs)  # nothing of someone else's crept in
            _swap_into_place(tmp, out_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"cannot write the output folder {out_dir}: {exc.strerror or exc}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
