"""A returned form's package, read without building a workbook model: only the parts a form needs.

The workbook part and its relationships give the sheets; the shared strings (Excel and LibreOffice save
text there; we write inline strings), the number formats of styles.xml (which cells are dates) and the
saved time of docProps/core.xml are read once; a sheet is parsed only when asked for, once. Cell values
are read as openpyxl reads them in normal mode: a formula is its text (``=SUM(A1)``, shared formulas
translated to their cell), never its saved value; an error is its code (``#N/A``).

Bounds: cells right of :data:`MAX_COLUMN` are not kept (a row with a value out there is only marked as
filled), a sheet part over :data:`WHOLE_PART_BYTES` is streamed with each row freed after
use, and the XML parser resolves no entities and fetches nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from openpyxl.formula.translate import Translator
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import from_excel, from_ISO8601

from reviewgen.errors import FormError
from reviewgen.forms.xlsx_text import LETTERS
from reviewgen.load.limits import DEFAULT_LIMITS
from reviewgen.load.xlsx_reader import unescape

_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ROW, _V, _F, _IS, _T, _R, _SI = (_M + t for t in ("row", "v", "f", "is", "t", "r", "si"))
_DIGITS = "0123456789"
#: Columns turned into values: the widest form table has 16 columns and a protected sheet cannot gain any.
MAX_COLUMN = 64
#: The most a returned file may unpack to, all parts together (their declared sizes: zipfile never reads past
#: them), in MB of 1,000,000 bytes: the workbook's own default bound (``[limits] total_mb``). Parts are read whole
#: (styles, properties) or streamed, so a zip bomb is refused before any is read.
UNPACKED_MAX_MB = DEFAULT_LIMITS.total_mb
#: Sheet parts up to this size (uncompressed) are parsed in one call; larger ones are streamed row by row.
WHOLE_PART_BYTES = 4 << 20
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_COLUMNS = {letters: i for i, letters in enumerate(LETTERS) if i}
#: (CRC, size) of a styles part -> its date and duration styles: a folder of forms shares a handful.
_STYLE_CACHE: dict[tuple[int, int], tuple[frozenset[str], frozenset[str]]] = {}
#: What a damaged package raises while being read (XML errors are SyntaxErrors).
UNREADABLE = (KeyError, ValueError, TypeError, IndexError, SyntaxError, zipfile.BadZipFile, OSError, EOFError)


@dataclass(frozen=True, slots=True)
class RawCell:
    """A cell as found: its value (a formula as its text), and whether it holds a formula or an error."""

    value: object
    formula: bool = False
    error: bool = False

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


#: A cell that holds nothing (an empty <v/>), told apart from "not a plain cell".
_NOTHING = RawCell(None)


@dataclass(slots=True)
class SheetRows:
    """The rows of one sheet holding a cell with something in it: row number -> {column: RawCell} (columns up to
    MAX_COLUMN), and the rows with something further right."""

    rows: dict[int, dict[int, RawCell]] = field(default_factory=dict)
    wide: set[int] = field(default_factory=set)


def _parse(data: bytes) -> Any:
    return etree.fromstring(data, _PARSER)


class FormPackage:
    """The parts of an .xlsx a form reader needs, read from the file's bytes; raises what zipfile and lxml raise on
    a damaged file (:data:`UNREADABLE`). Use as a context manager.

    ``digest`` is the sha256 of exactly the bytes read: collect compares it when it reads a form again, and a
    file replaced in between (a sync client, a manager saving again) cannot pass for the one first read."""

    def __init__(self, data: bytes) -> None:
        self.digest = hashlib.sha256(data).digest()
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in self.zip.infolist())
        if unpacked > UNPACKED_MAX_MB * 1_000_000:
            self.zip.close()
            mb = -(-unpacked // 1_000_000)  # rounded up, as the workbook's limits round
            raise FormError(
                f"it unpacks to {mb:,} MB, far more than any form (at most {UNPACKED_MAX_MB:,} MB): "
                "check that it is the form sent"
            )
        try:
            self._names = set(self.zip.namelist())
            main = self._main_part()
            rels = self._rels(main)
            root = _parse(self.zip.read(main))
            #: (title, part) of each worksheet in tab order; chart and dialog sheets are no worksheets.
            self.sheets: list[tuple[str, str]] = []
            for sheet in root.iter(_M + "sheet"):
                target, kind = rels.get(sheet.get(_RID) or "", ("", ""))
                if kind.endswith("/worksheet") and target in self._names:
                    self.sheets.append((sheet.get("name") or "", target))
            pr = root.find(_M + "workbookPr")
            date1904 = pr is not None and pr.get("date1904") in ("1", "true")
            self.epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
            parts = {kind.rsplit("/", 1)[-1]: target for target, kind in rels.values()}
            self.strings = self._strings(parts.get("sharedStrings", ""))
            self.dates, self.durations = self._date_styles(parts.get("styles", ""))
            self._parsed: dict[str, SheetRows] = {}
        except BaseException:
            self.zip.close()
            raise

    def __enter__(self) -> FormPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def _main_part(self) -> str:
        for rel in _parse(self.zip.read("_rels/.rels")).iter(_PKG + "Relationship"):
            if (rel.get("Type") or "").endswith("/officeDocument"):
                return str(rel.get("Target") or "").lstrip("/")
        raise KeyError("the package names no workbook part")

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (part name, type) of ``part``'s relationships."""
        folder, name = posixpath.split(part)
        out: dict[str, tuple[str, str]] = {}
        for rel in _parse(self.zip.read(posixpath.join(folder, "_rels", name + ".rels"))).iter(_PKG + "Relationship"):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id") or ""] = (path, rel.get("Type") or "")
        return out

    def _strings(self, part: str) -> list[str]:
        if part not in self._names:
            return []
        out: list[str] = []
        with self.zip.open(part) as src:
            for _event, node in etree.iterparse(src, events=("end",), tag=_SI, resolve_entities=False, no_network=True):
                out.append(_text(node))
                node.clear()
        return out

    def _date_styles(self, part: str) -> tuple[frozenset[str], frozenset[str]]:
        """Style ids (as written in the cells) of date formats, and of duration formats among them."""
        if part not in self._names:
            return frozenset(), frozenset()
        info = self.zip.getinfo(part)
        key = (info.CRC, info.file_size)
        if key not in _STYLE_CACHE:
            root = _parse(self.zip.read(part))
            custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in root.iterfind(f"{_M}numFmts/{_M}numFmt")}
            dates, durations = set(), set()
            for i, xf in enumerate(root.iterfind(f"{_M}cellXfs/{_M}xf")):
                number_format = int(xf.get("numFmtId", 0))
                code = custom.get(number_format, BUILTIN_FORMATS.get(number_format, "General"))
                if is_date_format(code):
                    dates.add(str(i))
                    if is_timedelta_format(code):
                        durations.add(str(i))
            _STYLE_CACHE[key] = (frozenset(dates), frozenset(durations))
        return _STYLE_CACHE[key]

    def modified(self) -> dt.datetime | None:
        """When the file was last saved, from docProps/core.xml; None when it does not say."""
        if "docProps/core.xml" not in self._names:
            return None
        text = _parse(self.zip.read("docProps/core.xml")).findtext("{http://purl.org/dc/terms/}modified")
        try:
            return from_ISO8601(text) if text else None
        except (ValueError, TypeError):
            return None

    def sheet(self, part: str) -> SheetRows:
        """The filled rows of the sheet stored in ``part`` (parsed on first use)."""
        if part not in self._parsed:
            self._parsed[part] = self._read_sheet(part)
        return self._parsed[part]

    def _row_elements(self, part: str) -> Iterator[Any]:
        if self.zip.getinfo(part).file_size <= WHOLE_PART_BYTES:
            data = _parse(self.zip.read(part)).find(_M + "sheetData")
            yield from data if data is not None else ()
            return
        with self.zip.open(part) as src:
            for _event, row in etree.iterparse(src, events=("end",), tag=_ROW, resolve_entities=False, no_network=True):
                yield row
                row.clear()
                while row.getprevious() is not None:  # free the rows already read
                    del row.getparent()[0]

    def _read_sheet(self, part: str) -> SheetRows:
        out = SheetRows()
        shared: dict[str, Translator] = {}
        number = 0
        for row in self._row_elements(part):
            if row.tag != _ROW:
                continue
            r = row.get("r")
            number = int(r) if r else number + 1
            cells: dict[int, RawCell] = {}
            column, skipped = 0, None  # skipped: the reference of the last empty cell passed over
            for c in row:
                ref = c.get("r")
                if not len(c):  # a styled empty cell: most cells of a form; its column is worked out only if needed
                    if ref is not None:
                        skipped = ref
                    else:
                        column, skipped = self._column(skipped, column) + 1, None
                    continue
                column = _COLUMNS.get(ref.rstrip(_DIGITS), MAX_COLUMN + 1) if ref else self._column(skipped, column) + 1
                skipped = None
                cell = self._plain(c) or self._cell(c, ref or f"{LETTERS[min(column, MAX_COLUMN)]}{number}", shared)
                if cell is None or cell is _NOTHING:
                    continue
                if column <= MAX_COLUMN:
                    cells[column] = cell
                elif not cell.blank:
                    out.wide.add(number)
            if cells:
                out.rows[number] = cells
        return out

    @staticmethod
    def _column(skipped: str | None, column: int) -> int:
        """The column of the cell before one without a reference: the last skipped one's, else ``column``."""
        return _COLUMNS.get(skipped.rstrip(_DIGITS), MAX_COLUMN + 1) if skipped else column

    def _plain(self, c: Any) -> RawCell | None:
        """The common cells fast: a shared string, an inline string of one run, a number not in a date style.
        None for any other cell (read by _cell); _NOTHING for one without a value."""
        kind = c.get("t")
        if len(c) != 1:
            return None
        child = c[0]
        if child.tag == _V and (kind == "s" or (kind in (None, "n") and c.get("s", "0") not in self.dates)):
            v = child.text
            if not v:
                return _NOTHING
            if kind == "s":
                return RawCell(self.strings[int(v)])
            return RawCell(float(v) if ("." in v or "E" in v or "e" in v) else int(v))
        if child.tag == _IS and kind == "inlineStr" and len(child) == 1 and child[0].tag == _T:
            text = child[0].text or ""
            return RawCell(unescape(text) if "_x" in text else text)
        return None

    def _cell(self, c: Any, ref: str, shared: dict[str, Translator]) -> RawCell | None:
        """One cell as openpyxl reads it in normal mode; None when it holds nothing."""
        v = f = inline = None
        for child in c:
            if child.tag == _V:
                v = child.text
            elif child.tag == _F:
                f = child
            elif child.tag == _IS:
                inline = child
        if f is not None:
            return RawCell(_formula(f, ref, shared), formula=True)
        kind = c.get("t", "n")
        if kind == "inlineStr":
            return RawCell(_text(inline)) if inline is not None else None
        if not v:
            return None
        if kind == "n":
            value: object = float(v) if ("." in v or "E" in v or "e" in v) else int(v)
            style = c.get("s", "0")
            if style in self.dates:
                try:
                    value = from_excel(value, self.epoch, timedelta=style in self.durations)
                except (OverflowError, ValueError):
                    return RawCell("#VALUE!", error=True)
            return RawCell(value)
        if kind == "s":
            return RawCell(self.strings[int(v)])
        if kind == "b":
            return RawCell(bool(int(v)))
        if kind == "d":
            return RawCell(from_ISO8601(v))
        if kind == "e":
            return RawCell(v, error=True)
        return RawCell(unescape(v) if "_x" in v else v)  # "str": a formula's text result without its formula


def _formula(f: Any, ref: str, shared: dict[str, Translator]) -> str:
    """A formula's text; a shared formula's dependent cells get the anchor's formula moved to them."""
    text = "=" + (f.text or "")
    if f.get("t") == "shared":
        index = f.get("si") or ""
        if index in shared:
            return str(shared[index].translate_formula(ref))
        if text != "=":
            shared[index] = Translator(text, ref)
    return text


def _text(node: Any) -> str:
    """The text of ``<si>`` or ``<is>``: plain text and rich-text runs, never phonetic hints; escapes decoded."""
    text = "".join((p.text or "") if p.tag == _T else (p.findtext(_T) or "") for p in node if p.tag in (_T, _R))
    return unescape(text) if "_x" in text else text
