"""The sheets of a form, drawn from the declared layouts (reviewgen.forms.layout): tables, instructions,
dropdown lists and the signed record, with locking and print setup.

Each function fills a :class:`~reviewgen.forms.xlsx_sheet.SheetXml`; reviewgen.forms.xlsx_package zips them.
Everything taken from the review data is written as text (an inline string) so that a goal titled
``=HYPERLINK(...)`` or ``#N/A`` shows as typed and never becomes a formula or an error.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from functools import cache

from reviewgen.forms.layout import (
    DROPDOWNS,
    EMPTY_DROPDOWNS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    LISTS_SHEET,
    RECORD_SHEET,
    CellKind,
    FormSheet,
)
from reviewgen.forms.xlsx_sheet import PageSetup, SheetXml, Validation
from reviewgen.forms.xlsx_styles import Style
from reviewgen.forms.xlsx_text import LETTERS
from reviewgen.model.workbook import Cycle

Cell = str | int | float | dt.date | None


def page_setup(sheet: SheetXml, header: str, confidentiality: str, *, title_rows: str | None) -> None:
    """Landscape A4, fit to one page wide, repeated title rows, the confidentiality and ``header`` on top,
    page numbers below."""
    sheet.page = PageSetup(confidentiality, header, title_rows)


def send_back_by(cycle: Cycle) -> str:
    """The line near the top of every form's instructions: by when to send the form back to HR."""
    if cycle.deadline:
        return f"Please send this form back to HR by {cycle.deadline:%A %d %B %Y}."
    return "Please send this form back to HR as soon as you can."


#: How every form's instructions end: how to send the form back, then the confidentiality line.
SEND_BACK: tuple[tuple[str, bool], ...] = (
    ("When you are done", True),
    ("Save the file as an Excel Workbook (.xlsx), keep its name, and send it back to HR.", False),
    ("Do not save it as .xls, .ods or .csv: HR cannot collect those.", False),
    ("", False),
)


def write_instructions(title: str, lines: Sequence[tuple[str, bool]], header: str, confidentiality: str) -> SheetXml:
    """An Instructions sheet ``title``: one wrapped line a row (``(text, bold)``; the first bold line is the
    title), printable, locked."""
    sheet = SheetXml(title, widths={1: 110})
    for row, (text, bold) in enumerate(lines, start=1):
        style = (Style.INSTRUCTIONS_TITLE if row == 1 else Style.INSTRUCTIONS_BOLD) if bold else Style.WRAP
        sheet.put(row, 1, text or None, style)
    page_setup(sheet, header, confidentiality, title_rows=None)
    return sheet


def write_lists(lists: Mapping[str, Sequence[str | dt.date]]) -> tuple[SheetXml, dict[str, str]]:
    """The hidden Lists sheet, each dropdown list in its own column; and list name -> absolute range formula."""
    sheet = SheetXml(LISTS_SHEET, state="hidden")
    ranges: dict[str, str] = {}
    for col, (name, items) in enumerate(lists.items(), start=1):
        letter = LETTERS[col]
        sheet.put(1, col, name)
        for i, item in enumerate(items, start=2):
            sheet.put(i, col, item)
        if items:
            ranges[name] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(items) + 1}"
    return sheet, ranges


def write_record(rows: Sequence[str]) -> SheetXml:
    """The very hidden sheet holding the signed record (reviewgen.forms.signature.record_rows) in column A."""
    sheet = SheetXml(RECORD_SHEET, state="veryHidden")
    for i, text in enumerate(rows, start=1):
        sheet.put(i, 1, text)
    return sheet


def _validation_for(kind: CellKind, ranges: Mapping[str, str], area: str) -> Validation | None:
    if kind in DROPDOWNS:
        list_name, message = DROPDOWNS[kind]
        if list_name not in ranges:
            return None
        return Validation(area, "list", ranges[list_name], "Not on the list", message)
    if kind == "number":
        return Validation(
            area,
            "decimal",
            "-1000000000000",
            "A number, please",
            "Type the number only, without units or text.",
            operator="between",
            formula2="1000000000000",
        )
    if kind == "due" and "cycle" in ranges:
        # The cycle's first and last day, two cells of the Lists sheet: "Lists!$F$2:$F$3".
        sheet_name, cells = ranges["cycle"].split("!")
        first, last = cells.split(":")
        return Validation(
            area,
            "date",
            f"{sheet_name}!{first}",
            "A date in the cycle, please",
            "Type a date within the cycle, such as its last day (the Instructions sheet gives both).",
            operator="between",
            formula2=f"{sheet_name}!{last}",
        )
    if kind in ("date", "due"):
        return Validation(
            area, "date", "1", "A date, please", "Type a date such as 2026-11-05.", operator="greaterThan"
        )
    return None


#: Points per line of 11-point text, and a little air.
_LINE_HEIGHT = 14.5
_PADDING = 3.0


def row_height(sheet: FormSheet, values: Mapping[str, Cell], *, bold: bool = False) -> float:
    """A row height that shows all wrapped text: spreadsheet programs do not all fit rows on opening."""
    return _height(_line_widths(sheet, bold), values)


@cache
def _line_widths(sheet: FormSheet, bold: bool) -> tuple[tuple[str, int], ...]:
    # A width unit is one digit; plain text averages a little narrower, bold text wider.
    return tuple((spec.key, max(int(spec.width * (0.95 if bold else 1.05)) - 1, 1)) for spec in sheet.columns)


def _height(widths: tuple[tuple[str, int], ...], values: Mapping[str, Cell]) -> float:
    lines = 1
    for key, per_line in widths:
        value = values.get(key)
        if isinstance(value, str) and (len(value) > per_line or "\n" in value):  # else one line
            needed = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
            lines = max(lines, needed)
    return round(lines * _LINE_HEIGHT + _PADDING, 1)


def _input_style(kind: CellKind) -> Style:
    return Style.INPUT_TEXT if kind == "text" else Style.INPUT_DATE if kind in ("date", "due") else Style.INPUT


def _intro_column(sheet: FormSheet, title: str) -> int:
    """Where the intro starts: after the bold title (about 1.3 width units a character) has ended."""
    used = 0.0
    for col, spec in enumerate(sheet.columns, start=1):
        if used >= len(title) * 1.3:
            return col
        used += spec.width
    return len(sheet.columns)


def write_table(
    sheet: FormSheet,
    title: str,
    rows: Sequence[Mapping[str, Cell]],
    ranges: Mapping[str, str],
    row_lists: Mapping[str, Sequence[str]] | None = None,
) -> SheetXml:
    """The table sheet declared by ``sheet``: title row, header row, data rows with unlocked shaded inputs,
    dropdowns, highlights of empty inputs, frozen panes and a filter; printed with the title rows.

    ``row_lists`` gives a dropdown a list per row: dropdown list name (as in DROPDOWNS) -> for each row, the name
    of the list (in ``ranges``) its cell offers, e.g. each goal row its person's objectives."""
    out = SheetXml(sheet.title)
    out.put(1, 1, title, Style.TITLE)
    out.put(1, _intro_column(sheet, title), sheet.intro, Style.INTRO)
    last_row = FIRST_DATA_ROW + len(rows) - 1
    for col, spec in enumerate(sheet.columns, start=1):
        out.widths[col] = spec.width
        out.put(HEADER_ROW, col, spec.header, Style.HEADER_INPUT if spec.input else Style.HEADER_LOCKED)
    looks = [
        (col, spec.key, _input_style(spec.kind) if spec.input else Style.BODY)
        for col, spec in enumerate(sheet.columns, start=1)
    ]
    widths = _line_widths(sheet, False)
    for r, values in enumerate(rows, start=FIRST_DATA_ROW):
        out.cells[r] = {col: (values.get(key), style) for col, key, style in looks}
        out.heights[r] = _height(widths, values)
    out.heights[HEADER_ROW] = row_height(sheet, {c.key: c.header for c in sheet.columns}, bold=True)
    for col, spec in enumerate(sheet.columns, start=1):
        if not rows or not spec.input:
            continue
        letter = LETTERS[col]
        area = f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"
        per_row = (row_lists or {}).get(DROPDOWNS[spec.kind][0]) if spec.kind in DROPDOWNS else None
        if per_row is None:
            validation = _validation_for(spec.kind, ranges, area)
            out.validations += [validation] if validation is not None else []
        else:
            out.validations += _row_validations(spec.kind, letter, per_row, ranges)
        if sheet.highlight_empty:
            out.highlights.append((area, f"LEN({letter}{FIRST_DATA_ROW})=0"))
    out.frozen = (sheet.frozen_columns, HEADER_ROW)
    if rows:
        last_col = LETTERS[len(sheet.columns)]
        out.auto_filter = f"A{HEADER_ROW}:{last_col}{last_row}"
        out.print_area = f"A1:{last_col}{last_row}"
    return out


def _row_validations(
    kind: CellKind, letter: str, per_row: Sequence[str], ranges: Mapping[str, str]
) -> list[Validation]:
    """One dropdown per distinct list of column ``letter``, over the rows that offer it: its area lists their runs
    of rows ("E3:E9 E17:E22"), which Excel and LibreOffice both keep as one rule. Rows whose list is empty (not in
    ``ranges``) refuse any entry, saying why (EMPTY_DROPDOWNS): a free-text cell would take what collect rejects."""
    runs: dict[str, list[tuple[int, int]]] = {}
    for row, name in enumerate(per_row, start=FIRST_DATA_ROW):
        mine = runs.setdefault(name, [])
        if mine and mine[-1][1] == row - 1:
            mine[-1] = (mine[-1][0], row)
        else:
            mine.append((row, row))
    list_name = DROPDOWNS[kind][0]
    out: list[Validation] = []
    for name, spans in runs.items():
        area = " ".join(f"{letter}{first}:{letter}{last}" for first, last in spans)
        if name not in ranges and kind in EMPTY_DROPDOWNS:
            out.append(_refuse_any(kind, letter, spans[0][0], area))
            continue
        validation = _validation_for(kind, {list_name: ranges[name]} if name in ranges else {}, area)
        out += [validation] if validation is not None else []
    return out


def _refuse_any(kind: CellKind, letter: str, first_row: int, area: str) -> Validation:
    """A rule no entry passes (an empty cell is not checked), with its reason shown on the cell and on entry.

    The formula is relative to the first cell of ``area``, as Excel and LibreOffice read a custom rule."""
    title, message = EMPTY_DROPDOWNS[kind]
    return Validation(area, "custom", f"LEN({letter}{first_row})=0", title, message, prompt=message)
