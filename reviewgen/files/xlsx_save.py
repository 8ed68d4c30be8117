"""Saving an openpyxl workbook byte-for-byte reproducibly, atomically: forms, merged and blank workbooks.

openpyxl stamps ``modified`` with the wall clock and every zip entry with the current time;
both would make two runs on the same input differ. Here the caller fixes the properties and
the zip entries get one fixed timestamp, in one pass (normal and write-only workbooks alike).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.writer.excel import ExcelWriter

from reviewgen.files.atomic import write_file

if TYPE_CHECKING:
    from _typeshed import SizedBuffer

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: The order Excel writes a font's children in. ISO/IEC 29500's schema allows any order, but the Open XML SDK
#: (and so Excel's own validation) expects this one; openpyxl writes name, family and color before sz.
_FONT_ORDER = {
    f"{_SML}{name}": index
    for index, name in enumerate(
        ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color", "name",
         "family", "charset", "scheme")
    )
}  # fmt: skip


def excel_font_order(styles_xml: bytes) -> bytes:
    """xl/styles.xml with every font's children in the order Excel writes them (nothing else changes)."""
    from lxml import etree  # type: ignore[import-untyped]

    root = etree.fromstring(styles_xml)
    fonts = root.find(f"{_SML}fonts")
    if fonts is None:
        return styles_xml
    for font in fonts:
        children = sorted(font, key=lambda el: _FONT_ORDER.get(el.tag, len(_FONT_ORDER)))
        font[:] = children
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def workbook_bytes(book: OpenpyxlWorkbook) -> bytes:
    """The .xlsx file of ``book`` with fixed zip timestamps (properties are left as the caller set them)."""
    raw = io.BytesIO()
    with FixedTimeZip(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()
    return raw.getvalue()


class FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry one fixed timestamp, so equal content gives equal bytes."""

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: SizedBuffer | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._member(zinfo_or_arcname)
        if zinfo_or_arcname.filename == "xl/styles.xml":
            data = excel_font_order(data.encode("utf-8") if isinstance(data, str) else bytes(data))
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: str | os.PathLike[str],
        arcname: str | os.PathLike[str] | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        # Write-only workbooks stream each sheet to a temporary file and add it with write().
        zinfo = self._member(os.fspath(arcname if arcname is not None else filename))
        zinfo.file_size = os.path.getsize(filename)
        with open(filename, "rb") as src, self.open(zinfo, "w") as out:
            shutil.copyfileobj(src, out, 1 << 20)

    def _member(self, name: str) -> zipfile.ZipInfo:
        zinfo = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        zinfo.compress_type = self.compression
        zinfo.external_attr = 0o600 << 16
        return zinfo


def safe_row(ws: object, row: Sequence[object]) -> list[object]:
    """A write-only sheet's row with every formula-looking or error-looking string forced to plain text."""
    out: list[object] = []
    for value in row:
        if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(value)
    return out


def set_fixed_properties(book: OpenpyxlWorkbook, when: dt.datetime, title: str, creator: str) -> None:
    """Document properties that depend only on the data, never on the clock."""
    props = book.properties
    props.created = when
    props.modified = when
    props.creator = creator
    props.lastModifiedBy = creator
    props.title = title


def save_workbook(book: OpenpyxlWorkbook, path: Path) -> None:
    """Save ``book`` to ``path`` reproducibly and atomically (reviewgen.files.atomic.write_file)."""
    write_file(path, workbook_bytes(book))
