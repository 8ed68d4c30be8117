"""The document list of a build (reviewgen/documents.py): layout, names, --only, editions."""

from __future__ import annotations

import pytest

from reviewgen.build.plan import DocumentJob, Selection, departments_of, plan_documents
from reviewgen.errors import ConfigError
from reviewgen.model.workbook import Cycle, Person, Plan, Scale, ScaleLevel, Workbook


def _workbook(*people: Person) -> Workbook:
    return Workbook(
        path="cycle.xlsx",
        cycle=Cycle(company="Acme", name="2026-Q4", start=None, end=None),
        scale=Scale((ScaleLevel(1, "Low"), ScaleLevel(2, "High"))),
        plan=Plan(mission="m", vision="v"),
        people=people,
    )


ORG = _workbook(
    Person("P1", "Ada Lovelace", "Leadership"),
    Person("P2", "Grace Hopper", "Sales", manager_id="P1"),
    Person("P3", "Alan Turing", "Sales", manager_id="P2"),
    Person("P4", "Edsger Dijkstra", "Research", manager_id="P1"),
)


def _stems(jobs: tuple[DocumentJob, ...]) -> list[str]:
    return [j.stem for j in jobs]


def test_full_plan_lays_out_folders_per_manager_scorecards_and_strategy() -> None:
    jobs = plan_documents(ORG)
    assert _stems(jobs) == [
        "managers/Without a manager/P1 - Ada Lovelace - employee edition",
        "managers/Without a manager/P1 - Ada Lovelace - manager edition",
        "managers/P1 - Ada Lovelace/P2 - Grace Hopper - employee edition",
        "managers/P1 - Ada Lovelace/P2 - Grace Hopper - manager edition",
        "managers/P2 - Grace Hopper/P3 - Alan Turing - employee edition",
        "managers/P2 - Grace Hopper/P3 - Alan Turing - manager edition",
        "managers/P1 - Ada Lovelace/P4 - Edsger Dijkstra - employee edition",
        "managers/P1 - Ada Lovelace/P4 - Edsger Dijkstra - manager edition",
        "managers/P1 - Ada Lovelace/Team scorecard - P1 - Ada Lovelace",
        "managers/P2 - Grace Hopper/Team scorecard - P2 - Grace Hopper",
        "scorecards/Department scorecard - Leadership",
        "scorecards/Department scorecard - Research",
        "scorecards/Department scorecard - Sales",
        "scorecards/Company scorecard",
        "strategy/Strategy one-pager",
        "strategy/Workshop handout - Leadership",
        "strategy/Workshop handout - Research",
        "strategy/Workshop handout - Sales",
    ]
    packet = jobs[4]
    assert (packet.kind, packet.subject, packet.edition) == ("packet", "P3", "employee")
    assert packet.template == "packet.md.j2"
    assert packet.relpath("docx") == packet.stem + ".docx"
    scopes = [(j.scope, j.subject) for j in jobs if j.kind == "scorecard"]
    assert scopes == [
        ("manager", "P1"),
        ("manager", "P2"),
        ("department", "Leadership"),
        ("department", "Research"),
        ("department", "Sales"),
        ("company", ""),
    ]


def test_only_people_departments_and_kinds() -> None:
    only_p3 = plan_documents(ORG, selection=Selection.parse("P3"))
    assert [(j.kind, j.subject, j.edition) for j in only_p3] == [
        ("packet", "P3", "employee"),
        ("packet", "P3", "manager"),
    ]
    # A manager named in --only also gets their team scorecard.
    assert [j.kind for j in plan_documents(ORG, selection=Selection.parse("P2"))] == ["packet", "packet", "scorecard"]
    # dept: is case-insensitive; kinds narrow it down.
    sales_packets = plan_documents(ORG, selection=Selection.parse(" dept:sales , kind:packet"), editions=["manager"])
    assert [(j.subject, j.edition) for j in sales_packets] == [("P2", "manager"), ("P3", "manager")]
    sales = plan_documents(ORG, selection=Selection.parse("dept:Sales"))
    assert {j.kind for j in sales} == {"packet", "scorecard", "handout"}
    assert "scorecards/Company scorecard" not in _stems(sales)
    assert [j.stem for j in plan_documents(ORG, selection=Selection.parse("kind:one-pager"))] == [
        "strategy/Strategy one-pager"
    ]


def test_only_rejects_unknown_ids_departments_and_kinds_at_once() -> None:
    with pytest.raises(ConfigError) as err:
        plan_documents(ORG, selection=Selection.parse("P9,P3,dept:Legal"))
    assert "P9" in err.value.message and "Legal" in err.value.message and "cycle.xlsx" in err.value.message
    with pytest.raises(ConfigError, match="kind"):
        Selection.parse("kind:poster")
    with pytest.raises(ConfigError, match="department"):
        Selection.parse("dept:")


def test_hostile_names_become_safe_unique_paths() -> None:
    wb = _workbook(
        Person("P1", "../../etc/passwd", "A/B"),
        Person("P2", "{{ 7*7 }} | #x", "a_b", manager_id="P1"),
        Person("P3", "=cmd()\x07", "A|B", manager_id="P1"),
        Person("P4", "Con", "A:B", manager_id="P2"),
    )
    jobs = plan_documents(wb)
    for job in jobs:
        parts = job.stem.split("/")
        assert all(part and part not in (".", "..") and not part.startswith(".") for part in parts), job.stem
        assert not any(ch in job.stem for ch in '\\:*?"<>|\x07'), job.stem
    stems = [j.stem.casefold() for j in jobs]
    assert len(stems) == len(set(stems))
    # "A/B", "A|B" and "A:B" all sanitise to "A_B", and "a_b" equals it case-insensitively: numbered.
    # Departments sort as "a/b" < "a:b" < "a_b" < "a|b"; the subject keeps the real name (printed as text).
    handouts = [(j.subject, j.stem) for j in jobs if j.kind == "handout"]
    assert handouts == [
        ("A/B", "strategy/Workshop handout - A_B"),
        ("A:B", "strategy/Workshop handout - A_B (2)"),
        ("a_b", "strategy/Workshop handout - a_b (3)"),
        ("A|B", "strategy/Workshop handout - A_B (4)"),
    ]


def test_departments_are_listed_once_each() -> None:
    wb = _workbook(Person("P1", "A", "Sales"), Person("P2", "B", "sales"), Person("P3", "C", "Ops"))
    assert departments_of(wb) == ("Ops", "Sales")
