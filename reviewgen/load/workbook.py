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

import dataclasses
import os
from typing import Any

from reviewgen.load.coerce import to_text
from reviewgen.load.config import Config, KeyValueSheet, cycle_from_sheet, load_config
from reviewgen.load.hr_export import RawTable
from reviewgen.load.people_export import read_people_export
from reviewgen.load.records import TypedTable, build_records
from reviewgen.load.xlsx_reader import XlsxBook
from reviewgen.memory import cyclic_gc_paused
from reviewgen.model import schema
from reviewgen.model import workbook as model
from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.model.headers import HeaderMatch
from reviewgen.model.schema import (
    CYCLE,
    PEOPLE,
    SCALE,
    SHEETS,
    STRATEGY,
    Sheet,
    find_sheet,
    normalise,
)
from reviewgen.model.workbook import Cycle, Plan, Scale, SheetRef, Source, Workbook


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
    with cyclic_gc_paused():
        export = read_people_export(config.people) if config.people is not None else None
        with XlsxBook(name, config.limits) as book:
            return _Loader(book, config).load(export)


def load_people_export(config: Config) -> tuple[tuple[model.Person, ...], tuple[Finding, ...]]:
    """The people of the HR export ``config.people`` names, and what is wrong with them (`reviewgen init --people`);
    InputError when the export cannot be read at all."""
    assert config.people is not None
    loader = _Loader(None, config)
    people = loader.people(read_people_export(config.people))
    return people, tuple(loader.findings)


_RECORDS: dict[str, type[Any]] = {
    "Objectives": model.Objective,
    "People": model.Person,
    "Goals": model.Goal,
    "Values": model.ValueRating,
    "Check-ins": model.CheckIn,
    "Development": model.DevelopmentItem,
    "Reviews": model.Review,
    "History": model.HistoryEntry,
    "Calibration": model.Calibration,
}


class _Loader:
    """Reads the sheets of one workbook in schema order, collecting findings as it goes."""

    def __init__(self, book: XlsxBook | None, config: Config) -> None:
        self.book = book
        self.file = book.name if book is not None else ""
        self.config = config
        self.findings: list[Finding] = []
        self.missing_columns: set[tuple[str, str]] = set()
        self.present: dict[str, str] = {}
        for title in book.sheetnames if book is not None else ():
            sheet = find_sheet(title)
            if sheet is None:
                continue
            first = self.present.setdefault(sheet.name, title)
            if first != title:
                # Two sheets for one (a stale copy "goals." beside "Goals"): reading either silently could
                # read last quarter's data. Read the one named exactly as the schema, and say so as an error.
                if title == sheet.name:
                    self.present[sheet.name], first, title = title, title, first
                self.add(
                    "duplicate-sheet",
                    f'the sheets "{first}" and "{title}" both stand for the {sheet.name} sheet: delete or rename '
                    f'the one that is not current (reviewgen read "{first}")',
                    Location(self.file, title),
                    sheet.name,
                )

    @property
    def _book(self) -> XlsxBook:
        assert self.book is not None  # only the export-only loader has no workbook, and it reads no sheet
        return self.book

    def add(
        self,
        code: str,
        message: str,
        location: Location,
        subject: str | None = None,
        *,
        severity: Severity = Severity.ERROR,
        into: list[Finding] | None = None,
    ) -> None:
        (self.findings if into is None else into).append(Finding(code, severity, message, location, subject))

    def people(self, export: RawTable) -> tuple[model.Person, ...]:
        """The people of an HR export alone, typed as on a People sheet (default scale, no fairness groups)."""
        cycle = Cycle("", "", None, None, thresholds=self.config.thresholds)
        people: tuple[model.Person, ...] = self._records(PEOPLE, export, cycle, self._scale())
        return people

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
                    sheet.name,
                )
        # The order the sheets are read in below: calamine parses each in a thread while the one before is typed.
        read = [s.name for s in (CYCLE, SCALE, STRATEGY)] + [s.name for s in SHEETS if s.name in _RECORDS]
        self._book.read_ahead([self.present[name] for name in read if name in self.present])
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
                    sheet, self._book.table(self.present[sheet.name], sheet), cycle, scale
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
            calibrations=records.get("Calibration", ()),
            findings=tuple(self.findings),
            sheets=frozenset(self.present) | ({"People"} if export is not None else set()),
            missing_columns=frozenset(self.missing_columns),
        )

    # --- table sheets ---------------------------------------------------------------------------

    def _typed(self, sheet: Sheet, raw: RawTable, ratings: frozenset[int] = frozenset()) -> TypedTable:
        typed = TypedTable(sheet, raw, self.findings, self.config.date_order, ratings)
        self.missing_columns.update((sheet.name, col) for col in typed.match.missing)
        return typed

    def _records(self, sheet: Sheet, raw: RawTable, cycle: Cycle, scale: Scale) -> tuple[Any, ...]:
        typed = self._typed(sheet, raw, frozenset(level.rating for level in scale.levels))
        later: list[Finding] = []  # this method's findings follow the rows' own, as before rows were streamed
        groups = self._group_columns(typed.match, cycle, raw, later) if sheet is PEOPLE else []
        department = "department" if sheet is PEOPLE else None
        records: tuple[Any, ...] = build_records(
            typed, sheet, _RECORDS[sheet.name], groups=groups, department=department, later=later
        )
        self.findings.extend(later)
        return records

    def _group_columns(
        self, match: HeaderMatch, cycle: Cycle, raw: RawTable, into: list[Finding]
    ) -> list[tuple[str, int]]:
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
                    into=into,
                )
            else:
                out.append((group, index))
        return out

    def _scale(self) -> Scale:
        default = Scale(tuple(model.ScaleLevel(r, label, text) for r, label, text in schema.DEFAULT_SCALE))
        title = self.present.get("Scale")
        if title is None:
            return default
        typed = self._typed(SCALE, self._book.table(title, SCALE))
        rows = (dict(zip(typed.columns, values, strict=True)) for _number, values, _cells in typed.rows())
        levels = {
            int(str(v["rating"])): model.ScaleLevel(
                int(str(v["rating"])), str(v.get("label") or ""), str(v.get("description") or "")
            )
            for v in rows
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
        table = RawTable(self.file, title, 0, (), (), self._book.rows(title))
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
