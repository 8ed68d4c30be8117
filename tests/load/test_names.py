"""Name matching for managers given by name: order, case, spaces, accents and middle initials."""

from __future__ import annotations

import pytest

from reviewgen.load.names import NameIndex, name_key, same_text

PEOPLE = [
    ("1", "LeBlanc, Brandon  R"),
    ("2", "Ünal, Zoë"),
    ("3", "Roe, Jane"),
    ("4", "Jane M. Roe"),
    ("5", "Al B Smith"),
    ("6", "Al C Smith"),
    ("7", "Jean-Luc Picard"),
]


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("Brandon R. LeBlanc", ("1",)),  # "First M. Last" against "Last, First  M"
        ("brandon   leblanc", ("1",)),  # the initial on one side only, case, spaces
        ("Brandon Q. LeBlanc", ()),  # two different initials are two people
        ("ZOE UNAL", ("2",)),  # accents on one side only
        ("Jane Roe", ("3", "4")),  # fits both: ambiguous
        ("Roe, Jane M", ("4",)),  # the initial picks one
        ("Al Smith", ("5", "6")),
        ("Al C. Smith", ("6",)),
        ("Picard, Jean Luc", ("7",)),
        ("Nobody Here", ()),
    ],
)
def test_find(name: str, ids: tuple[str, ...]) -> None:
    assert NameIndex(PEOPLE).find(name) == ids


def test_name_key_and_same_text() -> None:
    assert name_key("Roe, Jane M.") == name_key("jane m roe")
    assert name_key("Jane Roe") != name_key("Jane M Roe")
    assert same_text("Board of  directors", "BOARD OF DIRECTORS")
    assert not same_text("Board", "Board of Directors")
