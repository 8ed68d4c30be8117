"""Matching people's names as HR exports write them: "Roe, Jane M." is "Jane Roe".

An export that gives managers by name rarely spells them the way it spells the people: one
column says "LeBlanc, Brandon  R", the other "Brandon R. LeBlanc". Two names match when their
words (two letters or more) are the same whatever their order, case, accents, punctuation and
spacing; single-letter middle initials only tell apart people whose words are the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[\s.,;'’\-_/()]+")


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name reduced to what identifies it: its words (sorted) and its initials (sorted)."""

    words: tuple[str, ...]
    initials: tuple[str, ...]


def name_key(name: str) -> NameKey:
    """The key of ``name``: "Roe, Jane M." and "jane m roe" and "Jane Roe" share their words."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    parts = [p for p in _SEPARATORS.split(plain) if p]
    words = tuple(sorted(p for p in parts if len(p) > 1))
    initials = tuple(sorted(p for p in parts if len(p) == 1))
    # A name of initials only ("J. R.") keeps them as its words, so that it matches itself.
    return NameKey(words, ()) if not words else NameKey(words, initials)


def same_text(a: str, b: str) -> bool:
    """True when two texts are equal whatever their case, accents and spacing ("Board of  directors")."""
    return name_key(a) == name_key(b) or " ".join(a.casefold().split()) == " ".join(b.casefold().split())


class NameIndex:
    """People's names, looked up by a name written in any of the forms above."""

    def __init__(self, people: Iterable[tuple[str, str]]) -> None:
        """``people`` are (id, name) pairs; an id may appear once only."""
        self._by_words: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}
        for person_id, name in people:
            key = name_key(name)
            if key.words:
                self._by_words.setdefault(key.words, []).append((person_id, key.initials))

    def find(self, name: str) -> tuple[str, ...]:
        """The ids of the people ``name`` may stand for: none, one, or several (ambiguous)."""
        key = name_key(name)
        # A middle initial written on one side only does not matter; two different ones do.
        fits = [
            (person_id, initials)
            for person_id, initials in self._by_words.get(key.words, [])
            if not initials or not key.initials or initials == key.initials
        ]
        # Written initials pick one of several; a name without initials among several stays ambiguous.
        exact = [person_id for person_id, initials in fits if key.initials and initials == key.initials]
        return tuple(exact) if len(exact) == 1 else tuple(person_id for person_id, _ in fits)
