"""What collect read of a returned form the first time, to notice the file replaced before it is read again.

Collect reads a form that shares a cell with another form a second time, at the end (collect.run). A sync client
or a manager saving again may replace the file in between; read then, it would silently stand for another file
than the one first checked, and a conflict could go unreported. Its size, modification time and the hash of
its bytes are kept from the first reading and compared before and after the second.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from reviewgen.errors import InputError


@dataclass(frozen=True)
class FileStamp:
    """A file as collect read it: its size, modification time and the hash of its bytes."""

    size: int
    mtime_ns: int
    sha256: bytes


def stat_or_none(path: Path) -> os.stat_result | None:
    """``path.stat()``, or None where the file cannot be looked at (reading it says why)."""
    try:
        return path.stat()
    except OSError:
        return None


def stamp_of(path: Path) -> FileStamp:
    """The stamp of ``path`` now (its time taken before its bytes: a write after that changes the time); raises
    :func:`changed_error` when the file can no longer be read."""
    try:
        mtime_ns = path.stat().st_mtime_ns
        data = path.read_bytes()
    except OSError:
        raise changed_error(path) from None
    return FileStamp(len(data), mtime_ns, hashlib.sha256(data).digest())


def changed_error(path: Path) -> InputError:
    """The one-line error of a form that changed while collect read it."""
    return InputError(
        f"{path}: this returned form changed while collect was reading it; wait until it is saved or synced, "
        "then run collect again; nothing was written"
    )
