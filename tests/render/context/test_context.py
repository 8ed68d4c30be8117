"""Render contexts built from the clean test cycle (tests/builders.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from testkit.builders import clean_sheets, find_row, write_workbook

from reviewgen.errors import ConfigError
from reviewgen.load.workbook import load_workbook
from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.model.workbook import Workbook
from reviewgen.render.context import (
    ManagerPacketContext,
    PacketContext,
    build_handout_context,
    build_onepager_context,
    build_packet_context,
    build_scorecard_context,
    kpi_progress,
    text_bar,
)
from reviewgen.score.scores import score_all


def load(tmp_path: Path, sheets: dict[str, Any] | None = None) -> Workbook:
    return load_workbook(write_workbook(tmp_path / "cycle.xlsx", sheets or clean_sheets()))


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    return load(tmp_path_factory.mktemp("clean"))


FINDINGS = (
    Finding("rating-gap", Severity.WARNING, "Alan rates G4 far above", Location("c.xlsx", "Goals", 5), "G4"),
    Finding("no-checkin", Severity.ERROR, "Grace has no check-in", Location("c.xlsx", "People", 3), "P2"),
    Finding("weights", Severity.INFO, "About Ada", None, "P1"),
)


def walk_strings(obj: object) -> list[str]:
    """Every string anywhere inside a context (dataclasses, tuples), for leak checks."""
    if isinstance(obj, str):
        return [obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [s for f in dataclasses.fields(obj) for s in walk_strings(getattr(obj, f.name))]
    if isinstance(obj, tuple | list):
        return [s for item in obj for s in walk_strings(item)]
    return []


def test_text_bar() -> None:
    assert text_bar(0.25) == "███░░░░░░░"  # 2.5 blocks round half up to 3
    assert text_bar(1.0, 4) == "████"
    assert text_bar(0.0, 4) == "░░░░"
    assert text_bar(None) == ""


def test_employee_packet_has_no_private_fields_and_no_other_peoples_data(clean: Workbook) -> None:
    ctx = build_packet_context(clean, score_all(clean), "P3", "employee", FINDINGS)
    assert type(ctx) is PacketContext
    names = {f.name for f in dataclasses.fields(ctx)}
    assert not names & {"coaching", "findings"}
    text = "\n".join(walk_strings(ctx))
    # Grace's and Ada's own comments and summaries never appear in Alan's packet.
    for other in ("Pipeline is healthy", "Good progress", "Well done", "Board is pleased", "Solid quarter", "Listens"):
        assert other not in text
    assert "Alan rates G4 far above" not in text
    assert [g.id for g in ctx.goals] == ["G4"]
    assert ctx.person.manager_name == "Grace Hopper"
    assert [(c.date, c.author_name, c.note) for c in ctx.checkins] == [
        (dt.date(2026, 12, 12), "Grace Hopper", "Deal review"),
        (dt.date(2026, 12, 12), "Grace Hopper", "Closed the Contoso deal"),
    ]


def test_manager_packet_adds_coaching_and_only_this_persons_findings(clean: Workbook) -> None:
    ctx = build_packet_context(clean, score_all(clean), "P3", "manager", FINDINGS)
    assert isinstance(ctx, ManagerPacketContext)
    assert [f.code for f in ctx.findings] == ["rating-gap"]  # about G4, Alan's goal; not P2's or P1's
    assert ctx.findings[0].where == "c.xlsx › Goals › row 5"
    # Alan: direct, facts, individual -> one tip per trait, then general ones; 3-6 in all.
    assert ctx.coaching.known and ctx.coaching.profile == "direct, facts, individual"
    assert 3 <= len(ctx.coaching.tips) <= 6
    assert "plainly" in ctx.coaching.tips[0]
    assert "overall 4 (Exceeds)" in ctx.coaching.tips[1]  # 0.7 * 4 + 0.3 * 4 = 4.0


def test_coaching_for_unknown_profile_is_general(tmp_path: Path) -> None:
    sheets = clean_sheets()
    row = find_row(sheets, "People", "P3")
    row[6:9] = [None, None, None]
    wb = load(tmp_path, sheets)
    ctx = build_packet_context(wb, score_all(wb), "P3", "manager", ())
    assert isinstance(ctx, ManagerPacketContext)
    assert not ctx.coaching.known and ctx.coaching.profile == "not recorded"
    assert len(ctx.coaching.tips) >= 3
    assert "a day ahead" in ctx.coaching.tips[0]


def test_packet_goal_rows_chain_and_score(clean: Workbook) -> None:
    ctx = build_packet_context(clean, score_all(clean), "P2", "employee", ())
    _, g3 = ctx.goals
    # G3: lower is better, (50 - 60) / (45 - 60) = 0.667; weight 40 of 100 rated -> share 0.4, points 0.4 * 4 = 1.6
    assert (g3.progress_pct, g3.weight_share, g3.points) == (67, 0.4, 1.6)
    assert g3.progress_bar == "███████░░░"
    assert [o.id for o in g3.chain.objectives] == ["C1", "D1"]
    assert g3.chain.mission == "Make bookkeeping painless for small firms"
    assert g3.chain.reaches_company and g3.chain.gap == ""
    assert g3.objective_title == "Win 40 new mid-size accounts"
    # goal rating 60% * 3 + 40% * 4 = 3.4; values (3 + 4) / 2 = 3.5; 0.7 * 3.4 + 0.3 * 3.5 = 3.43 -> 3.4
    assert ctx.score.overall == 3.4 and ctx.score.label == "Meets"
    assert (
        ctx.score.formula_lines[-1]
        == "Overall rating = 70\u00a0% × 3.4 + 30\u00a0% × 3.5 = 2.38 + 1.05 = 3.43, rounded to 3.4"
    )
    assert [(t.cycle, t.overall, t.current) for t in ctx.trend] == [("2026-Q3", 3.2, False), ("2026-Q4", 3.4, True)]
    assert ctx.trend[1].change == 0.2
    assert ctx.review.strengths == ("Coaching",)
    assert ctx.sign_off.deadline == dt.date(2027, 1, 15)
    assert ctx.cycle.confidentiality == "Confidential - HR"


def test_broken_chain_is_explained(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[3] = None
    wb = load(tmp_path, sheets)
    row = build_packet_context(wb, score_all(wb), "P3", "employee", ()).goals[0]
    assert row.chain.objectives == () and "not linked" in row.chain.gap


def test_discussion_guide_is_derived_from_the_data(tmp_path: Path) -> None:
    sheets = clean_sheets()
    g2 = find_row(sheets, "Goals", "G2")
    g2[7], g2[12], g2[13] = 8, 5, 2  # progress 8 / 40 = 20 %, self 5 vs manager 2
    wb = load(tmp_path, sheets)
    guide = build_packet_context(wb, score_all(wb), "P2", "employee", ()).discussion
    assert 6 <= len(guide) <= 8
    text = [q.question for q in guide]
    assert any("Goal 1 is at 20\u00a0%" in q for q in text)  # G2 is Grace's goal 1
    assert any("you rated yourself 5 and your manager rated 2" in q for q in text)
    assert any("'Forecasting'" in q and "31 Dec 2026" in q for q in text)  # due at the cycle end: due soon
    assert guide[-1].topic == "Next cycle"
    assert len({q.question for q in guide}) == len(guide)


def test_discussion_guide_without_data_still_has_six_questions(tmp_path: Path) -> None:
    sheets = clean_sheets()
    for name in ("Goals", "Values", "Development", "Reviews"):
        sheets[name] = [r for r in sheets[name] if r[0] != "P1" and r[1] != "P1"]
    wb = load(tmp_path, sheets)
    guide = build_packet_context(wb, score_all(wb), "P1", "employee", ()).discussion
    assert len(guide) == 6 and guide[0].topic == "Reflection"


def test_packet_for_unknown_person_is_a_clear_error(clean: Workbook) -> None:
    with pytest.raises(ConfigError, match="no person with id P9"):
        build_packet_context(clean, score_all(clean), "P9", "employee", ())


def test_team_scorecard(clean: Workbook) -> None:
    ctx = build_scorecard_context(clean, score_all(clean), "manager", "P2", FINDINGS)
    assert ctx.scope_name == "Grace Hopper" and ctx.team_size == 1
    (alan,) = ctx.roster
    # last check-in 2026-12-12, cycle ends 2026-12-31 -> 19 days; 2 check-ins
    assert (alan.name, alan.overall, alan.label, alan.checkin_count, alan.days_since_checkin) == (
        "Alan Turing",
        4.0,
        "Exceeds",
        2,
        19,
    )
    assert not alan.checkin_overdue
    assert [f.code for f in ctx.findings] == ["rating-gap"]
    exceeds = next(d for d in ctx.distribution if d.label == "Exceeds")
    # company: Ada 4.0, Grace 3.4 (Meets), Alan 4.0 -> Exceeds 2 of 3
    assert (exceeds.team_count, exceeds.team_fraction, exceeds.company_count) == (1, 1.0, 2)
    assert exceeds.company_fraction == pytest.approx(2 / 3)
    assert exceeds.team_bar == "█" * 20 and exceeds.company_bar == "█" * 13 + "░" * 7


def test_scorecard_coverage_calls_out_uncovered_objectives(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Objectives"].append(
        ["D2", "Open a partner channel", "department", "C1", "Sales", "Partners", 0, 5, "partners", None, "active"]
    )
    wb = load(tmp_path, sheets)
    ctx = build_scorecard_context(wb, score_all(wb), "department", "sales", ())
    rows = {r.objective.id: r for r in ctx.coverage}
    # Sales owns D1 (3 goals: G2, G3, G4) and D2 (none); supports C1 through D1.
    assert (rows["D1"].goal_count, rows["D1"].owned, rows["D1"].people) == (3, True, ("Alan Turing", "Grace Hopper"))
    assert rows["C1"].owned is False and rows["C1"].covered
    assert [o.id for o in ctx.uncovered] == ["D2"]
    assert ctx.gaps == ()  # Grace: self 3,3,3,3 vs manager 3,4,3,4 -> gap -0.5, under the threshold
    assert ctx.gaps_total == 2


def test_company_scorecard_and_unknown_scope(clean: Workbook) -> None:
    scores = score_all(clean)
    ctx = build_scorecard_context(clean, scores, "company")
    assert [r.name for r in ctx.roster] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert ctx.average_overall == 3.8  # (4.0 + 4.0 + 3.4) / 3 = 3.8
    with pytest.raises(ConfigError, match="no department named Legal"):
        build_scorecard_context(clean, scores, "department", "Legal")


def test_onepager(clean: Workbook) -> None:
    ctx = build_onepager_context(clean, score_all(clean))
    assert [v.name for v in ctx.values] == ["Customer first", "Own it"]
    assert ctx.audience == "For everyone at Acme Test Ltd"
    (c1,) = ctx.objectives
    o = c1.objective
    assert (o.id, o.kpi, o.baseline, o.target, o.unit, o.owner) == ("C1", "ARR", 9, 12, "M EUR", "Company")
    assert c1.owner == "Ada Lovelace"  # "Company": the person at the top, by name
    assert c1.actual is None and c1.kpi_pct is None  # the clean workbook has no actual column
    assert c1.goal_pct is not None and o.due == dt.date(2026, 12, 31)
    assert [(b.id, b.owner) for b in c1.branches] == [("D1", "Sales")]


def test_kpi_progress_moves_from_baseline_to_target_either_way() -> None:
    assert kpi_progress(38, 46, 43.1) == pytest.approx(0.6375)
    assert kpi_progress(45, 30, 40) == pytest.approx(1 / 3)  # a falling target
    assert kpi_progress(10, 20, 25) == 1.0 and kpi_progress(10, 20, 5) == 0.0
    assert kpi_progress(10, 10, 12) is None and kpi_progress(None, 20, 12) is None and kpi_progress(1, 2, None) is None


def test_handout_shows_groups_never_individuals(clean: Workbook) -> None:
    ctx = build_handout_context(clean, score_all(clean), "Sales")
    assert [(i.depth, i.objective.id, i.own, i.goal_count) for i in ctx.ladder] == [
        (0, "C1", False, 3),
        (1, "D1", True, 3),
    ]
    # Two people (Grace and Alan) have goals on D1: fewer than 3, so no progress is shown.
    assert [(g.label, g.people, g.goal_count, g.progress_pct, g.hidden) for g in ctx.by_objective] == [
        ("D1 Win 40 new mid-size accounts", 2, 3, None, True)
    ]
    assert [(g.label, g.people, g.hidden) for g in ctx.by_team] == [
        ("Team of Ada Lovelace", 1, True),
        ("Team of Grace Hopper", 1, True),
    ]
    assert sum(a.minutes for a in ctx.agenda) == 90 and [a.start for a in ctx.agenda][-1] == "1:20"
    text = "\n".join(walk_strings(ctx))
    for private in ("Alan Turing", "Good progress", "Hit the number", "Excellent", "Pipeline review", "Listens well"):
        assert private not in text
    assert ctx.uncovered == () and 3 <= len(ctx.prompts) <= 6


def test_contexts_are_deterministic(clean: Workbook) -> None:
    scores = score_all(clean)
    assert build_packet_context(clean, scores, "P2", "manager", FINDINGS) == build_packet_context(
        clean, score_all(clean), "P2", "manager", tuple(reversed(FINDINGS))
    )


def test_development_overdue_and_due_soon(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Development", "P3")[4] = dt.date(2026, 11, 1)  # before the cycle end (31 Dec): overdue
    sheets["Development"].append(["P3", "Public speaking", "Talk at the meetup", "", dt.date(2027, 2, 1), "planned"])
    sheets["Development"].append(["P3", "Finished", "", "", dt.date(2026, 11, 1), "done"])
    wb = load(tmp_path, sheets)
    ctx = build_packet_context(wb, score_all(wb), "P3", "employee", ())
    rows = {d.focus: (d.overdue, d.due_soon) for d in ctx.development}
    # 1 Feb 2027 is 32 days after 31 Dec 2026: within 60 -> due soon; done items are neither
    assert rows == {"Negotiation": (True, False), "Public speaking": (False, True), "Finished": (False, False)}
    assert [d.focus for d in ctx.development] == ["Finished", "Negotiation", "Public speaking"]  # by due date
    assert any("'Negotiation' (due 1 Nov 2026)" in q.question for q in ctx.discussion)
