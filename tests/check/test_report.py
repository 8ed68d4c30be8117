"""format_findings: text grouped by area with a summary, JSON, and Markdown that never lets data become markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from testkit.builders import clean_sheets, find_row
from testkit.checks import load

from reviewgen.check.report import format_findings
from reviewgen.check.run import run_checks
from reviewgen.errors import ConfigError
from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.render.markup import escape_markdown_line

HOSTILE = "Bob | <script>x</script> **bold** [link](http://e.test) `code` # \\ &amp; 1. {{ name }}\nsecond line"


def _finding(code: str, severity: Severity, message: str = "m", row: int = 2, subject: str | None = "P1") -> Finding:
    return Finding(code, severity, message, Location("acme.xlsx", "Goals", row, "Weight", f"J{row}"), subject)


SAMPLE = [
    _finding("unknown-person", Severity.ERROR, "person P9 is unknown", 3, "P9"),
    _finding("orphan-goal", Severity.WARNING, "goal G4 names no objective", 5, "G4"),
    _finding("weights-not-100", Severity.WARNING, "weights add up to 85", 6, "P3"),
    _finding("rating-gap", Severity.INFO, "self 4, manager 2", 7, "G7"),
]


def test_text_groups_by_area_in_report_order_and_ends_with_the_summary() -> None:
    text = format_findings(SAMPLE, "text", title="acme.xlsx")
    lines = text.splitlines()
    assert lines == [
        "Integrity (2)",
        f"  {SAMPLE[0].one_line()}",
        f"  {SAMPLE[2].one_line()}",
        "",
        "Alignment (1)",
        f"  {SAMPLE[1].one_line()}",
        "",
        "Consistency and fairness (1)",
        f"  {SAMPLE[3].one_line()}",
        "",
        "1 error, 2 warnings, 1 info in acme.xlsx",
    ]
    assert text.endswith("\n")


def test_text_without_findings_says_the_cycle_is_ready() -> None:
    assert format_findings([], "text", title="acme.xlsx") == "No findings in acme.xlsx: the cycle is ready.\n"


def test_text_keeps_each_finding_on_one_line_and_lists_unknown_codes_last() -> None:
    odd = _finding("form-conflict", Severity.WARNING, "two answers\nfor one cell")
    lines = format_findings([odd, SAMPLE[0]], "text", title="acme.xlsx").splitlines()
    assert lines[3] == "Other (1)"
    assert lines[4].endswith("two answers for one cell")
    assert lines[-1] == "1 error, 1 warning, 0 info in acme.xlsx"


def test_json_is_the_list_of_findings_in_order_with_the_documented_keys() -> None:
    data = json.loads(format_findings(SAMPLE, "json", title="acme.xlsx"))
    assert [d["code"] for d in data] == [f.code for f in SAMPLE]
    assert all(list(d) == ["code", "severity", "message", "file", "sheet", "row", "column", "subject"] for d in data)
    assert data[0] == {
        "code": "unknown-person",
        "severity": "error",
        "message": "person P9 is unknown",
        "file": "acme.xlsx",
        "sheet": "Goals",
        "row": 3,
        "column": "Weight",
        "subject": "P9",
    }
    assert format_findings([], "json", title="acme.xlsx") == "[]\n"


def _table_rows(markdown: str) -> list[list[str]]:
    """The text of every table body row, as markdown-it (tables on, HTML off) parses it."""
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown)
    rows: list[list[str]] = []
    in_body = False
    for tok in tokens:
        if tok.type == "tbody_open":
            in_body = True
        elif tok.type == "tbody_close":
            in_body = False
        elif in_body and tok.type == "tr_open":
            rows.append([])
        elif in_body and tok.type == "inline":
            assert all(child.type in ("text", "softbreak") for child in tok.children or []), tok.children
            rows[-1].append(tok.content and "".join(c.content for c in tok.children or []))
    return rows


def test_markdown_has_a_heading_a_summary_and_a_table_per_area() -> None:
    markdown = format_findings(SAMPLE, "markdown", title="acme.xlsx")
    assert markdown.startswith("# Check report: acme.xlsx\n\n1 error, 2 warnings, 1 info in acme.xlsx\n")
    assert [line for line in markdown.splitlines() if line.startswith("## ")] == [
        "## Integrity (2)",
        "## Alignment (1)",
        "## Consistency and fairness (1)",
    ]
    rows = _table_rows(markdown)
    assert [r[1] for r in rows] == ["unknown-person", "weights-not-100", "orphan-goal", "rating-gap"]
    assert rows[0] == [
        "error",
        "unknown-person",
        "acme.xlsx › Goals › row 3 › Weight (J3)",
        "P9",
        "person P9 is unknown",
    ]


def test_markdown_prints_hostile_data_as_plain_text() -> None:
    bad = Finding("unknown-person", Severity.ERROR, HOSTILE, Location("a|b.xlsx", "Goals", 2, "Person"), "P|9")
    rows = _table_rows(format_findings([bad], "markdown", title="a|b.xlsx"))
    assert len(rows) == 1 and len(rows[0]) == 5
    assert rows[0][4] == HOSTILE.replace("\n", " ")
    assert rows[0][3] == "P|9"


def test_report_cells_use_the_one_escaper_on_one_line() -> None:
    assert escape_markdown_line("a|b *c* <d>\ne") == "a\\|b \\*c\\* \\<d\\> e"


def test_unknown_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="text, json or markdown"):
        format_findings(SAMPLE, "html", title="acme.xlsx")  # type: ignore[arg-type]


def test_report_of_a_real_workbook(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[9] = 85
    find_row(sheets, "People", "P3")[1] = "Alan | Turing *"
    findings = run_checks(load(tmp_path, sheets, "acme.xlsx"))
    text = format_findings(findings, "text", title="acme.xlsx")
    assert "weights of Alan | Turing *'s goals add up to 85; add 15 to reach 100" in text
    assert text.endswith("0 errors, 1 warning, 0 info in acme.xlsx\n")
    rows = _table_rows(format_findings(findings, "markdown", title="acme.xlsx"))
    assert rows[0][4] == "weights of Alan | Turing *'s goals add up to 85; add 15 to reach 100"
