"""Findings: how a location reads, the JSON shape, the order they are listed in."""

from __future__ import annotations

from reviewgen.model.findings import Finding, Location, Severity


def test_location_reads_like_a_path_to_the_cell() -> None:
    assert str(Location("acme.xlsx", "Goals", 14, "Weight", "J14")) == "acme.xlsx › Goals › row 14 › Weight (J14)"
    assert str(Location("acme.xlsx", "Goals")) == "acme.xlsx › Goals"
    assert str(Location("acme.xlsx")) == "acme.xlsx"


def test_one_line_and_dict() -> None:
    f = Finding("weights-not-100", Severity.WARNING, "add 15", Location("a.xlsx", "Goals", 3, "Weight", "J3"), "P2")
    assert f.one_line() == "warning[weights-not-100] a.xlsx › Goals › row 3 › Weight (J3): add 15"
    assert f.as_dict() == {
        "code": "weights-not-100",
        "severity": "warning",
        "message": "add 15",
        "file": "a.xlsx",
        "sheet": "Goals",
        "row": 3,
        "column": "Weight",
        "subject": "P2",
    }
    assert Finding("x", Severity.INFO, "m").one_line() == "info[x]: m"


def test_errors_sort_first_then_by_place() -> None:
    loc = Location("a.xlsx", "Goals", 9)
    later = Finding("b", Severity.ERROR, "m", Location("a.xlsx", "Goals", 20))
    first = Finding("b", Severity.ERROR, "m", loc)
    warning = Finding("a", Severity.WARNING, "m", Location("a.xlsx", "Goals", 1))
    assert sorted([warning, later, first], key=Finding.sort_key) == [first, later, warning]
