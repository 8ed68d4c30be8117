"""`reviewgen status --forms DIR` counts returned goal-setting forms (issue 13): a person's goal form is back when
their manager's `forms --goals` form or their own `--goals --self` proposal is in the folder; its own column, shown
only when the folder holds goal-setting forms.

On the 60-person sample, returned: Zoë Ångström's goal form (NW0001, the top: her 5 reports, one per department),
Hannah Kim's (NW0012: 8 in Engineering), and the proposals of Zoë Ångström herself, Zoë Costa (NW0003, whose
manager's form is not back) and Kwame Patel (NW0013, already on Hannah's form): 5 + 8 + 2 = 15 of 60.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from testkit.builders import clean_sheets, write_workbook

from reviewgen import api
from reviewgen.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "northwind-2026-q4.xlsx"
RETURNED = [
    "2026-Q4 - NW0001 - Zoë Ångström - goals.xlsx",
    "2026-Q4 - NW0012 - Hannah Kim - goals.xlsx",
    "2026-Q4 - NW0001 - Zoë Ångström - goal proposal.xlsx",
    "2026-Q4 - NW0003 - Zoë Costa - goal proposal.xlsx",
    "2026-Q4 - NW0013 - Kwame Patel - goal proposal.xlsx",
]
HEAD = ["people", "goals", "weights", "goal", "form", "self", "ratings", "check-in"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample (its secret beside it), its goal forms written, five of them copied to returned/."""
    root = tmp_path_factory.mktemp("goal-status")
    book = root / SAMPLE.name
    shutil.copy(SAMPLE, book)
    api.issue_forms(book, root / "goal-forms", goals=True, self_forms=True)
    (root / "returned").mkdir()
    for name in RETURNED:
        shutil.copy(root / "goal-forms" / name, root / "returned" / name)
    return book


def status(book: Path, fmt: str) -> str:
    args = ["status", book.name, "--forms", "returned", "--as-of", "2026-12-31", "--format", fmt]
    with contextlib.chdir(book.parent):
        result = CliRunner().invoke(main, args, prog_name="reviewgen")
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def test_text_shows_a_goal_form_column_and_no_review_form_column(sample: Path) -> None:
    lines = status(sample, "text").splitlines()
    assert lines[2].split() == HEAD
    assert lines[3].split() == ["Northwind", "Ledger", "60", "60/60", "59/60", "15/60", "60/60", "60/60", "59/60"]
    by_department = {line[:34].strip(): line[34:].split()[3] for line in lines[6:12]}
    assert by_department == {
        "Customer Success": "1/12",
        "Engineering": "10/19",  # Ben (on Zoë Ångström's form), Zoë Costa (her proposal), Hannah's 8
        "Finance & People": "1/8",
        "Leadership": "1/1",  # the top: measured by her own proposal
        "Marketing": "1/6",
        "Sales": "1/14",
    }
    by_manager = {line[:34].strip(): line[34:].split()[3] for line in lines[14:26]}
    assert [by_manager[m] for m in ("Zoë Ångström (NW0001)", "Ben Van der Berg (NW0002)", "Hannah Kim (NW0012)")] == [
        "5/5",
        "1/2",
        "8/8",
    ]
    assert sum(int(v.split("/")[0]) for v in by_manager.values()) == 14  # and Zoë Ångström on no manager's form
    assert lines[-2].startswith("goals: goals set; weights: weights add to 100; goal form: goal form returned; self:")
    assert lines[-1] == (  # the chase list of the goal forms not back: with the folder
        "47 people have steps to do; the chase list: reviewgen status northwind-2026-q4.xlsx --forms returned "
        "--as-of 2026-12-31 --format csv"
    )


def test_json_markdown_and_the_chase_list_count_goal_forms(sample: Path) -> None:
    data = json.loads(status(sample, "json"))
    assert [s["key"] for s in data["steps"]] == ["goals", "weights", "goal_form", "self", "ratings", "checkin"]
    assert data["company_total"]["done"]["goal_form"] == {"done": 15, "of": 60}
    people = {p["id"]: p["missing"] for p in data["people"]}
    assert people["NW0001"] == [] and people["NW0003"] == [] and people["NW0013"] == []
    assert people["NW0004"] == ["goal_form"]  # Zoë Costa's report: her goal form is not back
    assert sum("goal_form" in missing for missing in people.values()) == 45

    markdown = status(sample, "markdown")
    assert "| | people | goals | weights | goal form | self | ratings | check-in |" in markdown
    assert "| Northwind Ledger | 60 | 60/60 | 59/60 | 15/60 | 60/60 | 60/60 | 59/60 |" in markdown

    chase = status(sample, "csv").splitlines()
    assert len(chase) == 1 + 47
    assert chase[1] == (
        "NW0004,Tomás Müller,tomas.muller@northwind-ledger.example,Engineering,goal form returned,NW0003,Zoë Costa,"
        "zoe.costa@northwind-ledger.example,2026-12-06"
    )
    assert sum("goal form returned" in row for row in chase) == 45


def test_a_folder_of_review_and_goal_forms_shows_both_columns(tmp_path: Path) -> None:
    """The clean cycle: Ada (P1) manages Grace (P2), who manages Alan (P3). Grace's review form and Ada's goal
    form came back; without proposals in the folder, Ada (the top) is measured on neither form."""
    path = write_workbook(tmp_path / "cycle.xlsx", clean_sheets())
    reviews = api.issue_forms(path, tmp_path / "forms")
    goals = api.issue_forms(path, tmp_path / "goal-forms", goals=True)
    returned = tmp_path / "returned"
    returned.mkdir()
    for form in (next(p for p in reviews if "P2" in p.name), next(p for p in goals if "P1" in p.name)):
        shutil.copy(form, returned / form.name)
    report = api.cycle_status(path, forms_dir=returned, as_of=dt.date(2026, 12, 31)).report
    assert [key for key, _ in report.steps()] == ["goals", "weights", "goal_form", "self", "ratings", "checkin", "form"]
    assert {s.person.id: s.missing() for s in report.people} == {"P1": (), "P2": ("form",), "P3": ("goal_form",)}
    assert report.company_total.counts[2] == ("goal_form", 1, 2)
    assert report.company_total.counts[-1] == ("form", 1, 2)
