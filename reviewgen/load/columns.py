"""One converter per column, chosen once: a column's cells to typed values (None when empty).

Each converter reads the usual cell itself (printable text, a number within the column's range, a whole rating,
a real date) and hands anything else to the general function of reviewgen.load.coerce, so every value and every
message is the general function's (tests/load/test_records.py compares them); the fast paths matter at 50,000
people, whose workbook holds about 6 million cells.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Sequence

from reviewgen.load.coerce import (
    CoerceError,
    DateOrder,
    number_text,
    to_choice,
    to_date,
    to_id,
    to_integer,
    to_number,
    to_rating,
    to_text,
)
from reviewgen.model.ranges import AMOUNT, DATES, Bounds
from reviewgen.model.schema import Kind

Converter = Callable[[object], object]


def converter_for(
    kind: Kind,
    *,
    choices: Sequence[str] = (),
    order: DateOrder = "dmy",
    ratings: Collection[int] = (),
    bounds: Bounds = AMOUNT,
    label: str = "this column",
) -> Converter:
    """The function that turns one cell of a column of ``kind`` into its typed value (None when empty).

    Numbers must lie within ``bounds`` and dates within schema.DATES (the column's sensible range), else
    CoerceError: a bad-value finding at the cell. Chosen once per column: each converter reads the usual cell
    (printable text, a number in range, a real date) itself and hands anything else to the general function,
    so every value and message is the general function's.
    """
    if kind is Kind.TEXT or kind is Kind.ID:
        return _text_column(kind is Kind.ID)
    if kind is Kind.DATE:
        return _date_column(order)
    if kind is Kind.NUMBER or kind is Kind.INTEGER:
        return _number_column(kind is Kind.INTEGER, bounds, label)
    if kind is Kind.RATING:
        return _rating_column(frozenset(ratings))
    return _cached_choice(tuple(choices))


#: Texts up to this length are kept once per column (ids, statuses, units repeat over 100,000s of rows).
_SHARED_TEXT = 40


def _text_column(is_id: bool) -> Converter:
    seen: dict[str, str] = {}
    general = to_id if is_id else to_text

    def convert(value: object) -> object:
        if type(value) is str and value.isprintable():
            text = value.strip()
            if is_id and not text:
                return None
            return seen.setdefault(text, text) if len(text) <= _SHARED_TEXT else text
        return general(value)

    return convert


def _number_column(whole: bool, bounds: Bounds, label: str) -> Converter:
    low, high = bounds
    general = functools.partial(_bounded, to_integer if whole else to_number, bounds=bounds, label=label)

    def convert(value: object) -> object:
        if type(value) is float or type(value) is int:
            number = float(value)
            if low <= number <= high:  # NaN and infinities fail this: the general function says why
                if not whole:
                    return number
                if number.is_integer():
                    return int(number)
        return general(value)

    return convert


def _rating_column(ratings: frozenset[int]) -> Converter:
    def convert(value: object) -> object:
        if type(value) is int and value in ratings:
            return value
        if type(value) is float and value.is_integer() and int(value) in ratings:
            return int(value)
        return to_rating(value, ratings)

    return convert


def _date_column(order: DateOrder) -> Converter:
    low, high = DATES

    def convert(value: object) -> object:
        if type(value) is dt.date and low <= value <= high:
            return value
        return _bounded_date(value, order)

    return convert


def _bounded(
    convert: Callable[[object], float | int | None], value: object, bounds: Bounds, label: str
) -> float | int | None:
    number = convert(value)
    low, high = bounds
    if number is not None and not low <= number <= high:
        raise CoerceError(
            f"{number_text(float(number))} is outside the sensible range for {label}: write a number from "
            f"{_bound_text(low)} to {_bound_text(high)}"
        )
    return number


def _bound_text(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def _bounded_date(value: object, order: DateOrder) -> dt.date | None:
    day = to_date(value, order)
    if day is not None and not DATES[0] <= _as_date(day) <= DATES[1]:
        raise CoerceError(
            f"{day.isoformat()} is not a date a review cycle can use: write a date from {DATES[0].year} to "
            f"{DATES[1].year}, such as 2026-12-31"
        )
    return day


def _as_date(day: dt.date) -> dt.date:
    return day.date() if isinstance(day, dt.datetime) else day


def _cached_choice(choices: tuple[str, ...]) -> Converter:
    # A choice column holds a handful of distinct texts: read each once.
    seen: dict[str, str | None] = {}

    def convert(value: object) -> object:
        if not isinstance(value, str):
            return to_choice(value, choices)
        if value not in seen:
            seen[value] = to_choice(value, choices)
        return seen[value]

    return convert
