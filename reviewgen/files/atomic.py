"""The one way reviewgen writes a file: complete or not at all, and never over an input.

Every file goes through a hidden temporary file beside its target (same folder, so the final
rename is atomic) named ``.<name>.reviewgen-tmp-<hex>``. The writer holds an advisory lock on
that temporary file while it writes; a later run that finds one whose lock nobody holds knows
its writer died (killed, power cut) and removes it. Nothing else is ever removed.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reviewgen.errors import OutputError

#: Advisory locks are POSIX only; elsewhere stale temporary files are left alone rather than guessed at.
_fcntl: Any = importlib.import_module("fcntl") if os.name == "posix" else None

#: Marks the temporary files and folders of ours beside an output.
TMP_MARK = ".reviewgen-tmp-"
#: Marks an earlier output moved aside while a new one takes its place.
OLD_MARK = ".reviewgen-old-"


def temporary_sibling(target: Path, mark: str = TMP_MARK) -> Path:
    """A fresh hidden name beside ``target`` that cleanup recognises as ours."""
    return target.with_name(f".{target.name}{mark}{secrets.token_hex(6)}")


def lock(fd: int) -> bool:
    """Take the advisory lock of an open file or folder without waiting; False when another process holds it."""
    if _fcntl is None:  # pragma: no cover - Windows
        return True
    try:
        _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def held(path: Path) -> Iterator[None]:
    """Hold the lock of ``path`` (a file or folder) for the block, so cleanup by others leaves it alone."""
    fd = os.open(path, os.O_RDONLY)
    try:
        lock(fd)
        yield
    finally:
        os.close(fd)


def abandoned(path: Path) -> bool:
    """True when ``path`` is a temporary file or folder of ours whose writer is gone (nobody holds its lock)."""
    if _fcntl is None:  # pragma: no cover - cannot tell on this system: keep it
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return lock(fd)
    finally:
        os.close(fd)


def stale_siblings(target: Path, marks: Iterable[str] = (TMP_MARK, OLD_MARK)) -> list[Path]:
    """Temporary files and folders of ours beside ``target`` whose writer died."""
    prefixes = tuple(f".{target.name}{mark}" for mark in marks)
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return []
    return sorted(p for p in entries if p.name.startswith(prefixes) and not p.is_symlink() and abandoned(p))


def remove_stale_files(target: Path) -> None:
    """Remove the temporary files an interrupted write of ``target`` left behind (never anything else)."""
    for path in stale_siblings(target, (TMP_MARK,)):
        if path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def write_file(path: Path, data: bytes, *, mode: int = 0o600, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` completely or not at all (temporary file, fsync, rename).

    With ``exclusive`` an existing ``path`` is never replaced (FileExistsError), also when two
    processes race. A full disk or any other failure leaves ``path`` as it was and no temporary
    file behind; OSError becomes OutputError naming the file.
    """
    remove_stale_files(path)
    tmp = temporary_sibling(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        try:
            with os.fdopen(fd, "wb") as handle:
                lock(handle.fileno())
                if hasattr(os, "fchmod"):  # the umask may have taken bits away; never added any
                    os.fchmod(handle.fileno(), mode)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            _put_in_place(tmp, path, exclusive)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
    except FileExistsError:
        raise
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot write the file ({exc.strerror or exc}); check the folder exists, is writable "
            "and has free space"
        ) from exc


def _put_in_place(tmp: Path, path: Path, exclusive: bool) -> None:
    if not exclusive:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if path exists: creation without replacing, atomically
    except FileExistsError:
        raise
    except OSError as exc:  # a file system without hard links
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if path.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
        os.replace(tmp, path)
