"""Check-in rows of returned forms (issue 9 item 13): an ambiguous name, a manager's "self-reflection" and a date
far outside the cycle are rejected rows with their reasons, never filed somewhere plausible."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from testkit.builders import clean_sheets
from testkit.cycle import GRACE, Cycle


def checkin(
    date: Any, person: str, kind: str, note: str = "Talked it through"
) -> list[tuple[str, dict[str, Any], str, Any]]:
    return [
        ("Check-ins", {}, "Date", date),
        ("Check-ins", {"Date": date}, "Person", person),
        ("Check-ins", {"Date": date}, "Kind", kind),
        ("Check-ins", {"Date": date}, "Note", note),
    ]


def twin_reports(tmp_path: Path) -> Cycle:
    sheets = clean_sheets()
    sheets["People"].append(
        ["P4", "Alan Turing", "alan2@acme.test", "Analyst", "Sales", "P2", "direct", "facts", "team"]
    )
    return Cycle(tmp_path, sheets)


def test_a_name_two_reports_share_is_rejected_not_filed_under_the_first(tmp_path: Path) -> None:
    c = twin_reports(tmp_path)
    c.fill(GRACE, checkin(dt.datetime(2026, 12, 1), "Alan Turing", "praise"))
    result = c.collect()
    assert not result.new_checkins
    (row,) = result.rejected
    assert (
        row.reason == "'Alan Turing' names 2 people on this form (P3, P4): choose the entry with the id from the list"
    )


def test_a_manager_cannot_file_a_self_reflection(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, checkin(dt.datetime(2026, 12, 1), "P3 - Alan Turing", "self-reflection"))
    result = c.collect()
    assert not result.new_checkins
    (row,) = result.rejected
    assert row.reason == (
        "a self-reflection is written by the person themselves, not filed by their manager: "
        "use the kind check-in, praise or constructive"
    )


@pytest.mark.parametrize("date", [dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31), dt.datetime(2024, 6, 1)])
def test_a_date_far_outside_the_cycle_is_rejected(tmp_path: Path, date: dt.datetime) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, checkin(date, "P3 - Alan Turing", "praise"))
    result = c.collect()
    assert not result.new_checkins
    (row,) = result.rejected
    assert row.reason == (
        f"the date {date.date().isoformat()} is far outside the cycle (2026-10-01 to 2026-12-31): "
        "write the day the conversation took place"
    )


def test_a_date_near_the_cycle_is_kept(tmp_path: Path) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, checkin(dt.datetime(2027, 1, 10), "P3 - Alan Turing", "praise"))
    assert len(c.collect().new_checkins) == 1
