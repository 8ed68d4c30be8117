"""Setting a few cells of an .xlsx by patching its sheet XML; every other byte stays as it was saved.

collect changes a handful of cells per person in a master that may hold tens of thousands of rows,
formulas with their saved values, shared strings, tables, comments and extensions. Loading and saving
the whole workbook (openpyxl) costs a minute at 10,000 people and drops every formula's saved value.
Here only the <row> elements that receive a cell are rewritten, only the sheets holding them are
recompressed, and every other zip member is copied byte for byte (local header and data as stored).

A sheet the master lacks is added as a new part (workbook.xml, its relationships and
[Content_Types].xml gain one entry each). A collected cell that anchors a shared formula first gives
the formula's other cells their own (reviewgen.collect.patch_formulas). What this patcher still does not
handle raises :class:`CannotPatch` naming what to do, and collect refuses: rows or cells without their
``r`` reference (Excel and LibreOffice always write it), and a collected cell inside a multi-cell array
formula. There is no second, lossy way of writing the merged workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import to_excel

from reviewgen.collect.patch_formulas import FormulaInTheWay, check_arrays, unshared
from reviewgen.collect.patch_parts import (
    EMPTY_SHEET,
    WORKSHEET_CONTENT,
    WORKSHEET_TYPE,
    PartError,
    add_override,
    add_relationship,
    add_sheet_entry,
    copy_member,
    members,
    remove_override,
    remove_relationship,
    write_member,
)
from reviewgen.collect.patch_styles import StyleTable

_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_TYPES = "[Content_Types].xml"
#: Excel reads ``_x0041_`` in text as an escaped character: a literal one is written ``_x005F_x0041_``.
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
#: Cells are written as collect has always written them: text, numbers, dates (never a formula).
CellValue = str | int | float | dt.date

_CELL_ROWS_KEPT = 1024  # rows whose cells SheetXml keeps found: the next changes of a row look at them again
#: (start, end) of a <row> element in the sheet part, its attributes, and its inner XML (None for <row/>).
_RowSpan = tuple[int, int, bytes, bytes | None]


class CannotPatch(Exception):
    """Raised when a workbook cannot be patched without changing cells the forms did not answer (the message
    says why and what to do)."""


_RESAVE = "open the workbook in Excel or LibreOffice, save it, and collect again"


class SheetXml:
    """One worksheet part: its <row> spans (found once) and the new cells to set, by row and column."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        m = re.search(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet\b", data)
        if m is None:
            raise CannotPatch(f"a sheet part is not a worksheet; {_RESAVE}")
        self.prefix = m.group(1) + b":" if m.group(1) else b""
        p = re.escape(self.prefix)
        self._row_re = re.compile(rb"<" + p + rb"row\b([^>]*?)(/>|>(.*?)</" + p + rb"row>)", re.S)
        self._cell_re = re.compile(rb"<" + p + rb"c\b([^>]*?)(?:/>|>(.*?)</" + p + rb"c>)", re.S)
        self._filled_re = re.compile(rb"<" + p + rb"(?:v|t|f)\b[^>]*>[^<]")
        sheet_data = re.search(rb"<" + p + rb"sheetData\b[^>]*?(/?)>", data)
        if sheet_data is None:
            raise CannotPatch(f"a worksheet has no sheetData; {_RESAVE}")
        self._empty: tuple[int, int] | None = None
        if sheet_data.group(1) == b"/":  # <sheetData/>: nothing in the sheet yet
            self._empty = (sheet_data.start(), sheet_data.end())
            self._data_end = sheet_data.end()
        else:
            self._data_end = data.index(b"</" + self.prefix + b"sheetData>", sheet_data.end())
        self._data_start = sheet_data.end()
        self._rows: dict[int, _RowSpan] | None = None
        self._cells: dict[int, dict[int, tuple[bytes, bytes | None]]] = {}
        self.sets: dict[int, dict[int, bytes]] = {}

    @property
    def rows(self) -> dict[int, _RowSpan]:
        """Row number -> its span in the part."""
        if self._rows is None:
            rows: dict[int, _RowSpan] = {}
            for m in self._row_re.finditer(self.data, self._data_start, self._data_end):
                number = re.search(rb'\br="(\d+)"', m.group(1))
                if number is None:
                    raise CannotPatch(f"a row has no r reference; {_RESAVE}")
                rows[int(number.group(1))] = (m.start(), m.end(), m.group(1), m.group(3))
            self._rows = rows
        return self._rows

    def cells(self, row: int) -> dict[int, tuple[bytes, bytes | None]]:
        """Column -> (attributes, inner XML) of each cell of ``row`` as saved (kept: not to be changed)."""
        found = self._cells.get(row)
        if found is not None:
            return found
        span = self.rows.get(row)
        if span is None or span[3] is None:
            return {}
        out: dict[int, tuple[bytes, bytes | None]] = {}
        for m in self._cell_re.finditer(span[3]):
            ref = re.search(rb'\br="([A-Z]+)\d+"', m.group(1))
            if ref is None:
                raise CannotPatch(f"a cell has no r reference; {_RESAVE}")
            out[column_index_from_string(ref.group(1).decode())] = (m.group(1), m.group(2))
        if len(self._cells) >= _CELL_ROWS_KEPT:  # a shared formula's rows are walked once: bounded, not all kept
            self._cells.clear()
        self._cells[row] = out
        return out

    def last_filled_row(self) -> int:
        """The last row holding any value (1 when none does)."""
        for number in sorted(self.rows, reverse=True):
            inner = self.rows[number][3]
            if inner and self._filled_re.search(inner):
                return number
        return 1

    def style_of(self, row: int, column: int) -> bytes | None:
        """The style index of a cell, from a cell set in this run first, else the sheet as saved."""
        new = self.sets.get(row, {}).get(column)
        attrs = _attributes(new) if new is not None else self.cells(row).get(column, (b"", None))[0]
        m = re.search(rb'\bs="(\d+)"', attrs)
        return m.group(1) if m else None

    def set(self, row: int, column: int, cell_xml: bytes) -> None:
        self.sets.setdefault(row, {})[column] = cell_xml

    def overwrites_formula(self) -> bool:
        """Whether a cell set here held a formula (the calculation chain then names a cell without one)."""
        tag = b"<" + self.prefix + b"f"
        for row, columns in self.sets.items():
            old = self.cells(row)
            if any(c in old and tag in (old[c][1] or b"") for c in columns):
                return True
        return False

    def patched(self, title: str) -> bytes:
        """The part with the new cells in place; the bytes as read when nothing was set.

        Raises CannotPatch when a new cell lies inside a multi-cell array formula; cells that lose
        their shared formula's anchor get their own formula first.
        """
        if not self.sets:
            return self.data
        try:
            check_arrays(self.data, ((r, c) for r, cs in self.sets.items() for c in cs), title)
            for (r, c), xml in unshared(self.sets, self.cells, self.rows, self.prefix).items():
                self.sets.setdefault(r, {})[c] = xml
        except FormulaInTheWay as exc:
            raise CannotPatch(f"{exc}: type the answer there by hand, or make it ordinary formulas") from exc
        except ValueError as exc:  # a damaged range or formula text (openpyxl's parsers, decoding)
            raise CannotPatch(f"a formula on the {title} sheet cannot be read ({exc}); {_RESAVE}") from exc
        edits = [(s[0], s[1], self._row_xml(r, s)) for r, s in self.rows.items() if r in self.sets]
        ordered = sorted((span[0], number) for number, span in self.rows.items())
        first = 0  # rows before it number no more than the new row: nor than any later (higher) new row
        for r in sorted(set(self.sets) - set(self.rows)):  # a new row goes before the first higher one
            while first < len(ordered) and ordered[first][1] <= r:
                first += 1
            at = ordered[first][0] if first < len(ordered) else self._data_end
            edits.append((at, at, self._row_xml(r, None)))
        edits.sort(key=lambda e: (e[0], e[1]))
        if self._empty is not None:
            start, end = self._empty
            open_, close = b"<" + self.prefix + b"sheetData>", b"</" + self.prefix + b"sheetData>"
            return self._dimension(self.data[:start] + open_ + b"".join(e[2] for e in edits) + close + self.data[end:])
        pieces: list[bytes] = []
        pos = 0
        for start, end, xml in edits:
            pieces += [self.data[pos:start], xml]
            pos = end
        pieces.append(self.data[pos:])
        return self._dimension(b"".join(pieces))

    def _row_xml(self, r: int, span: _RowSpan | None) -> bytes:
        p, new = self.prefix, self.sets[r]
        if span is None:
            return b"<" + p + b'row r="%d">' % r + b"".join(new[c] for c in sorted(new)) + b"</" + p + b"row>"
        attrs = re.sub(rb'\s+spans="[^"]*"', b"", span[2])  # spans is a hint only, and may no longer hold
        old = self.cells(r)
        cells = {c: b"<" + p + b"c" + a + (b"/>" if inner is None else b">" + inner + b"</" + p + b"c>")
                 for c, (a, inner) in old.items()}  # fmt: skip
        cells.update(new)
        return b"<" + p + b"row" + attrs + b">" + b"".join(cells[c] for c in sorted(cells)) + b"</" + p + b"row>"

    def _dimension(self, data: bytes) -> bytes:
        """The <dimension> grown to cover the new cells (the sheet's used range, read by some programs)."""
        m = re.search(rb"<" + re.escape(self.prefix) + rb'dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"', data)
        if m is None:
            return data
        last_row = max(max(self.sets), int(m.group(4) or m.group(2)))
        last_col = max(
            max(max(v) for v in self.sets.values()), column_index_from_string((m.group(3) or m.group(1)).decode())
        )
        ref = m.group(1) + m.group(2) + b":" + get_column_letter(last_col).encode() + b"%d" % last_row
        return bytes(data[: m.start(1)] + ref + data[m.end(0) - 1 :])


def _attributes(cell_xml: bytes) -> bytes:
    m = re.match(rb"<(?:\w+:)?c\b([^>]*?)/?>", cell_xml)
    return m.group(1) if m else b""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class XlsxPatch:
    """An .xlsx opened for patching: its sheets by title, cells to set, and the patched copy's bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        workbook_part = next(
            str(r.get("Target")).lstrip("/")
            for r in self._xml("_rels/.rels").iter(f"{_REL}Relationship")
            if str(r.get("Type", "")).endswith("/officeDocument")
        )
        self.workbook_part = workbook_part
        folder = posixpath.dirname(workbook_part)
        self.rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
        targets: dict[str, str] = {}
        self.calc_chain: tuple[str, str] | None = None
        styles_part = ""
        for r in self._xml(self.rels_part).iter(f"{_REL}Relationship"):
            target, kind = str(r.get("Target")), str(r.get("Type", ""))
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            targets[str(r.get("Id"))] = full
            if kind.endswith("/calcChain"):
                self.calc_chain = (str(r.get("Id")), full)
            elif kind.endswith("/styles"):
                styles_part = full
        root = self._xml(workbook_part)
        self.sheet_parts = {str(s.get("name")): targets[str(s.get(_RID))] for s in root.iter(f"{_M}sheet")}
        pr = root.find(f"{_M}workbookPr")
        date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        self.epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
        self.styles = StyleTable(styles_part, self.zip.read(styles_part) if styles_part else b"")
        self.sheets: dict[str, SheetXml] = {}
        self.replaced: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self.added: list[str] = []  # new sheet parts, in the order added
        self._strings: list[str] | None = None

    def _xml(self, part: str) -> etree._Element:
        return etree.fromstring(self.zip.read(part), _PARSER)

    def _part(self, name: str) -> bytes:
        """A part as patched so far (as saved when untouched)."""
        return self.replaced[name] if name in self.replaced else self.zip.read(name)

    def add_sheet(self, title: str) -> None:
        """Add an empty worksheet ``title``, listed after every other sheet (so no sheet index moves)."""
        names = {n.lower() for n in [*self.zip.namelist(), *self.added]}
        folder = posixpath.dirname(self.workbook_part)
        n = 1
        while (part := posixpath.join(folder, "worksheets", f"sheet{n}.xml")).lower() in names:
            n += 1
        target = posixpath.relpath(part, folder or ".")
        try:
            rels, rid = add_relationship(self._part(self.rels_part), WORKSHEET_TYPE, target)
            workbook = add_sheet_entry(self._part(self.workbook_part), title, rid)
            types = add_override(self._part(_TYPES), part, WORKSHEET_CONTENT)
        except PartError as exc:
            raise CannotPatch(f"{exc}; {_RESAVE}") from exc
        self.replaced.update({self.rels_part: rels, self.workbook_part: workbook, _TYPES: types})
        self.added.append(part)
        self.sheet_parts[title] = part
        self.sheets[title] = SheetXml(EMPTY_SHEET)

    def sheet(self, title: str) -> SheetXml:
        """The sheet called ``title`` (read on first use)."""
        if title not in self.sheets:
            self.sheets[title] = SheetXml(self.zip.read(self.sheet_parts[title]))
        return self.sheets[title]

    def set(self, title: str, row: int, column: int, value: CellValue, style: bytes | None) -> None:
        """Set one cell of sheet ``title`` (1-based row and column) with the given style index."""
        ref = f"{get_column_letter(column)}{row}"
        self.sheet(title).set(row, column, self.cell_xml(ref, value, style))

    def cell_xml(self, ref: str, value: CellValue, style: bytes | None) -> bytes:
        """A cell holding ``value``: text as an inline string (never a formula), whole floats as integers."""
        if isinstance(value, dt.date) and self.styles.is_general(style):
            style = self.styles.date_variant(style)  # a date in a General cell would show as a number
        s = b' s="' + style + b'"' if style is not None else b""
        start = f'<c r="{ref}"'.encode() + s
        if isinstance(value, str):
            text = _EXCEL_ESCAPE.sub(r"_x005F_\1", _escape(value))
            space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() or "\n" in text else ""
            return start + f' t="inlineStr"><is><t{space}>{text}</t></is></c>'.encode()
        if isinstance(value, bool):
            return start + b' t="b"><v>%d</v></c>' % value
        number: float | int = to_excel(value, self.epoch) if isinstance(value, dt.date) else value
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        return start + f"><v>{number!r}</v></c>".encode()

    def cell_text(self, title: str, row: int) -> tuple[object, ...]:
        """The values of a row as text or None (enough to recognise a header row)."""
        cells = self.sheet(title).cells(row)
        values: list[object] = [None] * max(cells, default=0)
        for c, (attrs, inner) in cells.items():
            values[c - 1] = self._text(attrs, inner)
        return tuple(values)

    def _text(self, attrs: bytes, inner: bytes | None) -> object:
        if inner is None:
            return None
        kind = re.search(rb'\bt="(\w+)"', attrs)
        if kind and kind.group(1) == b"inlineStr":
            return "".join(t.decode() for t in re.findall(rb"<(?:\w+:)?t\b[^>]*>([^<]*)<", inner)) or None
        v = re.search(rb"<(?:\w+:)?v>([^<]*)<", inner)
        if v is None:
            return None
        if kind and kind.group(1) == b"s":
            strings = self._shared_strings()
            index = int(v.group(1))
            return strings[index] if 0 <= index < len(strings) else None
        return v.group(1).decode()

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            part = next((n for n in self.zip.namelist() if n.lower().endswith("sharedstrings.xml")), None)
            self._strings = [] if part is None else ["".join(si.itertext()) for si in self._xml(part)]
        return self._strings

    def patched_bytes(self) -> bytes:
        """The patched package: changed parts written anew, every other member copied as stored."""
        if any(sx.overwrites_formula() for sx in self.sheets.values()):
            self._drop_calc_chain()
        for title, sx in self.sheets.items():
            part = self.sheet_parts[title]
            if sx.sets or part in self.added:
                self.replaced[part] = sx.patched(title)
        styles = self.styles.patched()
        if styles is not None:
            self.replaced[self.styles.part] = styles
        buf = io.BytesIO()
        with open(self.path, "rb") as src, zipfile.ZipFile(buf, "w", allowZip64=True) as dst:
            stamp = self.zip.getinfo(self.workbook_part).date_time  # new parts: no clock, same bytes every run
            for info, raw in members(self.zip, src):
                if info.filename in self.removed:
                    continue
                if info.filename in self.replaced:
                    write_member(dst, info.filename, self.replaced[info.filename], info.date_time, info.external_attr)
                    continue
                copy_member(dst, info, raw)
            for part in self.added:
                write_member(dst, part, self.replaced[part], stamp, 0o600 << 16)
        return buf.getvalue()

    def _drop_calc_chain(self) -> None:
        """A value over a formula leaves calcChain.xml naming a cell without one, which Excel "repairs"
        with a warning: drop the chain (Excel rebuilds it on the next calculation)."""
        if self.calc_chain is None:
            return
        rid, part = self.calc_chain
        self.removed.add(part)
        self.replaced[self.rels_part] = remove_relationship(self._part(self.rels_part), rid)
        self.replaced[_TYPES] = remove_override(self._part(_TYPES), part)
