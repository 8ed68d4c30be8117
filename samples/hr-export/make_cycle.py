"""Write cycle.xlsx: a clean review cycle whose people come from hris-export.csv.

The workbook has no People sheet: reviewgen.toml beside it names the HR export instead.
Run from anywhere: ``python samples/hr-export/make_cycle.py``. The output is byte-identical on
every run (fixed document properties and zip timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
D = dt.date
FIXED = dt.datetime(2026, 9, 15, 9, 0, 0)

# (person, goal title, objective, metric, baseline, target, actual, unit, weight, self, manager)
GOALS: list[tuple[str, str, str, str, float, float, float, str, int, int, int]] = [
    (
        "1001",
        "Grow annual recurring revenue from 8M to 10M EUR by year end",
        "C1",
        "ARR",
        8,
        10,
        9.6,
        "M EUR",
        60,
        4,
        4,
    ),
    ("1001", "Raise net revenue retention from 102% to 108% by year end", "C2", "NRR", 102, 108, 106, "%", 40, 3, 3),
    ("1002", "Sign 25 new mid-size accounts by 31 December", "D1", "Signed accounts", 0, 25, 22, "accounts", 70, 3, 3),
    ("1002", "Cut the average sales cycle from 60 to 45 days", "D1", "Days to close", 60, 45, 50, "days", 30, 4, 4),
    ("1003", "Close 8 new accounts in Q4", "D1", "Closed accounts", 0, 8, 8, "accounts", 100, 4, 4),
    ("1004", "Close 8 new accounts in Q4", "D1", "Closed accounts", 0, 8, 6, "accounts", 100, 3, 3),
    ("1005", "Book 60 qualified demos in Q4", "D1", "Qualified demos", 0, 60, 55, "demos", 100, 3, 3),
    ("1006", "Lift gross retention from 90% to 94% by year end", "D2", "Gross retention", 90, 94, 93, "%", 100, 4, 4),
    (
        "1007",
        "Run 40 quarterly business reviews with key accounts",
        "D2",
        "Reviews held",
        0,
        40,
        38,
        "reviews",
        100,
        3,
        3,
    ),
    (
        "1008",
        "Run 40 quarterly business reviews with key accounts",
        "D2",
        "Reviews held",
        0,
        40,
        40,
        "reviews",
        100,
        4,
        4,
    ),
    (
        "1009",
        "Cut first-response time from 8 to 4 hours",
        "D2",
        "Hours to first response",
        8,
        4,
        4.5,
        "hours",
        100,
        3,
        3,
    ),
    (
        "1010",
        "Resolve 90% of tickets within 2 days, up from 75%",
        "D2",
        "Tickets solved in 2 days",
        75,
        90,
        88,
        "%",
        100,
        3,
        4,
    ),
]

# Who writes each person's check-ins: the manager; the CEO's come from a peer.
AUTHOR = {"1001": "1006", "1002": "1001", "1006": "1001"}
AUTHOR.update({p: "1002" for p in ("1003", "1004", "1005")})
AUTHOR.update({p: "1006" for p in ("1007", "1008", "1009", "1010")})


def sheets() -> dict[str, list[list[Any]]]:
    """Every sheet of the cycle, header row first (no People sheet)."""
    people = sorted(AUTHOR)
    goal_rows = [
        [f"G{i}", p, title, obj, metric, base, target, actual, unit, weight, D(2026, 12, 31), "on track",
         self_r, mgr_r, "On plan", "Good progress"]
        for i, (p, title, obj, metric, base, target, actual, unit, weight, self_r, mgr_r) in enumerate(GOALS, 1)
    ]  # fmt: skip
    checkins: list[list[Any]] = []
    for n, person in enumerate(people):
        day = 10 + n
        checkins.append([D(2026, 11, day), person, AUTHOR[person], "check-in", "Progress review"])
        checkins.append([D(2026, 12, day), person, AUTHOR[person], "praise", "Clear, steady work this quarter"])
    return {
        "Cycle": [
            ["Setting", "Value"],
            ["Company", "Northwind Software GmbH"],
            ["Cycle", "2026-Q4"],
            ["Start", D(2026, 10, 1)],
            ["End", D(2026, 12, 31)],
            ["Deadline", D(2027, 1, 15)],
            ["Check-in gap", 45],
            ["Goals share", 70],
            ["Confidentiality", "Confidential - HR"],
            ["Fairness groups", "Gender, Location"],
        ],
        "Scale": [
            ["Rating", "Label", "Description"],
            [1, "Does not meet", "Falls clearly short of what the role asks for."],
            [2, "Partially meets", "Meets some of what the role asks for; clear gaps remain."],
            [3, "Meets", "Does what the role asks for, reliably."],
            [4, "Exceeds", "Often goes beyond what the role asks for."],
            [5, "Outstanding", "Sets the standard others learn from."],
        ],
        "Strategy": [
            ["Key", "Value", "Description"],
            ["Mission", "Help small firms run their customer operations without spreadsheets"],
            ["Vision", "Every small firm knows each customer as well as a big one does"],
            ["Value", "Customer first", "We start from the customer's problem"],
            ["Value", "Own it", "We finish what we start"],
        ],
        "Objectives": [
            ["ID", "Title", "Level", "Parent", "Owner", "KPI", "Baseline", "Target", "Unit", "Due", "Status"],
            ["C1", "Grow ARR to 10M EUR", "company", None, "Company", "ARR", 8, 10, "M EUR", D(2026, 12, 31), "active"],
            [
                "C2",
                "Keep the customers we win",
                "company",
                None,
                "Company",
                "NRR",
                102,
                108,
                "%",
                D(2026, 12, 31),
                "active",
            ],
            [
                "D1",
                "Win 25 new mid-size accounts",
                "department",
                "C1",
                "Sales",
                "New accounts",
                0,
                25,
                "accounts",
                D(2026, 12, 31),
                "active",
            ],
            [
                "D2",
                "Lift gross retention to 94%",
                "department",
                "C2",
                "Customer Success",
                "Gross retention",
                90,
                94,
                "%",
                D(2026, 12, 31),
                "active",
            ],
        ],
        "Goals": [
            [
                "ID",
                "Person",
                "Title",
                "Objective",
                "Metric",
                "Baseline",
                "Target",
                "Actual",
                "Unit",
                "Weight",
                "Due",
                "Status",
                "Self rating",
                "Manager rating",
                "Self comment",
                "Manager comment",
            ],
            *goal_rows,
        ],
        "Values": [
            ["Person", "Value", "Self rating", "Manager rating", "Comment"],
            *[[p, v, 3, 3, "Shows it in daily work"] for p in people for v in ("Customer first", "Own it")],
        ],
        "Check-ins": [["Date", "Person", "Author", "Kind", "Note"], *checkins],
        "Development": [
            ["Person", "Focus", "Action", "Support", "Due", "Status"],
            *[
                [p, "Coaching", "Lead two peer-learning sessions", "Manager", D(2026, 12, 31), "in progress"]
                for p in people
            ],
        ],
        "Reviews": [
            ["Person", "Self summary", "Manager summary", "Strengths", "Growth areas"],
            *[[p, "A solid quarter", "Steady, reliable quarter", "Reliability", "Delegation"] for p in people],
        ],
    }


def build() -> bytes:
    """The workbook's bytes, identical on every run."""
    wb = Workbook()
    default = wb.active
    for name, rows in sheets().items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    if default is not None:
        wb.remove(default)
    wb.properties.creator = "reviewgen sample"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps the zip entries and the "modified" property with the time of saving:
    # copy the entries with a fixed time instead.
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            entry = zipfile.ZipInfo(item.filename, date_time=FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return out.getvalue()


def main() -> None:
    target = HERE / "cycle.xlsx"
    target.write_bytes(build())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
