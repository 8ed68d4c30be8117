"""The blank review-cycle workbook of ``reviewgen init``, and the writer the sample shares.

Everything about the layout comes from :mod:`reviewgen.model.schema`: sheets, columns, widths,
closed lists and the help texts. The file opens on an "Instructions" sheet and keeps its
dropdown lists on a hidden "Lists" sheet; the loader ignores both because they are not
schema sheets. Output is byte-for-byte deterministic: fixed document dates and fixed
timestamps inside the zip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from reviewgen.errors import OutputError
from reviewgen.files.guard import check_own_file, write_own_file
from reviewgen.files.xlsx_save import safe_row, workbook_bytes
from reviewgen.model import schema
from reviewgen.model.schema import Column, Kind, Sheet

CellValue = str | int | float | dt.date | None
Row = tuple[CellValue, ...]

INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "Lists"
#: Rows (header included) that get dropdowns when a sheet holds fewer data rows than this.
BLANK_ROWS = 5000
#: Headers of the key/value sheets: column A the setting, B its value, C help or description.
KEY_VALUE_HEADERS: Mapping[str, tuple[str, str, str]] = {
    schema.CYCLE.name: ("Setting", "Value", "Help"),
    schema.STRATEGY.name: ("Key", "Value", "Description"),
}
#: ID columns whose values must be ids of another sheet, by column name.
ID_LINKS: Mapping[str, Sheet] = {
    "person": schema.PEOPLE,
    "manager": schema.PEOPLE,
    "author": schema.PEOPLE,
    "objective": schema.OBJECTIVES,
    "parent": schema.OBJECTIVES,
}
#: Document date of the blank workbook (no wall clock: the same call gives the same bytes).
BLANK_TIMESTAMP = dt.datetime(2026, 1, 1)

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_WRAP = Alignment(wrap_text=True, vertical="top")
_KIND_TEXT = {
    Kind.TEXT: "text",
    Kind.ID: "an id (letters, digits, dashes)",
    Kind.DATE: "a date, e.g. 2026-12-31",
    Kind.NUMBER: "a number, e.g. 40, 15% or 1,200",
    Kind.RATING: "a rating from the Scale sheet",
    Kind.INTEGER: "a whole number",
    Kind.CHOICE: "one of the listed words",
}


def write_blank_workbook(dest: Path, *, overwrite: bool = False) -> Path:
    """Write an empty cycle workbook (headers, instructions, dropdowns) to ``dest`` and return it.

    Raises OutputError when ``dest`` exists and ``overwrite`` is False, or cannot be written.
    """
    return write_cycle_workbook(dest, blank_sheets(), overwrite=overwrite, timestamp=BLANK_TIMESTAMP)


def blank_sheets() -> dict[str, list[Row]]:
    """The rows of a blank workbook: the Cycle settings with their help, the default Scale, an empty Strategy."""
    return {
        schema.CYCLE.name: [(header_label(k.name), None, key_help(k)) for k in schema.CYCLE.keys],
        schema.SCALE.name: [tuple(level) for level in schema.DEFAULT_SCALE],
        schema.STRATEGY.name: [
            ("Mission", None, "Required. One sentence: why the company exists."),
            ("Vision", None, "Required. Where the company wants to be in a few years."),
            *[("Value", None, None) for _ in range(4)],
        ],
    }


def write_cycle_workbook(
    dest: Path,
    sheets: Mapping[str, Sequence[Row]],
    *,
    extra_columns: Mapping[str, Sequence[str]] | None = None,
    overwrite: bool = False,
    timestamp: dt.datetime = BLANK_TIMESTAMP,
    title: str = "Review cycle workbook",
) -> Path:
    """Write a cycle workbook in the layout of ``reviewgen init`` and return ``dest``.

    ``sheets`` maps schema sheet names to data rows (no header): table rows hold the
    schema's columns in order, then the ``extra_columns`` of that sheet; key/value rows
    are (key, value, help). Missing sheets are written with their header only. Strings
    are always written as text, never as formulas. Written atomically, deterministically.
    """
    dest = Path(dest)
    if dest.is_dir():
        raise OutputError(f"{dest} is a folder; give a file name ending in .xlsx")
    check_own_file(dest, replace=overwrite)  # before the work: a filled-in workbook is never replaced
    extras = extra_columns or {}
    wb = Workbook(write_only=True)
    wb.properties.creator = "reviewgen"
    wb.properties.title = title
    wb.properties.created = timestamp
    wb.properties.modified = timestamp
    _write_instructions(wb, extras)
    lists = _list_columns()
    row_counts = {name: len(rows) for name, rows in sheets.items()}
    for sheet in schema.SHEETS:
        rows = sheets.get(sheet.name, ())
        if sheet.is_key_value:
            _write_key_value(wb, sheet, rows)
        else:
            _write_table(wb, sheet, rows, tuple(extras.get(sheet.name, ())), lists, row_counts)
    _write_lists(wb, lists)
    write_own_file(dest, workbook_bytes(wb), replace=overwrite)
    return dest


def key_help(key: schema.KeyField) -> str:
    """Column C text of a key/value row: required or default, then the help."""
    parts = []
    if key.required:
        parts.append("Required.")
    if key.default not in (None, ""):
        parts.append(f"Default {key.default}.")
    if key.help:
        parts.append(key.help)
    return " ".join(parts)


def column_help(sheet: Sheet, col: Column) -> str:
    """One plain-language line about a table column: what goes in it and whether it must be there."""
    what = _KIND_TEXT[col.kind]
    if col.kind is Kind.CHOICE:
        what = "one of: " + ", ".join(col.choices)
    link = ID_LINKS.get(col.name)
    if col.kind is Kind.ID and link is not None and link is not sheet:
        what = f"an id from the id column of the {link.name} sheet"
    text = f"{col.name} ({'required column' if col.required else 'optional'}): {what}."
    if col.help:
        text += " " + col.help
    if col.aliases:
        text += " Also accepted as header: " + ", ".join(col.aliases) + "."
    return text


def header_label(name: str) -> str:
    """Header spelling of a schema name: "id" -> "ID", "self rating" -> "Self rating"."""
    return "ID" if name == "id" else name[:1].upper() + name[1:]


def _header_cells(ws: object, headers: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cells.append(cell)
    return cells


def _write_instructions(wb: Workbook, extras: Mapping[str, Sequence[str]]) -> None:
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    ws.column_dimensions["A"].width = 120
    for text, style in _instruction_lines(extras):
        cell = WriteOnlyCell(ws, value=text)
        cell.alignment = _WRAP
        if style == "title":
            cell.font = _TITLE
        elif style == "heading":
            cell.font = _BOLD
        ws.append([cell])


def _instruction_lines(extras: Mapping[str, Sequence[str]]) -> Iterator[tuple[str, str]]:
    yield "How to fill in this review-cycle workbook", "title"
    yield (
        "Each sheet below holds one part of the review cycle. Row 1 of every sheet is the header: keep the headers, "
        "type one record per row underneath. Dropdowns show the allowed words. Sheets marked optional may be "
        "deleted. reviewgen ignores this Instructions sheet and the hidden Lists sheet.",
        "",
    )
    yield (
        "Ids link the sheets: every person has an id on the People sheet, and the Goals, Values, Check-ins, "
        "Development, Reviews and History sheets name the person by that id. The manager column of People holds "
        "the manager's id (empty for the person at the top). Each goal names the id of the objective on the "
        "Objectives sheet it works toward; each department or team objective names its parent objective's id.",
        "",
    )
    yield "", ""
    scale = "; ".join(f"{rating} {label}" for rating, label, _ in schema.DEFAULT_SCALE)
    yield "Rating scale", "heading"
    yield (
        f"Ratings are whole numbers from the Scale sheet. If the Scale sheet is deleted, this scale is used: {scale}.",
        "",
    )
    for sheet in schema.SHEETS:
        yield "", ""
        yield f"{sheet.name} sheet ({'required' if sheet.required else 'optional'})", "heading"
        yield sheet.help, ""
        if sheet.is_key_value:
            for key in sheet.keys:
                note = key_help(key)
                yield f"{header_label(key.name)}: {note}" if note else header_label(key.name), ""
        else:
            for col in sheet.columns:
                yield column_help(sheet, col), ""
            for extra in extras.get(sheet.name, ()):
                yield f"{extra} (extra column): compared in the fairness check when named on the Cycle sheet.", ""


def _write_key_value(wb: Workbook, sheet: Sheet, rows: Sequence[Row]) -> None:
    ws = wb.create_sheet(sheet.name)
    for letter, width in zip("ABC", (22, 50, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append(_header_cells(ws, KEY_VALUE_HEADERS[sheet.name]))
    for row in rows:
        ws.append(safe_row(ws, row))


def _write_table(
    wb: Workbook,
    sheet: Sheet,
    rows: Sequence[Row],
    extras: tuple[str, ...],
    lists: Mapping[tuple[str, ...], str],
    row_counts: Mapping[str, int],
) -> None:
    ws = wb.create_sheet(sheet.name)
    for i, col in enumerate(sheet.columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    for i, _ in enumerate(extras, len(sheet.columns) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 16
    ws.freeze_panes = "A2"
    last = max(BLANK_ROWS, len(rows) + 1)
    for i, col in enumerate(sheet.columns, 1):
        dv = _validation(sheet, col, lists, row_counts)
        if dv is not None:
            letter = get_column_letter(i)
            dv.add(f"{letter}2:{letter}{last}")
            ws.data_validations.append(dv)
    ws.append(_header_cells(ws, [header_label(c.name) for c in sheet.columns] + list(extras)))
    for row in rows:
        ws.append(safe_row(ws, row))


def _validation(
    sheet: Sheet, col: Column, lists: Mapping[tuple[str, ...], str], row_counts: Mapping[str, int]
) -> DataValidation | None:
    """The dropdown for ``col``: closed lists stop wrong words; id lists only warn (the id may come later)."""
    if col.kind is Kind.CHOICE:
        return _dropdown(lists[col.choices], "stop", "Choose one of the words in the list.")
    if col.kind is Kind.RATING:
        ref = _id_range(schema.SCALE, "rating", row_counts, minimum=11)
        return _dropdown(ref, "stop", "Choose a rating from the Scale sheet.")
    link = ID_LINKS.get(col.name)
    if col.kind is Kind.ID and link is not None:
        ref = _id_range(link, "id", row_counts)
        return _dropdown(ref, "warning", f"This id is not on the {link.name} sheet (yet).")
    return None


def _dropdown(ref: str, style: str, message: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=ref,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle=style,
        errorTitle="Not in the list",
        error=message,
    )


def _id_range(sheet: Sheet, column: str, row_counts: Mapping[str, int], minimum: int = BLANK_ROWS) -> str:
    """``=People!$A$2:$A$5000``: the column of ``sheet`` holding ``column``, over its data rows."""
    names = [c.name for c in sheet.columns]
    letter = get_column_letter(names.index(column) + 1)
    last = max(minimum, row_counts.get(sheet.name, 0) + 1)
    return f"={quote_sheetname(sheet.name)}!${letter}$2:${letter}${last}"


def _list_columns() -> dict[tuple[str, ...], str]:
    """Each distinct closed list of the schema -> its range on the Lists sheet, in schema order."""
    out: dict[tuple[str, ...], str] = {}
    for sheet in schema.SHEETS:
        for col in sheet.columns:
            if col.kind is Kind.CHOICE and col.choices not in out:
                letter = get_column_letter(len(out) + 1)
                out[col.choices] = f"={LISTS_SHEET}!${letter}$2:${letter}${len(col.choices) + 1}"
    return out


def _list_names() -> dict[tuple[str, ...], str]:
    names: dict[tuple[str, ...], str] = {}
    for sheet in schema.SHEETS:
        for col in sheet.columns:
            if col.kind is Kind.CHOICE:
                names.setdefault(col.choices, f"{sheet.name} {col.name}")
    return names


def _write_lists(wb: Workbook, lists: Mapping[tuple[str, ...], str]) -> None:
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    names = _list_names()
    columns = list(lists)
    for i in range(len(columns)):
        ws.column_dimensions[get_column_letter(i + 1)].width = 22
    ws.append(_header_cells(ws, [names[c] for c in columns]))
    for r in range(max(len(c) for c in columns)):
        ws.append([c[r] if r < len(c) else None for c in columns])
