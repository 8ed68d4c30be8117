"""Bar charts for printed documents: one tiny PNG per bar length and style, drawn by our own code.

A chart in a document is a table: one row per category (a rating level, an objective, a team),
its label in the document's font, a bar image scaled to the same 0-100 % track in every row,
and the number printed beside the bar. So the labels are real text (escaped, searchable, any
script), the chart reads in black and white (solid bars against hatched ones, a grey track
showing the full scale), and the Markdown edition links the very PNG the Word edition embeds.

Why our own PNGs and not matplotlib (measured on the shared 2-core machine, see the commit):
importing matplotlib took 1.1-3.6 s per process and one small chart 50-160 ms, so a chart per
team scorecard would add minutes to a 10,000-person build. A bar here is a few hundred bytes,
drawn in well under a millisecond, and bars are shared: a build has at most 101 lengths per
style, each written once into ``charts/`` and linked by every document that shows it.

The file name says everything about the picture (``bar-solid-042.png`` is a solid bar filled to
42 %), so any process can draw it again from its name, and the bytes never depend on the clock
(no time or text chunks in the PNG).
"""

from __future__ import annotations

import re
import struct
import zlib

#: Folder of the output tree that holds the chart images.
CHARTS_FOLDER = "charts"
#: Bar styles: "solid" for the subject (this team, the KPI), "hatch" for the comparison (the company).
STYLES = ("solid", "hatch")
#: A chart image's link in rendered Markdown: ``charts/bar-solid-042.png`` (after any "../").
CHART_LINK = re.compile(r"(?<![\w/.-])(?:\.\./)*charts/(bar-(solid|hatch)-(\d{3})\.png)")

WIDTH_PX = 240
HEIGHT_PX = 20
#: Pixels per metre written in the pHYs chunk: 240 px make 3 cm, the width the templates ask for.
_PPM = round(WIDTH_PX / 0.03)
_INK = 0x33
_TRACK = 0xB0
_PAPER = 0xFF
_BAR_TOP, _BAR_BOTTOM = 3, HEIGHT_PX - 3


def chart_name(percent: int, style: str) -> str:
    """The file name of the bar filled to ``percent`` (clamped to 0..100) in ``style``."""
    if style not in STYLES:
        raise ValueError(f"unknown bar style {style!r}; use one of {', '.join(STYLES)}")
    return f"bar-{style}-{max(0, min(100, percent)):03d}.png"


def charts_in(markdown: str) -> tuple[str, ...]:
    """The chart file names (``bar-solid-042.png``...) that ``markdown`` links, sorted, each once."""
    if "charts/bar-" not in markdown:
        # Most documents link no chart: the regex's look-behind is tried at every position (0.4 ms a packet).
        return ()
    return tuple(sorted({m.group(1) for m in CHART_LINK.finditer(markdown) if int(m.group(3)) <= 100}))


def draw_chart(name: str) -> bytes:
    """The PNG bytes of the chart file ``name`` (as :func:`chart_name` makes it); ValueError otherwise."""
    match = re.fullmatch(r"bar-(solid|hatch)-(\d{3})\.png", name)
    if match is None or int(match.group(2)) > 100:
        raise ValueError(f"{name!r} is not a chart reviewgen draws")
    return bar_png(int(match.group(2)), match.group(1))


def _row(percent: int, style: str, y: int) -> bytes:
    """One pixel row of a bar: grey track outline, the filled part in ink (solid or diagonal hatch)."""
    filled = round((WIDTH_PX - 2) * percent / 100)
    row = bytearray([_PAPER]) * WIDTH_PX
    if y in (_BAR_TOP, _BAR_BOTTOM - 1):
        row[:] = bytes([_TRACK]) * WIDTH_PX
    elif _BAR_TOP < y < _BAR_BOTTOM - 1:
        row[0] = row[WIDTH_PX - 1] = _TRACK
    if not _BAR_TOP <= y < _BAR_BOTTOM or filled == 0:
        return bytes(row)
    if style == "solid" or y in (_BAR_TOP, _BAR_BOTTOM - 1):
        row[1 : 1 + filled] = bytes([_INK]) * filled
    else:
        # Diagonal stripes, 2 px of ink in every 5, framed by the bar's own ink edges.
        for x in range(1, 1 + filled):
            if (x + y) % 5 < 2:
                row[x] = _INK
        row[1] = row[filled] = _INK
    return bytes(row)


def bar_png(percent: int, style: str) -> bytes:
    """A grayscale PNG of a bar filled to ``percent`` of its track, in ``style`` ("solid" or "hatch")."""
    if style not in STYLES:
        raise ValueError(f"unknown bar style {style!r}; use one of {', '.join(STYLES)}")
    percent = max(0, min(100, percent))
    raw = b"".join(b"\x00" + _row(percent, style, y) for y in range(HEIGHT_PX))
    header = struct.pack(">IIBBBBB", WIDTH_PX, HEIGHT_PX, 8, 0, 0, 0, 0)  # 8-bit grayscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"pHYs", struct.pack(">IIB", _PPM, _PPM, 1))
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
