"""The one style sheet of every form and calibration workbook: a fixed list of cell formats, built once.

Forms use a handful of looks (a title, a shaded header, bordered body cells, unlocked yellow inputs, ...).
Instead of resolving fonts, fills and borders per cell, each look is one entry of ``cellXfs`` below and a
cell names it by its index (:class:`Style`). A new look is a new :class:`Style` member and its ``_xf``
line, nothing else. Fonts are written in the child order Excel itself writes (b, i, sz, color, name, ...).
"""

from __future__ import annotations

from enum import IntEnum

from reviewgen.forms.xlsx_text import XML_HEAD


class Style(IntEnum):
    """A cell's look: its index in ``cellXfs`` of :data:`STYLES_XML`."""

    PLAIN = 0
    WRAP = 1  # instruction lines, summary cells with long text
    INSTRUCTIONS_TITLE = 2  # bold 14, wrapped
    INSTRUCTIONS_BOLD = 3  # bold 11, wrapped
    TITLE = 4  # bold 13: a sheet's title
    INTRO = 5  # italic: the line beside a table's title
    HEADER_LOCKED = 6  # bold, blue, bordered
    HEADER_INPUT = 7  # bold, dark yellow, bordered
    BODY = 8  # bordered, wrapped, locked
    BODY_DATE = 9
    INPUT = 10  # light yellow, bordered, wrapped, unlocked
    INPUT_TEXT = 11  # as INPUT, number format "@" (text)
    INPUT_DATE = 12
    DATE = 13  # a date outside a table
    HEADING = 14  # bold 12: a block heading on the Summary sheet
    BOLD = 15
    BOLD_WRAP = 16
    LEFT = 17  # figures left-aligned at the top, under their header


#: The date format of every date cell (numFmtId 164).
DATE_FORMAT = "yyyy-mm-dd"
_DATE, _TEXT = 164, 49
#: Fill colours (RGB) of locked headers, input headers and input cells; the colour of a still-empty input.
LOCKED_HEADER_RGB, INPUT_HEADER_RGB, INPUT_CELL_RGB, STILL_EMPTY_RGB = "D9E1F2", "FFD966", "FFF2CC", "F8CBAD"
_FONT_TAIL = '<sz val="{size}"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/>'
#: fontId -> (bold, italic, size)
_FONTS = ((False, False, 11), (True, False, 14), (True, False, 11), (True, False, 13), (False, True, 11),
          (True, False, 12))  # fmt: skip
_PLAIN, _B14, _B11, _B13, _ITALIC, _B12 = range(6)
#: fillId of each fill (0 and 1 are the two fills every workbook starts with).
_NO_FILL, _LOCKED_FILL, _INPUT_HEADER_FILL, _INPUT_FILL = 0, 2, 3, 4
_NO_BORDER, _THIN = 0, 1


def _font(bold: bool, italic: bool, size: int) -> str:
    return f"<font>{'<b/>' if bold else ''}{'<i/>' if italic else ''}{_FONT_TAIL.format(size=size)}</font>"


def _fill(rgb: str) -> str:
    color = f'rgb="FF{rgb}"'
    return f'<fill><patternFill patternType="solid"><fgColor {color}/><bgColor {color}/></patternFill></fill>'


def _xf(
    numfmt: int = 0,
    font: int = _PLAIN,
    fill: int = _NO_FILL,
    border: int = _NO_BORDER,
    *,
    align: str = "",
    unlocked: bool = False,
) -> str:
    attrs = f'numFmtId="{numfmt}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"'
    flags = (("applyNumberFormat", numfmt), ("applyFont", font), ("applyFill", fill), ("applyBorder", border))
    attrs += "".join(f' {name}="1"' for name, used in flags if used)
    inner = ""
    if align:
        attrs += ' applyAlignment="1"'
        inner += f"<alignment {align}/>"
    if unlocked:
        attrs += ' applyProtection="1"'
        inner += '<protection locked="0" hidden="0"/>'
    return f"<xf {attrs}>{inner}</xf>" if inner else f"<xf {attrs}/>"


_WRAP = 'vertical="top" wrapText="1"'
_CELL_XFS: dict[Style, str] = {
    Style.PLAIN: _xf(),
    Style.WRAP: _xf(align=_WRAP),
    Style.INSTRUCTIONS_TITLE: _xf(font=_B14, align=_WRAP),
    Style.INSTRUCTIONS_BOLD: _xf(font=_B11, align=_WRAP),
    Style.TITLE: _xf(font=_B13),
    Style.INTRO: _xf(font=_ITALIC),
    Style.HEADER_LOCKED: _xf(font=_B11, fill=_LOCKED_FILL, border=_THIN, align=_WRAP),
    Style.HEADER_INPUT: _xf(font=_B11, fill=_INPUT_HEADER_FILL, border=_THIN, align=_WRAP),
    Style.BODY: _xf(border=_THIN, align=_WRAP),
    Style.BODY_DATE: _xf(_DATE, border=_THIN, align=_WRAP),
    Style.INPUT: _xf(fill=_INPUT_FILL, border=_THIN, align=_WRAP, unlocked=True),
    Style.INPUT_TEXT: _xf(_TEXT, fill=_INPUT_FILL, border=_THIN, align=_WRAP, unlocked=True),
    Style.INPUT_DATE: _xf(_DATE, fill=_INPUT_FILL, border=_THIN, align=_WRAP, unlocked=True),
    Style.DATE: _xf(_DATE),
    Style.HEADING: _xf(font=_B12),
    Style.BOLD: _xf(font=_B11),
    Style.BOLD_WRAP: _xf(font=_B11, align=_WRAP),
    Style.LEFT: _xf(align='horizontal="left" vertical="top"'),
}
assert list(_CELL_XFS) == list(Style), "cellXfs must list every Style in index order"

#: A cell's date look for a cell of ``Style``: a date typed into a look keeps its fill, border and locking.
DATE_STYLE: dict[Style, Style] = {Style.PLAIN: Style.DATE, Style.BODY: Style.BODY_DATE, Style.INPUT: Style.INPUT_DATE}

_BORDER_SIDES = "".join(f'<{s} style="thin"><color rgb="FFA6A6A6"/></{s}>' for s in ("left", "right", "top", "bottom"))
STYLES_XML = (
    f'{XML_HEAD}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    f'<numFmts count="1"><numFmt numFmtId="{_DATE}" formatCode="{DATE_FORMAT}"/></numFmts>'
    f'<fonts count="{len(_FONTS)}">{"".join(_font(*f) for f in _FONTS)}</fonts>'
    '<fills count="5"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    f"{_fill(LOCKED_HEADER_RGB)}{_fill(INPUT_HEADER_RGB)}{_fill(INPUT_CELL_RGB)}</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    f"<border>{_BORDER_SIDES}<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    f'<cellXfs count="{len(_CELL_XFS)}">{"".join(_CELL_XFS.values())}</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    # dxfId 0: the fill of a still-empty input (conditional format).
    f'<dxfs count="1"><dxf><fill><patternFill patternType="solid"><fgColor rgb="FF{STILL_EMPTY_RGB}"/>'
    f'<bgColor rgb="FF{STILL_EMPTY_RGB}"/></patternFill></fill></dxf></dxfs>'
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
).encode()
