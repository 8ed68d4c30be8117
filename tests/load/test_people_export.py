"""People from a real HR export, mapped in reviewgen.toml alone: each quirk of real exports, and its one finding."""

from __future__ import annotations

from pathlib import Path

from testkit.builders import clean_sheets, write_workbook

from reviewgen.check.run import run_checks
from reviewgen.load.workbook import load_workbook
from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.model.workbook import Workbook

BY_NAME = """
[people]
source = "export.csv"
manager_by = "name"
top = ["Board of Directors"]
[people.columns]
id = "EmpID"
name = "Employee_Name"
manager = "ManagerName"
department = "Department"
"""


def load(folder: Path, csv: str, toml: str = BY_NAME) -> tuple[Workbook, str]:
    """Load a cycle whose people come from ``csv`` as ``toml`` maps it; also the export's path."""
    sheets = clean_sheets()
    del sheets["People"]
    (folder / "reviewgen.toml").write_text(toml, encoding="utf-8")
    (folder / "export.csv").write_text(csv, encoding="utf-8")
    return load_workbook(write_workbook(folder / "cycle.xlsx", sheets)), str(folder / "export.csv")


def managers(wb: Workbook) -> dict[str, str | None]:
    return {p.id: p.manager_id for p in wb.people}


def only(wb: Workbook, code: str) -> list[Finding]:
    return [f for f in wb.findings if f.code == code]


def test_manager_names_match_whatever_the_order_case_spaces_accents_and_initials(tmp_path: Path) -> None:
    wb, _ = load(
        tmp_path,
        "Employee_Name,EmpID,Department,ManagerName\n"
        '"King, Janet",1,Executive Office,Board of Directors\n'
        '"LeBlanc, Brandon  R",2,Admin Offices,Janet   KING\n'  # case and repeated spaces
        '"Ünal, Zoë",3,IT/IS,Brandon R. LeBlanc\n'  # "First M. Last" against "Last, First  M"
        "Ada Lovelace,4,IT/IS,zoe unal\n"  # accents on one side only
        "Grace Hopper,5,IT/IS,Brandon LeBlanc\n"  # the middle initial on one side only
        'Alan Turing,6,IT/IS,"Lovelace, Ada B."\n',
    )
    assert wb.findings == ()
    assert managers(wb) == {"1": None, "2": "1", "3": "2", "4": "3", "5": "2", "6": "4"}


def test_a_missing_manager_is_one_finding_not_one_per_row(tmp_path: Path) -> None:
    wb, export = load(
        tmp_path,
        "Employee_Name,EmpID,Department,ManagerName\n"
        "Janet King,1,Executive Office,Board of Directors\n"
        "Ann Lee,2,Sales,Jane Roe\n"
        'Bo Chan,3,Sales,"Roe, Jane"\n'
        "Cy Diaz,4,Sales,jane roe\n",
    )
    assert wb.findings == (
        Finding(
            "unknown-manager",
            Severity.ERROR,
            '"Jane Roe", named as manager of 3 people (first on row 3), is not in the export: add them to the '
            'export, correct the name, or list it under [people] top in reviewgen.toml if it means "reports to nobody"',
            Location(export, "", 3, "ManagerName", "D3"),
            "Jane Roe",
        ),
    )
    # The rows stay, without a manager, so nothing else cascades from the one missing name.
    assert managers(wb) == {"1": None, "2": None, "3": None, "4": None}


def test_a_name_that_fits_two_people_is_ambiguous_and_initials_decide(tmp_path: Path) -> None:
    wb, export = load(
        tmp_path,
        "Employee_Name,EmpID,Department,ManagerName\n"
        "Janet King,1,Executive Office,\n"
        '"Roe, Jane",2,Sales,Janet King\n'
        "Jane M. Roe,3,Support,Janet King\n"
        "Ann Lee,4,Sales,Jane Roe\n"
        "Bo Chan,5,Support,Jane M Roe\n",
    )
    assert wb.findings == (
        Finding(
            "ambiguous-manager",
            Severity.ERROR,
            '"Jane Roe", named as manager of 1 person (first on row 5), fits 2 people: 2 (Roe, Jane) and 3 '
            "(Jane M. Roe): write the manager's name as the export spells it, middle initial included, or map a "
            'column of manager ids (manager_by = "id")',
            Location(export, "", 5, "ManagerName", "D5"),
            "Jane Roe",
        ),
    )
    assert managers(wb)["4"] is None
    assert managers(wb)["5"] == "3"


def test_a_short_or_long_csv_row_is_an_error_at_its_line(tmp_path: Path) -> None:
    wb, export = load(
        tmp_path,
        "Employee_Name,EmpID,Department,ManagerName\n"
        "Janet King,1,Executive Office,\n"
        "Ann Lee,2,Sales\n"
        "Lee, Bo,3,Sales,Janet King\n"
        "Cy Diaz,4,Sales,Janet King\n",
    )
    assert [(f.code, f.location, f.message) for f in only(wb, "bad-row")] == [
        (
            "bad-row",
            Location(export, "", 3),
            "line 3 has 3 fields but the header has 4: a value is missing, or a line break splits the row; export "
            "the file again or correct the line (the row is left out until then)",
        ),
        (
            "bad-row",
            Location(export, "", 4),
            "line 4 has 5 fields but the header has 4: a value holding a comma or semicolon must be in double "
            "quotes; export the file again or correct the line (the row is left out until then)",
        ),
    ]
    assert managers(wb) == {"1": None, "4": "1"}


def test_include_keeps_matching_rows_and_counts_the_rest(tmp_path: Path) -> None:
    toml = BY_NAME + '[people.include]\n"EmploymentStatus" = ["Active", "Leave of absence"]\n'
    wb, export = load(
        tmp_path,
        "Employee_Name,EmpID,Department,ManagerName,EmploymentStatus\n"
        "Janet King,1,Executive Office,Board of Directors,Active\n"
        "Old Boss,2,Sales,Janet King,Voluntarily Terminated\n"
        "Ann Lee,3,Sales,Old Boss,active\n"
        "Bo Chan,4,Sales,Janet King,Terminated for Cause\n"
        "Cy Diaz,5,Sales,Janet King,Leave of Absence\n",
        toml,
    )
    assert [(f.code, f.severity, f.message, f.location) for f in wb.findings] == [
        (
            "rows-left-out",
            Severity.INFO,
            '3 of 5 rows kept: [people.include] keeps the rows where "EmploymentStatus" is "Active" or "Leave of '
            'absence"; the other 2 are left out',
            Location(export, "", 1, "EmploymentStatus"),
        ),
        (
            "unknown-manager",
            Severity.ERROR,
            '"Old Boss", named as manager of 1 person (first on row 4), is in the export (row 3) but left out by '
            "[people.include]: keep their row, or write who these people report to now",
            Location(export, "", 4, "ManagerName", "D4"),
        ),
    ]
    assert sorted(managers(wb)) == ["1", "3", "5"]


def test_a_mapped_header_the_export_lacks_names_key_header_and_closest_headers(tmp_path: Path) -> None:
    toml = BY_NAME.replace('manager = "ManagerName"', 'manager = "Manager Name "').replace('"ManagerName"', "")
    wb, export = load(
        tmp_path,
        "Employee_Name,EmpID,Department,ManagerNames,Manager ID\nJanet King,1,Executive Office,,\nAnn Lee,2,Sales,"
        "Janet King,1\n",
        toml,
    )
    assert wb.findings == (
        Finding(
            "missing-column",
            Severity.ERROR,
            'reviewgen.toml maps [people.columns] manager to the header "Manager Name", which the export export.csv '
            'does not have (its closest headers are "ManagerNames", "Manager ID"): write the export\'s header exactly '
            "in reviewgen.toml",
            Location(export, "", 1, "Manager Name"),
        ),
    )
    # "Manager ID" is an alias of our manager column: it must not stand in for the mapped header.
    assert managers(wb) == {"1": None, "2": None}


def test_joined_name_columns_and_an_empty_department(tmp_path: Path) -> None:
    toml = BY_NAME.replace('name = "Employee_Name"', 'name = ["First Name", "Last Name"]')
    wb, export = load(
        tmp_path,
        "EmpID,First Name,Last Name,Department,ManagerName\n1,Janet,King,Executive Office,\n2,Ann,Lee,,King Janet\n",
        toml,
    )
    assert [p.name for p in wb.people] == ["Janet King", "Ann Lee"]
    assert managers(wb) == {"1": None, "2": "1"}
    assert wb.findings == (
        Finding(
            "missing-value",
            Severity.ERROR,
            "Department is empty: fill it in (until then the person counts in no department)",
            Location(export, "", 3, "Department", "D3"),
            "2",
        ),
    )
    assert wb.people[0].src.at("name") == Location(export, "", 2, "First Name + Last Name", "B2")


def test_several_people_without_a_manager_and_two_of_one_name(tmp_path: Path) -> None:
    wb, export = load(
        tmp_path,
        "Employee_Name,EmpID,Department,ManagerName\n"
        "Janet King,1,Executive Office,Board of Directors\n"
        "Ann Lee,2,Sales,\n"
        "Bo Chan,3,Sales,Janet King\n"
        '"Chan, Bo",4,Support,Janet King\n',
    )
    assert [(f.code, f.severity, f.message, f.location, f.subject) for f in wb.findings] == [
        (
            "several-without-manager",
            Severity.WARNING,
            "2 people have no manager: Janet King (1), Ann Lee (2): only the head of the organisation should have "
            "none; fill in the others' managers",
            Location(export, "", 2, "ManagerName", "D2"),
            None,
        ),
        (
            "duplicate-name",
            Severity.INFO,
            '2 people are named "Bo Chan": 3 (row 4) and 4 (row 5): their ids keep them apart; check that they are '
            "not one person listed twice",
            Location(export, "", 5, "Employee_Name", "A5"),
            "4",
        ),
    ]


def test_manager_ids_with_a_top_value(tmp_path: Path) -> None:
    toml = BY_NAME.replace('manager_by = "name"', 'manager_by = "id"').replace('"ManagerName"', '"ManagerID"')
    wb, _ = load(
        tmp_path,
        "Employee_Name,EmpID,Department,ManagerID\n"
        "Janet King,1,Executive Office,board of directors\n"
        "Ann Lee,2,Sales,1\n",
        toml,
    )
    assert wb.findings == ()
    assert managers(wb) == {"1": None, "2": "1"}


BY_ID = """
[people]
source = "export.csv"
[people.columns]
id = "EmpID"
name = "Employee_Name"
manager = "ManagerID"
department = "Department"
"""


def test_with_manager_ids_a_missing_manager_is_one_finding_not_one_per_row(tmp_path: Path) -> None:
    reports = "".join(f"Report {n},{n},Sales,M-99\n" for n in range(2, 23))
    wb, export = load(
        tmp_path, "Employee_Name,EmpID,Department,ManagerID\nJanet King,1,Executive Office,\n" + reports, BY_ID
    )
    expected = Finding(
        "unknown-manager",
        Severity.ERROR,
        "M-99, named as manager of 21 people (first on row 3), is not in the export: add them to the export, "
        'correct the id, or list it under [people] top in reviewgen.toml if it means "reports to nobody"',
        Location(export, "", 3, "ManagerID", "D3"),
        "M-99",
    )
    assert wb.findings == (expected,)
    # check reports it once too: the People check does not repeat it per person.
    assert [f for f in run_checks(wb) if f.code == "unknown-manager"] == [expected]


def test_with_manager_ids_a_manager_left_out_by_include_says_so(tmp_path: Path) -> None:
    toml = BY_ID + '[people.include]\n"Status" = ["Active"]\n'
    wb, _ = load(
        tmp_path,
        "Employee_Name,EmpID,Department,ManagerID,Status\nJanet King,1,Executive Office,,Active\n"
        "Old Boss,2,Sales,1,Terminated\nAnn Lee,3,Sales,2,Active\n",
        toml,
    )
    [f] = only(wb, "unknown-manager")
    assert f.message == (
        "2, named as manager of 1 person (first on row 4), is in the export (row 3) but left out by "
        "[people.include]: keep their row, or write who these people report to now"
    )


def test_an_export_without_its_id_column_is_one_finding_not_one_per_row(tmp_path: Path) -> None:
    wb, export = load(
        tmp_path,
        "Employee_Name,Department,ManagerID\nJanet King,Executive Office,\nAnn Lee,Sales,1\nBo Chan,Sales,1\n",
        BY_ID,
    )
    found = run_checks(wb)
    [missing] = [f for f in found if f.code == "missing-column"]
    assert missing.location == Location(export, "", 1, "EmpID")
    # Without ids nobody can be placed; the goals, values and check-ins of the cycle are not each reported.
    assert [f.code for f in found if f.code in ("unknown-person", "unknown-manager", "person-without-goals")] == []
