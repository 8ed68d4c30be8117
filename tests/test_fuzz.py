"""Fuzzing, kept in the suite (issue 9): hostile workbooks and returned forms through the real commands.

Properties: no traceback from any command and only our exit codes; every finding points at a real sheet and
row; build either succeeds (every file of its manifest there and readable) or stops on findings; collect never
changes a cell outside the form's scope and its merged workbook loads again. The suite runs a bounded number of
examples; the long run sets REVIEWGEN_FUZZ_EXAMPLES (see docs/reliability.md for what it found).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testkit.builders import Rows, clean_sheets, write_workbook
from testkit.cycle import GRACE, SECRET
from testkit.fuzz import examples, form_edits, raw_rows, tally, workbooks

from reviewgen.check.run import run_checks
from reviewgen.cli import main
from reviewgen.collect.run import collect_forms
from reviewgen.errors import ReviewgenError
from reviewgen.forms.write import write_forms
from reviewgen.load.workbook import load_workbook

FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=False, database=None)


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), prog_name="reviewgen")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the property failed
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        first, *rest = result.stderr.splitlines()
        assert first.startswith("reviewgen: error: ") and all(line.startswith("  ") for line in rest), result.stderr
    return result


def sheet_rows(path: Path) -> dict[str, int]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: ws.max_row or 0 for ws in book.worksheets}
    finally:
        book.close()


@settings(FUZZ, max_examples=examples(10, 0.05))
@given(workbooks())
def test_check_never_crashes_and_every_finding_points_at_a_real_row(sheets: dict[str, Rows]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp) / "fuzz.xlsx", sheets)
        result = invoke("check", str(path), "--format", "json")
        tally("check", result.exit_code)
        if result.exit_code == 2:
            return
        rows = sheet_rows(path)
        for finding in json.loads(result.stdout):
            if finding["sheet"] is None:
                continue
            assert finding["sheet"] in rows, finding
            assert finding["row"] is None or 1 <= finding["row"] <= rows[finding["sheet"]], finding


@settings(FUZZ, max_examples=examples(3, 0.01))
@given(workbooks(), st.sampled_from(["md", "md", "md", "docx"]), st.booleans())
def test_build_succeeds_or_stops_on_findings(sheets: dict[str, Rows], fmt: str, ignore: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp) / "hr" / "fuzz.xlsx", sheets)
        out = Path(tmp) / "out"
        flags = ["--ignore-errors"] if ignore else []
        result = invoke("build", str(path), "-o", str(out), "--format", fmt, "--jobs", "1", "--quiet", *flags)
        tally("build", result.exit_code)
        if result.exit_code != 0:
            assert not out.exists()
            return
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        for entry in manifest["files"]:
            data = (out / entry["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
            if entry["path"].endswith(".md"):
                data.decode("utf-8")
            elif entry["path"].endswith(".docx"):
                import docx

                docx.Document(str(out / entry["path"]))


@cache
def issued() -> tuple[Path, Path]:
    """A clean master and Grace's issued form, made once (kept for the whole run)."""
    folder = Path(tempfile.mkdtemp(prefix="reviewgen-fuzz-"))
    master = write_workbook(folder / "hr" / "cycle.xlsx", clean_sheets())
    forms = write_forms(load_workbook(master), folder / "issued", secret=SECRET)
    return master, next(p for p in forms if p.name == GRACE)


def cells(path: Path) -> dict[tuple[str, int, str], Any]:
    """(sheet, row, header) -> value of every cell under a header."""
    book = openpyxl.load_workbook(path)
    out: dict[tuple[str, int, str], Any] = {}
    for ws in book.worksheets:
        headers = {c.column: str(c.value) for c in ws[1] if c.value is not None}
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if c.column in headers and c.value is not None:
                    out[ws.title, c.row, headers[c.column]] = c.value
    return out


#: Cells of the master that Grace's form (Alan, P3, goal G4) may change, by (sheet, row): the headers allowed.
SCOPE = {
    ("Goals", 5): {"Actual", "Status", "Manager rating", "Manager comment"},
    ("Values", 5): {"Manager rating", "Comment"},
    ("Reviews", 4): {"Manager summary", "Strengths", "Growth areas"},
}
APPENDED = {"Values": 5, "Reviews": 4, "Check-ins": 7}  # rows below these are new rows


@settings(FUZZ, max_examples=examples(5, 0.05))
@given(form_edits())
def test_collect_never_changes_a_cell_outside_the_forms_scope(edits: list[tuple[str, int, str, Any]]) -> None:
    master, form = issued()
    with tempfile.TemporaryDirectory() as tmp:
        returned = Path(tmp) / "returned.xlsx"
        book = openpyxl.load_workbook(form)
        for sheet, row, header, value in edits:
            ws = book[sheet]
            headers = {c.value: c.column for c in ws[2] if c.value}
            cell = ws.cell(row=3 + row, column=headers[header])
            cell.value = value
        book.save(returned)
        merged = Path(tmp) / "merged.xlsx"
        try:
            collect_forms(load_workbook(master), master, [returned], merged, secret=SECRET)
        except ReviewgenError as exc:
            tally("collect", f"refused: {exc.message[:80]}")
            assert not merged.exists()
            return
        tally("collect", "merged")
        before, after = cells(master), cells(merged)
        for key in before.keys() | after.keys():
            if before.get(key) == after.get(key):
                continue
            sheet, row, header = key
            allowed = SCOPE.get((sheet, row), set()) | (
                {
                    h
                    for h in (
                        "Person",
                        "Value",
                        "Date",
                        "Author",
                        "Kind",
                        "Note",
                        "Manager rating",
                        "Comment",
                        "Manager summary",
                        "Strengths",
                        "Growth areas",
                    )
                }
                if row > APPENDED.get(sheet, 10**9)
                else set()
            )
            assert header in allowed, (key, before.get(key), after.get(key), edits)
        load_workbook(merged)  # the merged workbook opens again


@cache
def clean_parts() -> tuple[tuple[str, bytes], ...]:
    """The parts of the clean cycle's .xlsx, made once."""
    folder = Path(tempfile.mkdtemp(prefix="reviewgen-fuzz-raw-"))
    path = write_workbook(folder / "clean.xlsx", clean_sheets())
    with zipfile.ZipFile(path) as archive:
        parts = tuple((info.filename, archive.read(info)) for info in archive.infolist())
    shutil.rmtree(folder, ignore_errors=True)
    return parts


@settings(FUZZ, max_examples=examples(25, 1.0))
@given(st.integers(0, 12), raw_rows(), st.sampled_from(["before", "after", "instead"]))
def test_raw_sheet_xml_is_read_or_refused_never_a_crash(sheet: int, rows: str, where: str) -> None:
    parts = dict(clean_parts())
    names = sorted(n for n in parts if n.startswith("xl/worksheets/sheet"))
    name = names[sheet % len(names)]
    head, rest = parts[name].split(b"<sheetData>", 1)
    body, tail = rest.split(b"</sheetData>", 1)
    body = {"before": rows.encode() + body, "after": body + rows.encode(), "instead": rows.encode()}[where]
    parts[name] = head + b"<sheetData>" + body + b"</sheetData>" + tail
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "raw.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
            for part, data in parts.items():
                archive.writestr(part, data)
        try:
            wb = load_workbook(path)
            findings = run_checks(wb)
        except ReviewgenError as exc:
            tally("raw", f"refused: {exc.message.split(': ', 1)[-1][:60]}")
            return
        tally("raw", "read")
        titles = set(openpyxl.load_workbook(path, read_only=True).sheetnames)
        for finding in findings:
            assert finding.location is None or finding.location.sheet is None or finding.location.sheet in titles


def teardown_module() -> None:
    if issued.cache_info().currsize:
        shutil.rmtree(issued()[0].parents[1], ignore_errors=True)
