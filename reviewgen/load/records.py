"""A table sheet's rows typed column by column, and the records built from them.

Speed (a 10,000-person workbook has about 170,000 rows): each column's converter is chosen once
(reviewgen.load.columns), a row is typed into a list in column order (no dict per row), and a record
is built from its fields in order by :func:`frozen_maker`. Rows are streamed: never a list of a whole sheet's rows.
A cell that cannot be read is a finding at its cell (file, sheet, row, column) and reads as None.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from reviewgen.load.coerce import FORMULA_WITHOUT_VALUE, CoerceError, DateOrder, to_text
from reviewgen.load.columns import converter_for
from reviewgen.load.hr_export import RawTable
from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.model.headers import HeaderMatch, match_header
from reviewgen.model.ranges import bounds_of
from reviewgen.model.schema import Kind, Sheet
from reviewgen.model.workbook import SheetRef, Source

T = TypeVar("T")

#: Schema columns whose record field is not the column's name with "_" for spaces.
_RENAMED = {
    "parent": "parent_id",
    "manager": "manager_id",
    "objective": "objective_id",
    "person": "person_id",
    "author": "author_id",
    "overall rating": "overall",
}


class TypedTable:
    """The typed rows of one table sheet (or HR export); problems found go to ``findings`` as they are read."""

    def __init__(
        self,
        sheet: Sheet,
        table: RawTable,
        findings: list[Finding],
        order: DateOrder,
        ratings: frozenset[int] = frozenset(),
    ) -> None:
        file, title, number, shown = table.file, table.sheet, table.header_row, table.display_header
        self.match: HeaderMatch = match_header(sheet, table.header)
        self.ref = SheetRef(file, title, {col: (to_text(shown[i]) or col, i) for col, i in self.match.index.items()})
        #: The schema columns found, in the order of each row's values.
        self.columns: tuple[str, ...] = tuple(self.match.index)
        self._plan = tuple(
            (position, index, _converter(sheet, col, order, ratings))
            for position, (col, index) in enumerate(self.match.index.items())
        )
        self._table = table
        self._findings = findings
        self._id = self.columns.index("id") if "id" in self.columns else -1
        self._person = self.columns.index("person") if "person" in self.columns else -1
        findings.extend(table.findings)
        where = f'the "{title}" sheet' if title else "the export"
        for col in self.match.missing:
            if col not in table.reported_missing:
                message = f'{where} has no "{col}" column: add it to the header row (row {number})'
                findings.append(Finding("missing-column", Severity.ERROR, message, Location(file, title, number, col)))

    def subject(self, values: Sequence[object]) -> str | None:
        """What a row's findings are about: its id, else its person."""
        subject = (values[self._id] if self._id >= 0 else None) or (values[self._person] if self._person >= 0 else None)
        return subject if isinstance(subject, str) else None

    def rows(self) -> Iterator[tuple[int, list[object], Sequence[object]]]:
        """(row number, typed values in :attr:`columns` order, the row's cells) of each row that is not blank."""
        plan, ref, findings, columns = self._plan, self.ref, self._findings, self.columns
        known = {index: columns[position] for position, index, _ in plan}
        width_of_values = len(plan)
        for number, cells, uncached in self._table.rows:
            if not uncached:
                for c in cells:  # skip a row of empty cells and blank texts (a for loop: no generator per row)
                    if c is not None and (c.__class__ is not str or c.strip()):
                        break
                else:
                    continue
            values: list[object] = [None] * width_of_values
            errors: list[tuple[int, str, str]] | None = None  # (position, code, message): no exception kept alive
            width = len(cells)
            for position, index, convert in plan:
                raw = cells[index] if index < width else None
                if raw is not None:
                    try:
                        values[position] = convert(raw)
                    except CoerceError as exc:
                        errors = errors or []
                        errors.append((position, exc.code, exc.message))
            if errors or uncached:
                subject = self.subject(values)
                for position, code, message in errors or ():
                    findings.append(Finding(code, Severity.ERROR, message, ref.at(number, columns[position]), subject))
                for i in uncached:
                    if i in known:
                        where = ref.at(number, known[i])
                        findings.append(
                            Finding("formula-without-value", Severity.ERROR, FORMULA_WITHOUT_VALUE, where, subject)
                        )
            yield number, values, cells


def _converter(sheet: Sheet, col: str, order: DateOrder, ratings: frozenset[int]) -> Callable[[object], object]:
    spec = sheet.column(col)
    return converter_for(
        spec.kind,
        choices=spec.choices,
        order=order,
        ratings=ratings,
        bounds=bounds_of(sheet.name, spec.name),
        label=spec.name,
    )


def build_records(
    typed: TypedTable,
    sheet: Sheet,
    cls: type[T],
    *,
    groups: Sequence[tuple[str, int]] = (),
    department: str | None = None,
    later: list[Finding],
) -> tuple[T, ...]:
    """One ``cls`` record per usable row of ``typed``; the rows' missing values as findings into ``later``.

    A row without a value its record needs (a date, a number, the ids linking the sheets) is left out; an
    empty ``department`` is reported and the person kept (leaving them out would make each of their goals an
    error too). ``groups`` are the People columns read as fairness groups, as text.
    """
    make = frozen_maker(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    position = {f.name: i for i, f in enumerate(fields)}
    required = {f.name: str(f.type) for f in fields if _is_required(f)}
    # Ids link the sheets: a row without its own id or its person's cannot be placed anywhere
    # (a manager id may be empty: the top of the organisation has none).
    required_ids = {c.name for c in sheet.columns if c.required and c.kind is Kind.ID}
    plan = []
    for col in typed.columns:
        name = _RENAMED.get(col, col.replace(" ", "_"))
        needed = required.get(name, "str") != "str" or (col in required_ids and name in required)
        plan.append((position[name], needed, col == department, col))
    given = {fields[pos].name for pos, _, _, _ in plan}
    # A column the record cannot do without is missing (reported once, as missing-column): no record at all.
    plan_usable = all(name in given or kind == "str" for name, kind in required.items())
    defaults = [_default(f) for f in fields]
    src_at, groups_at = position["src"], position.get("groups")
    ref, out = typed.ref, []
    for number, values, cells in typed.rows():
        args = defaults.copy()
        usable = True
        for value, (pos, needed, is_department, col) in zip(values, plan, strict=True):
            if value is None or (is_department and not value):
                if is_department:
                    message = (
                        f"{ref.at(number, col).column} is empty: fill it in "
                        "(until then the person counts in no department)"
                    )
                elif needed:
                    usable = False
                    message = f"{ref.at(number, col).column} is empty: fill it in (the row is left out until then)"
                else:
                    continue
                later.append(
                    Finding("missing-value", Severity.ERROR, message, ref.at(number, col), typed.subject(values))
                )
                continue
            args[pos] = value
        if not usable or not plan_usable:
            continue
        if groups and groups_at is not None:
            args[groups_at] = tuple((g, to_text(cells[i]) if i < len(cells) else "") for g, i in groups)
        args[src_at] = Source(ref, number)
        out.append(make(*args))
    return tuple(out)


def _is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _default(f: dataclasses.Field[Any]) -> object:
    """A field's value when its cell is empty: its default; "" for required text (other required fields are
    always given: a row without one is left out). No default_factory: :func:`frozen_maker` refuses one."""
    if f.default is not dataclasses.MISSING:
        return f.default
    return ""


def frozen_maker(cls: type[T]) -> Callable[..., T]:
    """A constructor of the frozen, slotted dataclass ``cls`` taking every field in order, about 5 times faster.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (8 us for a Goal on the
    project machine: 1.4 s of a 10,000-person load). This makes an object of an unfrozen twin with the very same
    slots and gives it ``cls`` as its class: the object is then a ``cls`` in every way (frozen, compared, hashed,
    copied and pickled as one). Python refuses the class change unless the two layouts are the same.
    """
    if hasattr(cls, "__post_init__"):
        # The twin runs no __post_init__: a record that validates or derives a field there must be made normally.
        raise TypeError(f"frozen_maker: {cls.__name__} has a __post_init__, which the fast constructor would skip")
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    shared = [f.name for f in fields if f.default_factory is not dataclasses.MISSING]
    if shared:
        # build_records computes each default once and copies the list of them for every record: the records
        # would share one mutable value (a list, a dict) where the class means each to have its own.
        raise TypeError(
            f"frozen_maker: {cls.__name__}.{shared[0]} has a default_factory, whose value the records would share"
        )
    twin: Any = dataclasses.make_dataclass(
        f"_{cls.__name__}Fields", [(f.name, object) for f in fields], slots=True, eq=False, repr=False, match_args=False
    )

    def make(*args: object) -> T:
        record = twin(*args)
        record.__class__ = cls
        return record  # type: ignore[no-any-return]

    return make
