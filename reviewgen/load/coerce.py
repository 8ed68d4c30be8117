"""Cell values to typed values: the one place untrusted input is read and sanitised.

Every function takes what a spreadsheet cell or CSV field holds (``None``, ``str``, ``int``,
``float``, ``bool``, ``datetime``) and returns the typed value, ``None`` for an empty cell, or
raises :class:`CoerceError` whose message says what was found and what is accepted. The
loader turns that exception into a ``bad-value`` (or ``rating-out-of-scale``) finding.

Accepted forms are listed in docs/loading.md; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Sequence
from typing import Literal

from reviewgen.model.schema import normalise

DateOrder = Literal["dmy", "mdy"]
DATE_ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy")


#: What the loader says about a formula cell with no saved result (openpyxl reads it as empty).
FORMULA_WITHOUT_VALUE = (
    "this cell holds a formula with no saved result: the file was written by a program and never opened in "
    "Excel or LibreOffice: open and save it once, or run `soffice --headless --convert-to xlsx`"
)


class CoerceError(ValueError):
    """Raised when a cell value cannot be read as the kind its column asks for."""

    code = "bad-value"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class OutOfScaleError(CoerceError):
    """Raised when a rating is a number but not one of the scale's ratings."""

    code = "rating-out-of-scale"


# --- text -----------------------------------------------------------------------------------------

# C0 controls except tab and newline, plus the two XML non-characters; CR is handled first.
_DROP = dict.fromkeys([c for c in range(0x20) if c not in (0x09, 0x0A)] + [0xFFFE, 0xFFFF])
_SURROGATES = re.compile("[\ud800-\udfff]")


def sanitise_text(text: str) -> str:
    """``text`` without control characters (tab and newline kept), CRLF/CR as LF, stripped.

    Also drops U+FFFE, U+FFFF and lone surrogates: Word files cannot hold them. The text is
    never interpreted (Markdown, Jinja, formulas stay as typed).
    """
    if text.isprintable():  # the common case, checked in C: nothing to drop
        return text.strip()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_DROP)
    if _SURROGATES.search(text):
        text = _SURROGATES.sub("", text)
    return text.strip()


def number_text(value: float) -> str:
    """A number as a cell shows it: 42.0 -> "42", 1.5 -> "1.5"."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def to_text(value: object) -> str:
    """Any cell value as sanitised text; "" for an empty cell. Never fails."""
    if value is None:
        return ""
    if isinstance(value, str):
        return sanitise_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Percent):
        return number_text(percent_points(value)) + "%"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return sanitise_text(str(value))


def to_id(value: object) -> str | None:
    """An id: trimmed text; a number such as 1042.0 becomes "1042"; None when empty."""
    if isinstance(value, bool | dt.date | dt.time):
        raise CoerceError(f"{to_text(value)!r} is not an id: write the id as typed elsewhere, e.g. P1042")
    text = to_text(value)
    return text or None


# --- numbers --------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_CURRENCY = "€$£¥"
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
NUMBER_FORMS = "a number such as 42, 1.5, 1,200, 1 200 or 15%"


def to_number(value: object) -> float | None:
    """A number; None when empty.

    Text may have spaces as thousands separators ("1 200"), commas as thousands separators
    ("1,200"), a leading or trailing currency sign (the Unit column names the currency) and a
    trailing "%" ("15%" is 15). A decimal comma ("1,5") is refused rather than guessed.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise CoerceError(f"{to_text(value)} is not a number: write {NUMBER_FORMS}")
    if isinstance(value, Percent):
        return percent_points(value)
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            raise CoerceError(f"{value!r} is not a number: write {NUMBER_FORMS}")
        return number
    if not isinstance(value, str):
        raise CoerceError(f"{to_text(value)!r} is not a number: write {NUMBER_FORMS}")
    text = _SPACES.sub("", sanitise_text(value)).replace("\u2212", "-")
    if not text:
        return None
    text = text.removesuffix("%").strip(_CURRENCY)
    if text.startswith(("-", "+")) and text[1:2] in tuple(_CURRENCY):
        text = text[0] + text[2:]
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        hint = " (use a dot for decimals: 1.5)" if re.fullmatch(r"[+-]?\d+,\d+", text) else ""
        raise CoerceError(f"{sanitise_text(value)!r} is not a number{hint}: write {NUMBER_FORMS}")
    number = float(text)
    if not math.isfinite(number):  # "1e999" is a valid float literal: infinity, never a usable number
        raise CoerceError(f"{sanitise_text(value)!r} is too large to be a number: write {NUMBER_FORMS}")
    return number


def to_integer(value: object) -> int | None:
    """A whole number ("45", 45.0); None when empty."""
    number = to_number(value)
    if number is None:
        return None
    if not number.is_integer():
        raise CoerceError(f"{to_text(value)!r} is not a whole number: write a whole number such as 45")
    return int(number)


def to_rating(value: object, ratings: Collection[int]) -> int | None:
    """A rating on the scale; None when empty.

    Raises CoerceError for text that is no number, OutOfScaleError for a number that is not
    one of ``ratings`` (3.5 included: ratings are whole levels).
    """
    try:
        number = to_number(value)
    except CoerceError:
        raise CoerceError(f"{to_text(value)!r} is not a rating: write one of {_listed(ratings)}") from None
    if number is None:
        return None
    if not number.is_integer() or int(number) not in ratings:
        raise OutOfScaleError(f"rating {number_text(number)} is not on the scale: write one of {_listed(ratings)}")
    return int(number)


def _listed(ratings: Collection[int]) -> str:
    return ", ".join(str(r) for r in sorted(ratings))


def to_choice(value: object, choices: Sequence[str]) -> str | None:
    """One of ``choices`` as spelled in the schema; case, spaces and dashes do not matter."""
    text = to_text(value)
    if not text:
        return None
    key = normalise(text)
    for choice in choices:
        if normalise(choice) == key:
            return choice
    raise CoerceError(f"{text!r} is not one of the accepted values: write one of {', '.join(choices)}")


# --- dates ----------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", re.IGNORECASE
)
_NUMERIC = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
# Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_MAX = 2958465  # 9999-12-31


def date_forms(order: DateOrder) -> str:
    """The accepted date forms, for messages."""
    numeric = "31/12/2026" if order == "dmy" else "12/31/2026"
    return f"a date such as 2026-12-31, 31 Dec 2026, Dec 31, 2026 or {numeric}"


def _make_date(year: int, month: int, day: int, raw: str, order: DateOrder) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CoerceError(f"{raw!r} is not a date: write {date_forms(order)}") from None


def to_date(value: object, order: DateOrder = "dmy") -> dt.date | None:
    """A date; None when empty.

    Accepts real dates, Excel serial numbers, ISO text (``2026-05-01``, ``2026-05-01T00:00``),
    ``1 May 2026``, ``May 1, 2026`` and numeric ``01/05/2026``, ``01.05.2026`` or ``01-05-2026``
    read day first or month first as ``order`` says. Two-digit years are refused.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value) or not 1 <= value <= _EXCEL_MAX:
            raise CoerceError(f"{to_text(value)!r} is not a date: write {date_forms(order)}")
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    raw = to_text(value)
    if not raw:
        return None
    text = _SPACES.sub(" ", raw).lower()
    if m := _ISO.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), raw, order)
    if m := _NUMERIC.fullmatch(text):
        first, second = int(m[1]), int(m[3])
        day, month = (first, second) if order == "dmy" else (second, first)
        if month > 12:
            # Refuse rather than swap: the other dates in the file would be read the other way.
            written = "day/month/year" if order == "dmy" else "month/day/year"
            raise CoerceError(
                f"{raw!r} is not a date in {written} order: write {date_forms(order)}, "
                "or set [dates] order in reviewgen.toml"
            )
        return _make_date(int(m[4]), month, day, raw, order)
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if (m := pattern.fullmatch(text)) and m[month_group] in _MONTHS:
            return _make_date(int(m[3]), _MONTHS[m[month_group]], int(m[day_group]), raw, order)
    raise CoerceError(f"{raw!r} is not a date: write {date_forms(order)}")


# --- percent cells and whole columns --------------------------------------------------------------


class Percent(float):
    """A number the spreadsheet shows as a percentage: the cell holds 0.15 and shows 15%."""


def percent_points(value: Percent) -> float:
    """15.0 for a Percent(0.15); rounded so that 0.15 does not become 15.000000000000002."""
    return round(float(value) * 100, 9)
