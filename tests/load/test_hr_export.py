"""People from an HR export: the committed sample, CSV dialects, xlsx exports and unusable files."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from testkit.builders import clean_sheets, write_workbook

from reviewgen.errors import InputError
from reviewgen.load.hr_export import map_export_header, read_csv_export
from reviewgen.load.workbook import load_workbook
from reviewgen.model.findings import Location, Severity

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "hr-export"

MAPPING = '[people]\nsource = {source!r}\n[people.columns]\nid = "Employee Number"\nname = "Display Name"\n' + (
    'department = "Org Unit"\nmanager = "Supervisor ID"\n'
)
HEADER = "Employee Number,Display Name,Work Email,Job Title,Org Unit,Supervisor ID"


def cycle_without_people(folder: Path, source: str = "export.csv") -> Path:
    sheets = clean_sheets()
    del sheets["People"]
    (folder / "reviewgen.toml").write_text(MAPPING.format(source=source), encoding="utf-8")
    return write_workbook(folder / "cycle.xlsx", sheets)


def test_sample_people_come_from_the_csv() -> None:
    wb = load_workbook(SAMPLE / "cycle.xlsx")
    assert wb.findings == ()
    assert len(wb.people) == 10
    assert len(wb.goals) == 12
    csv_path = str(SAMPLE / "hris-export.csv")
    aylin = wb.person_by_id["1003"]
    assert (aylin.name, aylin.email, aylin.title, aylin.department, aylin.manager_id) == (
        "Aylin Demir",
        "aylin.demir@northwind.example",
        "Account Executive",
        "Sales",
        "1002",
    )
    assert aylin.groups == (("Gender", "F"), ("Location", "Hamburg"))
    assert aylin.src.at("department") == Location(csv_path, "", 4, "Org Unit", "E4")
    assert wb.person_by_id["1001"].manager_id is None
    assert {g.person_id for g in wb.goals} <= set(wb.person_by_id)
    assert "People" in wb.sheets


def test_sample_workbook_is_what_make_cycle_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_cycle", SAMPLE / "make_cycle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (SAMPLE / "cycle.xlsx").read_bytes()


def test_export_rows_give_the_same_findings_as_the_people_sheet(tmp_path: Path) -> None:
    path = cycle_without_people(tmp_path)
    (tmp_path / "export.csv").write_text(
        f"{HEADER},Communication\nP1,Ada,ada@x.test,CEO,Leadership,,loud\nP2,Grace,g@x.test,Head,Sales,P1,direct\n"
        "P3,Alan,a@x.test,AE,Sales,P2,\n",
        encoding="utf-8",
    )
    wb = load_workbook(path)
    finding = next(f for f in wb.findings if f.code == "bad-value")
    assert (finding.subject, finding.severity) == ("P1", Severity.ERROR)
    assert finding.location == Location(str(tmp_path / "export.csv"), "", 2, "Communication", "G2")
    assert [p.id for p in wb.people] == ["P1", "P2", "P3"]
    assert wb.people[1].communication == "direct"


def test_missing_mapped_column_points_into_the_export(tmp_path: Path) -> None:
    path = cycle_without_people(tmp_path)
    (tmp_path / "export.csv").write_text("Employee Number,Display Name,Org Unit\nP1,Ada,Leadership\n", encoding="utf-8")
    wb = load_workbook(path)
    missing = [f for f in wb.findings if f.code == "missing-column"]
    assert [f.location for f in missing] == [Location(str(tmp_path / "export.csv"), "", 1, "Supervisor ID")]
    assert missing[0].message == (
        'reviewgen.toml maps [people.columns] manager to the header "Supervisor ID", which the export export.csv does '
        'not have (its headers are "Employee Number", "Display Name", "Org Unit"): write the export\'s header exactly '
        "in reviewgen.toml"
    )


def test_people_sheet_is_ignored_when_an_export_is_named(tmp_path: Path) -> None:
    path = cycle_without_people(tmp_path)
    sheets = clean_sheets()
    sheets["People"][1][1] = "From the sheet"
    write_workbook(path, sheets)
    (tmp_path / "export.csv").write_text(
        f"{HEADER}\nP1,From the export,,,Leadership,\nP2,Grace,,,Sales,P1\nP3,Alan,,,Sales,P2\n", encoding="utf-8"
    )
    wb = load_workbook(path)
    assert wb.findings == ()
    assert wb.people[0].name == "From the export"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("\ufeffEmployee Number;Display Name;Org Unit;Supervisor ID\r\n1;Zoë Ünal;Ops;\r\n", ";"),
        ("Employee Number\tDisplay Name\tOrg Unit\tSupervisor ID\n1\tZoë Ünal\tOps\t\n", "\t"),
    ],
)
def test_csv_bom_semicolons_and_tabs(tmp_path: Path, text: str, delimiter: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    table = read_csv_export(str(path), {"id": "Employee Number", "name": "Display Name"})
    assert table.header == ("id", "name", "Org Unit", "Supervisor ID")
    assert table.display_header[0] == "Employee Number"
    assert [(n, list(cells)) for n, cells, _ in table.rows] == [(2, ["1", "Zoë Ünal", "Ops", ""])]


def test_multiline_field_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('id,name\n1,"two\nlines"\n\n3,Third\n', encoding="utf-8")
    table = read_csv_export(str(path), {})
    assert [(n, cells[1]) for n, cells, _ in table.rows] == [(2, "two\nlines"), (5, "Third")]


def test_map_export_header_is_spelling_insensitive() -> None:
    mapped = map_export_header(["EMPLOYEE  number", None, "Other"], {"id": "Employee Number"})
    assert mapped == ("id", None, "Other")


def test_xlsx_export(tmp_path: Path) -> None:
    path = cycle_without_people(tmp_path, "export.xlsx")
    write_workbook(
        tmp_path / "export.xlsx",
        {"Report 1": [HEADER.split(","), [1, "Ada", "", "CEO", "Leadership", None], [2, "Grace", "", "", "Sales", 1]]},
    )
    wb = load_workbook(path)
    assert [(p.id, p.manager_id) for p in wb.people] == [("1", None), ("2", "1")]
    assert wb.people[1].src.at("manager") == Location(
        str(tmp_path / "export.xlsx"), "Report 1", 3, "Supervisor ID", "F3"
    )


def test_missing_export(tmp_path: Path) -> None:
    path = cycle_without_people(tmp_path)
    with pytest.raises(InputError) as info:
        load_workbook(path)
    assert str(info.value) == (
        f"{tmp_path / 'export.csv'}: the HR export named in reviewgen.toml ([people] source) was not found: "
        "check the file name, or remove [people] to use the People sheet"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Name\n\xff\xfe broken", "the HR export is not UTF-8 text: export it again as CSV (UTF-8)"),
        (b"", "the HR export is empty: export the people list again"),
        (b" , \n", "the HR export is empty: export the people list again"),
    ],
)
def test_unusable_csv(tmp_path: Path, content: bytes, message: str) -> None:
    path = cycle_without_people(tmp_path)
    (tmp_path / "export.csv").write_bytes(content)
    with pytest.raises(InputError) as info:
        load_workbook(path)
    assert str(info.value) == f"{tmp_path / 'export.csv'}: {message}"


def test_sample_folder_can_be_copied(tmp_path: Path) -> None:
    for name in ("cycle.xlsx", "hris-export.csv", "reviewgen.toml"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    wb = load_workbook(tmp_path / "cycle.xlsx")
    assert wb.people[0].src.ref.file == str(tmp_path / "hris-export.csv")
