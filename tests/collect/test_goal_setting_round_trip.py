"""The goal-setting round trip on the sample cycle (issue 13): forms --goals, a manager types goals into the form
(with openpyxl, and in a copy LibreOffice saved again), collect, check, build; the new goal is in the packet.

In the 12-person sample Ben Van der Berg (NW0002) manages Chiara Costa (NW0003), Tomás Müller (NW0004) and 佐藤 花子
(NW0005); the workbook's last goal is G00037.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from testkit.office import convert

from reviewgen.cli import main

BEN = "2026-Q4 - NW0002 - Ben Van der Berg - goals.xlsx"
SHIP = "Ship the reconciliation export v1 by 20 December"
TOMAS = "out/managers/NW0002 - Ben Van der Berg/NW0004 - Tomás Müller - employee edition.md"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="reviewgen")


def type_goals(issued: Path, returned: Path) -> str:
    """Type what Ben would: an edited title, two new goals (one vague), one on an objective not in the plan.
    Returns the objective chosen from the dropdown for the new goal."""
    book = openpyxl.load_workbook(issued)
    ws = book["Goals"]
    headers = {c.value: c.column for c in ws[2]}
    rows = {(r[0].value, r[2].value): r[0].row for r in ws.iter_rows(min_row=3)}
    objective = str(book["Lists"]["A3"].value)  # the second entry of the dropdown

    def put(row: int, header: str, value: object) -> None:
        ws.cell(row=row, column=headers[header]).value = value

    put(rows["NW0005", "G00018"], "Goal", "Present the ledger roadmap at 2 all-hands meetings by 15 December")
    empty = [r[0].row for r in ws.iter_rows(min_row=3) if r[2].value is None]
    first_of = {ws.cell(row=r, column=1).value: r for r in reversed(empty)}
    tomas = first_of["NW0004"]
    for header, value in [("Goal", SHIP), ("Objective", objective), ("Metric", "Export shipped"), ("Baseline", 0),
                          ("Target", 1), ("Unit", "release"), ("Due", dt.datetime(2026, 12, 20))]:  # fmt: skip
        put(tomas, header, value)
    put(first_of["NW0003"], "Goal", "Be a team player")
    put(first_of["NW0003"], "Objective", objective)
    put(first_of["NW0005"], "Goal", "Win back 3 lost accounts")
    put(first_of["NW0005"], "Objective", "ZZ-9 - a retired plan")
    returned.parent.mkdir(exist_ok=True)
    book.save(returned)
    return objective


@pytest.mark.parametrize("program", ["openpyxl", pytest.param("libreoffice", marks=pytest.mark.soffice)])
def test_forms_goals_type_collect_check_build(
    program: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "q4/", "--sample", "--people", "12").exit_code == 0
    book = "q4/northwind-12-seed1.xlsx"
    result = run("forms", book, "-o", "goal-forms/", "--goals", "--self")
    assert (result.exit_code, result.stdout) == (0, "Wrote 17 forms to goal-forms\n")

    objective = type_goals(Path("goal-forms") / BEN, Path("returned") / BEN)
    if program == "libreoffice":
        soffice = request.getfixturevalue("soffice")
        shutil.move(convert(soffice, Path("returned") / BEN, Path("lo"), "xlsx", tmp_path / "profile"),
                    Path("returned") / BEN)  # fmt: skip

    result = run("collect", book, "returned/", "-o", "goals.xlsx")
    assert result.exit_code == 0, result.output
    report = result.stdout
    assert (
        "1 of 1 files used; 10 cells changed, 0 check-ins added, 1 rows rejected, 0 conflicts, 4 forms not returned. "
        "Goals added: 2.\n"
    ) in report
    assert f"  - {BEN}: partly accepted, NW0002 Ben Van der Berg (goal-setting form): 1 changes, 2 goals added, " in (
        report
    )
    assert (
        f"  - {BEN} › Goals › row 22 (NW0005): objective 'ZZ-9' is not on the Objectives sheet: choose an objective "
        "from the dropdown\n"
    ) in report
    assert f"  - G00038 NW0003 'Be a team player' ({BEN}, row 7)\n" in report
    assert f"  - G00039 NW0004 '{SHIP}' ({BEN}, row 15)\n" in report
    assert f'  - {BEN} › Goals › row 7 (G00038): warning[vague-goal] goal G00038 "Be a team player"' in report

    goals = {r[0]: r for r in openpyxl.load_workbook("goals.xlsx")["Goals"].iter_rows(values_only=True)}
    assert goals["G00039"][:11] == ("G00039", "NW0004", SHIP, objective.split(" - ")[0], "Export shipped", 0, 1,
                                    None, "release", None, dt.datetime(2026, 12, 20))  # fmt: skip
    assert goals["G00018"][2] == "Present the ledger roadmap at 2 all-hands meetings by 15 December"

    result = run("check", "goals.xlsx")
    assert result.exit_code == 0, result.output
    assert 'goals.xlsx › Goals › row 39 › Title (C39): goal G00038 "Be a team player"' in result.stdout
    result = run("build", "goals.xlsx", "-o", "out/", "--only", "kind:packet", "--format", "md", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert SHIP in Path(TOMAS).read_text(encoding="utf-8")
