"""The loading boundary: one review-cycle workbook (.xlsx) in, a typed :class:`Workbook` out.

Only a file that cannot be used at all raises :class:`InputError`; every other problem becomes a
finding in ``Workbook.findings`` and loading carries on, so ``check`` reports all at once.

Speed: openpyxl opens the package (sheet list, shared strings, styles) and this module streams
each sheet's XML itself, reading cached values, formulas without a cached value and
percent-formatted numbers in one pass. On the project machine openpyxl's read-only
``iter_rows(values_only=True)`` took about 20 s of CPU for the sheets of a 10,000-person sample
(openpyxl writes inline strings, which its reader parses slowly); this loader takes about 6.5 s
for the whole load.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import itertools
import os
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import from_excel

from reviewgen import model, schema
from reviewgen.coerce import FORMULA_WITHOUT_VALUE, CoerceError, Percent, converter_for, to_text
from reviewgen.config import Config, KeyValueSheet, cycle_from_sheet, load_config
from reviewgen.errors import InputError
from reviewgen.findings import Finding, Location, Severity
from reviewgen.hr_export import ExportRow, RawTable, map_export_header, read_csv_export
from reviewgen.model import Cycle, Plan, Scale, SheetRef, Source, Workbook
from reviewgen.schema import (
    CYCLE,
    PEOPLE,
    SCALE,
    SHEETS,
    STRATEGY,
    HeaderMatch,
    Sheet,
    find_sheet,
    match_header,
    normalise,
)

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _C, _V, _F, _IS, _T, _R = (_NS + t for t in ("row", "c", "v", "f", "is", "t", "r"))
_OLE2 = b"\xd0\xcf\x11\xe0"
_STRICT = b"purl.oclc.org/ooxml/spreadsheetml"
#: What openpyxl raises on a damaged package (XML errors are SyntaxErrors); anything else is a bug.
_UNREADABLE = (KeyError, ValueError, TypeError, IndexError, SyntaxError, zipfile.BadZipFile, OSError, EOFError)
_DIGITS = "0123456789"
#: How many non-blank rows at the top of a sheet may be titles or notes above the header.
_HEADER_SEARCH = 5


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One row of a sheet: 1-based row number, cell values by 0-based column, and the columns
    whose cell holds a formula with no cached value."""

    number: int
    cells: list[object]
    uncached: tuple[int, ...] = ()


class XlsxBook:
    """An open .xlsx whose sheets are read row by row; use as a context manager."""

    def __init__(self, path: str) -> None:
        self.name = path
        self._handle: IO[bytes] = _open_checked(path)
        try:
            # openpyxl reads the package parts; its worksheets are not created because creating
            # one parses the whole sheet to find its size when the file does not say it.
            reader = ExcelReader(self._handle, read_only=True, data_only=True)
            reader.read_manifest()
            reader.read_strings()
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
        self._strings: list[str] = list(reader.shared_strings)
        # Style ids as written in the XML (strings), so a cell's style needs no int().
        self._dates = {str(i) for i in reader.wb._date_formats}
        self._percents = {str(i) for i in _percent_styles(reader.wb)}
        self._epoch = reader.wb.epoch
        self._columns: dict[str, int] = {}

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the file."""
        self._archive.close()
        self._handle.close()

    def table(self, title: str, sheet: Sheet | None = None) -> RawTable:
        """The sheet as a table: a header row, then the rows below it, streamed.

        The header is the first non-blank row, or with ``sheet`` given, the first of the first
        few non-blank rows that has every required column (else the one matching most columns),
        so that a title row above the header does no harm.
        """
        plain: Iterator[ExportRow] = ((r.number, r.cells, r.uncached) for r in self.rows(title))
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

    def rows(self, title: str) -> Iterator[SheetRow]:
        """The sheet's rows that hold anything, in file order."""
        try:
            with self._archive.open(self._paths[title]) as src:
                yield from self._parse(src)
        except (ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError, IndexError):
            raise InputError(_damaged(self.name, title)) from None

    def _parse(self, src: IO[bytes]) -> Iterator[SheetRow]:
        # One pass reads cached values, notes formulas without one and percent-formatted numbers.
        strings, dates, percents, columns = self._strings, self._dates, self._percents, self._columns
        row_number = 0
        for _event, row in iterparse(src, events=("end",)):
            if row.tag != _ROW:
                continue
            row_number = int(row.get("r") or row_number + 1)
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
                kind = cell.get("t")
                value: object
                if kind == "inlineStr":
                    inline = cell.find(_IS)
                    if inline is None:
                        continue
                    first = inline[0] if len(inline) == 1 else None
                    value = (first.text or "") if first is not None and first.tag == _T else _rich_text(inline)
                else:
                    text = cell.findtext(_V)
                    if not text:
                        # openpyxl writes <v></v> under a formula it cannot compute; a formula whose
                        # saved result is empty text is typed "str".
                        if kind != "str" and cell.find(_F) is not None:
                            uncached.append(column)
                        continue
                    if kind == "s":
                        value = strings[int(text)]
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
            if cells or uncached:
                yield SheetRow(row_number, cells, tuple(uncached))

    def _number(self, text: str, is_date: bool) -> object:
        number: float = int(text) if text.isdigit() else float(text)
        if not is_date:
            return Percent(number)
        try:
            return from_excel(number, self._epoch)
        except (OverflowError, ValueError):
            return number


def _rich_text(inline: Any) -> str:
    # Plain text (<t>) and rich-text runs (<r><t>) count; phonetic hints (<rPh>) do not.
    return "".join((p.text or "") if p.tag == _T else (p.findtext(_T) or "") for p in inline if p.tag in (_T, _R))


def _percent_styles(wb: Any) -> set[int]:
    out: set[int] = set()
    for index, style in enumerate(wb._cell_styles):
        number_format = style.numFmtId
        if number_format < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(number_format, "General")
        else:
            code = wb._number_formats[number_format - BUILTIN_FORMATS_MAX_SIZE]
        if "%" in code.replace("\\%", "").split(";")[0] and '"%"' not in code:
            out.add(index)
    return out


def _damaged(path: str, sheet: str | None = None) -> str:
    where = f" (sheet {sheet!r})" if sheet else ""
    return (
        f"{path}: the workbook is damaged{where} and cannot be read: open it in Excel or LibreOffice, "
        "save it again as .xlsx and retry"
    )


def _open_checked(path: str) -> IO[bytes]:
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
    elif not head.startswith(b"PK"):
        problem = (
            "is not an Excel workbook (.xlsx): if it is a CSV or text file, open it in Excel or "
            "LibreOffice and save it as .xlsx"
        )
    else:
        try:
            archive = zipfile.ZipFile(handle)
            names = set(archive.namelist())
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


def load_workbook(path: str | os.PathLike[str], *, config: Config | None = None) -> Workbook:
    """Read a review-cycle workbook into the model; input problems become ``Workbook.findings``.

    ``config`` defaults to the reviewgen.toml beside the workbook. When it names an HR export
    (``[people] source``), people come from the export and the People sheet is ignored. Raises
    InputError when the workbook or the export cannot be used at all, ConfigError for a bad
    reviewgen.toml.
    """
    name = os.fspath(path)
    if config is None:
        config = load_config(name)
    with _no_cyclic_gc():
        export = _people_export(config) if config.people_source is not None else None
        with XlsxBook(name) as book:
            return _Loader(book, config).load(export)


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    # Loading allocates a few hundred thousand objects that all stay alive, none in a cycle; the
    # cyclic collector would re-scan them again and again (about 30 % of a 10,000-person load).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _people_export(config: Config) -> RawTable:
    source = config.people_source
    assert source is not None
    if not Path(source).is_file() or source.lower().endswith(".csv"):
        return read_csv_export(source, config.people_mapping)  # also says when the export is missing
    with XlsxBook(source) as export:
        table = export.table(export.sheetnames[0]) if export.sheetnames else None
        if table is None or not table.header:
            raise InputError(f"{source}: the HR export is empty: export the people list again")
        rows = tuple(table.rows)
    return dataclasses.replace(table, header=map_export_header(table.header, config.people_mapping), rows=rows)


_RENAMED = {
    "parent": "parent_id",
    "manager": "manager_id",
    "objective": "objective_id",
    "person": "person_id",
    "author": "author_id",
    "overall rating": "overall",
}
_RECORDS: dict[str, type[Any]] = {
    "Objectives": model.Objective,
    "People": model.Person,
    "Goals": model.Goal,
    "Values": model.ValueRating,
    "Check-ins": model.CheckIn,
    "Development": model.DevelopmentItem,
    "Reviews": model.Review,
    "History": model.HistoryEntry,
}


def _required_fields(cls: type[Any]) -> dict[str, str]:
    """Fields without a default, with their annotation (a string: annotations are postponed)."""
    return {
        f.name: str(f.type)
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }


class _Loader:
    """Reads the sheets of one workbook in schema order, collecting findings as it goes."""

    def __init__(self, book: XlsxBook, config: Config) -> None:
        self.book = book
        self.file = book.name
        self.config = config
        self.findings: list[Finding] = []
        self.present: dict[str, str] = {}
        for title in book.sheetnames:
            sheet = find_sheet(title)
            if sheet is not None:
                self.present.setdefault(sheet.name, title)

    def add(
        self,
        code: str,
        message: str,
        location: Location,
        subject: str | None = None,
        *,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.findings.append(Finding(code, severity, message, location, subject))

    def load(self, export: RawTable | None) -> Workbook:
        if export is not None:
            self.present.pop("People", None)
        for sheet in SHEETS:
            if sheet.required and sheet.name not in self.present and not (sheet is PEOPLE and export):
                self.add(
                    "missing-sheet",
                    f'the workbook has no "{sheet.name}" sheet: add it (`reviewgen init` writes a blank workbook '
                    "with every sheet)",
                    Location(self.file),
                )
        cycle = cycle_from_sheet(self._key_values(CYCLE), self.config)
        scale = self._scale()
        plan = self._plan()
        records: dict[str, tuple[Any, ...]] = {}
        for sheet in SHEETS:
            if sheet.name not in _RECORDS:
                continue
            if sheet is PEOPLE and export is not None:
                records[sheet.name] = self._records(sheet, export, cycle, scale)
            elif sheet.name in self.present:
                records[sheet.name] = self._records(
                    sheet, self.book.table(self.present[sheet.name], sheet), cycle, scale
                )
        return Workbook(
            path=self.file,
            cycle=cycle,
            scale=scale,
            plan=dataclasses.replace(plan, objectives=records.get("Objectives", ())),
            people=records.get("People", ()),
            goals=records.get("Goals", ()),
            values=records.get("Values", ()),
            checkins=records.get("Check-ins", ()),
            development=records.get("Development", ()),
            reviews=records.get("Reviews", ()),
            history=records.get("History", ()),
            findings=tuple(self.findings),
            sheets=frozenset(self.present) | ({"People"} if export is not None else set()),
        )

    # --- table sheets ---------------------------------------------------------------------------

    def _table(
        self, sheet: Sheet, table: RawTable, ratings: frozenset[int] = frozenset()
    ) -> tuple[list[tuple[dict[str, object], Source, Sequence[object]]], HeaderMatch]:
        """Typed rows of a table sheet; bad cells become findings and read as None."""
        file, title, number, shown = table.file, table.sheet, table.header_row, table.display_header
        match = match_header(sheet, table.header)
        ref = SheetRef(file, title, {col: (to_text(shown[i]) or col, i) for col, i in match.index.items()})
        where = f'the "{title}" sheet' if title else "the export"
        for col in match.missing:
            self.add(
                "missing-column",
                f'{where} has no "{col}" column: add it to the header row (row {number})',
                Location(file, title, number, col),
            )
        order = self.config.date_order
        plan = [
            (
                col,
                i,
                converter_for(sheet.column(col).kind, choices=sheet.column(col).choices, order=order, ratings=ratings),
            )
            for col, i in match.index.items()
        ]
        known = {i: col for col, i in match.index.items()}
        out: list[tuple[dict[str, object], Source, Sequence[object]]] = []
        for number, cells, uncached in table.rows:
            if not uncached and not any(c is not None and (not isinstance(c, str) or c.strip()) for c in cells):
                continue
            values: dict[str, object] = {}
            errors: list[tuple[str, str, str]] = []  # (column, code, message): no exception kept alive
            width = len(cells)
            for col, i, convert in plan:
                raw = cells[i] if i < width else None
                if raw is None:
                    values[col] = None
                    continue
                try:
                    values[col] = convert(raw)
                except CoerceError as exc:
                    values[col] = None
                    errors.append((col, exc.code, exc.message))
            subject_text = _subject(values)
            for col, code, message in errors:
                self.add(code, message, ref.at(number, col), subject_text)
            for i in uncached:
                if i in known:
                    self.add("formula-without-value", FORMULA_WITHOUT_VALUE, ref.at(number, known[i]), subject_text)
            out.append((values, Source(ref, number), cells))
        return out, match

    def _records(self, sheet: Sheet, raw: RawTable, cycle: Cycle, scale: Scale) -> tuple[Any, ...]:
        ratings = frozenset(level.rating for level in scale.levels)
        table, match = self._table(sheet, raw, ratings)
        groups = self._group_columns(match, cycle, raw) if sheet is PEOPLE else []
        cls = _RECORDS[sheet.name]
        required = _required_fields(cls)
        out: list[Any] = []
        for values, src, cells in table:
            kwargs: dict[str, object] = {name: "" for name, kind in required.items() if kind == "str"}
            usable = True
            for col, value in values.items():
                field = _RENAMED.get(col, col.replace(" ", "_"))
                if value is None:
                    if required.get(field, "str") != "str":
                        usable = False
                        self.add(
                            "missing-value",
                            f"{src.at(col).column} is empty: fill it in (the row is left out until then)",
                            src.at(col),
                            _subject(values),
                        )
                    continue
                kwargs[field] = value
            if not usable or any(name not in kwargs for name in required):
                continue
            if groups:
                kwargs["groups"] = tuple((g, to_text(cells[i]) if i < len(cells) else "") for g, i in groups)
            out.append(cls(**kwargs, src=src))
        return tuple(out)

    def _group_columns(self, match: HeaderMatch, cycle: Cycle, raw: RawTable) -> list[tuple[str, int]]:
        """(fairness group, column index) for each People column named in Cycle's fairness groups."""
        extra = {normalise(h): i for h, i in match.extra.items()}
        known = {normalise(col): i for col, i in match.index.items()}
        out: list[tuple[str, int]] = []
        for group in cycle.fairness_groups:
            index = extra.get(normalise(group), known.get(normalise(group)))
            if index is None:
                self.add(
                    "missing-column",
                    f'the Cycle sheet names "{group}" as a fairness group but the people list has no such column: '
                    'add the column or remove it from "fairness groups"',
                    Location(raw.file, raw.sheet, raw.header_row, group),
                    severity=Severity.WARNING,
                )
            else:
                out.append((group, index))
        return out

    def _scale(self) -> Scale:
        default = Scale(tuple(model.ScaleLevel(r, label, text) for r, label, text in schema.DEFAULT_SCALE))
        title = self.present.get("Scale")
        if title is None:
            return default
        table, _ = self._table(SCALE, self.book.table(title, SCALE))
        levels = {
            int(str(v["rating"])): model.ScaleLevel(
                int(str(v["rating"])), str(v.get("label") or ""), str(v.get("description") or "")
            )
            for v, _src, _cells in table
            if v.get("rating") is not None
        }
        if not levels:
            self.add(
                "missing-value",
                "the Scale sheet has no ratings: the default scale 1 (Does not meet) to 5 (Outstanding) is used",
                Location(self.file, title),
                severity=Severity.WARNING,
            )
            return default
        return Scale(tuple(levels[r] for r in sorted(levels)))

    # --- key/value sheets -----------------------------------------------------------------------

    def _key_values(self, sheet: Sheet) -> KeyValueSheet | None:
        title = self.present.get(sheet.name)
        if title is None:
            return None
        table = RawTable(self.file, title, 0, (), (), ((r.number, r.cells, r.uncached) for r in self.book.rows(title)))
        return KeyValueSheet(sheet, table, self.findings, self.config.date_order)

    def _plan(self) -> Plan:
        settings = self._key_values(STRATEGY)
        if settings is None:
            return Plan("", "")
        ref = SheetRef(self.file, settings.title, {"name": ("Value", 1), "description": ("Description", 2)})
        values = tuple(
            model.CompanyValue(to_text(raw), to_text(description), Source(ref, number))
            for number, raw, description in settings.listed
            if to_text(raw)
        )
        return Plan(to_text(settings.get("mission")), to_text(settings.get("vision")), values)


def _subject(values: dict[str, object]) -> str | None:
    """What a row's findings are about: its id, else its person."""
    subject = values.get("id") or values.get("person")
    return subject if isinstance(subject, str) else None
