"""The calibration meeting's figures against hand-computed counts (issue 11)."""

from __future__ import annotations

from pathlib import Path

from testkit.calibration import calibration_sheets
from testkit.checks import load

from reviewgen.render.context.calibration import meeting, performance_band
from reviewgen.score.scores import score_all


def test_the_9_box_counts_and_names_by_hand(tmp_path: Path) -> None:
    wb = load(tmp_path, calibration_sheets())
    m = meeting(wb, score_all(wb), "Acme", wb.people)
    grid = {(c.potential, c.performance): c.names for c in m.grid}
    # Performance on 1-5: 1-2 low, 3 medium, 4-5 high. P13 has no potential: off the grid.
    assert grid == {
        ("high", "low"): (),
        ("high", "medium"): ("Rep 08",),  # P8: 3, high
        ("high", "high"): ("Ada Lovelace", "Alan Turing"),  # P1: 4, P3: 5
        ("medium", "low"): ("Rep 09",),  # P9: 1
        ("medium", "medium"): ("Rep 04", "Rep 05", "Rep 11"),  # 3, 3, 3
        ("medium", "high"): ("Grace Hopper", "Rep 12"),  # P2: 4, P12: 5
        ("low", "low"): ("Rep 07",),  # P7: 2
        ("low", "medium"): ("Rep 06",),  # P6: 3
        ("low", "high"): ("Rep 10",),  # P10: 4
    }
    assert [c.potential for c in m.grid][:3] == ["high", "high", "high"]  # drawn high potential first
    assert sum(c.count for c in m.grid) == 12 and m.off_grid == 1


def test_the_distribution_against_the_guidance_by_hand(tmp_path: Path) -> None:
    wb = load(tmp_path, calibration_sheets())
    m = meeting(wb, score_all(wb), "Acme", wb.people)
    # Finals: 1 x1, 2 x1, 3 x6, 4 x3, 5 x2 of 13.
    assert [(d.rating, d.count) for d in m.distribution] == [(1, 1), (2, 1), (3, 6), (4, 3), (5, 2)]
    assert [round(d.share, 3) for d in m.distribution] == [0.077, 0.077, 0.462, 0.231, 0.154]
    assert [d.guidance for d in m.distribution] == [0.05, 0.2, 0.5, 0.2, 0.05]
    assert m.unrated == 0


def test_fairness_hides_small_groups_and_the_remainder(tmp_path: Path) -> None:
    wb = load(tmp_path, calibration_sheets())
    m = meeting(wb, score_all(wb), "Acme", wb.people)
    [table] = m.fairness
    rows = {r.group: r for r in table.rows}
    # Paris (2) is under 5; hiding it alone would let 13 - 6 - 5 = 2 be worked out, so Lisbon (5, the smallest
    # shown) is hidden with it: 7 people hidden in 2 groups. Berlin (6) is shown with its final ratings.
    assert rows["Paris"].shown is False and rows["Paris"].hidden_reason == "fewer than 5"
    assert rows["Lisbon"].shown is False and rows["Lisbon"].people is None
    assert rows["Berlin"].shown is True and rows["Berlin"].people == 6
    assert rows["Berlin"].distribution == ((1, 0), (2, 0), (3, 3), (4, 2), (5, 1))


def test_sales_alone_and_the_performance_bands() -> None:
    from reviewgen.model.workbook import Scale, ScaleLevel

    four = Scale(tuple(ScaleLevel(r, str(r)) for r in (1, 2, 3, 4)))
    assert [performance_band(four, r) for r in (1, 2, 3, 4, None)] == ["low", "low", "medium", "high", ""]


def test_flags_name_what_matters(tmp_path: Path) -> None:
    sheets = calibration_sheets()
    wb = load(tmp_path, sheets)
    sales = [p for p in wb.people if p.department == "Sales"]
    m = meeting(wb, score_all(wb), "Sales", sales)
    assert {r.person_id for r in m.rows} == {p.id for p in sales}
    rep = next(r for r in m.rows if r.person_id == "P4")
    # One check-in (1 Dec 2026, 30 days before the cycle end: on rhythm), no history, no gap.
    assert rep.flags == ("fewer than 2 check-ins",)
    assert (rep.final, rep.manager) == (3, "Grace Hopper")
