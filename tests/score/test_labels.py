"""How close a rating is to the next label, worked out by hand on the default scale (1 ... 5, halves go up)."""

from __future__ import annotations

import pytest

from reviewgen.model.schema import DEFAULT_SCALE
from reviewgen.model.workbook import Scale, ScaleLevel
from reviewgen.score.labels import label_margin

SCALE = Scale(tuple(ScaleLevel(r, label, d) for r, label, d in DEFAULT_SCALE))


@pytest.mark.parametrize(
    ("rating", "borderline", "sentence"),
    [
        # Meets is 2.5 (half-way, goes up) to 3.4; 2.4 is Partially meets, 3.5 Exceeds.
        (2.5, True, "Meets runs from 2.5 to 3.4: 2.5 is 0.1 from Partially meets (2.4) and 1.0 from Exceeds (3.5)."),
        (3.4, True, "Meets runs from 2.5 to 3.4: 3.4 is 1.0 from Partially meets (2.4) and 0.1 from Exceeds (3.5)."),
        (3.0, False, "Meets runs from 2.5 to 3.4: 3.0 is 0.6 from Partially meets (2.4) and 0.5 from Exceeds (3.5)."),
        # The ends of the scale have one neighbour.
        (1.0, False, "Does not meet runs from 1.0 to 1.4: 1.0 is 0.5 from Partially meets (1.5)."),
        (4.6, False, "Outstanding runs from 4.5 to 5.0: 4.6 is 0.2 from Exceeds (4.4)."),
    ],
)
def test_label_margin(rating: float, borderline: bool, sentence: str) -> None:
    margin = label_margin(SCALE, rating)
    assert margin is not None
    assert (margin.borderline, margin.sentence) == (borderline, sentence)


def test_unrated_has_no_margin() -> None:
    assert label_margin(SCALE, None) is None
    assert label_margin(Scale(()), 3.0) is None
