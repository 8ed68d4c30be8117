"""A 13-person cycle for calibration tests: everyone's final rating set on the Calibration sheet.

People: Ada (P1, Leadership), Grace (P2, Sales head) and Alan (P3) from the clean cycle, and ten reps
P4-P13 reporting to Grace. A People column "Site" is the fairness group (Berlin 6, Lisbon 5, Paris 2) and
"Potential" places everyone on the grid. The Calibration sheet gives each person the rating in FINAL, so
the grid does not depend on the scoring rules.
"""

from __future__ import annotations

from testkit.builders import Rows, clean_sheets
from testkit.checks import add_person

#: person -> (final rating, potential, site)
PEOPLE: dict[str, tuple[int, str, str]] = {
    "P1": (4, "high", "Berlin"),
    "P2": (4, "medium", "Berlin"),
    "P3": (5, "high", "Berlin"),
    "P4": (3, "medium", "Berlin"),
    "P5": (3, "medium", "Berlin"),
    "P6": (3, "low", "Berlin"),
    "P7": (2, "low", "Lisbon"),
    "P8": (3, "high", "Lisbon"),
    "P9": (1, "medium", "Lisbon"),
    "P10": (4, "low", "Lisbon"),
    "P11": (3, "medium", "Lisbon"),
    "P12": (5, "medium", "Paris"),
    "P13": (3, "", "Paris"),
}

NAMES = {f"P{i}": f"Rep {i:02d}" for i in range(4, 14)} | {"P1": "Ada Lovelace", "P2": "Grace Hopper",
                                                            "P3": "Alan Turing"}  # fmt: skip


def calibration_sheets() -> dict[str, Rows]:
    """The cycle's sheets, ready for write_workbook."""
    sheets = clean_sheets()
    for i in range(4, 14):
        add_person(sheets, f"P{i}", NAMES[f"P{i}"], "P2")
    sheets["People"][0] += ["Potential", "Site"]
    for row in sheets["People"][1:]:
        _, potential, site = PEOPLE[row[0]]
        row += [potential or None, site]
    sheets["Cycle"] += [["Fairness groups", "Site"], ["Rating guidance", "5/20/50/20/5"]]
    sheets["Calibration"] = [["Person", "Calibrated rating", "Reason", "Calibrated by", "Date"]] + [
        [pid, final, "Agreed in the meeting", "Heads", None] for pid, (final, _, _) in PEOPLE.items()
    ]
    return sheets
