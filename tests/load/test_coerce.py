"""Cell values to typed values: every accepted form and every refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewgen.load.coerce import (
    CoerceError,
    OutOfScaleError,
    Percent,
    sanitise_text,
    to_choice,
    to_date,
    to_id,
    to_integer,
    to_number,
    to_rating,
    to_text,
)
from reviewgen.load.columns import converter_for
from reviewgen.model.schema import GOAL_STATUSES, Kind

D = dt.date


# --- text -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ada  ", "Ada"),
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("tab\there", "tab\there"),
        ("bell\x07 and nul\x00 and esc\x1b", "bell and nul and esc"),
        ("non\ufffechar\uffff", "nonchar"),
        ("lone \ud800surrogate", "lone surrogate"),
        ("**bold** {{ jinja }} =SUM(A1)", "**bold** {{ jinja }} =SUM(A1)"),
        ("\x0b\x0c  \n", ""),
        ("Zoë 日本 🚀", "Zoë 日本 🚀"),
    ],
)
def test_sanitise_text(raw: str, expected: str) -> None:
    assert sanitise_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        (42, "42"),
        (42.0, "42"),
        (1.5, "1.5"),
        (True, "TRUE"),
        (dt.datetime(2026, 5, 1), "2026-05-01"),
        (dt.datetime(2026, 5, 1, 9, 30), "2026-05-01 09:30:00"),
        (D(2026, 5, 1), "2026-05-01"),
        (Percent(0.15), "15%"),
    ],
)
def test_to_text_of_non_text(raw: object, expected: str) -> None:
    assert to_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [(" P1 ", "P1"), (1042.0, "1042"), (1042, "1042"), ("", None), (None, None), ("  ", None)]
)
def test_to_id(raw: object, expected: str | None) -> None:
    assert to_id(raw) == expected


def test_a_date_is_not_an_id() -> None:
    with pytest.raises(CoerceError, match="'2026-05-01' is not an id"):
        to_id(dt.datetime(2026, 5, 1))


# --- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (42, 42.0),
        (1.5, 1.5),
        (" 42 ", 42.0),
        ("15%", 15.0),
        ("15 %", 15.0),
        ("1,200", 1200.0),
        ("1,234,567.5", 1234567.5),
        ("1 200", 1200.0),
        ("1\u00a0200", 1200.0),
        ("€1,200", 1200.0),
        ("1200 €", 1200.0),
        ("$5", 5.0),
        ("-€5", -5.0),
        ("\u22125", -5.0),
        ("-3.5", -3.5),
        ("+2", 2.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        (Percent(0.15), 15.0),
        (Percent(1.0), 100.0),
        ("", None),
        (None, None),
    ],
)
def test_to_number(raw: object, expected: float | None) -> None:
    assert to_number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1,5", "12,34", "1.2.3", "nan", "inf", "%", "(5)", "1,20", True])
def test_to_number_refuses(raw: object) -> None:
    with pytest.raises(CoerceError, match="is not a number"):
        to_number(raw)


def test_decimal_comma_says_use_a_dot() -> None:
    with pytest.raises(CoerceError) as info:
        to_number("1,5")
    assert info.value.message == "'1,5' is not a number (use a dot for decimals: 1.5): write " + (
        "a number such as 42, 1.5, 1,200, 1 200 or 15%"
    )
    assert info.value.code == "bad-value"


def test_to_integer() -> None:
    assert to_integer("45") == 45
    assert to_integer(45.0) == 45
    assert to_integer(None) is None
    with pytest.raises(CoerceError, match=r"'45\.5' is not a whole number"):
        to_integer(45.5)
    with pytest.raises(CoerceError, match="not a number"):
        to_integer("soon")


def test_to_rating() -> None:
    scale = {1, 2, 3, 4, 5}
    assert to_rating(4, scale) == 4
    assert to_rating("4", scale) == 4
    assert to_rating(4.0, scale) == 4
    assert to_rating(None, scale) is None
    with pytest.raises(OutOfScaleError) as info:
        to_rating(7, scale)
    assert info.value.code == "rating-out-of-scale"
    assert info.value.message == "rating 7 is not on the scale: write one of 1, 2, 3, 4, 5"
    with pytest.raises(OutOfScaleError, match=r"rating 3\.5 is not on the scale"):
        to_rating(3.5, scale)
    with pytest.raises(CoerceError) as bad:
        to_rating("good", scale)
    assert bad.value.code == "bad-value"
    assert bad.value.message == "'good' is not a rating: write one of 1, 2, 3, 4, 5"


# --- choices --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("On track", "on track"), ("ON TRACK", "on track"), (" on  track ", "on track"), ("on-track", "on track")],
)
def test_to_choice(raw: str, expected: str) -> None:
    assert to_choice(raw, GOAL_STATUSES) == expected


def test_to_choice_refuses_and_lists_the_choices() -> None:
    with pytest.raises(CoerceError) as info:
        to_choice("nearly", GOAL_STATUSES)
    assert info.value.message == (
        "'nearly' is not one of the accepted values: write one of "
        "not started, on track, at risk, off track, done, dropped"
    )
    assert to_choice("", GOAL_STATUSES) is None


def test_choice_converter_caches_but_still_refuses() -> None:
    convert = converter_for(Kind.CHOICE, choices=GOAL_STATUSES)
    assert convert("Done") == "done"
    assert convert("Done") == "done"
    for _ in range(2):
        with pytest.raises(CoerceError):
            convert("nearly")


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.datetime(2026, 5, 1, 13, 0), D(2026, 5, 1)),
        (D(2026, 5, 1), D(2026, 5, 1)),
        (46143, D(2026, 5, 1)),
        (46143.75, D(2026, 5, 1)),
        ("2026-05-01", D(2026, 5, 1)),
        ("2026-5-1", D(2026, 5, 1)),
        ("2026-05-01T00:00", D(2026, 5, 1)),
        ("2026-05-01 10:30:00", D(2026, 5, 1)),
        ("2026-05-01T10:30:00Z", D(2026, 5, 1)),
        ("1 May 2026", D(2026, 5, 1)),
        ("1st May 2026", D(2026, 5, 1)),
        ("01-May-2026", D(2026, 5, 1)),
        ("1 Sept 2026", D(2026, 9, 1)),
        ("May 1, 2026", D(2026, 5, 1)),
        ("December 31 2026", D(2026, 12, 31)),
        ("01.05.2026", D(2026, 5, 1)),
        ("01/05/2026", D(2026, 5, 1)),
        ("1-5-2026", D(2026, 5, 1)),
        ("31/12/2026", D(2026, 12, 31)),
        ("", None),
        (None, None),
    ],
)
def test_to_date_day_first(raw: object, expected: dt.date | None) -> None:
    assert to_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("01/05/2026", D(2026, 1, 5)), ("12.31.2026", D(2026, 12, 31)), ("1 May 2026", D(2026, 5, 1))],
)
def test_to_date_month_first(raw: str, expected: dt.date) -> None:
    assert to_date(raw, "mdy") == expected


def test_day_month_order_is_not_guessed() -> None:
    with pytest.raises(CoerceError) as info:
        to_date("12/31/2026")
    assert info.value.message == (
        "'12/31/2026' is not a date in day/month/year order: write a date such as 2026-12-31, 31 Dec 2026, "
        "Dec 31, 2026 or 31/12/2026, or set [dates] order in reviewgen.toml"
    )
    with pytest.raises(CoerceError, match="month/day/year order"):
        to_date("31/12/2026", "mdy")


@pytest.mark.parametrize(
    "raw", ["next Friday", "2026-02-30", "31 Foo 2026", "01/05/26", "Q4", 0, -3, 3_000_000, True, "46143"]
)
def test_to_date_refuses(raw: object) -> None:
    with pytest.raises(CoerceError, match="is not a date"):
        to_date(raw)


def test_date_message_names_value_and_forms() -> None:
    with pytest.raises(CoerceError) as info:
        to_date("next Friday")
    assert info.value.message == (
        "'next Friday' is not a date: write a date such as 2026-12-31, 31 Dec 2026, Dec 31, 2026 or 31/12/2026"
    )


def test_converters_by_kind() -> None:
    assert converter_for(Kind.DATE, order="mdy")("02/03/2026") == D(2026, 2, 3)
    assert converter_for(Kind.NUMBER)("15%") == 15.0
    assert converter_for(Kind.INTEGER)("7") == 7
    assert converter_for(Kind.RATING, ratings={1, 2, 3})(3) == 3
    assert converter_for(Kind.ID)(7.0) == "7"
    assert converter_for(Kind.TEXT)(" x\x00 ") == "x"
    with pytest.raises(OutOfScaleError):
        converter_for(Kind.RATING, ratings={1, 2, 3})(4)
