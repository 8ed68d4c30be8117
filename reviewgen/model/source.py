"""Where a record came from: a sheet of an input file and a row, so every finding can point at its cell."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from reviewgen.model.findings import Location


@dataclass(frozen=True, slots=True, eq=False)
class SheetRef:
    """One sheet of one input file, with the header text and 0-based index of each known column."""

    file: str
    sheet: str
    headers: Mapping[str, tuple[str, int]] = field(default_factory=dict)

    def at(self, row: int | None = None, column: str | None = None) -> Location:
        """The location of ``column`` (a schema column name) in ``row`` of this sheet."""
        if column is None:
            return Location(self.file, self.sheet, row)
        header = self.headers.get(column)
        if header is None:
            return Location(self.file, self.sheet, row, column)
        text, index = header
        cell = f"{get_column_letter(index + 1)}{row}" if row is not None else None
        return Location(self.file, self.sheet, row, text, cell)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: a row of a sheet."""

    ref: SheetRef
    row: int

    def at(self, column: str | None = None) -> Location:
        """The location of this row, or of one of its cells."""
        return self.ref.at(self.row, column)


UNKNOWN_SOURCE = Source(SheetRef("<unknown>", "<unknown>"), 0)
