"""Forms out: names, contents, locking, dropdowns, untrusted text, signing, determinism."""

from __future__ import annotations

import dataclasses
import os
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest
from testkit.builders import clean_sheets, find_row, write_workbook

from reviewgen.errors import FormError
from reviewgen.forms.layout import form_file_name, parse_rating
from reviewgen.forms.signature import SECRET_FILE_NAME, parse_record
from reviewgen.forms.write import load_or_create_secret, write_forms
from reviewgen.load.workbook import load_workbook
from reviewgen.model.workbook import Workbook

SECRET = b"k" * 32


def _wb(tmp_path: Path, sheets: dict[str, list[list[object]]] | None = None) -> Workbook:
    sheets = sheets if sheets is not None else clean_sheets()
    return load_workbook(write_workbook(tmp_path / "cycle.xlsx", sheets))


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[object, ...]]:
    return list(ws.iter_rows(min_row=3, values_only=True))


def test_one_form_per_manager_named_for_mail_merge(tmp_path: Path) -> None:
    paths = write_forms(_wb(tmp_path), tmp_path / "forms", secret=SECRET)
    assert [p.name for p in paths] == ["2026-Q4 - P1 - Ada Lovelace.xlsx", "2026-Q4 - P2 - Grace Hopper.xlsx"]
    assert all(p.is_file() for p in paths)


def test_self_forms_add_one_per_person_and_progress_counts_each(tmp_path: Path) -> None:
    done: list[int] = []
    paths = write_forms(_wb(tmp_path), tmp_path / "forms", self_forms=True, secret=SECRET, progress=done.append)
    assert len(paths) == 5 and sum(done) == 5
    assert paths[-1].name == "2026-Q4 - P3 - Alan Turing - self-assessment.xlsx"
    book = openpyxl.load_workbook(paths[-1])
    assert (book["Goals"]["L2"].value, book["Goals"]["M2"].value) == ("Self rating", "Self comment")
    assert [r[2] for r in _rows(book["Goals"])] == ["G4"]


def test_manager_form_holds_direct_reports_only_prefilled(tmp_path: Path) -> None:
    paths = write_forms(_wb(tmp_path), tmp_path / "forms", secret=SECRET)
    ceo = openpyxl.load_workbook(paths[0])
    assert {r[0] for r in _rows(ceo["Goals"])} == {"P2"}
    assert [r[2] for r in _rows(ceo["Goals"])] == ["G2", "G3"]
    grace = openpyxl.load_workbook(paths[1])
    goal = _rows(grace["Goals"])[0]
    assert goal[:4] == ("P3", "Alan Turing", "G4", "Close 12 new accounts in Q4")
    assert goal[11:] == (12, "done", "4 - Exceeds", "Excellent")
    values = _rows(grace["Values"])
    assert [(v[0], v[2], v[3], v[4]) for v in values] == [
        ("P3", "Customer first", None, None),
        ("P3", "Own it", "4 - Exceeds", "Reliable"),
    ]
    assert _rows(grace["Review"]) == [("P3", "Alan Turing", "Excellent quarter", "Persistence", "Negotiation")]
    assert grace.sheetnames[:5] == ["Instructions", "Goals", "Values", "Review", "Check-ins"]


def test_instructions_give_deadline_scale_and_what_not_to_change(tmp_path: Path) -> None:
    path = write_forms(_wb(tmp_path), tmp_path / "forms", secret=SECRET)[1]
    text = "\n".join(str(r[0]) for r in openpyxl.load_workbook(path)["Instructions"].iter_rows(values_only=True))
    assert "Friday 15 January 2027" in text
    assert "3 - Meets: Solid" in text and "5 - Outstanding: Sets the standard" in text
    assert "Please do not" in text and ".xlsx" in text


def test_locking_protection_dropdowns_and_highlighting(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_forms(_wb(tmp_path), tmp_path / "forms", secret=SECRET)[1])
    for name in ("Instructions", "Goals", "Values", "Review", "Check-ins", "Lists", "_reviewgen"):
        assert book[name].protection.sheet, name
    assert book.security is not None and book.security.lockStructure
    goals = book["Goals"]
    assert goals["A3"].protection.locked and goals["C3"].protection.locked and goals["D3"].protection.locked
    assert not any(goals[c].protection.locked for c in ("L3", "M3", "N3", "O3"))
    rules = {str(dv.sqref): dv for dv in goals.data_validations.dataValidation}
    assert rules["N3"].type == "list" and rules["N3"].formula1 == "Lists!$A$2:$A$6"
    assert rules["M3"].formula1 == "Lists!$B$2:$B$7" and rules["L3"].type == "decimal"
    assert [c.value for c in book["Lists"]["A"][1:6]] == [
        "1 - Does not meet",
        "2 - Partially meets",
        "3 - Meets",
        "4 - Exceeds",
        "5 - Outstanding",
    ]
    assert book["Lists"].sheet_state == "hidden" and book["_reviewgen"].sheet_state == "veryHidden"
    highlighted = {str(rng.sqref) for rng in goals.conditional_formatting}
    assert {"L3", "M3", "N3", "O3"} <= highlighted
    checkins = book["Check-ins"]
    assert not checkins["A40"].protection.locked
    kinds = next(dv for dv in checkins.data_validations.dataValidation if str(dv.sqref).startswith("C3"))
    assert kinds.formula1 == "Lists!$C$2:$C$4"  # check-in, praise, constructive: self-reflections are the person's own
    assert goals.freeze_panes == "C3" and goals.page_setup.orientation == "landscape"
    assert goals.page_setup.fitToWidth == 1 and goals.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://x.test","click")', "+1 customers", "-5 days", "@mention", "#N/A"]
)
def test_untrusted_text_stays_text(tmp_path: Path, title: str) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[2] = title
    find_row(sheets, "Goals", "G4")[15] = title
    path = write_workbook(tmp_path / "cycle.xlsx", sheets)
    master = openpyxl.load_workbook(path)
    for ref in ("C5", "P5"):  # as HR typed it: text, not a formula
        master["Goals"][ref].data_type = "s"
    master.save(path)
    book = openpyxl.load_workbook(write_forms(load_workbook(path), tmp_path / "f", secret=SECRET)[1])
    for ref in ("D3", "O3"):
        cell = book["Goals"][ref]
        assert cell.value == title and cell.data_type == "s", ref


def test_control_characters_are_dropped(tmp_path: Path) -> None:
    wb = _wb(tmp_path)
    goals = tuple(dataclasses.replace(g, title="Bell\x07 and\x00 null") if g.id == "G4" else g for g in wb.goals)
    wb = dataclasses.replace(wb, goals=goals)
    book = openpyxl.load_workbook(write_forms(wb, tmp_path / "f", secret=SECRET)[1])
    assert book["Goals"]["D3"].value == "Bell and null"


def test_forms_are_byte_identical_and_signed_with_the_secret(tmp_path: Path) -> None:
    wb = _wb(tmp_path)
    first = [p.read_bytes() for p in write_forms(wb, tmp_path / "a", secret=SECRET)]
    second = [p.read_bytes() for p in write_forms(wb, tmp_path / "b", secret=SECRET)]
    assert first == second
    book = openpyxl.load_workbook(tmp_path / "a" / "2026-Q4 - P2 - Grace Hopper.xlsx")
    assert book.properties.modified.year == 2026 and book.properties.created == book.properties.modified
    cells = [r[0] for r in book["_reviewgen"].iter_rows(values_only=True)]
    record = parse_record(cells, SECRET)
    assert (record.cycle, record.owner_id, record.kind) == ("2026-Q4", "P2", "manager")
    assert [(p.id, p.goals, p.values) for p in record.people] == [("P3", ("G4",), ("Customer first", "Own it"))]
    with pytest.raises(FormError, match="signature"):
        parse_record(cells, b"another secret, another folder")


def test_secret_is_created_once_private_and_never_in_a_form(tmp_path: Path) -> None:
    workbook_path = tmp_path / "hr" / "cycle.xlsx"
    workbook_path.parent.mkdir()
    secret = load_or_create_secret(workbook_path)
    file = workbook_path.parent / SECRET_FILE_NAME
    assert len(secret) == 32 and load_or_create_secret(workbook_path) == secret
    assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    form = write_forms(_wb(tmp_path), tmp_path / "forms", secret=secret)[1]
    with zipfile.ZipFile(form) as z:
        blob = b"".join(z.read(n) for n in z.namelist())
    assert secret.hex().encode() not in blob and secret not in blob


def test_a_damaged_secret_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / SECRET_FILE_NAME).write_text("not hex at all")
    with pytest.raises(Exception, match="restore it from a backup"):
        load_or_create_secret(tmp_path / "cycle.xlsx")


def test_form_file_name_for_self_and_manager() -> None:
    assert form_file_name("2026-Q4", "P002", "Grace Hopper", "manager") == "2026-Q4 - P002 - Grace Hopper.xlsx"
    assert form_file_name("2026/Q4", "P1", "A: B", "self") == "2026_Q4 - P1 - A_ B - self-assessment.xlsx"


@pytest.mark.parametrize("kind", ["manager", "self"])
def test_form_file_names_drop_bidi_controls_and_are_cut_by_bytes(kind: str) -> None:
    spoofed = form_file_name("2026-Q4", "P7", "Ann\u202egnp.exe", kind)  # type: ignore[arg-type]
    assert "\u202e" not in spoofed and spoofed.startswith("2026-Q4 - P7 - Ann_gnp.exe")
    long = form_file_name("2026-Q4", "P8", "山田" * 200, kind)  # type: ignore[arg-type]
    assert len(long.encode("utf-8")) <= 120 and long.endswith(".xlsx")
    assert long.encode("utf-8").decode("utf-8") == long
    assert long.endswith(" - self-assessment.xlsx") == (kind == "self")


def test_rating_labels_read_back_as_numbers(tmp_path: Path) -> None:
    scale = _wb(tmp_path).scale
    assert [parse_rating(v, scale) for v in (3, 3.0, "3", "3 - Meets", " meets ", "4 – Exceeds")] == [3, 3, 3, 3, 3, 4]
    assert [parse_rating(v, scale) for v in (0, 6, 3.5, "great", True)] == [None] * 5


def test_forms_folder_appears_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewgen.errors import OutputError
    from reviewgen.forms import write as forms

    wb = _wb(tmp_path)
    out = tmp_path / "forms"
    first = write_forms(wb, out, secret=SECRET)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert {p.name for p in first} | {"manifest.json"} == set(before)

    calls = 0
    real = forms.build_form

    def failing(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forms, "build_form", failing)
    with pytest.raises(OutputError, match=f"cannot write the output folder {out}: disk full"):
        write_forms(wb, out, secret=SECRET, replace=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the previous forms, untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".forms")] == []  # no temporary left

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError):
        write_forms(wb, foreign, secret=SECRET, replace=True)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


#: Characters of the default font that fit the Instructions column (width 110) on one printed line.
INSTRUCTIONS_LINE = 105


@pytest.mark.parametrize(("goals", "self_forms"), [(False, False), (False, True), (True, False), (True, True)])
def test_every_instructions_line_fits_its_row(tmp_path: Path, goals: bool, self_forms: bool) -> None:
    """Each Instructions row is one line high: a longer text runs over the next row when printed."""
    from reviewgen import api

    sample = Path(__file__).parents[2] / "samples" / "northwind-2026-q4.xlsx"
    book = tmp_path / sample.name
    book.write_bytes(sample.read_bytes())
    paths = api.issue_forms(book, tmp_path / "forms", goals=goals, self_forms=self_forms, ignore_errors=True)
    long_lines = {
        str(text)
        for path in paths[:12]
        for (text,) in openpyxl.load_workbook(path)["Instructions"].iter_rows(max_col=1, values_only=True)
        if text is not None and len(str(text)) > INSTRUCTIONS_LINE
    }
    assert not long_lines
