"""Block Markdown (the markdown-it token stream) -> the ``w:body`` content of document.xml.

Built as strings straight from the tokens: headings, paragraphs, nested lists with real
numbering, block quotes, code, rules, page breaks (a paragraph that is only ``\\newpage``,
pandoc's convention) and GFM tables. Any token the writer does not know raises MarkdownError
naming the source and line: text is never silently lost.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from reviewgen.docx.inline import BAR_CHARS, OWN_RELATIONSHIPS, DocumentState, inline_xml, split_bar, weight
from reviewgen.docx.numbering import LEVELS, level_indent
from reviewgen.docx.styles import ACCENT, BAR_TODO
from reviewgen.docx.text import clean, text_run
from reviewgen.docx.widths import CELL_PADDING_TWIPS as _CELL_PADDING_TWIPS
from reviewgen.docx.widths import CHAR_TWIPS as _CHAR_TWIPS
from reviewgen.docx.widths import column_widths

_QUOTE_STEP = 567
_RULE = (
    '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="A6A6A6"/></w:pBdr>'
    '<w:spacing w:before="120" w:after="240"/></w:pPr></w:p>'
)
_PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
# A 6 pt gap after each table; it also keeps two tables in a row from merging in Word.
_AFTER_TABLE = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="exact"/></w:pPr></w:p>'
_JC = {"left": "left", "center": "center", "right": "right"}


@dataclass(slots=True)
class _List:
    num_id: int
    level: int


class _BodyBuilder:
    def __init__(self, state: DocumentState) -> None:
        self.state = state
        self.ids = state.style_ids
        self.out: list[str] = []
        self.lists: list[_List] = []
        #: Per open list item: True until its numbered first paragraph is written.
        self.item_pending: list[bool] = []
        self.quote_depth = 0

    def build(self, tokens: list[Token]) -> str:
        self.add(tokens)
        return "".join(self.out)

    def add_piece(self, piece: str, tokens: list[Token]) -> None:
        """Add the blocks of one piece of the document (see reviewgen.docx.blocks): from the memo when these very
        tokens were written before and their XML cannot depend on the rest of the document."""
        memo = self.state.memo
        if memo is None:
            self.add(tokens)
            return
        known = memo.pieces.get(piece)
        if known is not None and known[0] is tokens:
            self.out.append(known[1])
            return
        start = len(self.out)
        self.add(tokens)
        if _stands_alone(tokens):
            xml = "".join(self.out[start:])
            del self.out[start:]
            self.out.append(xml)
            memo.make_room(weight(piece, tokens) + sum(len(token.children or ()) for token in tokens) + len(xml) // 64)
            memo.pieces[piece] = (tokens, xml)

    def add(self, tokens: list[Token]) -> None:
        out = self.out
        i = 0
        count = len(tokens)
        while i < count:
            tok = tokens[i]
            kind = tok.type
            if kind == "paragraph_open":
                self._paragraph(tokens[i + 1], loose=not tok.hidden)
                i += 3
                continue
            if kind == "heading_open":
                level = min(int(tok.tag[1:]), 4)
                self._flush_marker()
                body = inline_xml(tokens[i + 1], self.state)
                # A level-1 heading after the first block starts a new page: a part of the document.
                new_page = "<w:pageBreakBefore/>" if level == 1 and out else ""
                if new_page:
                    self._drop_gap_before_page_break()
                style = self.ids[f"heading{level}"]
                out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{new_page}</w:pPr>{body}</w:p>')
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                self._flush_marker()
                level = min(len(self.lists), LEVELS - 1)
                start = int(tok.attrs.get("start", 1) or 1)
                num_id = self.state.new_list(bullet=kind == "bullet_list_open", level=level, start=start)
                self.lists.append(_List(num_id, level))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.item_pending.append(True)
            elif kind == "list_item_close":
                self._flush_marker()
                self.item_pending.pop()
            elif kind == "blockquote_open":
                self._flush_marker()
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth -= 1
            elif kind == "hr":
                self._flush_marker()
                out.append(_RULE)
            elif kind in ("code_block", "fence"):
                self._flush_marker()
                self._code(tok.content)
            elif kind == "table_open":
                self._flush_marker()
                i = self._table(tokens, i)
            else:
                line = tok.map[0] + 1 if tok.map else 0
                what = "raw HTML" if kind.startswith("html") else f"Markdown element {kind!r}"
                raise self.state.error(line, f"{what} is not supported in Word output; remove it from the template")
            i += 1

    def _flush_marker(self) -> None:
        """A list item that starts with something other than a paragraph still shows its number."""
        if self.item_pending and self.item_pending[-1]:
            self.item_pending[-1] = False
            current = self.lists[-1]
            self.out.append(
                f'<w:p><w:pPr><w:pStyle w:val="{self.ids["list"]}"/><w:numPr><w:ilvl w:val="{current.level}"/>'
                f'<w:numId w:val="{current.num_id}"/></w:numPr></w:pPr></w:p>'
            )

    def _drop_gap_before_page_break(self) -> None:
        """No gap paragraph between a table and a page break: when the table fills its page, the gap would
        spill onto the next page alone and the break would then leave that page blank (a blank page 4 in a
        handout whose exercises fill page 3 exactly)."""
        if self.out and self.out[-1].endswith(_AFTER_TABLE):
            self.out[-1] = self.out[-1][: -len(_AFTER_TABLE)]

    def _paragraph(self, inline: Token, *, loose: bool) -> None:
        if inline.content.strip() == "\\newpage" and not self.lists:
            self._drop_gap_before_page_break()
            self.out.append(_PAGE_BREAK)
            return
        body = inline_xml(inline, self.state)
        if self.lists:
            current = self.lists[-1]
            spacing = '<w:spacing w:after="120"/>' if loose else ""
            if self.item_pending[-1]:
                self.item_pending[-1] = False
                ppr = (
                    f'<w:pStyle w:val="{self.ids["list"]}"/><w:numPr><w:ilvl w:val="{current.level}"/>'
                    f'<w:numId w:val="{current.num_id}"/></w:numPr>{spacing}'
                )
            else:
                ppr = f'<w:pStyle w:val="{self.ids["list"]}"/>{spacing}<w:ind w:left="{level_indent(current.level)}"/>'
        elif self.quote_depth:
            ppr = f'<w:pStyle w:val="{self.ids["quote"]}"/>'
            if self.quote_depth > 1:
                ppr += f'<w:ind w:left="{_QUOTE_STEP * self.quote_depth}" w:right="{_QUOTE_STEP}"/>'
        else:
            keep = "<w:keepNext/>" if _is_label(inline) else ""
            ppr = f'<w:pStyle w:val="{self.ids["body"]}"/>{keep}'
        self.out.append(f"<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>")

    def _indent(self) -> int:
        if self.lists:
            return level_indent(self.lists[-1].level)
        return _QUOTE_STEP * self.quote_depth

    def _code(self, content: str) -> None:
        lines = content[:-1].split("\n") if content.endswith("\n") else content.split("\n")
        runs = "<w:r><w:br/></w:r>".join(text_run(clean(line)) for line in lines)
        indent = self._indent()
        ind = f'<w:ind w:left="{indent}"/>' if indent else ""
        self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{self.ids["code"]}"/>{ind}</w:pPr>{runs}</w:p>')

    def _table(self, tokens: list[Token], i: int) -> int:
        """Write the table starting at ``tokens[i]``; returns the index of its ``table_close``."""
        rows: list[tuple[bool, list[tuple[str, Token]]]] = []
        in_head = False
        row: list[tuple[str, Token]] = []
        i += 1
        while tokens[i].type != "table_close":
            kind = tokens[i].type
            if kind == "thead_open":
                in_head = True
            elif kind == "thead_close":
                in_head = False
            elif kind == "tr_open":
                row = []
            elif kind == "tr_close":
                rows.append((in_head, row))
            elif kind in ("th_open", "td_open"):
                style = str(tokens[i].attrs.get("style", ""))
                row.append((style.removeprefix("text-align:"), tokens[i + 1]))
                i += 2
            i += 1
        self.out.append(self._table_xml(rows))
        return i

    def _table_xml(self, rows: list[tuple[bool, list[tuple[str, Token]]]]) -> str:
        columns = max((len(cells) for _, cells in rows), default=0)
        if columns == 0:
            return ""
        indent = self._indent()
        width = self.state.text_width - indent
        texts = [[inline.content for _, inline in cells] for _, cells in rows]
        widths = column_widths(texts, width, header_rows=sum(1 for header, _ in rows if header))
        ind = f'<w:tblInd w:w="{indent}" w:type="dxa"/>' if indent else ""
        out = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.ids["table"]}"/><w:tblW w:w="{width}" w:type="dxa"/>{ind}'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" '
            'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
        ]
        cell_style = self.ids["compact"]
        keep = _rows_kept_with_next(len(rows))
        memo = self.state.memo
        starts = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in widths]
        paragraph_props: dict[tuple[bool, str], str] = {}
        for number, (header, cells) in enumerate(rows):
            out.append(
                "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
                if header
                else "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            )
            kept = number in keep
            for col, (align, inline) in enumerate(cells):
                ppr = paragraph_props.get((kept, align))
                if ppr is None:
                    jc = f'<w:jc w:val="{_JC[align]}"/>' if align in _JC else ""
                    keep_next = "<w:keepNext/>" if kept else ""
                    ppr = paragraph_props[kept, align] = (
                        f'<w:pPr><w:pStyle w:val="{cell_style}"/>{keep_next}{jc}</w:pPr>'
                    )
                start = starts[col]
                if inline.content[:1] in BAR_CHARS:  # the only cells that can start with a progress bar
                    bar, rest = split_bar(inline, memo)
                    if bar is not None:
                        start += _bar_table(bar, min(len(bar) * _CHAR_TWIPS, widths[col] - _CELL_PADDING_TWIPS))
                        inline = rest
                out.append(f"{start}<w:p>{ppr}{inline_xml(inline, self.state)}</w:p></w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        out.append(_AFTER_TABLE)
        return "".join(out)


#: Tables up to this many rows are kept on one page; longer ones never leave one row alone at either end.
_KEEP_WHOLE_ROWS = 8


def _rows_kept_with_next(count: int) -> frozenset[int]:
    """Rows whose paragraphs keep with the next row: all but the last of a short table; else the first two
    and the one before last, so a page break never leaves the header or one row on its own."""
    if count <= _KEEP_WHOLE_ROWS:
        return frozenset(range(count - 1))
    return frozenset((0, 1, count - 2))


def _is_label(inline: Token) -> bool:
    """A paragraph that labels what follows: all bold ("**Comments**") or ending with a colon."""
    if inline.content.rstrip().endswith(":"):
        return True
    children = [c for c in inline.children or [] if c.type != "text" or c.content]
    return len(children) >= 3 and children[0].type == "strong_open" and children[-1].type == "strong_close"


@functools.lru_cache(maxsize=4096)
def _bar_table(bar: str, width: int) -> str:
    """A progress bar drawn as a one-row table of two shaded cells (done, to do): a real bar that never
    wraps, whatever the font, in Word and LibreOffice alike."""
    done = bar.count("\u2588")
    width = max(width, 200)
    done_width = round(width * done / len(bar))
    cells = [(w, fill) for w, fill in ((done_width, ACCENT), (width - done_width, BAR_TODO)) if w > 0]
    tight = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="100" w:lineRule="exact"/></w:pPr></w:p>'
    no_border = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:tblBorders>{no_border}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" '
        'w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w, _ in cells)
        + '</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="150" w:hRule="exact"/></w:trPr>'
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
            f"</w:tcPr>{tight}</w:tc>"
            for w, fill in cells
        )
        + "</w:tr></w:tbl>"
    )


def body_xml(tokens: list[Token], state: DocumentState) -> str:
    """The block-level WordprocessingML of a parsed Markdown document."""
    return _BodyBuilder(state).build(tokens)


def pieces_xml(pieces: Sequence[tuple[str, list[Token]]], state: DocumentState) -> str:
    """The XML :func:`body_xml` gives for the pieces' tokens one after the other; a piece whose XML depends on
    nothing else (see :func:`_stands_alone`) is written once per writer and kept in ``state.memo``."""
    builder = _BodyBuilder(state)
    for piece, tokens in pieces:
        builder.add_piece(piece, tokens)
    return "".join(builder.out)


def _stands_alone(tokens: list[Token]) -> bool:
    """Whether a piece's ``tokens`` give the same XML in every document.

    A piece starts and ends outside any list or quote, so its XML depends only on its tokens, except for lists
    (their numbering instances count from the document's first), links and images (relationships of the
    document), level-1 headings (a page break unless first) and page breaks (both take the gap after a table
    in the piece before away).
    """
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open") or (kind == "heading_open" and token.tag == "h1"):
            return False
        if kind == "inline":
            if token.content.strip() == "\\newpage":
                return False
            if any(child.type in OWN_RELATIONSHIPS for child in token.children or ()):
                return False
    return True
