"""People from an HR system's export instead of the workbook's People sheet.

``reviewgen.toml`` names the export and maps our People columns onto its headers::

    [people]
    source = "hris-export.csv"
    [people.columns]
    id = "Employee Number"
    manager = "Supervisor ID"

Columns not in the mapping still match by our names and aliases ("Job Title" is ``title``),
and other columns are kept for fairness groups, exactly as on a People sheet. This module
reads the export into a :class:`RawTable`; :func:`reviewgen.load.workbook.load_workbook` turns it
into Person records with the same rules and findings as the People sheet, pointing into the
export file. A CSV may be UTF-8 (with or without a byte-order mark), comma-, semicolon- or
tab-separated; an .xlsx export is read from its first sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewgen.errors import InputError
from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.model.schema import normalise

#: One data row: 1-based row (CSV: line) number, cell values, columns holding an uncached formula.
ExportRow = tuple[int, Sequence[object], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class RawTable:
    """A table as read from a file, before typing: a sheet of the workbook or an HR export."""

    file: str
    #: Sheet title; "" for a CSV.
    sheet: str
    header_row: int
    #: The header row as matched against the schema (an export's mapped headers renamed to ours).
    header: tuple[object, ...]
    #: The header row as written in the file (what findings show).
    display_header: tuple[object, ...]
    rows: Iterable[ExportRow]
    #: Problems found while reading the file (a CSV row of the wrong length), reported with the sheet's.
    findings: tuple[Finding, ...] = ()
    #: Our columns whose absence was already reported (an export's mapped header): no second missing-column.
    reported_missing: frozenset[str] = frozenset()


def map_export_header(header: Sequence[object], mapping: Mapping[str, str]) -> tuple[object, ...]:
    """``header`` with each export header named in ``mapping`` replaced by our column name."""
    ours = {normalise(theirs): column for column, theirs in mapping.items()}
    return tuple(ours.get(normalise(cell), cell) if cell is not None else None for cell in header)


def read_csv_export(path: str, mapping: Mapping[str, str]) -> RawTable:
    """Read a CSV export; raise InputError when it is missing, not UTF-8 text or empty.

    A row with more or fewer fields than the header is left out with a ``bad-row`` error at its
    line: its values would land in the wrong columns (a comma inside an unquoted name).
    """
    file = Path(path)
    if not file.is_file():
        raise InputError(
            f"{path}: the HR export named in reviewgen.toml ([people] source) was not found: "
            "check the file name, or remove [people] to use the People sheet"
        )
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: the HR export is not UTF-8 text: export it again as CSV (UTF-8)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be opened ({exc.strerror}): check the file's permissions") from None
    if "\x00" in text:
        raise InputError(f"{path}: the HR export is not a text CSV file: export the people list as CSV (UTF-8)")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[ExportRow] = []
    line = 1
    try:
        for record in reader:
            # A quoted field may span lines: the record starts on the line after the previous one.
            if any(field.strip() for field in record):
                rows.append((line, record, ()))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{path}: line {reader.line_num}: the CSV cannot be read ({exc}): export it again") from None
    if not rows:
        raise InputError(f"{path}: the HR export is empty: export the people list again")
    header_line, header, _ = rows[0]
    kept, findings = _rows_of_header_length(path, header, rows[1:])
    return RawTable(
        file=path,
        sheet="",
        header_row=header_line,
        header=map_export_header(header, mapping),
        display_header=tuple(header),
        rows=tuple(kept),
        findings=tuple(findings),
    )


def _rows_of_header_length(
    path: str, header: Sequence[object], rows: Sequence[ExportRow]
) -> tuple[list[ExportRow], list[Finding]]:
    width = len(header)
    kept: list[ExportRow] = []
    findings: list[Finding] = []
    for row in rows:
        line, cells, _ = row
        if len(cells) == width:
            kept.append(row)
            continue
        more = len(cells) > width
        hint = (
            "a value holding a comma or semicolon must be in double quotes"
            if more
            else "a value is missing, or a line break splits the row"
        )
        message = (
            f"line {line} has {len(cells)} fields but the header has {width}: {hint}; "
            "export the file again or correct the line (the row is left out until then)"
        )
        findings.append(Finding("bad-row", Severity.ERROR, message, Location(path, "", line)))
    return kept, findings
