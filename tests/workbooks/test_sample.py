"""The generated sample company: deterministic, realistic shape, planted problems found by `check`."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reviewgen.errors import ConfigError, OutputError
from reviewgen.model import schema
from reviewgen.workbooks.blank import INSTRUCTIONS_SHEET, LISTS_SHEET, write_blank_workbook
from reviewgen.workbooks.sample import HOSTILE_COMMENT, SampleData, generate_sample, write_sample_workbook

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "samples" / "northwind-2026-q4.xlsx"
START, END = dt.date(2026, 10, 1), dt.date(2026, 12, 31)


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return generate_sample()


def _col(sheet: str, name: str) -> int:
    return [c.name for c in schema.find_sheet(sheet).columns].index(name)  # type: ignore[union-attr]


def _depth(people: tuple[tuple[object, ...], ...]) -> dict[object, int]:
    manager = {r[0]: r[_col("People", "manager")] for r in people}
    depth: dict[object, int] = {}
    for pid in manager:
        d, cur = 0, manager[pid]
        while cur is not None:
            d, cur = d + 1, manager[cur]
        depth[pid] = d
    return depth


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    assert generate_sample(seed=7) == generate_sample(seed=7)
    assert generate_sample(seed=7).sheets["People"] != generate_sample(seed=8).sheets["People"]


def test_default_company_shape(sample: SampleData) -> None:
    people = sample.sheets["People"]
    assert len(people) == 60
    departments = Counter(r[_col("People", "department")] for r in people)
    assert len([d for d in departments if d != "Leadership"]) >= 4
    depth = _depth(people)
    managers = {r[_col("People", "manager")] for r in people} - {None}
    assert max(depth[m] for m in managers) >= 2  # CEO (0) -> heads (1) -> team leads (2) manage too
    assert max(Counter(r[_col("People", "manager")] for r in people if r[5]).values()) <= 9
    names = {r[1] for r in people}
    assert {"Zoë Ångström", "José Núñez", "王芳"} <= names
    emails = [r[2] for r in people]
    assert len(set(emails)) == len(emails)
    assert all(r[-2] and r[-1] for r in people)  # Location, Gender filled
    assert sample.extra_columns == {"People": ("Location", "Gender")}


def test_goals_ladder_up_with_weights_of_100_except_the_planted_person(sample: SampleData) -> None:
    goals = sample.sheets["Goals"]
    planted = {p.code: p.subject for p in sample.planted}
    objectives = {r[0]: r[_col("Objectives", "status")] for r in sample.sheets["Objectives"]}
    weights: Counter[object] = Counter()
    count: Counter[object] = Counter()
    for g in goals:
        weights[g[1]] += g[_col("Goals", "weight")]
        count[g[1]] += 1
        objective = g[_col("Goals", "objective")]
        if g[0] == planted["orphan-goal"]:
            assert objective is None
        elif g[0] == planted["retired-objective"]:
            assert objectives[objective] == "retired"
        else:
            assert objectives[objective] == "active"
        assert START <= g[_col("Goals", "due")] <= END
        self_rating, manager_rating = g[_col("Goals", "self rating")], g[_col("Goals", "manager rating")]
        assert 1 <= manager_rating <= 5
        assert abs(self_rating - manager_rating) <= (2 if g[0] == planted["rating-gap"] else 1)
    assert set(count.values()) <= {2, 3, 4}
    assert {p: w for p, w in weights.items() if w != 100} == {planted["weights-not-100"]: 85}
    assert len(count) == 60  # everyone has goals
    ratings = Counter(g[_col("Goals", "manager rating")] for g in goals)
    assert ratings[3] + ratings[4] > 0.7 * len(goals) and ratings[2] > 0 and ratings[5] > 0


def test_plan_has_mission_values_and_five_company_objectives(sample: SampleData) -> None:
    strategy = sample.sheets["Strategy"]
    assert [r[0] for r in strategy] == ["Mission", "Vision", "Value", "Value", "Value", "Value"]
    objectives = sample.sheets["Objectives"]
    levels = Counter(r[_col("Objectives", "level")] for r in objectives)
    assert levels["company"] == 5 and levels["department"] >= 8 and levels["team"] >= 2
    for r in objectives:
        assert r[_col("Objectives", "kpi")] and r[_col("Objectives", "target")] is not None
    cycle = {r[0]: r[1] for r in sample.sheets["Cycle"]}
    assert cycle["Fairness groups"] == "Location, Gender" and cycle["Start"] == START


def test_every_person_has_values_checkins_feedback_development_review_and_history(sample: SampleData) -> None:
    ids = {r[0] for r in sample.sheets["People"]}
    assert Counter(r[0] for r in sample.sheets["Values"]) == dict.fromkeys(ids, 4)
    feedback = {r[1] for r in sample.sheets["Check-ins"] if r[3] in ("praise", "constructive")}
    assert feedback == ids
    assert all(START <= r[0] <= END for r in sample.sheets["Check-ins"])
    assert {r[0] for r in sample.sheets["Development"]} == ids
    assert {r[0] for r in sample.sheets["Reviews"]} == ids
    history = sample.sheets["History"]
    assert {r[0] for r in history} == {"2026-Q2", "2026-Q3"} and {r[1] for r in history} <= ids
    gap = next(p.subject for p in sample.planted if p.code == "no-recent-checkin")
    recent = {r[1] for r in sample.sheets["Check-ins"] if r[3] != "self-reflection" and r[0] >= dt.date(2026, 11, 16)}
    assert ids - recent == {gap}


def test_planted_problems_are_listed_once_each(sample: SampleData) -> None:
    codes = [p.code for p in sample.planted]
    assert sorted(codes) == sorted(
        ["retired-objective", "orphan-goal", "uncovered-objective", "weights-not-100", "vague-goal",
         "not-measurable", "no-recent-checkin", "rating-gap"]
    )  # fmt: skip
    goals = {g[0]: g for g in sample.sheets["Goals"]}
    vague = next(p for p in sample.planted if p.code == "vague-goal")
    assert goals[vague.subject][2] == "Improve communication"
    assert sample.sheets["Goals"][vague.row - 2][0] == vague.subject
    assert sum(g[-1] == HOSTILE_COMMENT for g in sample.sheets["Goals"]) == 1


def test_ten_thousand_people_generate_quickly_with_small_spans() -> None:
    started = time.perf_counter()
    big = generate_sample(people=10_000, seed=3)
    assert time.perf_counter() - started < 10
    people = big.sheets["People"]
    assert len(people) == 10_000 and len({r[0] for r in people}) == 10_000
    assert max(Counter(r[5] for r in people if r[5]).values()) <= 9
    assert max(_depth(people).values()) >= 4
    assert 100 <= Counter(p.code for p in big.planted)["vague-goal"] <= 200  # about one per 60 people
    assert len({g[0] for g in big.sheets["Goals"]}) == len(big.sheets["Goals"])


def test_too_few_people_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="at least 12"):
        generate_sample(people=5)


def test_workbook_has_the_blank_layout_real_dates_and_text_comments(tmp_path: Path) -> None:
    path = write_sample_workbook(tmp_path / "s.xlsx")
    wb = load_workbook(path)
    blank = load_workbook(write_blank_workbook(tmp_path / "blank.xlsx"))
    assert wb.sheetnames == blank.sheetnames
    assert wb.sheetnames[0] == INSTRUCTIONS_SHEET and wb[LISTS_SHEET].sheet_state == "hidden"
    assert isinstance(wb["Cycle"]["B4"].value, dt.datetime)  # Start: a real date cell
    assert isinstance(wb["Goals"]["K2"].value, dt.datetime)
    assert [c.value for c in wb["People"][1]][-2:] == ["Location", "Gender"]
    hostile = [c for c in wb["Goals"]["P"] if c.value == HOSTILE_COMMENT]
    assert len(hostile) == 1 and hostile[0].data_type == "s"
    assert wb["Goals"].freeze_panes == "A2"
    with pytest.raises(OutputError, match="already exists"):
        write_sample_workbook(path)


def test_two_writes_are_byte_identical_and_match_the_bundled_sample(tmp_path: Path) -> None:
    a = write_sample_workbook(tmp_path / "a.xlsx")
    b = write_sample_workbook(tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() == BUNDLED.read_bytes(), "regenerate samples/northwind-2026-q4.xlsx (see samples/README.md)"


def test_readme_names_every_planted_problem(sample: SampleData) -> None:
    readme = (ROOT / "samples" / "README.md").read_text(encoding="utf-8")
    for p in sample.planted:
        assert p.code in readme and p.subject in readme and f"row {p.row}" in readme, p
    row, goal = next((i + 2, g) for i, g in enumerate(sample.sheets["Goals"]) if g[-1] == HOSTILE_COMMENT)
    assert f"goal {goal[0]}" in readme and f"Goals row {row})" in readme


@pytest.mark.parametrize("people", [12, 20, 45, 61])
def test_only_the_planted_objective_is_uncovered_at_any_size(people: int) -> None:
    data = generate_sample(people=people, seed=people)
    covered = {g[_col("Goals", "objective")] for g in data.sheets["Goals"]}
    children: dict[object, set[object]] = {}
    for o in data.sheets["Objectives"]:
        children.setdefault(o[_col("Objectives", "parent")], set()).add(o[0])

    def works_toward(oid: object) -> bool:
        return oid in covered or any(works_toward(c) for c in children.get(oid, ()))

    active = [o[0] for o in data.sheets["Objectives"] if o[_col("Objectives", "status")] == "active"]
    assert [oid for oid in active if not works_toward(oid)] == ["CS-4"]


def test_check_finds_exactly_the_planted_warnings_and_no_errors() -> None:
    load = pytest.importorskip("reviewgen.load.workbook")
    check = pytest.importorskip("reviewgen.check.run")
    wb = load.load_workbook(BUNDLED)
    findings = check.run_checks(wb)
    assert [f.one_line() for f in findings if f.severity == "error"] == []
    found = {(f.code, f.subject, f.location.row if f.location else None) for f in findings}
    expected = {(p.code, p.subject, p.row) for p in generate_sample().planted}
    assert found == expected
    assert len(wb.people) == 60
