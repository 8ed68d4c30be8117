"""markdown-it-py's GFM table rule with less work per table: the same tokens, measured faster.

A build's documents are mostly tables (about ten tables and 700 table tokens in a packet), and the table rule
of markdown-it-py 4 (``markdown_it.rules_block.table``) was most of a document's block parsing. :class:`TableRule`
is that rule with four shortcuts, each giving the very tokens the original gives (tests/docx/test_pipe_tables.py
compares the two token streams):

* Which lines start a table is still markdown-it-py's decision: its rule reads the header and delimiter rows
  (in its silent mode), and its answer is kept per (rows' text, indentation), since every packet repeats the
  same table headings.
* A row whose first character is ``|`` cannot start any of the block rules that end a table (fence, block
  quote, rule, list, HTML block, heading: each needs its own first character), so they are not asked.
* A row without a backslash is split with ``str.split("|")``; with one, by a regular expression that keeps
  ``\\|`` in a cell as ``|``, as the original's loop does.
* The ``th_open``/``td_open``/``th_close``/``td_close`` tokens of a column and the ``tr_close`` token are one
  token object each, shared by every row of every table with the same columns at the same depth (equal to
  what the original makes for every cell; nothing changes tokens after parsing, the same promise the
  writer's inline cache relies on). Only ``tr_open`` and each cell's ``inline`` token, which carry the
  row's line, are new per row.

Installed by :func:`install` in place of the rule of that name (``Ruler.at``, markdown-it-py's API for
plugins), only on the markdown-it-py major version it was compared with; anything else about the parser
is unchanged. What the rule keeps (headings' answers, shared cell tokens) belongs to the :class:`TableRule` of
one parser, bounded by its size like the writer's other caches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import markdown_it
from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_block import blockquote, fence, heading, hr, html_block, list_block
from markdown_it.rules_block import table as original_table
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token

try:  # markdown-it-py's bound on the empty cells it adds to short rows
    from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS as _MAX_AUTOCOMPLETED_CELLS
except ImportError:  # before 4.x: install() keeps the original rule anyway
    _MAX_AUTOCOMPLETED_CELLS = 0x10000

#: The markdown-it-py major version whose table rule :func:`table` was compared with.
COMPARED_MAJOR = "4"
# A pipe that no backslash escapes.
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
# The block rules markdown-it-py 4 asks at each body row ("blockquote" chain); none starts with "|".
_KNOWN_TERMINATORS = frozenset((fence, blockquote, hr, list_block, html_block, heading))


@dataclass(frozen=True, slots=True)
class _Header:
    aligns: tuple[str, ...]
    cells: list[str]


_HeaderKey = tuple[str, str, int, int, bool, bool]
_CellsKey = tuple[str, tuple[str, ...], int]
#: The opening and closing token of each column's cells, and the row's closing token.
_Cells = tuple[tuple[tuple[Token, Token], ...], Token]
_UNKNOWN = _Header((), [])
# What a delimiter row can start with ("" is an empty line, which starts no table either); markdown-it-py's rule
# returns False for any other first character before reading anything else.
_DELIMITER_STARTS = frozenset(("|", "-", ":"))
# The longest header and delimiter rows kept, together: a table heading recurs, a longer line is data.
_KEPT_CHARS = 1_000


def install(md: MarkdownIt) -> bool:
    """Use a new :class:`TableRule` for ``md``'s "table" rule; False (and the original rule kept) on another
    major version."""
    if markdown_it.__version__.split(".")[0] != COMPARED_MAJOR:
        return False
    md.block.ruler.at("table", TableRule(), {"alt": ["paragraph", "reference"]})
    return True


def _split(line: str) -> list[str]:
    """markdown-it-py's ``escapedSplit``: cells at unescaped pipes; ``\\|`` inside a cell becomes ``|``."""
    if "\\" in line:
        return _trim_edges([part.replace("\\|", "|") for part in _CELL_SPLIT.split(line)])
    return _trim_edges(line.split("|"))


def _trim_edges(columns: list[str]) -> list[str]:
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def _raw_line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _aligns(delimiter_row: str) -> list[str]:
    aligns: list[str] = []
    for cell in delimiter_row.split("|"):
        text = cell.strip(MD_TRIM_CHARS)
        if not text:
            continue  # only the edges can be empty: the original rule has checked the row
        if text[-1] == ":":
            aligns.append("center" if text[0] == ":" else "right")
        else:
            aligns.append("left" if text[0] == ":" else "")
    return aligns


def _row(state: StateBlock, cells: _Cells, line: int, contents: list[str]) -> None:
    """One row's tokens: a new ``tr_open``, then per cell its shared opening token, a new ``inline`` token and its
    shared closing token, then the shared ``tr_close``."""
    tokens = state.tokens
    level = state.level
    row = Token("tr_open", "tr", 1, level=level, block=True, map=[line, line + 1])
    tokens.append(row)
    pairs, row_close = cells
    for (opening, closing), content in zip(pairs, contents, strict=True):
        inline = Token("inline", "", 0, level=level + 2, block=True, map=[line, line + 1], content=content, children=[])
        tokens += (opening, inline, closing)
    tokens.append(row_close)


class TableRule:
    """The GFM table rule of one parser, with what it keeps between tables: the answers for table headings and
    the cell tokens shared by rows (see the module docstring).

    Bounded by size: one unit per kept token and per 64 characters of kept heading rows; cleared when full.
    """

    def __init__(self, limit: int = 50_000) -> None:
        #: Most kept at once, in units (a token is about 250 bytes).
        self.limit = limit
        #: (header row, delimiter row, their indentation, whether each is code) -> what they say, or None
        self.headers: dict[_HeaderKey, _Header | None] = {}
        #: (cell tag, column alignments, depth) -> the tokens every row of such a table shares
        self.cells: dict[_CellsKey, _Cells] = {}
        self.size = 0

    def clear(self) -> None:
        """Forget everything kept."""
        self.headers.clear()
        self.cells.clear()
        self.size = 0

    def _make_room(self, size: int) -> None:
        if self.size + size > self.limit:
            self.clear()
        self.size += size

    def _cells(self, tag: str, aligns: tuple[str, ...], level: int) -> _Cells:
        """The opening and closing token of each column's cells, and the row's closing token: shared by every row
        of every table with these columns at this depth."""
        key = (tag, aligns, level)
        cells = self.cells.get(key)
        if cells is None:
            made: list[tuple[Token, Token]] = []
            for align in aligns:
                opening = Token(tag + "_open", tag, 1, level=level, block=True)
                if align:
                    opening.attrs = {"style": "text-align:" + align}
                made.append((opening, Token(tag + "_close", tag, -1, level=level, block=True)))
            row_close = Token("tr_close", "tr", -1, level=level - 1, block=True)
            self._make_room(2 * len(made) + 1)
            cells = self.cells[key] = (tuple(made), row_close)
        return cells

    def _header(self, state: StateBlock, start: int, end: int) -> _Header | None:
        """What the header and delimiter rows at ``start`` say, or None when they start no table.

        markdown-it-py's rule decides (in its silent mode). It reads nothing but the two rows' text and
        indentation, so its answer for a table that recurs (the same table heading in every packet) is kept.
        """
        if start + 2 > end:
            return None
        delimiter_row = _raw_line(state, start + 1)
        if delimiter_row[:1] not in _DELIMITER_STARTS:
            return None  # the original's own first check on the delimiter row; nothing kept for a paragraph's lines
        indent = state.blkIndent
        key = (
            _raw_line(state, start),
            delimiter_row,
            state.sCount[start] - indent,
            state.sCount[start + 1] - indent,
            state.is_code_block(start),
            state.is_code_block(start + 1),
        )
        header = self.headers.get(key, _UNKNOWN)
        if header is _UNKNOWN:
            header = None
            if original_table(state, start, end, True):
                cells = _split(key[0].strip(MD_TRIM_CHARS))
                header = _Header(tuple(_aligns(key[1])), [cell.strip(MD_TRIM_CHARS) for cell in cells])
            chars = len(key[0]) + len(key[1])
            if chars > _KEPT_CHARS:
                return header  # a table heading recurs; a line this long is data, and keeping it would only take memory
            self._make_room(1 + chars // 32)  # the rows, and the heading's cells again
            self.headers[key] = header
        return header

    def __call__(self, state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
        """The GFM table rule (markdown-it-py 4.x, ``rules_block/table.py``) with the module docstring's shortcuts."""
        header = self._header(state, startLine, endLine)
        if header is None:
            return False
        if silent:
            return True
        aligns = header.aligns
        count = len(aligns)
        old_parent = state.parentType
        state.parentType = "table"
        terminators = state.md.block.ruler.getRules("blockquote")
        known = _KNOWN_TERMINATORS.issuperset(terminators)
        src, b_marks, t_shift, e_marks, s_count = state.src, state.bMarks, state.tShift, state.eMarks, state.sCount

        table_open = state.push("table_open", "table", 1)
        table_open.map = table_lines = [startLine, 0]
        state.push("thead_open", "thead", 1).map = [startLine, startLine + 1]
        _row(state, self._cells("th", aligns, state.level + 1), startLine, header.cells)
        state.push("thead_close", "thead", -1)

        body_lines: list[int] | None = None
        body_cells: _Cells | None = None
        autocompleted = 0
        line = startLine + 2
        while line < endLine:
            if s_count[line] < state.blkIndent:
                break
            start = b_marks[line] + t_shift[line]
            first = src[start] if start < e_marks[line] else ""
            if not (known and first == "|") and any(rule(state, line, endLine, True) for rule in terminators):
                break
            text = src[start : e_marks[line]].strip(MD_TRIM_CHARS)
            if not text or state.is_code_block(line):
                break
            columns = _split(text)
            autocompleted += count - len(columns)
            if autocompleted > _MAX_AUTOCOMPLETED_CELLS:
                break
            if line == startLine + 2:
                state.push("tbody_open", "tbody", 1).map = body_lines = [startLine + 2, 0]
            if body_cells is None:
                body_cells = self._cells("td", aligns, state.level + 1)
            contents = [cell.strip(MD_TRIM_CHARS) for cell in columns[:count]]
            _row(state, body_cells, line, contents + [""] * (count - len(contents)))
            line += 1

        if body_lines is not None:
            state.push("tbody_close", "tbody", -1)
            body_lines[1] = line
        state.push("table_close", "table", -1)
        table_lines[1] = line
        state.parentType = old_parent
        state.line = line
        return True
