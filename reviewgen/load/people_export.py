"""People from an HR export as reviewgen.toml's ``[people]`` maps them, before typing.

:func:`read_people_export` reads the export (.csv or .xlsx) and :func:`prepare_people` applies
the mapping to its raw rows: it finds each mapped header (never falling back to another
column), joins the columns of a joined name, keeps the rows ``[people.include]`` asks for,
turns manager names into ids (``manager_by = "name"``) and reports what an export typically
gets wrong, each problem once: a mapped header that is not there, a manager nobody in the
export is called, a name that fits two people, several people without a manager, two people
of the same name. The result is a :class:`RawTable` the loader types like a People sheet.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from reviewgen.errors import InputError
from reviewgen.load.coerce import to_text
from reviewgen.load.config import PeopleExport
from reviewgen.load.hr_export import ExportRow, RawTable, read_csv_export
from reviewgen.load.names import NameIndex, name_key, same_text
from reviewgen.load.xlsx_reader import XlsxBook
from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.model.headers import match_header
from reviewgen.model.schema import PEOPLE, normalise

#: At most this many names are listed in one finding; the rest are counted.
NAMES_LISTED = 8


def read_people_export(settings: PeopleExport) -> RawTable:
    """The export named by ``settings`` with the mapping applied; InputError when it cannot be read at all."""
    source = settings.source
    if not Path(source).is_file() or source.lower().endswith(".csv"):
        raw = read_csv_export(source, {})  # also says when the export is missing
    else:
        with XlsxBook(source) as export:
            table = export.table(export.sheetnames[0]) if export.sheetnames else None
            if table is None or not table.header:
                raise InputError(f"{source}: the HR export is empty: export the people list again")
            raw = dataclasses.replace(table, rows=tuple(table.rows))
    return prepare_people(raw, settings)


@dataclass(frozen=True, slots=True)
class _Cell:
    """Where findings about one column of the export point."""

    file: str
    sheet: str
    header: str
    index: int

    def at(self, row: int) -> Location:
        return Location(self.file, self.sheet, row, self.header, f"{get_column_letter(self.index + 1)}{row}")


def prepare_people(raw: RawTable, settings: PeopleExport) -> RawTable:
    """``raw`` (an export as read) mapped, filtered and validated by ``settings``; findings ride along."""
    return _Preparer(raw, settings).run()


class _Preparer:
    def __init__(self, raw: RawTable, settings: PeopleExport) -> None:
        self.raw, self.settings = raw, settings
        self.findings: list[Finding] = list(raw.findings)
        self.display = [to_text(h) for h in raw.display_header]
        self.lookup: dict[str, int] = {}
        for i, header in enumerate(self.display):
            self.lookup.setdefault(normalise(header), i)
        self.missing: set[str] = set()
        #: Our column -> its index in the export, once the header is mapped.
        self.at: dict[str, int] = {}

    def run(self) -> RawTable:
        columns = {
            column: self._indexes(f"[people.columns] {column}", headers) for column, headers in self.settings.columns
        }
        include = [
            (header, self._indexes(f'[people.include] "{header}"', (header,)), values)
            for header, values in self.settings.include
        ]
        header, display = self._header(columns)
        rows = [r for r in self.raw.rows if any(to_text(c) for c in r[1])]
        rows = [self._joined(r, columns) for r in rows]
        kept = self._include(rows, include)
        self.at = match_header(PEOPLE, tuple(header)).index
        kept = self._managers(kept, rows)
        if "name" in self.at:
            self._same_names(kept)
        return RawTable(
            file=self.raw.file,
            sheet=self.raw.sheet,
            header_row=self.raw.header_row,
            header=tuple(header),
            display_header=tuple(display),
            rows=tuple(kept),
            findings=tuple(self.findings),
            reported_missing=frozenset(self.missing),
        )

    # --- headers ----------------------------------------------------------------------------------

    def _where(self) -> str:
        return f"the export {Path(self.raw.file).name}" + (f' (sheet "{self.raw.sheet}")' if self.raw.sheet else "")

    def _indexes(self, key: str, headers: Sequence[str]) -> tuple[int, ...] | None:
        """The column index of each header, or None (with one finding) when one is missing."""
        out: list[int] = []
        for header in headers:
            i = self.lookup.get(normalise(header))
            if i is None:
                self._missing_header(key, header)
                return None
            out.append(i)
        return tuple(out)

    def _missing_header(self, key: str, header: str) -> None:
        column = key.removeprefix("[people.columns] ")
        if column != key:
            self.missing.add(column)
        shown = [h for h in self.display if h]
        close = difflib.get_close_matches(normalise(header), [normalise(h) for h in shown], n=3, cutoff=0.6)
        near = [next(h for h in shown if normalise(h) == c) for c in close]
        if near:
            hint = "its closest headers are " + ", ".join(f'"{h}"' for h in near)
        else:
            listed = ", ".join(f'"{h}"' for h in shown[:NAMES_LISTED])
            hint = f"its headers are {listed}" + (
                f" and {len(shown) - NAMES_LISTED} more" if len(shown) > NAMES_LISTED else ""
            )
        toml = Path(self.settings.toml).name or "reviewgen.toml"
        message = (
            f'{toml} maps {key} to the header "{header}", which {self._where()} does not have ({hint}): '
            f"write the export's header exactly in {toml}"
        )
        self.findings.append(
            Finding(
                "missing-column",
                Severity.ERROR,
                message,
                Location(self.raw.file, self.raw.sheet, self.raw.header_row, header),
            )
        )

    def _header(self, columns: dict[str, tuple[int, ...] | None]) -> tuple[list[object], list[object]]:
        """The header as the schema matches it, and as findings show it."""
        header: list[object] = list(self.raw.display_header)
        display: list[object] = list(self.raw.display_header)
        mapped = set(columns)
        # A header that would match a mapped column by its name or an alias must not stand in for it.
        for i, cell in enumerate(header):
            taken = _schema_column(to_text(cell))
            if taken in mapped:
                header[i] = f"~{to_text(cell)}"
        for column, indexes in columns.items():
            if indexes is None:
                continue
            header[indexes[0]] = column
            if len(indexes) > 1:
                display[indexes[0]] = " + ".join(self.display[i] for i in indexes)
        return header, display

    def _joined(self, row: ExportRow, columns: dict[str, tuple[int, ...] | None]) -> ExportRow:
        number, cells, uncached = row
        joins = [indexes for indexes in columns.values() if indexes is not None and len(indexes) > 1]
        if not joins:
            return row
        out = list(cells)
        for indexes in joins:
            parts = [to_text(cells[i]) if i < len(cells) else "" for i in indexes]
            out[indexes[0]] = " ".join(p for p in parts if p)
        return number, out, uncached

    # --- rows ---------------------------------------------------------------------------------------

    def _include(
        self, rows: list[ExportRow], include: list[tuple[str, tuple[int, ...] | None, tuple[str, ...]]]
    ) -> list[ExportRow]:
        usable = [(indexes[0], {_fold(v) for v in values}) for _, indexes, values in include if indexes is not None]
        if not usable:
            return rows
        kept = [r for r in rows if all(_fold(_cell(r[1], i)) in values for i, values in usable)]
        rule = "; ".join(
            f'"{header}" is ' + " or ".join(f'"{v}"' for v in values) for header, indexes, values in include if indexes
        )
        message = (
            f"{len(kept)} of {len(rows)} rows kept: [people.include] keeps the rows where {rule}; "
            f"the other {len(rows) - len(kept)} are left out"
        )
        first = include[0][0]
        where = Location(self.raw.file, self.raw.sheet, self.raw.header_row, first)
        self.findings.append(Finding("rows-left-out", Severity.INFO, message, where))
        return kept

    def _managers(self, rows: list[ExportRow], every: list[ExportRow]) -> list[ExportRow]:
        """Rows with top values emptied and, with manager_by = "name", manager names turned into ids."""
        manager_at, name_at, id_at = self.at.get("manager"), self.at.get("name"), self.at.get("id")
        if manager_at is None:
            return rows
        by_name = self.settings.manager_by == "name"
        index = (
            NameIndex((to_text(_cell(c, id_at)), to_text(_cell(c, name_at))) for _, c, _ in rows)
            if by_name and name_at is not None and id_at is not None
            else None
        )
        # manager_by = "id": the ids of the people kept (a manager left out by [people.include] is unknown too).
        known = None if by_name or id_at is None else {to_text(_cell(c, id_at)) for _, c, _ in rows}
        unknown: dict[tuple[str, ...], list[tuple[int, str]]] = {}
        ambiguous: dict[tuple[str, ...], list[tuple[int, str, tuple[str, ...]]]] = {}
        tops: list[ExportRow] = []
        out: list[ExportRow] = []
        for number, cells, uncached in rows:
            value = to_text(_cell(cells, manager_at))
            resolved: str | None = value
            if not value or any(same_text(value, t) for t in self.settings.top):
                resolved = ""
                tops.append((number, cells, uncached))
            elif by_name:
                ids = index.find(value) if index is not None else ()
                resolved = ids[0] if len(ids) == 1 else None
                key = name_key(value).words
                if index is not None and not ids:
                    unknown.setdefault(key, []).append((number, value))
                elif len(ids) > 1:
                    ambiguous.setdefault(key, []).append((number, value, ids))
            elif known is not None and value not in known:
                unknown.setdefault((value,), []).append((number, value))
            new = list(cells)
            if manager_at < len(new):
                new[manager_at] = resolved or None
            out.append((number, new, uncached))
        where = _Cell(self.raw.file, self.raw.sheet, self.display[manager_at], manager_at)
        self._unknown_managers(unknown, where, every, name_at if by_name else id_at)
        self._ambiguous_managers(ambiguous, where, rows, name_at)
        self._tops(tops, where, name_at, id_at)
        return out

    def _unknown_managers(
        self,
        unknown: dict[tuple[str, ...], list[tuple[int, str]]],
        where: _Cell,
        every: list[ExportRow],
        key_at: int | None,
    ) -> None:
        """One finding per missing manager (a name, or an id with manager_by = "id"), at its first row."""
        by_name = self.settings.manager_by == "name"
        # Every row read, before [people.include]: a manager may be there but left out.
        pairs = [(str(n), to_text(_cell(c, key_at))) for n, c, _ in every if key_at is not None]
        left_out = NameIndex(pairs) if by_name else None
        row_of_id = {value: n for n, value in reversed(pairs)}
        for named in unknown.values():
            line, name = named[0]
            people = "1 person" if len(named) == 1 else f"{len(named)} people"
            lines = left_out.find(name) if left_out is not None else tuple(filter(None, [row_of_id.get(name)]))
            if lines:
                why = f"is in the export (row {lines[0]}) but left out by [people.include]"
                fix = "keep their row, or write who these people report to now"
            else:
                why = "is not in the export"
                what = "name" if by_name else "id"
                fix = (
                    f"add them to the export, correct the {what}, or list it under [people] top in reviewgen.toml "
                    'if it means "reports to nobody"'
                )
            shown = f'"{name}"' if by_name else name
            message = f"{shown}, named as manager of {people} (first on row {line}), {why}: {fix}"
            self.findings.append(Finding("unknown-manager", Severity.ERROR, message, where.at(line), name))

    def _ambiguous_managers(
        self,
        ambiguous: dict[tuple[str, ...], list[tuple[int, str, tuple[str, ...]]]],
        where: _Cell,
        rows: list[ExportRow],
        name_at: int | None,
    ) -> None:
        id_at = self.at.get("id")
        names = {to_text(_cell(c, id_at)): to_text(_cell(c, name_at)) for _, c, _ in rows}
        for named in ambiguous.values():
            line, name, ids = named[0]
            people = "1 person" if len(named) == 1 else f"{len(named)} people"
            fits = " and ".join(f"{i} ({names.get(i, '')})" for i in ids)
            message = (
                f'"{name}", named as manager of {people} (first on row {line}), fits {len(ids)} people: {fits}: '
                "write the manager's name as the export spells it, middle initial included, or map a column of "
                'manager ids (manager_by = "id")'
            )
            self.findings.append(Finding("ambiguous-manager", Severity.ERROR, message, where.at(line), name))

    def _tops(self, tops: list[ExportRow], where: _Cell, name_at: int | None, id_at: int | None) -> None:
        if len(tops) < 2:
            return
        listed = ", ".join(
            f"{to_text(_cell(c, name_at)) or '(no name)'} ({to_text(_cell(c, id_at))})"
            for _, c, _ in tops[:NAMES_LISTED]
        )
        more = f" and {len(tops) - NAMES_LISTED} more" if len(tops) > NAMES_LISTED else ""
        message = (
            f"{len(tops)} people have no manager: {listed}{more}: only the head of the organisation should have "
            "none; fill in the others' managers"
        )
        self.findings.append(Finding("several-without-manager", Severity.WARNING, message, where.at(tops[0][0])))

    def _same_names(self, rows: list[ExportRow]) -> None:
        id_at, name_at = self.at.get("id"), self.at["name"]
        groups: dict[object, list[tuple[int, str, str]]] = {}
        for number, cells, _ in rows:
            name = to_text(_cell(cells, name_at))
            if name:
                groups.setdefault(name_key(name), []).append((number, name, to_text(_cell(cells, id_at))))
        where = _Cell(self.raw.file, self.raw.sheet, self.display[name_at], name_at)
        for same in groups.values():
            if len(same) < 2:
                continue
            listed = " and ".join(f"{pid} (row {line})" for line, _, pid in same)
            message = (
                f'{len(same)} people are named "{same[0][1]}": {listed}: their ids keep them apart; check that '
                "they are not one person listed twice"
            )
            self.findings.append(Finding("duplicate-name", Severity.INFO, message, where.at(same[1][0]), same[1][2]))


def _schema_column(header: str) -> str | None:
    """The People column ``header`` names by its name or an alias, if any."""
    key = normalise(header)
    for column in PEOPLE.columns:
        if key == normalise(column.name) or key in {normalise(a) for a in column.aliases}:
            return column.name
    return None


def _cell(cells: Sequence[object], index: int | None) -> object:
    return cells[index] if index is not None and index < len(cells) else None


def _fold(value: object) -> str:
    return " ".join(to_text(value).casefold().split())
