"""One worksheet of a form as spreadsheet XML: cells, widths, heights, panes, dropdowns, highlights, printing.

:class:`SheetXml` collects what a sheet holds (``put`` a value in a :class:`~reviewgen.forms.xlsx_styles.Style`,
set a width, add a dropdown) and :meth:`SheetXml.xml` writes the worksheet part in the element order the
format requires. What goes where on a form is decided in :mod:`reviewgen.forms.sheets` from the declared
layouts; this module knows the format, not the forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reviewgen.forms.layout import clean_text
from reviewgen.forms.xlsx_styles import DATE_STYLE, Style
from reviewgen.forms.xlsx_text import LETTERS, XML_HEAD, Value, attr, cell_xml, inline_text
from reviewgen.model.documents import Paper

SheetState = Literal["visible", "hidden", "veryHidden"]

_NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
#: Sheet protection without a password; resizing columns and rows, filtering and sorting stay allowed and
#: any cell can be selected ("0" means "not protected").
_PROTECTION = (
    '<sheetProtection sheet="1" objects="0" scenarios="0" formatColumns="0" formatRows="0" autoFilter="0" '
    'sort="0" selectLockedCells="0" selectUnlockedCells="0"/>'
)
#: SpreadsheetML's paperSize code of each paper (ECMA-376 part 1, 18.3.1.63): 9 is A4, 1 is US Letter.
PAPER_SIZES: dict[Paper, int] = {"a4": 9, "letter": 1}
#: The margins of a sheet that is not printed (the program's defaults).
_DEFAULT_MARGINS = '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'


@dataclass(frozen=True)
class Validation:
    """A data validation on ``sqref``: a dropdown (``list``), a number, a date or a ``custom`` formula (relative to
    the first cell of ``sqref``), with its error message and, when ``prompt`` is given, the message shown while a
    cell is selected."""

    sqref: str
    type: Literal["list", "decimal", "date", "custom"]
    formula1: str
    error_title: str
    error: str
    operator: str = ""
    formula2: str = ""
    prompt: str = ""

    def xml(self) -> str:
        operator = f' operator="{self.operator}"' if self.operator else ""
        formula2 = f"<formula2>{attr(self.formula2)}</formula2>" if self.formula2 else ""
        prompt = (
            f' showInputMessage="1" promptTitle="{attr(self.error_title)}" prompt="{attr(self.prompt)}"'
            if self.prompt
            else ""
        )
        return (
            f'<dataValidation type="{self.type}"{operator} allowBlank="1"{prompt} showErrorMessage="1" '
            f'errorTitle="{attr(self.error_title)}" error="{attr(self.error)}" sqref="{self.sqref}">'
            f"<formula1>{attr(self.formula1)}</formula1>{formula2}</dataValidation>"
        )


@dataclass(frozen=True)
class PageSetup:
    """Printing: landscape, one page wide, the header's left and right text and page numbers below; the paper is
    chosen when the sheet is written (:meth:`SheetXml.xml`)."""

    header_left: str
    header_right: str
    title_rows: str | None = None  # "1:2": rows repeated on every printed page


def header_footer_text(text: str) -> str:
    """Header/footer text with ``&`` escaped (it starts a code such as ``&P``)."""
    return clean_text(text).replace("&", "&&")


@dataclass
class SheetXml:
    """A worksheet being filled; :meth:`xml` writes it. Rows and columns are 1-based."""

    title: str
    state: SheetState = "visible"
    protected: bool = True
    cells: dict[int, dict[int, tuple[Value, Style]]] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    #: Frozen columns and rows: (2, 2) freezes A:B and rows 1-2 (the pane starts at C3).
    frozen: tuple[int, int] | None = None
    validations: list[Validation] = field(default_factory=list)
    #: Areas shaded while their cells are empty: (sqref, formula), e.g. ("L3:L20", "LEN(L3)=0").
    highlights: list[tuple[str, str]] = field(default_factory=list)
    auto_filter: str | None = None  # "A2:O20"
    print_area: str | None = None  # "A1:O20"
    page: PageSetup | None = None

    def put(self, row: int, column: int, value: Value, style: Style = Style.PLAIN) -> None:
        """Set a cell: its value (None: blank, kept when it has a style) and its look."""
        self.cells.setdefault(row, {})[column] = (value, style)

    def xml(self, paper: Paper = "a4") -> bytes:
        """The worksheet part (``xl/worksheets/sheetN.xml``), its printing laid out for ``paper``."""
        rows = sorted(self.cells)
        last_row = max(rows, default=1)
        last_col = max((max(c) for c in self.cells.values() if c), default=1)
        fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if self.page else ""
        dimension = f"A1:{LETTERS[last_col]}{last_row}" if self.cells else "A1"
        cols = "".join(
            f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>' for c, w in sorted(self.widths.items())
        )
        parts = [
            f'{XML_HEAD}<worksheet {_NS}>{fit}<dimension ref="{dimension}"/>',
            f'<sheetViews><sheetView workbookViewId="0">{self._pane()}</sheetView></sheetViews>',
            '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>',
            f"<cols>{cols}</cols>" if cols else "",
            "<sheetData>",
            *(self._row(r) for r in rows),
            "</sheetData>",
            _PROTECTION if self.protected else "",
            f'<autoFilter ref="{self.auto_filter}"/>' if self.auto_filter else "",
            *(
                f'<conditionalFormatting sqref="{sqref}"><cfRule type="expression" dxfId="0" priority="{i}" '
                f'stopIfTrue="0"><formula>{attr(formula)}</formula></cfRule></conditionalFormatting>'
                for i, (sqref, formula) in enumerate(self.highlights, start=1)
            ),
            (
                f'<dataValidations count="{len(self.validations)}">{"".join(v.xml() for v in self.validations)}'
                "</dataValidations>"
                if self.validations
                else ""
            ),
            self._printing(paper),
            "</worksheet>",
        ]
        return "".join(parts).encode("utf-8")

    def _row(self, r: int) -> str:
        height = self.heights.get(r)
        attrs = f' ht="{height:g}" customHeight="1"' if height is not None else ""
        parts = [f'<row r="{r}"{attrs}>']
        for c, (value, style) in sorted(self.cells[r].items()):
            # Text and blanks are most cells of a form: written here, without cell_xml's call (the same XML).
            if type(value) is str and value:
                parts.append(f'<c r="{LETTERS[c]}{r}" s="{style}" t="inlineStr">{inline_text(value)}</c>')
            elif value is None and style:
                parts.append(f'<c r="{LETTERS[c]}{r}" s="{style}"/>')
            else:
                parts.append(cell_xml(f"{LETTERS[c]}{r}", value, style, DATE_STYLE.get(style, style)))
        parts.append("</row>")
        return "".join(parts)

    def _pane(self) -> str:
        if self.frozen is None:
            return '<selection activeCell="A1" sqref="A1"/>'
        cols, rows = self.frozen
        top_left = f"{LETTERS[cols + 1]}{rows + 1}"
        if cols and rows:
            return (
                f'<pane xSplit="{cols}" ySplit="{rows}" topLeftCell="{top_left}" activePane="bottomRight" '
                'state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/>'
                '<selection pane="bottomRight" activeCell="A1" sqref="A1"/>'
            )
        if rows:
            return (
                f'<pane ySplit="{rows}" topLeftCell="{top_left}" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/>'
            )
        return (
            f'<pane xSplit="{cols}" topLeftCell="{top_left}" activePane="topRight" state="frozen"/>'
            '<selection pane="topRight" activeCell="A1" sqref="A1"/>'
        )

    def _printing(self, paper: Paper) -> str:
        if self.page is None:
            return _DEFAULT_MARGINS
        header = "".join(
            f"&amp;{code}{attr(header_footer_text(text))}"
            for code, text in (("L", self.page.header_left), ("R", self.page.header_right))
            if text
        )
        return (
            '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            f'<pageSetup paperSize="{PAPER_SIZES[paper]}" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            f"<headerFooter>{f'<oddHeader>{header}</oddHeader>' if header else ''}"
            "<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter></headerFooter>"
        )
