"""The loader's fast paths give what the general functions give: column converters and record construction."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import math
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from reviewgen.load.coerce import (
    CoerceError,
    Percent,
    to_id,
    to_integer,
    to_number,
    to_rating,
    to_text,
)
from reviewgen.load.columns import _bounded, _bounded_date, converter_for  # each column falls back on these
from reviewgen.load.records import frozen_maker
from reviewgen.model import workbook as model
from reviewgen.model.ranges import AMOUNT
from reviewgen.model.schema import Kind
from reviewgen.model.workbook import SheetRef, Source

#: Cells as the readers give them: the usual ones (which the fast paths read) and every odd one.
CELLS: list[object] = [
    "Ada",
    "  padded  ",
    "   ",
    "",
    "tab\there",
    "bell\x07",
    "a\r\nb",
    "x" * 60,
    "G00012",
    "12",
    "1,200",
    "15%",
    3,
    3.0,
    3.5,
    0,
    -1,
    10**15,
    10**15 + 1,
    1e15,
    -1e16,
    2.0**53,
    math.nan,
    math.inf,
    -math.inf,
    True,
    False,
    Percent(0.15),
    dt.date(2026, 5, 1),
    dt.date(1800, 1, 1),
    dt.date(2300, 1, 1),
    dt.datetime(2026, 5, 1, 12, 30),
    dt.time(9, 30),
    46000,
    46000.5,
    -5.0,
]


def _outcome(convert: Callable[[object], object], value: object) -> tuple[str, object]:
    try:
        result = convert(value)
    except CoerceError as exc:
        return f"error {type(exc).__name__}", exc.message
    return type(result).__name__, result


RATING = functools.partial(to_rating, ratings={1, 2, 3, 4, 5})
GENERAL: dict[str, tuple[Callable[[object], object], Callable[[object], object]]] = {
    "text": (converter_for(Kind.TEXT), to_text),
    "id": (converter_for(Kind.ID), to_id),
    "number": (converter_for(Kind.NUMBER), functools.partial(_bounded, to_number, bounds=AMOUNT, label="this column")),
    "weight": (
        converter_for(Kind.NUMBER, bounds=(0.0, 1000.0), label="weight"),
        functools.partial(_bounded, to_number, bounds=(0.0, 1000.0), label="weight"),
    ),
    "integer": (
        converter_for(Kind.INTEGER, bounds=(1.0, 3660.0)),
        functools.partial(_bounded, to_integer, bounds=(1.0, 3660.0), label="this column"),
    ),
    "rating": (
        converter_for(Kind.RATING, ratings=(1, 2, 3, 4, 5)),
        functools.partial(to_rating, ratings={1, 2, 3, 4, 5}),
    ),
    "date": (converter_for(Kind.DATE), functools.partial(_bounded_date, order="dmy")),
}


@pytest.mark.parametrize("kind", sorted(GENERAL))
def test_each_column_converter_reads_every_cell_as_the_general_function(kind: str) -> None:
    fast, general = GENERAL[kind]
    for value in CELLS:
        got, want = _outcome(fast, value), _outcome(general, value)
        assert got[0] == want[0], (kind, value)
        assert got[1] == want[1] or (got[1] != got[1] and want[1] != want[1]), (kind, value)


def test_a_text_column_keeps_each_short_text_once() -> None:
    convert = converter_for(Kind.TEXT)
    first, second = convert("".join(["on ", "track"])), convert("".join(["on", " track"]))
    assert first == second == "on track"
    assert first is second


RECORDS = [
    model.Objective,
    model.Person,
    model.Goal,
    model.ValueRating,
    model.CheckIn,
    model.DevelopmentItem,
    model.Review,
    model.HistoryEntry,
    model.Calibration,
]


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_a_record_made_by_frozen_maker_is_the_record_in_every_way(cls: type[Any]) -> None:
    fields = dataclasses.fields(cls)
    src = Source(SheetRef("cycle.xlsx", "Sheet"), 7)
    values = [src if f.name == "src" else f"v{i}" for i, f in enumerate(fields)]
    made = frozen_maker(cls)(*values)
    usual = cls(*values)
    assert type(made) is cls
    assert made == usual and hash(made) == hash(usual) and repr(made) == repr(usual)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.src = src
    assert dataclasses.replace(made, src=src) == usual
    assert copy.copy(made) == usual
    restored = pickle.loads(pickle.dumps(made))
    assert type(restored) is cls
    assert dataclasses.astuple(dataclasses.replace(restored, src=src)) == dataclasses.astuple(usual)


def test_frozen_maker_refuses_a_record_with_post_init() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError("negative")

    with pytest.raises(TypeError, match="__post_init__"):
        frozen_maker(Checked)


def test_frozen_maker_refuses_a_record_with_a_default_factory() -> None:
    """Each record made would get the one value computed for the first: a list all of them append to."""

    @dataclasses.dataclass(frozen=True, slots=True)
    class Tagged:
        value: int
        tags: list[str] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match=r"Tagged\.tags has a default_factory"):
        frozen_maker(Tagged)
