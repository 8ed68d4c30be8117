"""The sensible range of every number and date in the workbook format, declared once (with model/schema.py).

A value outside its range is a bad-value finding at its cell: revenue of 1e28, a check-in gap of a million
days, a weight of -5, a cycle ending in year 1. The loader asks :func:`bounds_of` for each column and setting.
"""

from __future__ import annotations

import datetime as dt

Bounds = tuple[float, float]

#: Baselines, targets, actuals and any other amount: large enough for any currency, finite and printable.
AMOUNT: Bounds = (-1e15, 1e15)
PERCENT: Bounds = (0.0, 100.0)
COUNT: Bounds = (1.0, 1_000_000.0)
#: Every date column and setting.
DATES = (dt.date(1900, 1, 1), dt.date(2199, 12, 31))

#: (sheet, column or setting) -> range, where narrower than AMOUNT.
_RANGES: dict[tuple[str, str], Bounds] = {
    ("Cycle", "check-in gap"): (1.0, 3660.0),
    ("Cycle", "goals share"): PERCENT,
    ("Cycle", "rating gap"): PERCENT,
    ("Cycle", "manager skew"): PERCENT,
    ("Cycle", "disparity margin"): PERCENT,
    ("Cycle", "guidance margin"): PERCENT,
    ("Cycle", "skew minimum"): COUNT,
    ("Cycle", "group minimum"): COUNT,
    ("Scale", "rating"): PERCENT,
    ("Goals", "weight"): (0.0, 1000.0),
    ("History", "overall rating"): PERCENT,
}


def bounds_of(sheet: str, column: str) -> Bounds:
    """The range a number in ``column`` (or setting) of schema sheet ``sheet`` must lie in."""
    return _RANGES.get((sheet, column), AMOUNT)
