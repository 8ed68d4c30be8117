"""Scorecard breakdowns: the fairness table hides small groups and applies the remainder rule
(reviewgen/render/context/breakdown.py), in the context and in the rendered company scorecard."""

from __future__ import annotations

from pathlib import Path

from testkit.builders import D, clean_sheets, write_workbook

from reviewgen import api
from reviewgen.load.workbook import load_workbook
from reviewgen.render.context import build_scorecard_context
from reviewgen.render.context.breakdown import _hidden
from reviewgen.score.scores import score_all


def crowded_sheets(locations: dict[str, int]) -> dict[str, list[list[object]]]:
    """The clean cycle plus people reporting to Grace (P2, Sales), so that the company's Location groups
    have the given sizes (P1 and P2 are in the first group, P3 in the second)."""
    sheets = clean_sheets()
    sheets["Cycle"].append(["Fairness groups", "Location"])
    people = sheets["People"]
    people[0].append("Location")
    names = list(locations)
    for row, place in zip(people[1:], (names[0], names[0], names[1]), strict=True):
        row.append(place)
    left = dict(locations)
    left[names[0]] -= 2
    left[names[1]] -= 1
    n = 10
    for place, count in left.items():
        for _ in range(count):
            pid = f"P{n}"
            people.append([pid, f"Person {n}", "", "Account Executive", "Sales", "P2", "", "", "", place])
            goal = [f"G{n}", pid, f"Close {n} new accounts in Q4", "D1", "Accounts", 0, 10, 5, "accounts", 100]
            sheets["Goals"].append([*goal, D(2026, 12, 31), "on track", 3, 2 + n % 3, "", ""])
            sheets["Check-ins"].append([D(2026, 12, 1), pid, "P2", "check-in", "Weekly"])
            n += 1
    return sheets


def test_remainder_rule_hides_more_groups_until_subtraction_reveals_no_small_one() -> None:
    # Office 8, Remote 7, Abroad 2 of 17: hiding Abroad alone, 17 - 8 - 7 = 2 would give it away.
    assert _hidden({"Office": 8, "Remote": 7, "Abroad": 2}, 5) == {
        "Abroad": "fewer than 5",
        "Remote": "not shown, so that a smaller group cannot be worked out",
    }
    # Two small groups that hold 6 together: only they are hidden.
    assert set(_hidden({"A": 10, "B": 3, "C": 3}, 5)) == {"B", "C"}
    # Two small groups of 2 and 1: the next smallest group joins them (together 3 + 6 = 9).
    assert set(_hidden({"A": 10, "B": 6, "C": 2, "D": 1}, 5)) == {"B", "C", "D"}
    assert _hidden({"A": 10, "B": 6}, 5) == {}


def test_fairness_table_where_subtraction_would_reveal_a_group_of_two(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "crowd.xlsx", crowded_sheets({"Office": 8, "Remote": 7, "Abroad": 2}))
    wb = load_workbook(path)
    ctx = build_scorecard_context(wb, score_all(wb), "company")
    assert ctx.team_size == 17
    (table,) = ctx.fairness
    rows = {r.group: r for r in table.rows}
    assert rows["Office"].shown and rows["Office"].people == 8
    assert not rows["Abroad"].shown and rows["Abroad"].people is None and rows["Abroad"].hidden_reason == "fewer than 5"
    assert not rows["Remote"].shown and rows["Remote"].people is None and rows["Remote"].average is None
    # What a reader can subtract: headcount minus every shown count is 9, not the 2 people abroad.
    assert ctx.team_size - sum(r.people or 0 for r in table.rows if r.shown) == 9

    out = tmp_path / "out"
    api.build_documents(path, out, api.BuildOptions.from_cli(jobs=1, formats="md", only="kind:scorecard"))
    text = (out / "scorecards" / "Company scorecard.md").read_text(encoding="utf-8")
    fairness = text[text.index("## Fairness") : text.index("## Objective coverage")]
    assert "| Office | 8 |" in fairness
    assert "| Abroad | *fewer than 5* |" in fairness
    assert "| Remote | *not shown, so that a smaller group cannot be worked out* |" in fairness
    assert "| 7 |" not in fairness and "| 2 |" not in fairness
    # The Sales scorecard (Office 7, Remote 7, Abroad 2 there) applies the same rule to its own people.
    sales = (out / "scorecards" / "Department scorecard - Sales.md").read_text(encoding="utf-8")
    assert "fewer than 5" in sales


def test_averages_and_fairness_means_count_the_calibrated_rating(tmp_path: Path) -> None:
    # Overall ratings as scored (goal ratings; no values rated for P10-P16): Office P1 4.0, P2 3.4, P10 3, P11 4,
    # P12 2 (mean 16.4 / 5 = 3.3); Remote P3 4.0, P13 3, P14 4, P15 2, P16 3 (16 / 5 = 3.2); company 32.4 / 10 = 3.2;
    # Grace's team P3, P10-P16: 25 / 8 = 3.1. The meeting moves P15 from 2 to 5 (+3): Remote 19 / 5 = 3.8, company
    # 35.4 / 10 = 3.5, Grace's team 28 / 8 = 3.5; Office stays 3.3.
    sheets = crowded_sheets({"Office": 5, "Remote": 5})
    before = load_workbook(write_workbook(tmp_path / "before.xlsx", sheets))
    sheets["Calibration"] = [["Person", "Calibrated rating", "Reason"], ["P15", 5, "Rescued the Q4 launch"]]
    after = load_workbook(write_workbook(tmp_path / "after.xlsx", sheets))
    figures = []
    for wb in (before, after):
        scores = score_all(wb)
        company = build_scorecard_context(wb, scores, "company")
        team = build_scorecard_context(wb, scores, "manager", "P2")
        (table,) = company.fairness
        figures.append(({r.group: r.average for r in table.rows}, company.average_overall, team.average_overall))
    assert figures == [({"Office": 3.3, "Remote": 3.2}, 3.2, 3.1), ({"Office": 3.3, "Remote": 3.8}, 3.5, 3.5)]
    p15 = score_all(after).person("P15")
    assert (p15.overall, p15.level, p15.final_overall) == (2.0, 5, 5.0)
