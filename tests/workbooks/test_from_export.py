"""`reviewgen init DIR --people EXPORT --config reviewgen.toml`: a cycle started from an HR export."""

from __future__ import annotations

import tomllib
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook as open_xlsx

from reviewgen.cli import main
from reviewgen.load.config import load_config
from reviewgen.load.workbook import load_workbook
from reviewgen.workbooks.from_export import comment_out_people

TOML = """# our HR system's export
[thresholds]
rating_gap = 1.5

[people]
source = "somewhere-else.csv"
manager_by = "name"
top = ["Board of Directors"]

[people.columns]
id = "EmpID"
name = ["First Name", "Last Name"]
manager = "Manager Name"
department = "Dept"

[people.include]
"Status" = ["Active"]

[dates]
order = "mdy"
"""

EXPORT = (
    "EmpID,First Name,Last Name,Dept,Manager Name,Status,Salary\n"
    "1,Janet,King,Executive Office,Board of Directors,Active,250000\n"
    '2,Brandon R.,LeBlanc,Admin Offices,"King, Janet",Active,93046\n'
    "3,Mia,Brown,Admin Offices,Brandon LeBlanc,Active,63000\n"
    "4,Sean,Quinn,Software Engineering,Janet King,Voluntarily Terminated,83363\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="reviewgen")
    return result.exit_code, result.stdout, result.stderr


def test_init_people_writes_the_people_sheet_and_the_toml_used(tmp_path: Path) -> None:
    (tmp_path / "hr").mkdir()
    (tmp_path / "hr" / "export.csv").write_text(EXPORT, encoding="utf-8")
    (tmp_path / "hr" / "reviewgen.toml").write_text(TOML, encoding="utf-8")
    out = tmp_path / "cycle"
    code, stdout, stderr = run(
        "init",
        str(out),
        "--people",
        str(tmp_path / "hr" / "export.csv"),
        "--config",
        str(tmp_path / "hr" / "reviewgen.toml"),
    )
    assert code == 0, stderr
    assert stdout == (
        f"Wrote {out / 'cycle.xlsx'} and {out / 'reviewgen.toml'}\n"
        "  3 people from export.csv (3 of 4 rows kept) on the People sheet\n"
        f"  reviewgen.toml: the mapping from {tmp_path / 'hr' / 'reviewgen.toml'}, its [people] tables kept as "
        "comments\n"
        "  next: fill in the Cycle, Strategy and Objectives sheets, then `reviewgen check`\n"
    )
    assert "info[rows-left-out]" in stderr
    rows = list(open_xlsx(out / "cycle.xlsx")["People"].iter_rows(values_only=True))
    assert rows[0][:6] == ("ID", "Name", "Email", "Title", "Department", "Manager")
    assert [r[:6] for r in rows[1:]] == [
        ("1", "Janet King", None, None, "Executive Office", None),
        ("2", "Brandon R. LeBlanc", None, None, "Admin Offices", "1"),
        ("3", "Mia Brown", None, None, "Admin Offices", "2"),
    ]
    assert all(len(r) == 10 for r in rows)  # our columns only: the salary column is not copied
    # The copy keeps thresholds and dates, and the workbook reads its people from its own People sheet.
    text = (out / "reviewgen.toml").read_text(encoding="utf-8")
    assert '# manager_by = "name"' in text and '# "Status" = ["Active"]' in text
    assert tomllib.loads(text) == {"thresholds": {"rating_gap": 1.5}, "dates": {"order": "mdy"}}
    config = load_config(out / "cycle.xlsx")
    assert (config.people, config.thresholds.rating_gap, config.date_order) == (None, 1.5, "mdy")
    assert [p.manager_id for p in load_workbook(out / "cycle.xlsx").people] == [None, "1", "2"]


def test_init_people_stops_on_errors_and_writes_nothing(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("ID,Name,Department,Manager\n1,Janet King,Office,\n2,Ann Lee,Sales,7\n3,Bo Chan\n", "utf-8")
    code, stdout, stderr = run("init", str(tmp_path / "cycle"), "--people", str(export))
    assert (code, stdout) == (1, "")
    # The short row, and manager 7, who is not in the export (reported by init, once).
    assert "error[bad-row]" in stderr and "export.csv has 2 error(s)" in stderr
    assert "error[unknown-manager]" in stderr and "7, named as manager of 1 person (first on row 3)" in stderr
    assert not (tmp_path / "cycle" / "cycle.xlsx").exists()
    code, stdout, _ = run("init", str(tmp_path / "cycle"), "--people", str(export), "--ignore-errors")
    assert code == 0
    assert stdout.splitlines()[1] == "  2 people from export.csv on the People sheet"


def test_init_people_without_config_needs_our_headers_and_refuses_other_files(tmp_path: Path) -> None:
    code, _, stderr = run("init", str(tmp_path), "--people", str(tmp_path / "people.txt"))
    assert (code, stderr) == (2, f"reviewgen: error: {tmp_path / 'people.txt'}: --people takes the HR export as a "
                                  ".csv or .xlsx file\n")  # fmt: skip
    code, _, stderr = run("init", str(tmp_path), "--config", str(Path(__file__)))
    assert (code, stderr) == (
        2,
        "reviewgen: error: --config goes with --people EXPORT: the toml that maps the export's columns\n",
    )


def test_the_toml_in_the_new_folder_itself_is_refused(tmp_path: Path) -> None:
    (tmp_path / "export.csv").write_text("ID,Name,Department,Manager\n1,Janet King,Office,\n", encoding="utf-8")
    (tmp_path / "reviewgen.toml").write_text('[dates]\norder = "dmy"\n', encoding="utf-8")
    code, _, stderr = run(
        "init", str(tmp_path), "--people", str(tmp_path / "export.csv"), "--config", str(tmp_path / "reviewgen.toml")
    )
    assert code == 2
    assert "is already in" in stderr and "start the cycle in a new folder" in stderr
    assert not (tmp_path / "cycle.xlsx").exists()


def test_comment_out_people_keeps_other_tables() -> None:
    text = '[people]\nsource = "a.csv"\n\n[ people.columns ]\nid = "X"\n[dates]\norder = "dmy"\n'
    assert comment_out_people(text) == (
        '# [people]\n# source = "a.csv"\n\n# [ people.columns ]\n# id = "X"\n[dates]\norder = "dmy"\n'
    )
