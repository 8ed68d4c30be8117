"""The .xlsx sheet reader: python-calamine where the byte scan vouches for a sheet, else a streaming reader.

:meth:`XlsxBook.rows` reads a sheet with python-calamine and the scan (reviewgen.load.xlsx_fast) when the
scan understood its XML and its rectangle is inside the limits, and with the streaming reader below
otherwise; both give the same rows (tests/load/test_xlsx_fast.py).

The streaming reader: openpyxl opens the package (sheet list, shared strings, styles); the rows are streamed from the
sheet XML here, because openpyxl's own row parser needed about 20 s of CPU for a 10,000-person
workbook written with inline strings. One pass reads each cell's saved value, notes a formula
that has no saved value (``<f>`` with an empty or missing ``<v>``) and the percent number styles.
It relies on a few openpyxl internals (``ExcelReader`` steps, the workbook's style tables):
tests/test_load.py pins them, and pyproject pins openpyxl below 3.2.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.xml.constants import SHARED_STRINGS

from reviewgen.errors import InputError, LimitError
from reviewgen.load.coerce import Percent
from reviewgen.load.hr_export import ExportRow, RawTable
from reviewgen.load.limits import DEFAULT_LIMITS, CountedStream, Limits, check_archive, refuse
from reviewgen.load.xlsx_fast import FastSheets, prepare
from reviewgen.load.xlsx_scan import Styles
from reviewgen.model.headers import match_header
from reviewgen.model.schema import Sheet

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _C, _V, _F, _IS, _T, _R, _SI = (_NS + t for t in ("row", "c", "v", "f", "is", "t", "r", "si"))
_OLE2 = b"\xd0\xcf\x11\xe0"
_STRICT = b"purl.oclc.org/ooxml/spreadsheetml"
#: What openpyxl raises on a damaged package (XML errors are SyntaxErrors); anything else is a bug.
_UNREADABLE = (KeyError, ValueError, TypeError, IndexError, SyntaxError, zipfile.BadZipFile, OSError, EOFError)
_DIGITS = "0123456789"
#: How many non-blank rows at the top of a sheet may be titles or notes above the header.
_HEADER_SEARCH = 5


class XlsxBook:
    """An open .xlsx whose sheets are read row by row; use as a context manager."""

    def __init__(self, path: str, limits: Limits = DEFAULT_LIMITS, *, streaming: bool = False) -> None:
        """Open ``path``; ``streaming`` reads every sheet with the streaming reader (tests compare the two)."""
        self.name = path
        self.limits = limits
        self._handle: IO[bytes] = _open_checked(path, limits)
        try:
            # openpyxl reads the package parts; its worksheets are not created because creating
            # one parses the whole sheet to find its size when the file does not say it.
            reader = ExcelReader(self._handle, read_only=True, data_only=True)
            reader.read_manifest()
            strings = reader.package.find(SHARED_STRINGS)
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self._archive: zipfile.ZipFile = reader.archive
            self._paths: dict[str, str] = {
                sheet.name: rel.target
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            }
        except _UNREADABLE:
            self._handle.close()
            raise InputError(_damaged(path)) from None
        self.sheetnames: list[str] = list(self._paths)
        #: The shared strings part; its table is read only when a sheet is read by the streaming reader.
        self._strings_part: str | None = strings.PartName[1:] if strings is not None else None
        self._strings: list[str] | None = None
        # Style ids as written in the XML (strings), so a cell's style needs no int().
        self._styles = _styles(reader.wb)
        self._dates, self._percents = self._styles.dates, self._styles.percents
        self._epoch = reader.wb.epoch
        self._columns: dict[str, int] = {}
        #: Cells read so far, counting the empty ones left of a value (what the row lists hold).
        self.cells_read = 0
        #: python-calamine and the byte scan of every sheet, made when the first sheet is read (False: not yet).
        self._fast: FastSheets | bool | None = None if streaming else False
        #: The sheets in the order they will be read (:meth:`read_ahead`): calamine parses them in a thread.
        self._order: tuple[str, ...] = ()

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the file."""
        if isinstance(self._fast, FastSheets):
            self._fast.close()
        self._archive.close()
        self._handle.close()

    def read_ahead(self, titles: Sequence[str]) -> None:
        """Say which sheets will be read, in order, before reading any: calamine parses each in a thread ahead
        of the reader (reviewgen.load.xlsx_fast); rows and findings are the same as without."""
        self._order = tuple(titles)

    def table(self, title: str, sheet: Sheet | None = None) -> RawTable:
        """The sheet as a table: a header row, then the rows below it, streamed.

        The header is the first non-blank row, or with ``sheet`` given, the first of the first
        few non-blank rows that has every required column (else the one matching most columns),
        so that a title row above the header does no harm.
        """
        plain = self.rows(title)
        candidates: list[ExportRow] = []
        for row in plain:
            if any(c is not None and (not isinstance(c, str) or c.strip()) for c in row[1]):
                candidates.append(row)
                if sheet is None or len(candidates) == _HEADER_SEARCH or not match_header(sheet, tuple(row[1])).missing:
                    break
        if not candidates:
            return RawTable(self.name, title, 1, (), (), ())
        pick = 0
        if sheet is not None and match_header(sheet, tuple(candidates[-1][1])).missing:
            scores = [len(match_header(sheet, tuple(cells)).index) for _, cells, _ in candidates]
            pick = scores.index(max(scores))
        else:
            pick = len(candidates) - 1
        number, header, _ = candidates[pick]
        rest = itertools.chain(candidates[pick + 1 :], plain)
        return RawTable(self.name, title, number, tuple(header), tuple(header), rest)

    def rows(self, title: str) -> Iterator[tuple[int, list[object], tuple[int, ...]]]:
        """(1-based row number, cells by 0-based column, columns of formulas without a saved value) of each row of
        the sheet that holds anything, in file order (a tuple per row: 850,000 rows at 50,000 people).

        Read by python-calamine when the byte scan vouches for the sheet (reviewgen.load.xlsx_fast), else
        by the streaming reader below; both give the same rows.
        """
        if self._fast is False:
            self._fast = prepare(
                self._archive, self._handle, self.name, self._paths, self._styles, self.limits, self._order
            )
        fast = self._fast if isinstance(self._fast, FastSheets) else None
        scan = fast.usable(title, self.limits) if fast is not None else None
        if scan is None and self._strings is None:
            try:
                self._strings = _shared_strings(self._archive, self._strings_part, self.name, self.limits)
            except _UNREADABLE:
                raise InputError(_damaged(self.name)) from None
        try:
            if fast is not None and scan is not None:
                for row in fast.rows(title, scan):
                    self.cells_read += len(row[1])
                    if self.cells_read > self.limits.cells:
                        raise self._too_many_cells(title, row[0])
                    yield row
                return
            part = self._paths[title]
            with self._archive.open(part) as src:
                yield from self._parse(CountedStream(src, self.name, part, self.limits), title, self._strings or [])
        except (ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError, IndexError):
            raise InputError(_damaged(self.name, title)) from None
        except BaseException as exc:
            if type(exc).__name__ != "PanicException":  # calamine's Rust panic on a damaged sheet
                raise
            raise InputError(_damaged(self.name, title)) from None

    def _parse(
        self, src: CountedStream, title: str, strings: list[str]
    ) -> Iterator[tuple[int, list[object], tuple[int, ...]]]:
        # One pass reads cached values, notes formulas without one and percent-formatted numbers.
        dates, percents, columns = self._dates, self._percents, self._columns
        limits = self.limits
        row_number = 0
        for _event, row in iterparse(src, events=("end",)):
            if row.tag != _ROW:
                continue
            row_number = int(row.get("r") or row_number + 1)
            if row_number < 1:  # found by the fuzzer: row 0 or -3 is damage, not a size
                raise InputError(_damaged(self.name, title))
            if row_number > limits.rows:
                raise refuse(
                    self.name,
                    f'sheet "{title}" has a row numbered {row_number:,}',
                    f"{limits.rows:,} rows",
                    "rows",
                    row_number,
                )
            cells: list[object] = []
            uncached: list[int] = []
            column = -1
            for cell in row:
                ref = cell.get("r")
                if ref is None:
                    column += 1
                else:
                    letters = ref.rstrip(_DIGITS)
                    column = columns.get(letters, -1)
                    if column < 0:
                        column = columns[letters] = column_index_from_string(letters) - 1
                if column >= limits.columns:
                    raise refuse(
                        self.name,
                        f'sheet "{title}" has a cell in column {get_column_letter(column + 1)} (number {column + 1:,}),'
                        f" row {row_number:,}",
                        f"{limits.columns:,} columns",
                        "columns",
                        column + 1,
                    )
                kind = cell.get("t")
                value: object
                if kind == "inlineStr":
                    inline = cell.find(_IS)
                    if inline is None:
                        continue
                    first = inline[0] if len(inline) == 1 else None
                    value = (first.text or "") if first is not None and first.tag == _T else _rich_text(inline)
                    if "_x" in value:
                        value = unescape(value)
                else:
                    text = cell.findtext(_V)
                    if not text:
                        # openpyxl writes <v></v> under a formula it cannot compute; a formula whose
                        # saved result is empty text is typed "str".
                        if kind != "str" and cell.find(_F) is not None:
                            uncached.append(column)
                        continue
                    if kind == "s":
                        index = int(text)
                        if index < 0:  # Python would read the last string: the file is damaged
                            raise IndexError(index)
                        value = strings[index]
                    elif kind is None or kind == "n":
                        style = cell.get("s")
                        if style is None or (style not in dates and style not in percents):
                            value = int(text) if text.isdigit() else float(text)
                        else:
                            value = self._number(text, style in dates)
                    elif kind == "b":
                        value = text.strip() == "1"
                    else:  # "str" (a formula's text result), "e" (an error such as #N/A), "d"
                        value = text
                if value is None:
                    continue
                if column >= len(cells):
                    cells.extend([None] * (column + 1 - len(cells)))
                cells[column] = value
            row.clear()
            self.cells_read += len(cells)
            if self.cells_read > limits.cells:
                raise self._too_many_cells(title, row_number)
            if cells or uncached:
                yield row_number, cells, tuple(uncached)

    def _too_many_cells(self, title: str, row_number: int) -> LimitError:
        cells = self.limits.cells
        what = f'the workbook holds more than {cells:,} cells (sheet "{title}" reached it at row {row_number:,})'
        return refuse(self.name, what, f"{cells:,} cells", "cells", cells * 2)

    def _number(self, text: str, is_date: bool) -> object:
        number: float = int(text) if text.isdigit() else float(text)
        if not is_date:
            return Percent(number)
        try:
            return from_excel(number, self._epoch)
        except (OverflowError, ValueError):
            return number


#: Excel writes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x).
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """``text`` with Excel's _xHHHH_ escapes decoded, left to right (``_x005F_x0007_`` is the text ``_x0007_``)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _shared_strings(archive: zipfile.ZipFile, part: str | None, path: str, limits: Limits) -> list[str]:
    """The shared-string table, read here rather than by openpyxl: openpyxl leaves _xHHHH_ escapes as text."""
    if part is None:
        return []
    out: list[str] = []
    with archive.open(part) as src:
        for _event, node in iterparse(CountedStream(src, path, part, limits), events=("end",)):
            if node.tag == _SI:
                text = _rich_text(node)
                out.append(unescape(text) if "_x" in text else text)
                node.clear()
    return out


def _rich_text(inline: Any) -> str:
    # Plain text (<t>) and rich-text runs (<r><t>) count; phonetic hints (<rPh>) do not.
    return "".join((p.text or "") if p.tag == _T else (p.findtext(_T) or "") for p in inline if p.tag in (_T, _R))


def _style_codes(wb: Any) -> Iterator[tuple[str, str]]:
    """(style id as written in cells, its number format code) of every cell style."""
    for index, style in enumerate(wb._cell_styles):
        number_format = style.numFmtId
        if number_format < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(number_format, "General")
        else:
            code = wb._number_formats[number_format - BUILTIN_FORMATS_MAX_SIZE]
        yield str(index), code


def _styles(wb: Any) -> Styles:
    """The style ids whose numbers are percentages, dates, and dates of elapsed time ([h]:mm)."""
    dates = frozenset(str(i) for i in wb._date_formats)
    percents: set[str] = set()
    elapsed: set[str] = set()
    for index, code in _style_codes(wb):
        if "%" in code.replace("\\%", "").split(";")[0] and '"%"' not in code:
            percents.add(index)
        if index in dates and re.search(r"\[[hms]", code, re.IGNORECASE):
            elapsed.add(index)
    return Styles(frozenset(percents), dates, frozenset(elapsed))


def _damaged(path: str, sheet: str | None = None) -> str:
    where = f" (sheet {sheet!r})" if sheet else ""
    return (
        f"{path}: the workbook is damaged{where} and cannot be read: open it in Excel or LibreOffice, "
        "save it again as .xlsx and retry"
    )


def _open_checked(path: str, limits: Limits = DEFAULT_LIMITS) -> IO[bytes]:
    """Open ``path`` after making sure it is an .xlsx; raise InputError saying what to do if not."""
    file = Path(path)
    if not file.exists():
        raise InputError(f"{path}: file not found: check the name and the folder")
    if file.is_dir():
        raise InputError(f"{path}: is a folder, not a workbook: give the path of the .xlsx file")
    try:
        handle = file.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot be opened ({exc.strerror}): check the file's permissions") from None
    head = handle.read(8)
    handle.seek(0)
    problem = None
    if head.startswith(_OLE2):
        problem = (
            "is an old .xls workbook or a password-protected file: open it in Excel or LibreOffice and "
            "save it as .xlsx without a password"
        )
    elif not head.startswith(b"PK") and file.suffix.lower() == ".csv":
        problem = (
            "is a CSV file, not a cycle workbook: to start a cycle from this HR export, run "
            f"`reviewgen init NEW_FOLDER --people {path}` (add --config reviewgen.toml to map its columns: "
            "see docs/loading.md)"
        )
    elif not head.startswith(b"PK"):
        problem = (
            "is not an Excel workbook (.xlsx): if it is a CSV or text file, open it in Excel or "
            "LibreOffice and save it as .xlsx"
        )
    else:
        try:
            archive = zipfile.ZipFile(handle)
            names = set(archive.namelist())
            try:
                check_archive(path, archive, limits)
            except LimitError:
                handle.close()
                raise
            strict = "xl/workbook.xml" in names and _STRICT in archive.open("xl/workbook.xml").read(4096)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            names, strict = None, False
        handle.seek(0)
        if names is None:
            problem = "is damaged (not a readable .xlsx file): open it in Excel or LibreOffice, save it again as .xlsx"
        elif "content.xml" in names and "mimetype" in names:
            problem = "is an OpenDocument spreadsheet (.ods): open it in LibreOffice and save as .xlsx"
        elif "xl/workbook.bin" in names:
            problem = "is an Excel binary workbook (.xlsb): open it in Excel and save it as Excel Workbook (.xlsx)"
        elif strict:
            problem = "is saved as Strict Open XML: open it in Excel and save it as Excel Workbook (.xlsx)"
        elif not any(n.startswith("xl/") for n in names):
            problem = "is not an Excel workbook (.xlsx): give the review-cycle workbook"
    if problem is not None:
        handle.close()
        raise InputError(f"{path}: {problem}")
    return handle
