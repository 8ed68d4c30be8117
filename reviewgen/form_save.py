"""Saving an openpyxl workbook byte-for-byte reproducibly, atomically.

openpyxl stamps ``modified`` with the wall clock and every zip entry with the current time;
both would make two runs on the same input differ. Here the caller fixes the properties and
the zip entries get one fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.writer.excel import ExcelWriter

from reviewgen.errors import OutputError

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def workbook_bytes(book: OpenpyxlWorkbook) -> bytes:
    """The .xlsx file of ``book`` with fixed zip timestamps (properties are left as the caller set them)."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def set_fixed_properties(book: OpenpyxlWorkbook, when: dt.datetime, title: str, creator: str) -> None:
    """Document properties that depend only on the data, never on the clock."""
    props = book.properties
    props.created = when
    props.modified = when
    props.creator = creator
    props.lastModifiedBy = creator
    props.title = title


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".xlsx", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot write the file ({exc.strerror}); check the folder exists and is writable"
        ) from exc


def save_workbook(book: OpenpyxlWorkbook, path: Path) -> None:
    """Save ``book`` to ``path`` reproducibly and atomically."""
    write_atomically(path, workbook_bytes(book))
