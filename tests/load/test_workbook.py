"""The loader: the clean cycle, every finding it raises, odd spellings and unusable files."""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from testkit.builders import Rows, clean_sheets, clean_workbook, find_row, write_workbook

from reviewgen.errors import InputError
from reviewgen.load.coerce import to_number
from reviewgen.load.workbook import load_workbook
from reviewgen.load.xlsx_reader import XlsxBook
from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.model.workbook import Workbook

D = dt.date


def load(tmp_path: Path, sheets: dict[str, Rows], name: str = "cycle.xlsx") -> Workbook:
    return load_workbook(write_workbook(tmp_path / name, sheets))


def only(wb: Workbook, code: str) -> Finding:
    found = [f for f in wb.findings if f.code == code]
    assert len(found) == 1, wb.findings
    return found[0]


def column_of(sheets: dict[str, Rows], sheet: str, header: str) -> int:
    return sheets[sheet][0].index(header)


# --- the clean cycle ------------------------------------------------------------------------------


def test_clean_workbook_loads_without_findings(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path)
    wb = load_workbook(path)
    assert wb.findings == ()
    assert wb.path == str(path)
    assert (len(wb.people), len(wb.goals), len(wb.values), len(wb.checkins)) == (3, 4, 4, 6)
    assert (len(wb.development), len(wb.reviews), len(wb.history)) == (3, 3, 3)
    assert wb.sheets == frozenset(
        {"Cycle", "Scale", "Strategy", "Objectives", "People", "Goals", "Values", "Check-ins", "Development",
         "Reviews", "History"}
    )  # fmt: skip
    cycle = wb.cycle
    assert (cycle.company, cycle.name, cycle.start, cycle.end) == (
        "Acme Test Ltd",
        "2026-Q4",
        D(2026, 10, 1),
        D(2026, 12, 31),
    )
    assert (cycle.deadline, cycle.checkin_gap_days, cycle.goals_share) == (D(2027, 1, 15), 45, 70.0)
    assert cycle.confidentiality == "Confidential - HR"
    assert [level.label for level in wb.scale.levels] == [
        "Does not meet",
        "Partially meets",
        "Meets",
        "Exceeds",
        "Outstanding",
    ]
    assert wb.plan.mission == "Make bookkeeping painless for small firms"
    assert [(v.name, v.description) for v in wb.plan.values] == [
        ("Customer first", "We start from the customer's problem"),
        ("Own it", "We finish what we start"),
    ]
    assert [o.id for o in wb.plan.chain("D1")] == ["C1", "D1"]


def test_clean_goal_fields_and_source(tmp_path: Path) -> None:
    wb = load_workbook(clean_workbook(tmp_path))
    g3 = wb.goals[2]
    assert (g3.id, g3.person_id, g3.objective_id, g3.title) == (
        "G3",
        "P2",
        "D1",
        "Cut average sales cycle from 60 to 45 days",
    )
    assert (g3.metric, g3.baseline, g3.target, g3.actual, g3.unit) == ("Days to close", 60.0, 45.0, 50.0, "days")
    assert (g3.weight, g3.due, g3.status, g3.self_rating, g3.manager_rating) == (
        40.0,
        D(2026, 12, 15),
        "on track",
        3,
        4,
    )
    assert (g3.self_comment, g3.manager_comment) == ("Better than expected", "Well done")
    assert g3.src.at("weight") == Location(wb.path, "Goals", 4, "Weight", "J4")
    ada = wb.person_by_id["P1"]
    assert (ada.name, ada.department, ada.manager_id, ada.email, ada.title) == (
        "Ada Lovelace",
        "Leadership",
        None,
        "ada@acme.test",
        "CEO",
    )
    assert (ada.communication, ada.orientation, ada.motivation) == ("direct", "facts", "team")
    assert [p.id for p in wb.reports_of("P1")] == ["P2"]
    checkin = wb.checkins_of("P3")[1]
    assert (checkin.date, checkin.kind, checkin.author_id, checkin.note) == (
        D(2026, 12, 12),
        "praise",
        "P2",
        "Closed the Contoso deal",
    )
    assert wb.history_of("P1")[0].overall == 3.6


# --- findings -------------------------------------------------------------------------------------


def test_missing_required_sheet(tmp_path: Path) -> None:
    sheets = clean_sheets()
    del sheets["Development"]
    wb = load(tmp_path, sheets)
    finding = only(wb, "missing-sheet")
    assert finding.severity is Severity.ERROR
    assert finding.location == Location(str(tmp_path / "cycle.xlsx"))
    assert '"Development"' in finding.message
    assert wb.development == ()
    assert "Development" not in wb.sheets


def test_optional_sheets_may_be_absent(tmp_path: Path) -> None:
    sheets = clean_sheets()
    for name in ("Scale", "Values", "Reviews", "History"):
        del sheets[name]
    wb = load(tmp_path, sheets)
    assert wb.findings == ()
    assert [lvl.label for lvl in wb.scale.levels] == [
        "Does not meet",
        "Partially meets",
        "Meets",
        "Exceeds",
        "Outstanding",
    ]
    assert wb.scale.maximum == 5


def test_missing_cycle_sheet_leaves_dates_empty(tmp_path: Path) -> None:
    sheets = clean_sheets()
    del sheets["Cycle"]
    wb = load(tmp_path, sheets)
    assert only(wb, "missing-sheet").message.startswith('the workbook has no "Cycle" sheet')
    assert (wb.cycle.start, wb.cycle.end, wb.cycle.company) == (None, None, "")


def test_missing_column(tmp_path: Path) -> None:
    sheets = clean_sheets()
    for row in sheets["People"]:
        del row[4]  # Department
    wb = load(tmp_path, sheets)
    finding = only(wb, "missing-column")
    assert finding.location == Location(str(tmp_path / "cycle.xlsx"), "People", 1, "department")
    assert finding.message == 'the "People" sheet has no "department" column: add it to the header row (row 1)'
    assert [p.department for p in wb.people] == ["", "", ""]


def test_date_written_as_text_is_a_bad_value(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G2")[10] = "end of December"
    wb = load(tmp_path, sheets)
    finding = only(wb, "bad-value")
    assert (finding.subject, finding.severity) == ("G2", Severity.ERROR)
    assert finding.location == Location(str(tmp_path / "cycle.xlsx"), "Goals", 3, "Due", "K3")
    assert finding.message.startswith("'end of December' is not a date: write a date such as 2026-12-31")
    assert wb.goals[1].due is None
    assert wb.goals[1].title == "Sign 40 new mid-size accounts by 31 December"


def test_readable_date_text_is_accepted(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G2")[10] = "15/12/2026"
    find_row(sheets, "Goals", "G3")[10] = "2026-12-20"
    wb = load(tmp_path, sheets)
    assert wb.findings == ()
    assert [g.due for g in wb.goals[1:3]] == [D(2026, 12, 15), D(2026, 12, 20)]


def test_number_and_choice_bad_values(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[9] = "abc"
    find_row(sheets, "Goals", "G4")[11] = "nearly"
    sheets["Check-ins"][3][3] = "chat"  # row 4: P2's check-in
    wb = load(tmp_path, sheets)
    by_column = {f.location.column: f for f in wb.findings if f.location}
    assert set(by_column) == {"Weight", "Status", "Kind"}
    assert by_column["Weight"].message.startswith("'abc' is not a number")
    assert by_column["Weight"].location == Location(wb.path, "Goals", 5, "Weight", "J5")
    assert by_column["Status"].message.endswith("not started, on track, at risk, off track, done, dropped")
    assert by_column["Kind"].location == Location(wb.path, "Check-ins", 4, "Kind", "D4")
    assert by_column["Kind"].subject == "P2"
    g4 = wb.goals[3]
    assert (g4.weight, g4.status) == (None, "")
    assert wb.checkins[2].kind == ""


def test_rating_out_of_scale(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G3")[13] = 7
    sheets["Values"][2][2] = 0  # P2, self rating
    wb = load(tmp_path, sheets)
    goal, value = sorted((f for f in wb.findings), key=lambda f: f.location.sheet if f.location else "")
    assert (goal.code, goal.subject, goal.location) == (
        "rating-out-of-scale",
        "G3",
        Location(wb.path, "Goals", 4, "Manager rating", "N4"),
    )
    assert goal.message == "rating 7 is not on the scale: write one of 1, 2, 3, 4, 5"
    assert (value.code, value.subject, value.location) == (
        "rating-out-of-scale",
        "P2",
        Location(wb.path, "Values", 3, "Self rating", "C3"),
    )
    assert wb.goals[2].manager_rating is None
    assert wb.values[1].self_rating is None


def test_ratings_follow_the_scale_sheet(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Scale"] = [["Rating", "Label"], [1, "Low"], [2, "Mid"], [3, "High"]]
    wb = load(tmp_path, sheets)
    out = [f for f in wb.findings if f.code == "rating-out-of-scale"]
    assert {f.subject for f in out} == {"G1", "G3", "G4", "P1", "P2", "P3"}
    assert all(f.message.endswith("write one of 1, 2, 3") for f in out)


def test_formula_without_cached_value(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G2")[7] = "=F3+30"  # openpyxl writes a formula and no result
    wb = load(tmp_path, sheets)
    finding = only(wb, "formula-without-value")
    assert (finding.subject, finding.location) == ("G2", Location(wb.path, "Goals", 3, "Actual", "H3"))
    assert "open and save it once, or run `soffice --headless --convert-to xlsx`" in finding.message
    assert wb.goals[1].actual is None


def test_formula_with_cached_value_reads_the_value(tmp_path: Path, soffice: str) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G2")[7] = "=F3+30"
    source = write_workbook(tmp_path / "src" / "cycle.xlsx", sheets)
    out = tmp_path / "out"
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xlsx",
         "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    wb = load_workbook(out / "cycle.xlsx")
    assert wb.findings == ()
    assert wb.goals[1].actual == 30.0


def test_empty_required_date_leaves_the_row_out(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Check-ins"][2][0] = None  # row 3
    wb = load(tmp_path, sheets)
    finding = only(wb, "missing-value")
    assert (finding.subject, finding.location) == ("P1", Location(wb.path, "Check-ins", 3, "Date", "A3"))
    assert len(wb.checkins) == 5


def test_cycle_setting_missing_or_bad(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Cycle"] = [row for row in sheets["Cycle"] if row[0] != "Start"]
    sheets["Cycle"][3][1] = "someday"  # End, now on row 4
    wb = load(tmp_path, sheets)
    missing = only(wb, "missing-value")
    assert missing.location == Location(wb.path, "Cycle")
    assert missing.message.startswith('the Cycle sheet has no value for "start"')
    bad = only(wb, "bad-value")
    assert bad.location == Location(wb.path, "Cycle", 4, "End", "B4")
    assert (wb.cycle.start, wb.cycle.end) == (None, None)


def test_duplicates_and_unknown_references_are_kept_for_check(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Goals"].append(list(find_row(sheets, "Goals", "G4")))
    find_row(sheets, "Goals", "G1")[1] = "P99"
    wb = load(tmp_path, sheets)
    assert wb.findings == ()
    assert [g.id for g in wb.goals] == ["G1", "G2", "G3", "G4", "G4"]
    assert wb.goals[0].person_id == "P99"


# --- spellings, order, blank rows, percent cells --------------------------------------------------


def test_aliases_and_odd_header_spellings(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["People"][0] = ["Employee ID", "full_name", "E-Mail", "JOB TITLE", " Dept ", "Reports To", "communication",
                           "Orientation", "Motivation", "Badge colour"]  # fmt: skip
    sheets["Staff"] = sheets.pop("People")
    sheets["Strategic plan"] = sheets.pop("Strategy")
    sheets["check ins"] = sheets.pop("Check-ins")
    sheets["Cycle"][2][0] = "cycle name"
    sheets["Cycle"][3][0] = "START DATE"
    wb = load(tmp_path, sheets)
    assert wb.findings == ()
    assert [(p.id, p.name, p.department, p.manager_id) for p in wb.people][1] == ("P2", "Grace Hopper", "Sales", "P1")
    assert wb.people[1].src.at("email") == Location(wb.path, "Staff", 3, "E-Mail", "C3")
    assert len(wb.checkins) == 6
    assert (wb.cycle.name, wb.cycle.start) == ("2026-Q4", D(2026, 10, 1))
    assert wb.plan.vision == "Every small firm closes its books in a day"
    assert {"People", "Strategy", "Check-ins"} <= wb.sheets


def test_sheet_order_does_not_matter(tmp_path: Path) -> None:
    sheets = clean_sheets()
    reversed_sheets = dict(reversed(list(sheets.items())))
    a = load(tmp_path, sheets, "a.xlsx")
    b = load(tmp_path, reversed_sheets, "b.xlsx")
    assert b.findings == ()
    assert [(g.id, g.weight, g.manager_rating) for g in a.goals] == [
        (g.id, g.weight, g.manager_rating) for g in b.goals
    ]
    assert a.cycle.start == b.cycle.start
    assert a.scale == b.scale


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    sheets = clean_sheets()
    goals = sheets["Goals"]
    sheets["Goals"] = [goals[0], [None] * 16, goals[1], ["  ", None, ""], goals[2], goals[3], goals[4]]
    sheets["Cycle"].insert(3, [])
    wb = load(tmp_path, sheets)
    assert wb.findings == ()
    assert [(g.id, g.src.row) for g in wb.goals] == [("G1", 3), ("G2", 5), ("G3", 6), ("G4", 7)]
    assert wb.cycle.start == D(2026, 10, 1)


def test_header_below_blank_rows(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Development"].insert(0, ["  ", None])  # only spaces: blank
    path = write_workbook(tmp_path / "cycle.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    book["Development"].insert_rows(1)
    book.save(path)
    wb = load_workbook(path)
    assert wb.findings == ()
    assert wb.development[0].src.row == 4


def test_percent_formatted_cells_mean_percent(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G2")[9] = 0.6
    find_row(sheets, "Goals", "G3")[9] = 0.4
    sheets["Cycle"][7][1] = 0.7  # Goals share
    path = write_workbook(tmp_path / "cycle.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    for ref in ("J3", "J4"):
        book["Goals"][ref].number_format = "0%"
    book["Cycle"]["B8"].number_format = "0.0%"
    book.save(path)
    wb = load_workbook(path)
    assert wb.findings == ()
    assert [g.weight for g in wb.goals] == [100.0, 60.0, 40.0, 100.0]
    assert wb.cycle.goals_share == 70.0


def test_fairness_group_columns_become_person_groups(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Cycle"].append(["Fairness groups", "Gender; location"])
    sheets["People"][0] += ["Gender", "Location"]
    for row, extra in zip(sheets["People"][1:], (["F", "Berlin"], ["F", "Paris"], ["M", None]), strict=True):
        row += extra
    wb = load(tmp_path, sheets)
    assert wb.findings == ()
    assert wb.cycle.fairness_groups == ("Gender", "location")
    assert wb.people[1].groups == (("Gender", "F"), ("location", "Paris"))
    assert wb.people[2].group("location") == ""


def test_fairness_group_without_a_column_is_a_warning(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Cycle"].append(["Fairness groups", "Gender"])
    wb = load(tmp_path, sheets)
    finding = only(wb, "missing-column")
    assert (finding.severity, finding.location) == (Severity.WARNING, Location(wb.path, "People", 1, "Gender"))


def test_cycle_thresholds_override_toml_and_group_minimum_floor(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Cycle"] += [["Rating gap", 1.5], ["Group minimum", 3]]
    (tmp_path / "reviewgen.toml").write_text("[thresholds]\nrating_gap = 3\nmanager_skew = 1\n", encoding="utf-8")
    wb = load(tmp_path, sheets)
    t = wb.cycle.thresholds
    assert (t.rating_gap, t.manager_skew, t.group_minimum, t.skew_minimum) == (1.5, 1.0, 5, 5)
    finding = only(wb, "bad-value")
    assert finding.severity is Severity.WARNING
    assert finding.location == Location(wb.path, "Cycle", 11, "Group minimum", "B11")


def test_toml_date_order_is_used(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G2")[10] = "12/15/2026"
    (tmp_path / "reviewgen.toml").write_text('[dates]\norder = "mdy"\n', encoding="utf-8")
    wb = load(tmp_path, sheets)
    assert wb.findings == ()
    assert wb.goals[1].due == D(2026, 12, 15)


def test_text_is_kept_as_typed(tmp_path: Path) -> None:
    sheets = clean_sheets()
    note = "**not bold** {{ not_jinja }} <b>x</b> ' =SUM(A1)"
    sheets["Check-ins"][1][4] = note
    find_row(sheets, "People", "P1")[0] = " P1 "
    wb = load(tmp_path, sheets)
    assert wb.checkins[0].note == note
    assert wb.people[0].id == "P1"


# --- unusable files -------------------------------------------------------------------------------


def raises_input_error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_workbook(path)
    return str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.xlsx"
    assert raises_input_error(path) == f"{path}: file not found: check the name and the folder"


def test_folder(tmp_path: Path) -> None:
    assert raises_input_error(tmp_path) == f"{tmp_path}: is a folder, not a workbook: give the path of the .xlsx file"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cycle.xlsx", b"just some text\n"),
        ("random.xlsx", bytes(range(256)) * 4),
        ("empty.xlsx", b""),
    ],
)
def test_not_a_workbook(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert raises_input_error(path) == (
        f"{path}: is not an Excel workbook (.xlsx): if it is a CSV or text file, open it in Excel or LibreOffice "
        "and save it as .xlsx"
    )


def test_a_csv_points_to_init_people(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"ID,Name\nP1,Ada\n")
    assert raises_input_error(path) == (
        f"{path}: is a CSV file, not a cycle workbook: to start a cycle from this HR export, run "
        f"`reviewgen init NEW_FOLDER --people {path}` (add --config reviewgen.toml to map its columns: see "
        "docs/loading.md)"
    )


@pytest.mark.parametrize("name", ["old.xls", "protected.xlsx"])
def test_xls_or_password_protected(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert raises_input_error(path) == (
        f"{path}: is an old .xls workbook or a password-protected file: open it in Excel or LibreOffice and "
        "save it as .xlsx without a password"
    )


def test_ods(tmp_path: Path) -> None:
    path = tmp_path / "cycle.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    assert raises_input_error(path) == (
        f"{path}: is an OpenDocument spreadsheet (.ods): open it in LibreOffice and save as .xlsx"
    )


def test_corrupt_zip(tmp_path: Path) -> None:
    good = clean_workbook(tmp_path)
    path = tmp_path / "broken.xlsx"
    path.write_bytes(good.read_bytes()[:600])
    assert raises_input_error(path) == (
        f"{path}: is damaged (not a readable .xlsx file): open it in Excel or LibreOffice, save it again as .xlsx"
    )


def test_other_zip_such_as_a_word_file(tmp_path: Path) -> None:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    assert raises_input_error(path) == f"{path}: is not an Excel workbook (.xlsx): give the review-cycle workbook"


def test_damaged_sheet_xml(tmp_path: Path) -> None:
    good = clean_workbook(tmp_path)
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet6.xml":  # Goals
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    assert raises_input_error(path) == (
        f"{path}: the workbook is damaged (sheet 'Goals') and cannot be read: open it in Excel or LibreOffice, "
        "save it again as .xlsx and retry"
    )


def test_unusual_extension_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "cycle.backup"
    shutil.copy(clean_workbook(tmp_path), path)
    assert load_workbook(path).findings == ()


def test_reader_rows_values_and_gaps(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "r.xlsx", {"S": [["a", None, 3], [], [None, True, 2.5], ["x", "=1+1"]]})
    with XlsxBook(str(path)) as book:
        rows = list(book.rows("S"))
    assert rows == [
        (1, ["a", None, 3], ()),
        (3, [None, True, 2.5], ()),
        (4, ["x"], (1,)),
    ]


def test_garbage_collector_is_switched_back_on(tmp_path: Path) -> None:
    assert gc.isenabled()
    load_workbook(clean_workbook(tmp_path))
    assert gc.isenabled()
    with pytest.raises(InputError):
        load_workbook(tmp_path / "nope.xlsx")
    assert gc.isenabled()


def test_reader_handles_what_spreadsheet_programs_write(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "S"
    ws["A1"] = dt.date(2026, 5, 1)  # style 1: a date format
    ws["B1"] = 0.15
    ws["B1"].number_format = "0%"  # style 2: a percent format
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    sheet_data = (
        '<sheetData><row r="2" spans="1:4">'
        '<c r="A2" s="1"><v>46143.5</v></c><c r="B2" s="2"><v>0.155</v></c><c r="C2" t="b"><v>1</v></c>'
        '<c r="D2" t="e"><v>#N/A</v></c></row>'
        '<row><c t="inlineStr"><is><r><t>Bold</t></r><r><rPr/><t xml:space="preserve"> and plain</t></r>'
        "<rPh><t>ignored</t></rPh></is></c>"
        '<c t="str"><f>""</f><v></v></c><c><f>A2*2</f></c><c r="AA3"><v>-1.5E3</v></c></row>'
        "</sheetData>"
    )
    path = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                start, end = data.index(b"<sheetData>"), data.index(b"</sheetData>") + len(b"</sheetData>")
                data = data[:start] + sheet_data.encode() + data[end:]
            dst.writestr(item, data)
    with XlsxBook(str(path)) as reader:
        rows = list(reader.rows("S"))
    assert [number for number, _, _ in rows] == [2, 3]
    assert rows[0][1] == [dt.datetime(2026, 5, 1, 12, 0), 0.155, True, "#N/A"]
    assert to_number(rows[0][1][1]) == 15.5
    assert rows[1][1][0] == "Bold and plain"
    assert (len(rows[1][1]), rows[1][1][26], rows[1][2]) == (27, -1500.0, (2,))


def test_goals_share_outside_0_to_100_is_a_bad_value(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Cycle"][7][1] = 150  # Goals share
    sheets["Cycle"][6][1] = "six weeks"  # Check-in gap
    wb = load(tmp_path, sheets)
    share, gap = sorted((f for f in wb.findings), key=lambda f: f.location.row if f.location else 0, reverse=True)
    assert (share.code, share.location) == ("bad-value", Location(wb.path, "Cycle", 8, "Goals share", "B8"))
    assert share.message == "150 is outside the sensible range for goals share: write a number from 0 to 100"
    assert (gap.code, gap.location) == ("bad-value", Location(wb.path, "Cycle", 7, "Check-in gap", "B7"))
    assert (wb.cycle.goals_share, wb.cycle.checkin_gap_days) == (70.0, 45)


def test_xlsb_and_strict_open_xml(tmp_path: Path) -> None:
    xlsb = tmp_path / "cycle.xlsb"
    with zipfile.ZipFile(xlsb, "w") as zf:
        zf.writestr("xl/workbook.bin", b"\x83\x01")
    assert raises_input_error(xlsb) == (
        f"{xlsb}: is an Excel binary workbook (.xlsb): open it in Excel and save it as Excel Workbook (.xlsx)"
    )
    strict = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(strict, "w") as zf:
        zf.writestr("xl/workbook.xml", '<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"/>')
    assert raises_input_error(strict) == (
        f"{strict}: is saved as Strict Open XML: open it in Excel and save it as Excel Workbook (.xlsx)"
    )


def test_damaged_package_parts(tmp_path: Path) -> None:
    good = clean_workbook(tmp_path)
    path = tmp_path / "no-styles.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[:40] if item.filename == "xl/styles.xml" else data)
    assert raises_input_error(path).startswith(f"{path}: the workbook is damaged and cannot be read")


def test_title_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Goals"][0:0] = [["Goals for 2026-Q4"], [None], ["Fill in one row per goal", None, "(weights add to 100)"]]
    sheets["Scale"].insert(0, ["Our rating scale"])
    wb = load(tmp_path, sheets)
    assert wb.findings == ()
    assert [(g.id, g.src.row) for g in wb.goals] == [("G1", 5), ("G2", 6), ("G3", 7), ("G4", 8)]
    assert wb.goals[0].src.at("due") == Location(wb.path, "Goals", 5, "Due", "K5")
    assert len(wb.scale.levels) == 5


def test_header_missing_a_column_is_still_the_header(tmp_path: Path) -> None:
    sheets = clean_sheets()
    for row in sheets["Goals"]:
        del row[1]  # Person
    wb = load(tmp_path, sheets)
    finding = only(wb, "missing-column")
    assert finding.location == Location(wb.path, "Goals", 1, "person")
    assert [g.id for g in wb.goals] == ["G1", "G2", "G3", "G4"]


@pytest.mark.parametrize(("stale", "first"), [("goals.", True), ("GOALS ", False), ("_Goals-", True)])
def test_two_sheets_for_one_are_an_error_naming_both(tmp_path: Path, stale: str, first: bool) -> None:
    """Issue 9 item 7: a stale copy beside the real sheet is never read silently in its place."""
    sheets = clean_sheets()
    copy = [row[:] for row in sheets["Goals"]]
    copy[1][13] = 1  # last quarter's rating of G1
    real = sheets.pop("Goals")
    ordered = {"Goals": real} if not first else {}
    ordered[stale] = copy
    ordered.setdefault("Goals", real)
    ordered.update(sheets)
    wb = load_workbook(write_workbook(tmp_path / "two.xlsx", ordered))
    (finding,) = [f for f in wb.findings if f.code == "duplicate-sheet"]
    other = stale
    assert finding.message == (
        f'the sheets "Goals" and "{other}" both stand for the Goals sheet: delete or rename the one that is not '
        'current (reviewgen read "Goals")'
    )
    assert finding.severity.value == "error" and finding.location.sheet == other
    assert next(g for g in wb.goals if g.id == "G1").manager_rating == 4
