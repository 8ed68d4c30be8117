"""Inline Markdown (a markdown-it ``inline`` token's children) -> WordprocessingML runs.

Also holds :class:`DocumentState`, what one document collects while its body is built:
hyperlink and image relationships, media files and list instances.

The contract with the template engine: the literal text ``<br>`` (``<br/>``, ``<br />``) is a
line break, and ``<small>...</small>`` is small print (8 pt, for a note under a line, such as the cell a
finding points at); written ``\\<br\\>`` (as escaped data is) they stay text. The parser runs with
``text_join`` disabled so that escaped characters stay separate ``text_special`` tokens and
the two can be told apart. Runs of U+2588 (done) and U+2591 (to do) are a two-tone progress
bar: both printed as U+2588, in the accent colour and in light grey.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from markdown_it.token import Token

from reviewgen.docx.errors import MarkdownError
from reviewgen.docx.images import WIDTH_ATTRIBUTE, drawing_xml, image_extent, png_info
from reviewgen.docx.numbering import ListInstance
from reviewgen.docx.styles import ACCENT, BAR_TODO
from reviewgen.docx.text import clean, run_props, text_run

REL_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
REL_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SMALL_TAG = re.compile(r"(</?small>)", re.IGNORECASE)
#: Small print, in half-points (8 pt against the body's 10.5 pt).
SMALL_SIZE = 16
_BAR = re.compile("(\u2588+|\u2591+)")
#: The characters of a progress bar; a table cell that starts with one may start with a bar (see split_bar).
BAR_CHARS = frozenset("\u2588\u2591")
_BAR_START = re.compile("^([\u2588\u2591]+)[ \u00a0]?")
_SPECIAL = re.compile("[<\u2588\u2591]")
_HARD_BREAK = "<w:r><w:br/></w:r>"


class RunsMemo:
    """The runs already written for inline tokens, for one writer: most cells and lines recur from document
    to document (headers, ratings, dates, progress bars, the templates' sentences).

    An entry is used only for the very children list it was written from (``is``, not ``==``): the writer's
    :class:`~reviewgen.docx.writer.InlineCache` hands the same list to every document with the same inline
    text, and nothing changes tokens after parsing. Inlines with a link or an image are never kept (they add
    relationships to their own document). Bounded: cleared when full.

    It also keeps the body XML of whole pieces of a document (see :func:`reviewgen.docx.body.pieces_xml`): piece
    text -> (the kept tokens it was written from, its XML), used only for those very tokens.
    """

    def __init__(self, limit: int = 400_000) -> None:
        #: Most kept at once, in units of :func:`weight` (runs and bars together).
        self.limit = limit
        #: inline text -> (its children, their runs)
        self.runs: dict[str, tuple[list[Token], str]] = {}
        #: cell text -> (its children, the progress bar it starts with, the cell without it)
        self.bars: dict[str, tuple[list[Token], str | None, Token]] = {}
        #: piece of Markdown -> (its tokens, their body XML)
        self.pieces: dict[str, tuple[list[Token], str]] = {}
        self._weight = 0

    def clear(self) -> None:
        """Forget every entry."""
        self.runs.clear()
        self.bars.clear()
        self.pieces.clear()
        self._weight = 0

    def make_room(self, size: int) -> None:
        """Count an entry of ``size`` (see :func:`weight`) about to be kept; forget every entry first when full."""
        if self._weight + size > self.limit:
            self.clear()
        self._weight += size


def weight(text: str, tokens: list[Token]) -> int:
    """What keeping ``text`` and ``tokens`` costs against a cache's limit: one unit per token (about 250 bytes)
    and per 64 characters, so that memory stays bounded however long or hostile the text is."""
    return 1 + len(tokens) + len(text) // 64


class DocumentState:
    """What one document collects while its body is written (relationships, media, lists)."""

    def __init__(
        self,
        *,
        source: str,
        style_ids: Mapping[str, str],
        text_width: int,
        first_rel_id: int,
        first_num_id: int,
        base_dir: Path | None,
        memo: RunsMemo | None = None,
    ) -> None:
        self.source = source
        self.memo = memo
        self.style_ids = style_ids
        self.text_width = text_width
        self.base_dir = base_dir
        #: (relationship id, type, target, external)
        self.rels: list[tuple[str, str, str, bool]] = []
        #: (part name under word/, content)
        self.media: list[tuple[str, bytes]] = []
        self.lists: list[ListInstance] = []
        self._next_rel = first_rel_id
        self._next_num = first_num_id
        self._links: dict[str, str] = {}
        self._images: dict[Path, tuple[str, bytes]] = {}
        self.shape_count = 0

    def error(self, line: int, message: str) -> MarkdownError:
        """A MarkdownError naming the source and the Markdown line."""
        where = f"{self.source}, line {line}" if line else self.source
        return MarkdownError(f"{where}: {message}")

    def _rel(self, kind: str, target: str, external: bool) -> str:
        rel_id = f"rId{self._next_rel}"
        self._next_rel += 1
        self.rels.append((rel_id, kind, target, external))
        return rel_id

    def hyperlink(self, url: str) -> str:
        """The relationship id of an external hyperlink to ``url`` (one per distinct URL)."""
        rel_id = self._links.get(url)
        if rel_id is None:
            rel_id = self._links[url] = self._rel(REL_HYPERLINK, url, True)
        return rel_id

    def image(self, src: str, line: int) -> tuple[str, bytes]:
        """Relationship id and bytes of the local PNG ``src``; MarkdownError when unusable."""
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) and not re.match(r"^[a-zA-Z]:[\\/]", src):
            raise self.error(line, f"image {src!r} is not a local file; only local PNG files can be shown")
        path = Path(src)
        if not path.is_absolute() and self.base_dir is not None:
            # Resolved as a link is ("a/../b" is "b"), also when the document's own folder does not exist yet.
            path = Path(os.path.normpath(self.base_dir / path))
        known = self._images.get(path)
        if known is not None:
            return known
        try:
            data = path.read_bytes()
        except OSError:
            raise self.error(line, f"image {src!r} not found (looked for {path}); check the file name") from None
        name = f"media/image{len(self.media) + 1}.png"
        self.media.append((name, data))
        result = self._images[path] = (self._rel(REL_IMAGE, name, False), data)
        return result

    def new_list(self, *, bullet: bool, level: int, start: int) -> int:
        """A new numbering instance for one Markdown list; returns its ``w:numId``."""
        num_id = self._next_num
        self._next_num += 1
        self.lists.append(ListInstance(num_id, bullet, level, start))
        return num_id


def inline_xml(inline: Token, state: DocumentState) -> str:
    """The runs of one markdown-it ``inline`` token (from the state's :class:`RunsMemo` when it has them)."""
    children = inline.children
    memo = state.memo
    if memo is None or not children:
        return _inline_xml(inline, state)
    known = memo.runs.get(inline.content)
    if known is not None and known[0] is children:
        return known[1]
    xml = _inline_xml(inline, state)
    if not any(child.type in OWN_RELATIONSHIPS for child in children):
        memo.make_room(weight(inline.content, children) + len(xml) // 64)
        memo.runs[inline.content] = (children, xml)
    return xml


#: Inline tokens whose runs refer to relationships of their own document (and the only ones that can fail: an
#: image that is missing or not a PNG, named by its line, which a kept token from another document would get wrong).
OWN_RELATIONSHIPS = frozenset(("link_open", "image"))


def _inline_xml(inline: Token, state: DocumentState) -> str:
    children = inline.children or []
    line = inline.map[0] + 1 if inline.map else 0
    ids = state.style_ids
    out: list[str] = []
    bold = italic = strike = 0
    small = False
    link_style = ""
    rpr = ""
    skip = 0  # characters of a {width=...} attribute to drop from the next text

    def props() -> str:
        return run_props(
            style=link_style, bold=bold > 0, italic=italic > 0, strike=strike > 0, size=SMALL_SIZE if small else 0
        )

    for index, tok in enumerate(children):
        kind = tok.type
        if kind == "text":
            content = tok.content[skip:] if skip else tok.content
            skip = 0
            if "<" in content and _SMALL_TAG.search(content):
                for number, piece in enumerate(_SMALL_TAG.split(content)):
                    if number % 2:
                        small = not piece.startswith("</")
                        rpr = props()
                    elif piece:
                        _text(out, clean(piece), rpr)
            elif content:
                _text(out, clean(content), rpr)
        elif kind == "text_special":
            out.append(text_run(clean(tok.content), rpr))
        elif kind == "softbreak":
            out.append(text_run(" ", rpr))
        elif kind == "hardbreak":
            out.append(_HARD_BREAK)
        elif kind == "code_inline":
            code_rpr = run_props(style=ids["verbatim"], bold=bold > 0, italic=italic > 0, strike=strike > 0)
            out.append(text_run(clean(tok.content), code_rpr))
        elif kind in ("strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close"):
            step = 1 if kind.endswith("_open") else -1
            if kind.startswith("strong"):
                bold += step
            elif kind.startswith("em"):
                italic += step
            else:
                strike += step
            rpr = props()
        elif kind == "link_open":
            rel_id = state.hyperlink(clean(str(tok.attrs.get("href", ""))))
            out.append(f'<w:hyperlink r:id="{rel_id}" w:history="1">')
            link_style = ids["hyperlink"]
            rpr = props()
        elif kind == "link_close":
            out.append("</w:hyperlink>")
            link_style = ""
            rpr = props()
        elif kind == "image":
            nxt = children[index + 1] if index + 1 < len(children) else None
            width = None
            if nxt is not None and nxt.type == "text" and (match := WIDTH_ATTRIBUTE.match(nxt.content)):
                width = (float(match.group(1)), match.group(2))
                skip = match.end()
            out.append(_image(tok, width, state, line))
        else:
            what = "raw HTML" if kind.startswith("html") else f"Markdown element {kind!r}"
            raise state.error(line, f"{what} is not supported in Word output; remove it from the template")
    return "".join(out)


def _text(out: list[str], text: str, rpr: str) -> None:
    if not _SPECIAL.search(text):
        out.append(text_run(text, rpr))
        return
    for number, piece in enumerate(_BR.split(text)):
        if number:
            out.append(_HARD_BREAK)
        for bar_number, part in enumerate(_BAR.split(piece)):
            if not part:
                continue
            if bar_number % 2 == 0:
                out.append(text_run(part, rpr))
            elif part[0] == "\u2588":
                out.append(text_run(part, _with_color(rpr, ACCENT)))
            else:
                out.append(text_run("\u2588" * len(part), _with_color(rpr, BAR_TODO)))


def _with_color(rpr: str, color: str) -> str:
    # w:color comes after rStyle/b/i/strike and before sz in rPr (schema order).
    if not rpr:
        return f'<w:rPr><w:color w:val="{color}"/></w:rPr>'
    at = rpr.find("<w:sz ")
    at = at if at >= 0 else len(rpr) - len("</w:rPr>")
    return rpr[:at] + f'<w:color w:val="{color}"/>' + rpr[at:]


def _image(tok: Token, width: tuple[float, str] | None, state: DocumentState, line: int) -> str:
    src = clean(str(tok.attrs.get("src", "")))
    rel_id, data = state.image(src, line)
    info = png_info(data)
    if info is None:
        raise state.error(line, f"image {src!r} is not a PNG file; save it as PNG")
    cx, cy = image_extent(info, width, state.text_width)
    state.shape_count += 1
    return drawing_xml(rel_id, state.shape_count, Path(src).name, tok.content, cx, cy)


def split_bar(inline: Token, memo: RunsMemo | None) -> tuple[str | None, Token]:
    """(the progress bar a table cell starts with, the cell without it), or (None, the cell).

    With ``memo``, the same cell (the same children list) gives the same token for the rest, so its runs
    are written once per writer; a cell with a link or an image is split afresh (its rest carries the line
    an error message names).
    """
    children = inline.children
    if memo is None or not children:
        return _split_bar_once(inline)
    known = memo.bars.get(inline.content)
    if known is not None and known[0] is children:
        return known[1], known[2]
    bar, rest = _split_bar_once(inline)
    if not any(child.type in OWN_RELATIONSHIPS for child in children):
        memo.make_room(weight(inline.content, children) * 2)  # the cell and its rest
        memo.bars[inline.content] = (children, bar, rest)
    return bar, rest


def _split_bar_once(inline: Token) -> tuple[str | None, Token]:
    children = inline.children or []
    if not children or children[0].type != "text":
        return None, inline
    match = _BAR_START.match(children[0].content)
    if match is None:
        return None, inline
    first = children[0].copy(content=children[0].content[match.end() :])
    return match.group(1), inline.copy(children=[first, *children[1:]], content=inline.content[match.end() :])
