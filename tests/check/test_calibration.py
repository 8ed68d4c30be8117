"""Calibration checks and the final rating, on real workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from testkit.builders import Rows, clean_sheets
from testkit.checks import load, only, where

from reviewgen.check.run import run_checks
from reviewgen.model.findings import Severity
from reviewgen.score.scores import score_all

HEADER = ["Person", "Calibrated rating", "Reason", "Calibrated by", "Date"]


def with_calibration(*rows: list[object]) -> dict[str, Rows]:
    sheets = clean_sheets()
    sheets["Calibration"] = [HEADER, *[list(r) for r in rows]]
    return sheets


def test_the_calibrated_rating_is_the_final_one_and_the_computed_one_is_kept(tmp_path: Path) -> None:
    wb = load(tmp_path, clean_sheets())
    computed = score_all(wb).person("P3").level
    assert computed is not None
    new = 5 if computed < 5 else 4
    wb = load(tmp_path, with_calibration(["P3", new, "Led the biggest deal", "Sales heads", dt.date(2027, 1, 10)]))
    assert run_checks(wb) == []
    score = score_all(wb).person("P3")
    assert (score.level, score.computed_level, score.calibrated, score.changed_by_calibration) == (
        new,
        computed,
        True,
        True,
    )
    assert score.label == wb.scale.levels[new - 1].label
    assert score.calibration_reason == "Led the biggest deal" and score.calibrated_by == "Sales heads"
    assert score_all(wb).person("P2").calibrated is False


def test_a_changed_rating_without_a_reason_is_an_error_at_the_reason_cell(tmp_path: Path) -> None:
    computed = score_all(load(tmp_path, clean_sheets())).person("P3").level
    assert computed is not None
    new = 5 if computed < 5 else 4
    [f] = only(run_checks(load(tmp_path, with_calibration(["P3", new, "  ", None, None]))), "calibrated-without-reason")
    assert (f.severity, f.subject, where(f)) == (Severity.ERROR, "P3", ("Calibration", 2, "Reason"))
    assert f.message == (
        f"Alan Turing (P3) is calibrated from {computed} to {new} without a reason: write the reason the meeting "
        "agreed (the manager's packet prints it)"
    )


def test_confirming_the_computed_rating_needs_no_reason(tmp_path: Path) -> None:
    computed = score_all(load(tmp_path, clean_sheets())).person("P3").level
    assert run_checks(load(tmp_path, with_calibration(["P3", computed]))) == []


def test_a_rating_off_the_scale_is_reported_and_never_used(tmp_path: Path) -> None:
    wb = load(tmp_path, with_calibration(["P3", 7, "Stellar"]))
    [f] = only(run_checks(wb), "calibration-outside-scale")
    assert where(f) == ("Calibration", 2, "Calibrated rating")
    assert "is not on the scale (1, 2, 3, 4, 5)" in f.message
    score = score_all(wb).person("P3")
    assert (score.level, score.calibrated) == (score.computed_level, False)


def test_two_rows_for_one_person_and_an_unknown_person(tmp_path: Path) -> None:
    wb = load(tmp_path, with_calibration(["P3", 4, "a"], ["P3", 3, "b"], ["P99", 3, "c"]))
    found = run_checks(wb)
    [twice] = only(found, "calibrated-twice")
    assert where(twice) == ("Calibration", 3, "Person") and "is calibrated on row 2 and again here" in twice.message
    [unknown] = only(found, "unknown-person")
    assert where(unknown) == ("Calibration", 4, "Person")


def test_distribution_against_guidance_beyond_the_margin_warns(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Cycle"] += [["Rating guidance", "5/20/50/20/5"], ["Guidance margin", 40]]
    wb = load(tmp_path, sheets)
    finals = [s.level for s in score_all(wb).people.values()]
    found = only(run_checks(wb), "distribution-off-guidance")
    # Three people: a rating's share is 0, 33.3, 66.7 or 100 %; only a gap above 40 points warns.
    expected = []
    for rating, share in zip(range(1, 6), (5, 20, 50, 20, 5), strict=True):
        actual = 100 * finals.count(rating) / len(finals)
        if abs(actual - share) > 40:
            expected.append(str(rating))
    assert [f.subject for f in found] == expected
    for f in found:
        assert f.severity is Severity.WARNING and "guidance, not a quota" in f.message


def test_unreadable_guidance_is_a_bad_value_at_its_cell(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Cycle"].append(["Rating guidance", "5/20/50/20"])
    wb = load(tmp_path, sheets)
    assert wb.cycle.rating_guidance == ()
    [f] = only(wb.findings, "bad-value")
    assert f.message == 'rating guidance "5/20/50/20" adds up to 95 %, not 100: correct the shares'
    assert where(f) == ("Cycle", 10, "Rating guidance")


def test_guidance_of_the_wrong_length_for_the_scale(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Cycle"].append(["Rating guidance", "10% / 80% / 10%"])
    wb = load(tmp_path, sheets)
    assert wb.cycle.rating_guidance == (10.0, 80.0, 10.0)
    [f] = only(run_checks(wb), "bad-value")
    assert "the rating guidance has 3 shares but the scale has 5 ratings" in f.message


def test_potential_is_read_from_people(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["People"][0].append("Potential")
    sheets["People"][3].append("High")
    wb = load(tmp_path, sheets)
    assert wb.person_by_id["P3"].potential == "high" and wb.person_by_id["P2"].potential == ""
