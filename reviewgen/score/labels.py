"""How close a rating is to the next label: the range of its label, and whether it is borderline.

A rating's label is that of the nearest scale level, halves going up (3.5 reads "Exceeds"). A one-decimal
rating whose label would change with 0.1 more or 0.1 less is *borderline*: the packet and the
scorecards flag it for calibration, because a label decided by a tenth is worth a second look.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from reviewgen.model.workbook import Scale

#: A change of this much (one printed decimal) that changes the label makes a rating borderline.
BORDERLINE_STEP = Decimal("0.1")


def _fmt(value: Decimal | int) -> str:
    return format(Decimal(value).quantize(BORDERLINE_STEP), "f")


@dataclass(frozen=True, slots=True)
class LabelMargin:
    """Where a one-decimal rating sits within its label.

    ``label`` is the rating's label; ``lowest``/``highest`` the lowest and highest one-decimal ratings
    that read ``label`` (None at the ends of the scale, where nothing lies beyond); ``below``/``above``
    the neighbouring labels ("" at the ends); ``down`` how far the rating is from the highest rating of
    ``below`` and ``up`` how far from the lowest rating of ``above`` (None at the ends). ``borderline``
    is True when 0.1 more or less changes the label; ``sentence`` says all of it in words.
    """

    rating: float
    label: str
    lowest: float | None
    highest: float | None
    below: str
    above: str
    down: float | None
    up: float | None
    borderline: bool
    sentence: str


def label_margin(scale: Scale, rating: float | None) -> LabelMargin | None:
    """The :class:`LabelMargin` of a one-decimal ``rating`` on ``scale`` (None when unrated or no scale)."""
    if rating is None or not scale.levels:
        return None
    levels = sorted(scale.levels, key=lambda lvl: lvl.rating)
    x = Decimal(repr(float(rating))).quantize(BORDERLINE_STEP)
    index = min(range(len(levels)), key=lambda i: (abs(levels[i].rating - x), -levels[i].rating))
    level = levels[index]
    # Halves go up: the label starts at the midpoint below it and stops one step before the midpoint above.
    start = (Decimal(levels[index - 1].rating) + level.rating) / 2 if index > 0 else None
    next_start = (Decimal(level.rating) + levels[index + 1].rating) / 2 if index + 1 < len(levels) else None
    lowest = start.quantize(BORDERLINE_STEP, rounding=ROUND_CEILING) if start is not None else None
    first_above = next_start.quantize(BORDERLINE_STEP, rounding=ROUND_CEILING) if next_start is not None else None
    highest = first_above - BORDERLINE_STEP if first_above is not None else None
    below = levels[index - 1].label if index > 0 else ""
    above = levels[index + 1].label if index + 1 < len(levels) else ""
    # Distances to the nearest rating of each neighbouring label: 0.1 means one printed step.
    down = x - (lowest - BORDERLINE_STEP) if lowest is not None else None
    up = first_above - x if first_above is not None else None
    borderline = any(d is not None and d <= BORDERLINE_STEP for d in (down, up))

    bottom = lowest if lowest is not None else Decimal(levels[0].rating)
    top = highest if highest is not None else Decimal(levels[-1].rating)
    span = f"{level.label} runs from {_fmt(bottom)} to {_fmt(top)}"
    parts = []
    if down is not None and lowest is not None:
        parts.append(f"{_fmt(down)} from {below} ({_fmt(lowest - BORDERLINE_STEP)})")
    if up is not None and first_above is not None:
        parts.append(f"{_fmt(up)} from {above} ({_fmt(first_above)})")
    sentence = f"{span}: {_fmt(x)} is " + " and ".join(parts) + "." if parts else f"{span}."
    return LabelMargin(
        rating=float(x),
        label=level.label,
        lowest=float(lowest) if lowest is not None else None,
        highest=float(highest) if highest is not None else None,
        below=below,
        above=above,
        down=float(down) if down is not None else None,
        up=float(up) if up is not None else None,
        borderline=borderline,
        sentence=sentence,
    )
