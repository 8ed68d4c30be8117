"""Parsing a document piece by piece, where nothing can cross from one piece to the next, and keeping each
piece's tokens: most of a build's Markdown is the same tables and paragraphs in document after document.

A piece ends before a blank line's successor that starts a new top-level block no earlier block can
continue: a line that starts at the margin (no space or tab: not an indented code block, not a list item's
continuation) and is not a list item (``-``, ``+``, ``*`` or ``1.`` / ``1)`` followed by a blank or the line's
end: an item there would continue the list above it). A blank line ends every other block markdown-it-py
knows at the top level (paragraphs, headings, tables, block quotes, rules); the ones that can hold blank lines
are code blocks (ruled out above) and fenced code, and a document with a fence (```````` or ``~~~``) is not
split at all, nor one with a possible link reference definition (``]:`` anywhere: definitions are kept for the
whole document), nor one with a carriage return or NUL (normalised by the parser, so line counts could differ).

What is the same: every token of the pieces, in order, equals the token of the whole document's parse
(tests/docx/test_blocks.py compares the two on generated documents and the build's own), except ``map``, the
source lines, which count from the piece's start. The Word writer reads ``map`` only to name a line in an
error message, so it converts a document again from a whole parse when a MarkdownError comes up (see
:meth:`reviewgen.docx.writer.DocxWriter.convert`). Kept tokens are shared between documents: nothing changes
tokens after parsing (the promise the inline cache relies on too).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reviewgen.docx.inline import weight

# A line that can start a piece: at the margin, not blank, not a list item's marker.
_PIECE_START = re.compile(r"\n[ \t]*\n(?![ \t\n]|[-+*](?:[ \t]|\n|$)|[0-9]{1,9}[.)](?:[ \t]|\n|$))")
_NOT_SPLIT = ("```", "~~~", "]:", "\r", "\x00")


def pieces(src: str) -> list[str] | None:
    """``src`` cut where no block can cross (each piece keeps the blank lines after it), or None when ``src``
    has something that rules the cut out (a fence, a possible link reference definition, CR or NUL)."""
    if any(marker in src for marker in _NOT_SPLIT):
        return None
    out: list[str] = []
    start = 0
    for match in _PIECE_START.finditer(src):
        out.append(src[start : match.end()])
        start = match.end()
    out.append(src[start:])
    return out


class BlockCache:
    """Piece of Markdown -> its tokens, for one writer. Bounded by the tokens and text it holds (inline
    children included: a kept piece keeps them after the inline cache has let them go): cleared when full."""

    def __init__(self, limit: int = 100_000) -> None:
        #: Most kept at once: one unit per token (about 250 bytes) and per 64 characters of the piece.
        self.limit = limit
        self._tokens: dict[str, list[Token]] = {}
        self._count = 0

    def __len__(self) -> int:
        return len(self._tokens)

    def clear(self) -> None:
        """Forget every piece."""
        self._tokens.clear()
        self._count = 0

    def parse(self, parser: MarkdownIt, src: str) -> list[Token] | None:
        """The tokens of ``src`` from its pieces (``map`` counted per piece), or None when it cannot be cut."""
        parsed = self.parse_pieces(parser, src)
        if parsed is None:
            return None
        return [token for _piece, tokens in parsed for token in tokens]

    def parse_pieces(self, parser: MarkdownIt, src: str) -> list[tuple[str, list[Token]]] | None:
        """Each piece of ``src`` with its tokens (the kept list itself when the piece was parsed before), or None
        when ``src`` cannot be cut."""
        cut = pieces(src)
        if cut is None:
            return None
        parsed: list[tuple[str, list[Token]]] = []
        known = self._tokens
        for piece in cut:
            found = known.get(piece)
            if found is None:
                found = parser.parse(piece)
                size = weight(piece, found) + sum(len(token.children or ()) for token in found)
                if self._count + size > self.limit:
                    self.clear()
                known[piece] = found
                self._count += size
            parsed.append((piece, found))
        return parsed
