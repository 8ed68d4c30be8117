"""The filters and globals every template gets: dates, numbers, percentages, ratings, progress bars.

Each returns text for a Markdown document; ``progress_bar`` and ``page_break`` return trusted
Markdown (:class:`reviewgen.render.markup.Md`) following the Word writer's contracts. Registered by
:mod:`reviewgen.render.templating`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from reviewgen.model.workbook import Scale
from reviewgen.render.markup import Md
from reviewgen.score.scores import rounded

#: What the formatting filters print for a missing value.
MISSING = "–"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATE_CODE_RE = re.compile(r"%(-?)(.)")
#: Full progress bar cells and empty ones (the Word writer shades these characters as a bar).
PROGRESS_DONE, PROGRESS_TODO, PROGRESS_CELLS = "\u2588", "\u2591", 10


def _date_code(day: dt.date, pad: bool, code: str) -> str:
    match code:
        case "d":
            return f"{day.day:02d}" if pad else str(day.day)
        case "m":
            return f"{day.month:02d}" if pad else str(day.month)
        case "Y":
            return f"{day.year:04d}"
        case "y":
            return f"{day.year % 100:02d}"
        case "B":
            return _MONTHS[day.month - 1]
        case "b":
            return _MONTHS[day.month - 1][:3]
        case "A":
            return _WEEKDAYS[day.weekday()]
        case "a":
            return _WEEKDAYS[day.weekday()][:3]
        case "%":
            return "%"
    raise ValueError(f"date: unknown format code %{code}; use %d %-d %m %-m %Y %y %b %B %a %A")


def format_date(value: dt.date | None, format: str = "%-d %b %Y") -> str:
    """``|date``: "31 Dec 2026" by default; ``format`` takes %d %-d %m %-m %Y %y %b %B %a %A.

    Month and day names are English whatever the machine's locale, so output is the same
    everywhere. ``None`` prints "–".
    """
    if value is None:
        return MISSING
    if not isinstance(value, dt.date):
        raise TypeError(f"date: expected a date, got {value!r}")
    day = value.date() if isinstance(value, dt.datetime) else value
    return _DATE_CODE_RE.sub(lambda m: _date_code(day, m.group(1) != "-", m.group(2)), format)


def _decimal(value: object, filter_name: str) -> Decimal | None:
    """``value`` as an exact Decimal (from its shortest repr), None for None and NaN."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"{filter_name}: expected a number, got {value!r}")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number.is_nan():
        return None
    if number.is_infinite():
        raise ValueError(f"{filter_name}: cannot print an infinite number")
    return number


def format_number(value: float | None, decimals: int = 0) -> str:
    """``|number``: 1234.5 -> "1,235"; ``decimals`` digits after the point, halves round up; None -> "–"."""
    number = _decimal(value, "number")
    if number is None:
        return MISSING
    return f"{rounded(number, decimals):,.{decimals}f}"


def format_percent(value: float | None, decimals: int = 0) -> str:
    """``|percent``: a fraction in, a percentage out: 0.634 -> "63 %" (0.634 is 63.4 %). None -> "–"."""
    number = _decimal(value, "percent")
    if number is None:
        return MISSING
    return f"{rounded(number * 100, decimals):,.{decimals}f} %"


def format_rating(value: float | None, scale: Scale, decimals: int = 1) -> str:
    """``|rating(scale)``: 3.4 -> "3.4 – Meets", with the label of the level nearest the printed number.

    ``None`` prints "–".
    """
    if not isinstance(scale, Scale):
        raise TypeError(f"rating: the second argument must be the rating scale, got {scale!r}")
    number = _decimal(value, "rating")
    if number is None:
        return MISSING
    # The label follows the number as printed, so "3.5" always reads with the same label.
    return f"{format_number(value, decimals)} – {scale.label_for(float(rounded(number, decimals)))}"


def progress_bar(value: float | None) -> Md:
    """``|progress``: a fraction (0..1) as 10 cells and a percentage, 0.6 -> "██████░░░░ 60 %".

    Cells are U+2588 FULL BLOCK (done) and U+2591 LIGHT SHADE (to do); the Word writer shades
    them as a bar. Cells round to the nearest tenth, but a bar is only full at 100 % and only
    empty at 0 %. Values beyond 0..1 fill the bar or leave it empty and print their percentage.
    None prints "–".
    """
    number = _decimal(value, "progress")
    if number is None:
        return Md(MISSING)
    return Md(text_bar(value) + " " + format_percent(value))


def progress_cells(fraction: Decimal, width: int = PROGRESS_CELLS) -> int:
    """How many of ``width`` cells a progress bar fills: the nearest, halves up, but only full at 100 %
    and only empty at 0 % (so 3 % shows a sliver and 96 % a gap); beyond 0..1 full or empty."""
    cells = int(rounded(fraction * width, 0))
    if 0 < fraction < 1:
        cells = min(max(cells, 1), width - 1)
    return min(max(cells, 0), width)


def text_bar(fraction: float | None, width: int = PROGRESS_CELLS) -> str:
    """The one progress bar: ``width`` characters, █ for the done part and ░ for the rest ("" when unknown)."""
    number = _decimal(fraction, "progress")
    if number is None:
        return ""
    cells = progress_cells(number, width)
    return PROGRESS_DONE * cells + PROGRESS_TODO * (width - cells)


def page_break() -> Md:
    """Global ``page_break()``: a paragraph that is exactly ``\\newpage`` (pandoc's convention).

    Put ``{{ page_break() }}`` on a line of its own; the blank lines around the marker make it a
    paragraph of its own. The Word writer turns an ``inline`` token whose content is exactly
    ``\\newpage`` into a page break; data never produces one (it is escaped to ``\\\\newpage``).
    """
    return Md("\n\\newpage\n")


FORMAT_FILTERS: dict[str, Callable[..., Any]] = {
    "date": format_date,
    "number": format_number,
    "percent": format_percent,
    "rating": format_rating,
    "progress": progress_bar,
}
