"""The package parts a patch edits besides sheets: the workbook's sheet list, its relationships, the content types;
and the zip members, copied as stored or written anew.

Each edit adds or removes exactly one entry and leaves every other byte of the part as saved, so a sheet
collect adds (a master without a Check-ins sheet, say) costs the workbook nothing else.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from xml.sax.saxutils import quoteattr

_REL_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
#: A new, empty worksheet: the dimension grows and sheetData fills as cells are set.
EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<dimension ref="A1"/><sheetData/></worksheet>'
)


class PartError(Exception):
    """Raised when a part lacks the element an entry goes into (the message names it)."""


def _insert_before_close(data: bytes, element: bytes, entry: bytes) -> bytes:
    """``entry`` placed just before the closing tag of ``element`` (any namespace prefix)."""
    m = re.search(rb"</((?:[A-Za-z_][\w.-]*:)?)" + element + rb"\s*>", data)
    if m is None:
        raise PartError(f"the workbook has no <{element.decode()}> list to add a sheet to")
    prefix = m.group(1)
    return data[: m.start()] + entry.replace(b"<", b"<" + prefix, 1) + data[m.start() :]


def add_sheet_entry(workbook_xml: bytes, name: str, rid: str) -> bytes:
    """workbook.xml with a visible sheet ``name`` (the next free sheetId) for relationship ``rid``, listed last."""
    ids = [int(i) for i in re.findall(rb'<(?:[\w.-]+:)?sheet\b[^>]*\bsheetId="(\d+)"', workbook_xml)]
    # The prefix is declared on the entry itself (as openpyxl writes it): a declaration elsewhere may not be in scope.
    rel = b'xmlns:r="' + _REL_NS + b'" r:id=' + quoteattr(rid).encode()
    entry = b"<sheet name=" + quoteattr(name).encode() + b' sheetId="%d" ' % (max(ids, default=0) + 1) + rel + b"/>"
    return _insert_before_close(workbook_xml, b"sheets", entry)


def add_relationship(rels: bytes, kind: str, target: str) -> tuple[bytes, str]:
    """The relationships part with one more relationship, and its id (the first free ``rIdN``)."""
    taken = set(re.findall(rb'\bId="([^"]*)"', rels))
    n = 1
    while b"rId%d" % n in taken:
        n += 1
    rid = f"rId{n}"
    entry = f"<Relationship Id={quoteattr(rid)} Type={quoteattr(kind)} Target={quoteattr(target)}/>".encode()
    return _insert_before_close(rels, b"Relationships", entry), rid


def remove_relationship(rels: bytes, rid: str) -> bytes:
    return re.sub(rb'<Relationship\b[^>]*\bId="' + re.escape(rid.encode()) + rb'"[^>]*/>', b"", rels)


def add_override(types: bytes, part: str, content_type: str) -> bytes:
    """[Content_Types].xml declaring ``part`` (a package path without the leading "/") as ``content_type``."""
    entry = f"<Override PartName={quoteattr('/' + part)} ContentType={quoteattr(content_type)}/>".encode()
    return _insert_before_close(types, b"Types", entry)


def remove_override(types: bytes, part: str) -> bytes:
    return re.sub(rb'<Override\b[^>]*PartName="/' + re.escape(part.encode()) + rb'"[^>]*/>', b"", types)


def write_member(dst: zipfile.ZipFile, name: str, data: bytes, stamp: tuple[int, ...], attr: int) -> None:
    """Write ``data`` as a new deflated member."""
    new = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
    new.compress_type = zipfile.ZIP_DEFLATED
    new.external_attr = attr
    dst.writestr(new, data, compresslevel=6)


def members(archive: zipfile.ZipFile, src: io.BufferedReader) -> Iterator[tuple[zipfile.ZipInfo, bytes]]:
    """Each member with its stored bytes (local header, data and data descriptor), in file order."""
    infos = sorted(archive.infolist(), key=lambda i: i.header_offset)
    ends = [i.header_offset for i in infos[1:]] + [archive.start_dir]
    for info, end in zip(infos, ends, strict=True):
        src.seek(info.header_offset)
        yield info, src.read(end - info.header_offset)


def copy_member(dst: zipfile.ZipFile, info: zipfile.ZipInfo, raw: bytes) -> None:
    """Append a member's stored bytes unchanged and list it in the central directory."""
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    for attr in ("compress_type", "comment", "extra", "create_system", "create_version", "extract_version",
                 "reserved", "flag_bits", "volume", "internal_attr", "external_attr", "CRC", "compress_size",
                 "file_size"):  # fmt: skip
        setattr(copy, attr, getattr(info, attr))
    assert dst.fp is not None
    copy.header_offset = dst.fp.tell()
    dst.fp.write(raw)
    dst.filelist.append(copy)
    dst.NameToInfo[copy.filename] = copy
    dst.start_dir = dst.fp.tell()
