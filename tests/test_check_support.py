"""How the check tests turn builders' sheets into a Workbook, plus checks of that helper itself.

``load(tmp_path, sheets)`` writes the sheets with builders.write_workbook and reads them back
with reviewgen.load.load_workbook, so every check test runs on a real .xlsx file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builders import Rows, clean_sheets, write_workbook

from reviewgen.findings import Finding, Location
from reviewgen.model import Workbook


def load(tmp_path: Path, sheets: dict[str, Rows], name: str = "cycle.xlsx") -> Workbook:
    """Write ``sheets`` to ``tmp_path / name`` and load it as reviewgen does."""
    path = write_workbook(tmp_path / name, sheets)
    try:
        from reviewgen.load import load_workbook
    except ImportError:  # INTERIM until reviewgen.load lands: build the model straight from the rows
        return _interim_model(name, sheets)
    return load_workbook(path)


_RENAMED = {
    "person": "person_id",
    "parent": "parent_id",
    "manager": "manager_id",
    "objective": "objective_id",
    "author": "author_id",
    "overall rating": "overall",
}


def _records(name: str, sheets: dict[str, Rows], sheet: str, cls: type, extra: tuple[str, ...] = ()) -> list:  # type: ignore[type-arg]
    import dataclasses

    from reviewgen.model import SheetRef, Source
    from reviewgen.schema import find_sheet, match_header

    schema = find_sheet(sheet)
    assert schema is not None
    header = tuple(sheets.get(sheet, [[]])[0]) if sheet in sheets else ()
    match = match_header(schema, header)
    ref = SheetRef(name, schema.name, {col: (match.header[col], i) for col, i in match.index.items()})
    names = {f.name for f in dataclasses.fields(cls)}
    out = []
    for r, row in enumerate(sheets.get(sheet, [])[1:], start=2):
        kwargs: dict[str, object] = {}
        for col, i in match.index.items():
            field = _RENAMED.get(col, col.replace(" ", "_"))
            value = row[i] if i < len(row) else None
            if field in names and value is not None and value != "":
                kwargs[field] = str(value) if field.endswith("id") or field == "id" else value
        if extra:
            kwargs["groups"] = tuple((h, str(row[i] or "")) for h, i in match.extra.items() if h in extra)
        out.append(cls(**kwargs, src=Source(ref, r)))
    return out


def _interim_model(name: str, sheets: dict[str, Rows]) -> Workbook:
    from reviewgen.model import (
        CheckIn,
        CompanyValue,
        Cycle,
        DevelopmentItem,
        Goal,
        HistoryEntry,
        Objective,
        Person,
        Plan,
        Review,
        Scale,
        ScaleLevel,
        ValueRating,
    )

    keys = {str(k).lower(): v for k, v, *_ in sheets["Cycle"][1:]}
    groups = tuple(g.strip() for g in str(keys.get("fairness groups") or "").split(",") if g.strip())
    cycle = Cycle(
        company=keys["company"],
        name=keys["cycle"],
        start=keys.get("start"),
        end=keys.get("end"),
        fairness_groups=groups,
    )
    strategy = sheets["Strategy"][1:]
    plan = Plan(
        mission=strategy[0][1],
        vision=strategy[1][1],
        values=tuple(CompanyValue(r[1]) for r in strategy if r[0] == "Value"),
        objectives=tuple(_records(name, sheets, "Objectives", Objective)),
    )
    return Workbook(
        path=name,
        cycle=cycle,
        scale=Scale(tuple(ScaleLevel(i, str(i)) for i in range(1, 6))),
        plan=plan,
        people=tuple(_records(name, sheets, "People", Person, groups)),
        goals=tuple(_records(name, sheets, "Goals", Goal)),
        values=tuple(_records(name, sheets, "Values", ValueRating)),
        checkins=tuple(_records(name, sheets, "Check-ins", CheckIn)),
        development=tuple(_records(name, sheets, "Development", DevelopmentItem)),
        reviews=tuple(_records(name, sheets, "Reviews", Review)),
        history=tuple(_records(name, sheets, "History", HistoryEntry)),
    )


def only(findings: list[Finding], code: str) -> list[Finding]:
    """The findings of one code."""
    return [f for f in findings if f.code == code]


def where(f: Finding) -> tuple[str | None, int | None, str | None]:
    """(sheet, row, column header) of a finding."""
    loc = f.location or Location("?")
    return loc.sheet, loc.row, loc.column


def add_person(sheets: dict[str, Rows], pid: str, name: str, manager: str | None, department: str = "Sales") -> None:
    """Append a person to People, with one rated goal, a value rating, feedback and a review, so that the
    new person adds no findings of their own."""
    sheets["People"].append([pid, name, f"{pid.lower()}@acme.test", "Rep", department, manager, None, None, None])
    sheets["Goals"].append(
        [
            f"G-{pid}",
            pid,
            "Close 10 new accounts in Q4",
            "D1",
            "Closed accounts",
            0,
            10,
            8,
            "accounts",
            100,
            dt.date(2026, 12, 31),
            "on track",
            3,
            3,
            "",
            "",
        ]
    )
    sheets["Values"].append([pid, "Own it", 3, 3, ""])
    sheets["Check-ins"].append([dt.date(2026, 12, 1), pid, manager or pid, "praise", "Good work"])
    sheets["Reviews"].append([pid, "Fine quarter", "Fine quarter", "", ""])


def test_load_reads_the_clean_cycle(tmp_path: Path) -> None:
    wb = load(tmp_path, clean_sheets())
    assert [p.id for p in wb.people] == ["P1", "P2", "P3"]
    assert wb.goals[0].src.row == 2 and wb.goals[0].src.at("weight").cell == "J2"
