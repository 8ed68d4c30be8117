"""Findings as a report: plain text for the terminal, JSON for tools, Markdown for a shared page.

Every format lists the findings in the order given (run_checks sorts them); text and Markdown
group them by area first. Data in messages is untrusted, so Markdown escapes every character
that could turn it into markup, and text keeps each finding on one line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Literal

from reviewgen.check.codes import AREAS, CODES
from reviewgen.errors import ConfigError
from reviewgen.model.findings import Finding, Severity
from reviewgen.render.markup import escape_markdown_line

ReportFormat = Literal["text", "json", "markdown"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("text", "json", "markdown")

_OTHER = ("other", "Other")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029\x85]+")
# The characters that start inline markup (emphasis, code, links, images, raw HTML, entities,
# strikethrough) or end a table cell. Escaped text only ever lands inside a line that reviewgen
# starts itself, so block markup (lists, headings) cannot be triggered and needs no escaping.


def format_findings(findings: Sequence[Finding], fmt: ReportFormat, *, title: str) -> str:
    """``findings`` as ``text``, ``json`` or ``markdown``; ``title`` names the checked file.

    The result ends with a newline. An unknown ``fmt`` raises ConfigError.
    """
    if fmt == "text":
        return _text(findings, title)
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(findings, title)
    raise ConfigError(f"unknown report format {fmt!r}: use text, json or markdown")


def summary(findings: Sequence[Finding], title: str) -> str:
    """``3 errors, 12 warnings, 2 info in acme.xlsx``, or the all-clear line when there are none."""
    if not findings:
        return f"No findings in {title}: the cycle is ready."
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    return (
        f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}, "
        f"{counts[Severity.INFO]} info in {title}"
    )


def grouped(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    """(area heading, findings) for each area that has findings, in report order; unknown codes last."""
    by_area: dict[str, list[Finding]] = {}
    for f in findings:
        info = CODES.get(f.code)
        by_area.setdefault(info.area if info else _OTHER[0], []).append(f)
    return [(heading, by_area[area]) for area, heading in (*AREAS, _OTHER) if area in by_area]


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def _text(findings: Sequence[Finding], title: str) -> str:
    lines: list[str] = []
    for heading, group in grouped(findings):
        lines.append(f"{heading} ({len(group)})")
        lines.extend(f"  {_one_line(f.one_line())}" for f in group)
        lines.append("")
    lines.append(_one_line(summary(findings, title)))
    return "\n".join(lines) + "\n"


def _markdown(findings: Sequence[Finding], title: str) -> str:
    out = [f"# Check report: {escape_markdown_line(title)}", "", escape_markdown_line(summary(findings, title))]
    for heading, group in grouped(findings):
        out += ["", f"## {heading} ({len(group)})", ""]
        out.append("| Severity | Code | Where | Subject | Finding |")
        out.append("| --- | --- | --- | --- | --- |")
        for f in group:
            cells = (f.severity.value, f.code, str(f.location or ""), f.subject or "", f.message)
            out.append("| " + " | ".join(escape_markdown_line(c) for c in cells) + " |")
    return "\n".join(out) + "\n"
