"""Cell and attribute text of the spreadsheet XML we write: escaping, column letters, one cell's XML.

Every string goes into a form as an inline string (``t="inlineStr"``): never a formula, an error or a
number, whatever it looks like (``=HYPERLINK(...)``, ``#N/A``, ``+1``). Text a spreadsheet program would
decode (a literal ``_x0041_``) is escaped as the format asks (``_x005F_x0041_``), and
:func:`decode_text` undoes it on the way back.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from xml.sax.saxutils import escape

from reviewgen.forms.layout import clean_text

XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: Column letters, 1-based: LETTERS[1] == "A"; enough for every sheet we write (and read: 64 columns).
LETTERS = ("", *((chr(64 + (i - 1) // 26) if i > 26 else "") + chr(65 + (i - 1) % 26) for i in range(1, 703)))
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_EXCEL_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EPOCH = dt.datetime(1899, 12, 30)
_ATTR = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}

Value = str | int | float | dt.date | None


def attr(value: str) -> str:
    """``value`` escaped for an XML attribute (or element) written between double quotes."""
    return escape(value, _ATTR)


def inline_text(value: str) -> str:
    """The ``<is>`` element of a text cell: cleaned (clean_text), XML-escaped, spaces kept."""
    # Most cell texts recur (ratings, statuses, value names, people's names, headers: 92 % of the cells of the
    # 1,000-person forms); a long one (a comment, a summary) is rarely seen twice and would only take memory.
    return _remembered_inline_text(value) if len(value) <= _REMEMBERED_CHARS else _inline_text(value)


#: The longest text :func:`_remembered_inline_text` keeps: at most 16,384 of them, a few MB whatever the data.
_REMEMBERED_CHARS = 200


@functools.lru_cache(maxsize=16_384)
def _remembered_inline_text(value: str) -> str:
    return _inline_text(value)


def _inline_text(value: str) -> str:
    text = escape(clean_text(value))
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


def decode_text(text: str) -> str:
    """Text as a spreadsheet program shows it: ``_xHHHH_`` escapes decoded (``_x005F_`` is ``_``)."""
    if "_x" not in text:
        return text
    return _EXCEL_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def serial(value: dt.date) -> float:
    """A date (or date and time) as a spreadsheet serial number (1900 date system)."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    delta = moment.replace(tzinfo=None) - _EPOCH
    return delta.days + delta.seconds / 86_400 + delta.microseconds / 86_400e6


def number(value: float) -> str:
    """A number as the shortest text that reads back equal (integers without ``.0``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(int(value))


def cell_xml(ref: str, value: Value, style: int, date_style: int) -> str:
    """One ``<c>``: text inline, numbers as numbers, dates as serials in ``date_style``; "" for an unstyled blank."""
    if value is None or value == "":
        return f'<c r="{ref}" s="{style}"/>' if style else ""
    if isinstance(value, str):
        return f'<c r="{ref}" s="{style}" t="inlineStr">{inline_text(value)}</c>'
    if isinstance(value, bool):  # before int: a bool is an int
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{date_style}"><v>{number(serial(value))}</v></c>'
    if isinstance(value, float) and not math.isfinite(value):  # no spreadsheet number: show it as text
        return f'<c r="{ref}" s="{style}" t="inlineStr">{inline_text(str(value))}</c>'
    return f'<c r="{ref}" s="{style}"><v>{number(value)}</v></c>'
