"""Column widths of a Word table, estimated from its cells' Markdown: what must not wrap, and the room the rest gets."""

from __future__ import annotations

import functools
import math
import re

# Column widths are estimated in characters of the body font (about 5.3 pt at 10.5 pt).
CHAR_TWIPS = 106
CELL_PADDING_TWIPS = 220
_CHAR_TWIPS = CHAR_TWIPS
_CELL_PADDING_TWIPS = CELL_PADDING_TWIPS
_MAX_COLUMN_CHARS = 60
_MAX_WORD_CHARS = 18
_SHORT_CELL_CHARS = 16
_MARKUP_RE = re.compile(r"\\(.)|\*+")
# An inline image with its optional width attribute (see reviewgen.docx.images.WIDTH_ATTRIBUTE).
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)(?:\{width=(\d+(?:\.\d+)?)(%|cm|mm|in)\})?")
_UNIT_TWIPS = {"cm": 1440 / 2.54, "mm": 144 / 2.54, "in": 1440.0}
#: An image without a width in a length (natural size, or a share of the text width): about 4 cm.
_IMAGE_GUESS_TWIPS = 2268
#: Room an inline image takes beyond its width (LibreOffice wrapped "goals [2 cm bar] 91 %" without it).
_IMAGE_SPACING_CHARS = 2


def _image_chars(match: re.Match[str]) -> str:
    """An image as the characters of body text it is as wide as: its {width=...} when given in a length,
    else a guess (its file is not read here)."""
    size, unit = match.group(1), match.group(2)
    twips = float(size) * _UNIT_TWIPS[unit] if size and unit in _UNIT_TWIPS else _IMAGE_GUESS_TWIPS
    return "x" * (math.ceil(twips / _CHAR_TWIPS) + _IMAGE_SPACING_CHARS)


def _display_length(text: str) -> float:
    """Printed length in average characters: markup (emphasis, escapes) takes no room, an image takes its
    width; a line break starts a new line, so the longest line counts."""
    if "![" in text:
        text = _IMAGE_RE.sub(_image_chars, text)
    if "<" in text or "*" in text or "\\" in text:
        lines = re.split(r"<br\s*/?>", text, flags=re.IGNORECASE)
        return max(len(_MARKUP_RE.sub(r"\1", line)) for line in lines)
    return len(text)


@functools.lru_cache(maxsize=65_536)
def _cell_lengths(text: str) -> tuple[float, float]:
    """(capped display length of what must not wrap, capped display length of the whole cell).

    What must not wrap: the longest word, and a chart line whole (a bar and its number, "goals ▇▇ 91 %").
    Cached: cell texts (headers, ratings, bars, dates) repeat across a build's documents.
    """
    chart_line = 0.0
    if "![" in text:
        text = _IMAGE_RE.sub(_image_chars, text)
        chart_line = min(_display_length(text), _MAX_COLUMN_CHARS)
    longest_word = max((_display_length(w) for w in text.split()), default=0.0)
    return max(min(longest_word, _MAX_WORD_CHARS), chart_line), min(_display_length(text), _MAX_COLUMN_CHARS)


def column_widths(table: list[list[str]], width: int, header_rows: int = 0) -> list[int]:
    """Column widths (twips) that fill ``width``: each column gets at least its longest word
    (capped, so one 10,000-character word cannot starve the others) and the whole of its short cells
    ("20 Oct 2026" is never broken); the rest of the room goes in proportion to the (capped) length of
    its longest cell. In the first ``header_rows`` rows only the longest word must fit: a header may wrap
    ("Self /" "manager") rather than widen a column of short figures."""
    columns = max(len(row) for row in table)
    need = [0.0] * columns
    want = [0.0] * columns
    header_want = [0.0] * columns
    for number, row in enumerate(table):
        for col, text in enumerate(row):
            word, whole = _cell_lengths(text)
            if number < header_rows:
                # Header text is bold: a little wider than the body font the estimate is made for.
                need[col] = max(need[col], word * 1.15)
                header_want[col] = max(header_want[col], whole * 1.15)
                continue
            need[col] = max(need[col], word, min(whole, _SHORT_CELL_CHARS))
            want[col] = max(want[col], whole)
    low = [n * _CHAR_TWIPS + _CELL_PADDING_TWIPS for n in need]
    high = [max(w * _CHAR_TWIPS + _CELL_PADDING_TWIPS, lo) for w, lo in zip(want, low, strict=True)]
    whole_headers = [max(h * _CHAR_TWIPS + _CELL_PADDING_TWIPS, hi) for h, hi in zip(header_want, high, strict=True)]
    if sum(whole_headers) <= width:
        shares = whole_headers
    elif sum(high) <= width:
        # Every cell fits on one line but not every header: the headers share what is left, and wrap.
        extra = [h - hi for h, hi in zip(whole_headers, high, strict=True)]
        room = (width - sum(high)) / (sum(extra) or 1)
        shares = [hi + e * room for hi, e in zip(high, extra, strict=True)]
    elif sum(low) <= width:
        # Not even the cells fit on one line: the room goes to the cells, never to a header's wrapping words.
        extra = [hi - lo for hi, lo in zip(high, low, strict=True)]
        room = (width - sum(low)) / (sum(extra) or 1)
        shares = [lo + e * room for lo, e in zip(low, extra, strict=True)]
    else:
        shares = low
    total = sum(shares)
    widths = [int(width * share / total) for share in shares]
    widths[-1] += width - sum(widths)
    return widths
