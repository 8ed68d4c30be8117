"""The status report as text, JSON, Markdown, or a CSV chase list (one row per person to remind)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Literal

from reviewgen.errors import ConfigError
from reviewgen.render.markup import escape_markdown_line
from reviewgen.status.completion import GroupStatus, PersonStatus, StatusReport

StatusFormat = Literal["text", "json", "markdown", "csv"]
STATUS_FORMATS: tuple[StatusFormat, ...] = ("text", "json", "markdown", "csv")

#: Short column heads of the tables; the legend under them gives the full step.
_HEADS = {"goals": "goals", "weights": "weights", "self": "self", "ratings": "ratings", "checkin": "check-in"}
_HEADS["form"] = "form"
_HEADS["goal_form"] = "goal form"
_LABEL_WIDTH = 34
#: A CSV cell starting with one of these would be run as a formula by a spreadsheet program.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A command-line word that needs no quotes in any shell (a path such as q1/goals.xlsx or C:\hr\cycle.xlsx).
_PLAIN_WORD = re.compile(r"[\w@%+=:,./\\-]+")


def format_status(report: StatusReport, fmt: str, *, command: Sequence[str]) -> str:
    """``report`` in ``fmt``; ConfigError names the formats there are. ``command``: the arguments that measure
    the same again (``["status", "q1/goals.xlsx", "--forms", "goals-returned"]``), for the text's pointer to
    the chase list."""
    if fmt == "text":
        return _text(report, command)
    if fmt == "json":
        return json.dumps(_as_dict(report), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(report)
    if fmt == "csv":
        return chase_list(report)
    raise ConfigError(f"unknown format {fmt!r}: use {', '.join(STATUS_FORMATS)}")


def _title(report: StatusReport) -> str:
    name = f"{report.cycle} ({report.company})" if report.company else report.cycle or "the cycle"
    return f"Completion of {name} as of {report.as_of.isoformat()}: {len(report.people)} people"


def _legend(report: StatusReport) -> str:
    return "; ".join(f"{_HEADS[key]}: {label}" for key, label in report.steps())


def _cell(group: GroupStatus, key: str) -> str:
    for step, done, measured in group.counts:
        if step == key:
            return f"{done}/{measured}"
    return "-"


def _behind(report: StatusReport) -> list[PersonStatus]:
    return [s for s in report.people if s.missing()]


def _text(report: StatusReport, command: Sequence[str]) -> str:
    keys = [key for key, _ in report.steps()]
    widths = [max(len(_HEADS[k]), 9) for k in keys]

    def line(label: str, people: str, cells: Sequence[str]) -> str:
        short = label if len(label) <= _LABEL_WIDTH else label[: _LABEL_WIDTH - 1] + "…"
        parts = [f"{c:>{w}}" for c, w in zip(cells, widths, strict=True)]
        return f"{short:<{_LABEL_WIDTH}} {people:>6}  " + "  ".join(parts)

    def rows(groups: Sequence[GroupStatus]) -> list[str]:
        return [line(g.label, str(g.people), [_cell(g, k) for k in keys]) for g in groups]

    out = [_title(report), "", line("", "people", [_HEADS[k] for k in keys]), *rows([report.company_total])]
    out += ["", "By department", *rows(report.departments), "", "By manager (their direct reports)"]
    out += rows(report.managers)
    out += ["", _legend(report)]
    out += [f"form file not counted: {line_}" for line_ in report.unusable_forms]
    behind = _behind(report)
    if behind:
        # The same folder and day as this report: without them the chase list would miss the forms not back.
        words = " ".join(_shell_word(word) for word in ("reviewgen", *command, "--format", "csv"))
        out.append(f"{len(behind)} people have steps to do; the chase list: {words}")
    else:
        out.append("Everyone is up to date.")
    return "\n".join(out) + "\n"


def _shell_word(word: str) -> str:
    """``word`` as typed on a command line: in double quotes (which every shell reads) when it holds anything but
    letters, digits and the characters of a plain path (a space: "My reviews/cycle.xlsx")."""
    return word if _PLAIN_WORD.fullmatch(word) else '"' + word.replace('"', '\\"') + '"'


def _markdown(report: StatusReport) -> str:
    keys = [key for key, _ in report.steps()]
    head = "| | people | " + " | ".join(escape_markdown_line(_HEADS[k]) for k in keys) + " |"
    rule = "| --- | ---: | " + " | ".join("---:" for _ in keys) + " |"

    def table(groups: Sequence[GroupStatus]) -> list[str]:
        body = [
            f"| {escape_markdown_line(g.label)} | {g.people} | " + " | ".join(_cell(g, k) for k in keys) + " |"
            for g in groups
        ]
        return [head, rule, *body]

    out = [f"# {escape_markdown_line(_title(report))}", "", *table([report.company_total]), "", "## By department", ""]
    out += [*table(report.departments), "", "## By manager (their direct reports)", "", *table(report.managers), ""]
    out += [escape_markdown_line(_legend(report)), ""]
    behind = _behind(report)
    if behind:
        out += ["## To remind", "", "| person | department | missing | manager |", "| --- | --- | --- | --- |"]
        for s in behind:
            manager = f"{s.manager.name} ({s.manager.id})" if s.manager else ""
            cells = [f"{s.person.name} ({s.person.id})", s.person.department, _missing_text(report, s), manager]
            out.append("| " + " | ".join(escape_markdown_line(c) for c in cells) + " |")
        out.append("")
    return "\n".join(out)


def _missing_text(report: StatusReport, status: PersonStatus) -> str:
    labels = dict(report.steps())
    return "; ".join(labels[key] for key in status.missing())


def chase_list(report: StatusReport) -> str:
    """One CSV row per person with a step to do: who, their email, what is missing, and their manager."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "person id",
            "name",
            "email",
            "department",
            "missing",
            "manager id",
            "manager",
            "manager email",
            "last check-in",
        ]
    )
    for s in _behind(report):
        manager = s.manager
        writer.writerow(
            _plain(cell)
            for cell in (
                s.person.id,
                s.person.name,
                s.person.email,
                s.person.department,
                _missing_text(report, s),
                manager.id if manager else "",
                manager.name if manager else "",
                manager.email if manager else "",
                s.last_checkin.isoformat() if s.last_checkin else "",
            )
        )
    return buffer.getvalue()


def _plain(text: str) -> str:
    """A cell a spreadsheet program shows as text: a leading ``=``, ``+``, ``-`` or ``@`` gets an apostrophe."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _as_dict(report: StatusReport) -> dict[str, object]:
    def group(g: GroupStatus) -> dict[str, object]:
        return {
            "kind": g.kind,
            "key": g.key,
            "label": g.label,
            "people": g.people,
            "done": {step: {"done": done, "of": measured} for step, done, measured in g.counts},
        }

    return {
        "company": report.company,
        "cycle": report.cycle,
        "as_of": report.as_of.isoformat(),
        "steps": [{"key": key, "label": label} for key, label in report.steps()],
        "company_total": group(report.company_total),
        "departments": [group(g) for g in report.departments],
        "managers": [group(g) for g in report.managers],
        "people": [
            {
                "id": s.person.id,
                "name": s.person.name,
                "email": s.person.email,
                "department": s.person.department,
                "manager_id": s.person.manager_id,
                "last_checkin": s.last_checkin.isoformat() if s.last_checkin else None,
                "missing": list(s.missing()),
            }
            for s in report.people
        ],
        "unusable_forms": list(report.unusable_forms),
    }
