"""Building the sheets of one form with openpyxl: tables, dropdowns, locking, print setup.

Everything taken from the review data is written as text (``data_type = "s"``) so that a goal
titled ``=HYPERLINK(...)`` or ``#N/A`` shows as typed and never becomes a formula or an error.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from reviewgen.forms.layout import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    LISTS_SHEET,
    CellKind,
    FormSheet,
    clean_text,
)

Cell = str | int | float | dt.date | None

LOCKED_HEADER = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
INPUT_HEADER = PatternFill(fill_type="solid", start_color="FFD966", end_color="FFD966")
INPUT_CELL = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
STILL_EMPTY = PatternFill(fill_type="solid", start_color="F8CBAD", end_color="F8CBAD")
_THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
UNLOCKED = Protection(locked=False)


def put(ws: Worksheet, row: int, column: int, value: Cell) -> None:
    """Write ``value`` into a cell; text always stays text (never a formula, error or number)."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value


def header_footer_text(text: str) -> str:
    """Header/footer text with ``&`` escaped (it starts a code such as ``&P``)."""
    return clean_text(text).replace("&", "&&")


def page_setup(ws: Worksheet, header: str, confidentiality: str, *, title_rows: str | None) -> None:
    """Landscape A4, fit to one page wide, repeated title rows, page numbers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddHeader.left.text = header_footer_text(confidentiality)
    ws.oddHeader.right.text = header_footer_text(header)
    ws.oddFooter.center.text = "Page &P of &N"


def protect(ws: Worksheet) -> None:
    """Sheet protection without a password: locked cells cannot be typed over by accident.

    Resizing columns and rows and filtering stay allowed (False means "not protected").
    """
    prot = ws.protection
    prot.sheet = True
    prot.formatColumns = False
    prot.formatRows = False
    prot.autoFilter = False
    prot.sort = False
    prot.selectLockedCells = False
    prot.selectUnlockedCells = False


def write_instructions(ws: Worksheet, lines: Sequence[tuple[str, bool]], header: str, confidentiality: str) -> None:
    """An Instructions sheet: one wrapped line a row (``(text, bold)``; the first bold line is the title),
    printable, locked."""
    ws.column_dimensions["A"].width = 110
    for row, (text, bold) in enumerate(lines, start=1):
        put(ws, row, 1, text or None)
        cell = ws.cell(row=row, column=1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=14 if row == 1 else 11)
    page_setup(ws, header, confidentiality, title_rows=None)
    protect(ws)


def write_lists(ws: Worksheet, lists: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Write each dropdown list into its own column; return list name -> absolute range formula."""
    ranges: dict[str, str] = {}
    for col, (name, items) in enumerate(lists.items(), start=1):
        letter = get_column_letter(col)
        put(ws, 1, col, name)
        for i, item in enumerate(items, start=2):
            put(ws, i, col, item)
        if items:
            ranges[name] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(items) + 1}"
    ws.sheet_state = "hidden"
    protect(ws)
    return ranges


_DROPDOWN_LIST: dict[CellKind, tuple[str, str]] = {
    "rating": ("ratings", "Choose a rating from the list."),
    "goal-status": ("statuses", "Choose a status from the list."),
    "checkin-kind": ("kinds", "Choose a kind from the list."),
    "person": ("people", "Choose one of your team from the list."),
}


def _validation_for(kind: CellKind, ranges: Mapping[str, str]) -> DataValidation | None:
    if kind in _DROPDOWN_LIST:
        list_name, message = _DROPDOWN_LIST[kind]
        if list_name not in ranges:
            return None
        return DataValidation(
            type="list",
            formula1=ranges[list_name],
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not on the list",
            error=message,
        )
    if kind == "number":
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="-1000000000000",
            formula2="1000000000000",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="A number, please",
            error="Type the number only, without units or text.",
        )
    if kind == "date":
        return DataValidation(
            type="date",
            operator="greaterThan",
            formula1="1",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="A date, please",
            error="Type a date such as 2026-11-05.",
        )
    return None


#: Points per line of 11-point text, and a little air.
_LINE_HEIGHT = 14.5
_PADDING = 3.0


def row_height(sheet: FormSheet, values: Mapping[str, Cell], *, bold: bool = False) -> float:
    """A row height that shows all wrapped text: spreadsheet programs do not all fit rows on opening."""
    lines = 1
    for spec in sheet.columns:
        value = values.get(spec.key)
        if not isinstance(value, str):
            continue
        # A width unit is one digit; plain text averages a little narrower, bold text wider.
        per_line = max(int(spec.width * (0.95 if bold else 1.05)) - 1, 1)
        needed = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
        lines = max(lines, needed)
    return round(lines * _LINE_HEIGHT + _PADDING, 1)


def write_table(
    ws: Worksheet,
    sheet: FormSheet,
    title: str,
    rows: Sequence[Mapping[str, Cell]],
    ranges: Mapping[str, str],
    *,
    highlight_empty: bool,
) -> None:
    """Title row, header row, data rows with unlocked shaded inputs, dropdowns and formatting."""
    ws.title = sheet.title
    put(ws, 1, 1, title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    # The intro starts where the bold title (about 1.3 width units a character) has ended.
    intro_col, used = len(sheet.columns), 0.0
    for col, spec in enumerate(sheet.columns, start=1):
        if used >= len(title) * 1.3:
            intro_col = col
            break
        used += spec.width
    put(ws, 1, intro_col, sheet.intro)
    ws.cell(row=1, column=intro_col).font = Font(italic=True)
    last_row = FIRST_DATA_ROW + len(rows) - 1
    for col, spec in enumerate(sheet.columns, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = spec.width
        head = ws.cell(row=HEADER_ROW, column=col)
        put(ws, HEADER_ROW, col, spec.header)
        head.font = Font(bold=True)
        head.fill = INPUT_HEADER if spec.input else LOCKED_HEADER
        head.alignment = WRAP
        head.border = BORDER
        for r, values in enumerate(rows, start=FIRST_DATA_ROW):
            put(ws, r, col, values.get(spec.key))
            cell = ws.cell(row=r, column=col)
            cell.alignment = WRAP
            cell.border = BORDER
            if spec.input:
                cell.protection = UNLOCKED
                cell.fill = INPUT_CELL
                if spec.kind == "text":
                    cell.number_format = "@"
                elif spec.kind == "date":
                    cell.number_format = "yyyy-mm-dd"
        if not rows or not spec.input:
            continue
        area = f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"
        validation = _validation_for(spec.kind, ranges)
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(area)
        if highlight_empty:
            ws.conditional_formatting.add(
                area, FormulaRule(formula=[f"LEN({letter}{FIRST_DATA_ROW})=0"], fill=STILL_EMPTY, stopIfTrue=False)
            )
    for r, values in enumerate(rows, start=FIRST_DATA_ROW):
        ws.row_dimensions[r].height = row_height(sheet, values)
    ws.row_dimensions[HEADER_ROW].height = row_height(sheet, {c.key: c.header for c in sheet.columns}, bold=True)
    last_col = get_column_letter(len(sheet.columns))
    ws.freeze_panes = "C3" if sheet.key != "checkins" else "A3"
    if rows:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
        ws.print_area = f"A1:{last_col}{last_row}"
    protect(ws)
