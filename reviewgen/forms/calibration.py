"""Calibration workbooks: one spreadsheet per department (or one for the company) for the calibration meeting.

The Calibration sheet lists every person in scope with the figures and flags that matter; the two yellow
columns (calibrated rating, from a dropdown, and reason) are the only cells that can be typed in. A Summary
sheet holds the distribution against the guidance, the managers' means and spreads, the performance ×
potential grid and the fairness cuts. The workbook is signed like a manager form (reviewgen.forms.signature,
kind "calibration", owner ``department:<name>`` or ``company``) and bound to the workbook it came from
(reviewgen.forms.issue).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from pathlib import Path

from reviewgen.files.guard import Input
from reviewgen.files.output import atomic_output, safe_filename
from reviewgen.forms.calibration_pack import PackRenderer, write_pack
from reviewgen.forms.issue import issue_id, register_issue, rows_digest
from reviewgen.forms.layout import (
    CALIBRATION_SHEET,
    INSTRUCTIONS_SHEET,
    MAX_FORM_NAME_BYTES,
    rating_label,
)
from reviewgen.forms.sheets import Cell, page_setup, write_instructions, write_lists, write_record, write_table
from reviewgen.forms.signature import IssuedPerson, IssuedRecord, load_or_create_secret, record_rows, secret_warning
from reviewgen.forms.xlsx_package import package_bytes
from reviewgen.forms.xlsx_sheet import SheetXml
from reviewgen.forms.xlsx_styles import Style
from reviewgen.model.documents import Paper
from reviewgen.model.workbook import Person, Workbook
from reviewgen.render.context.calibration import Meeting, MeetingRow, meeting
from reviewgen.score.scores import Scores, percent, score_all

SUMMARY_SHEET = "Summary"
COMPANY_OWNER = "company"


def owner_of(department: str | None) -> str:
    """The signed owner of a calibration workbook: ``department:Sales``, or ``company``."""
    return COMPANY_OWNER if department is None else f"department:{department}"


def department_of(owner: str) -> str | None:
    """The department a calibration workbook's signed owner names (None: the company); the inverse of owner_of."""
    return None if owner == COMPANY_OWNER else owner.removeprefix("department:")


def issue_calibration(
    wb: Workbook,
    out_dir: Path,
    *,
    company: bool,
    replace: bool,
    inputs: Sequence[Input],
    withheld: frozenset[str],
    on_warning: Callable[[str], None] | None = None,
    paper: Paper = "a4",
) -> list[Path]:
    """Sign with the workbook's form secret (created on first use) and write the calibration workbooks (and their
    packs), laid out for ``paper``."""
    secret = load_or_create_secret(Path(wb.path))
    warning = secret_warning(Path(wb.path))
    if warning is not None and on_warning is not None:
        on_warning(warning)
    return write_calibration(
        wb,
        score_all(wb),
        out_dir,
        company=company,
        secret=secret,
        replace=replace,
        inputs=inputs,
        withheld=withheld,
        paper=paper,
    )


def write_calibration(
    wb: Workbook,
    scores: Scores,
    out_dir: Path,
    *,
    company: bool,
    secret: bytes,
    replace: bool = False,
    inputs: Sequence[Input] = (),
    withheld: frozenset[str] = frozenset(),
    templates_dir: Path | None = None,
    paper: Paper = "a4",
) -> list[Path]:
    """One calibration workbook per department (departments by name), and one for everyone with ``company``,
    each with its calibration pack (Markdown and Word) beside it.

    Written atomically into ``out_dir`` (reviewgen.files.output.atomic_output); byte-identical for the same
    workbook and secret. Nobody in ``withheld`` (privacy risks) is on any workbook. Printed pages (the workbooks'
    sheets and the packs) are laid out for ``paper``.
    """
    people = [p for p in wb.people if p.id not in withheld]
    departments = sorted({p.department for p in people if p.department}, key=lambda d: (d.casefold(), d))
    scopes: list[tuple[str | None, list[Person]]] = [(d, [p for p in people if p.department == d]) for d in departments]
    if company:
        scopes.append((None, people))
    paths: list[Path] = []
    taken: set[str] = set()
    renderer = PackRenderer(templates_dir, paper)
    with atomic_output(out_dir, replace=replace, inputs=inputs) as tree:
        for department, members in scopes:
            name = calibration_file_name(wb.cycle.name, department or wb.cycle.company or "Company")
            while name.casefold() in taken:
                name = name[: -len(".xlsx")] + " (2).xlsx"
            taken.add(name.casefold())
            book = build_calibration(wb, scores, department, members, secret, paper)
            tree.write(name, book, kind="calibration workbook")
            paths.append(out_dir / name)
            stem = "Calibration pack" + name[len("Calibration") : -len(".xlsx")]
            figures = meeting(wb, scores, department or wb.cycle.company or "Company", members)
            paths += [out_dir / p for p in write_pack(tree, renderer, wb, figures, stem)]
    register_issue(wb, secret)
    return paths


def calibration_file_name(cycle: str, scope: str) -> str:
    """``"Calibration 2026-Q4 - Sales.xlsx"``, through the one safe-file-name routine."""
    suffix = ".xlsx"
    return (
        safe_filename(f"Calibration {cycle or 'cycle'} - {scope}", max_len=MAX_FORM_NAME_BYTES - len(suffix)) + suffix
    )


def issued(wb: Workbook, department: str | None, people: Sequence[Person], secret: bytes) -> IssuedRecord:
    """The signed record: the cycle, the scope and exactly which people the workbook was issued with."""
    persons = tuple(IssuedPerson(p.id) for p in people)
    workbook = Path(wb.path).name
    return IssuedRecord(
        cycle=wb.cycle.name,
        owner_id=owner_of(department),
        kind="calibration",
        people=persons,
        workbook=workbook,
        issue=issue_id(secret, Path(wb.path), wb.cycle.name),
        digest=rows_digest(wb, persons),
    )


def build_calibration(
    wb: Workbook,
    scores: Scores,
    department: str | None,
    people: Sequence[Person],
    secret: bytes,
    paper: Paper = "a4",
) -> bytes:
    """The calibration workbook (.xlsx bytes) of ``department`` (None: the company) covering ``people``."""
    scope = department or wb.cycle.company or "Company"
    figures = meeting(wb, scores, scope, people)
    header = f"{wb.cycle.name} · {scope}"
    lists, ranges = write_lists({"ratings": [rating_label(level) for level in wb.scale.levels]})
    title = f"Calibration · {wb.cycle.name} · {scope}"
    table = write_table(CALIBRATION_SHEET, title, [_cells(wb, r) for r in figures.rows], ranges)
    page_setup(table, header, wb.cycle.confidentiality, title_rows="1:2")
    summary = write_summary(figures)
    page_setup(summary, header, wb.cycle.confidentiality, title_rows=None)
    record = write_record(record_rows(issued(wb, department, people, secret), secret))
    sheets = [_instructions(wb, scope, len(people)), table, summary, lists, record]
    when = dt.datetime.combine(wb.cycle.start or wb.cycle.end or dt.date(2000, 1, 1), dt.time())
    return package_bytes(sheets, active=1, title=f"{wb.cycle.name} calibration: {scope}", when=when, paper=paper)


def _cells(wb: Workbook, r: MeetingRow) -> dict[str, Cell]:
    calibration = wb.calibration_of(r.person_id)
    final = next((lvl for lvl in wb.scale.levels if lvl.rating == r.final), None)
    agreed = next((lvl for lvl in wb.scale.levels if calibration and lvl.rating == calibration.calibrated_rating), None)
    return {
        "person_id": r.person_id,
        "person_name": r.name,
        "manager": r.manager,
        "goal_rating": r.goal_rating,
        "values_rating": r.values_rating,
        "overall": r.overall,
        "label": r.label,
        "last": r.last_rating,
        "change": r.change,
        "potential": r.potential,
        "flags": "; ".join(r.flags),
        "final": rating_label(final) if final else "not rated",
        "calibrated": rating_label(agreed) if agreed else None,
        "reason": calibration.reason if calibration and agreed else None,
    }


def write_summary(m: Meeting) -> SheetXml:
    """Distribution against guidance, by manager, the 9-box and the fairness cuts, one block under another."""
    sheet = SheetXml(SUMMARY_SHEET, widths=dict(enumerate((28, 30, 30, 30, 10), start=1)))
    row = 1
    sheet.put(row, 1, f"Summary · {m.scope}", Style.TITLE)
    row = _block(sheet, row + 2, "Final ratings against the guidance", ("Rating", "People", "Share %", "Guidance %"), [
        (f"{d.rating} - {d.label}", d.count, percent(d.share), percent(d.guidance) if d.guidance is not None else "–")
        for d in m.distribution
    ] + ([("not rated", m.unrated, None, None)] if m.unrated else []))  # fmt: skip
    row = _block(sheet, row, "By manager (final ratings)", ("Manager", "Rated", "Mean", "Spread", "Skew"), [
        (b.name, b.rated, b.average, b.spread, "check" if b.skewed else "") for b in m.managers
    ])  # fmt: skip
    sheet.put(row, 1, "Performance (final rating) × potential", Style.HEADING)
    row += 1
    for col, text in enumerate(("Potential \\ performance", "low", "medium", "high"), start=1):
        sheet.put(row, col, text, Style.BOLD)
    for potential in ("high", "medium", "low"):
        row += 1
        sheet.put(row, 1, potential, Style.BOLD_WRAP)
        texts = [f"{c.count}: {', '.join(c.names)}" if c.names else "0" for c in m.grid if c.potential == potential]
        for col, text in enumerate(texts, start=2):
            sheet.put(row, col, text, Style.WRAP)
        # Spreadsheet programs do not all fit wrapped rows on opening: about 30 characters a line at width 30.
        sheet.heights[row] = 14.5 * max(1, *(math.ceil(len(t) / 30) for t in texts)) + 3
    row += 1
    if m.off_grid:
        sheet.put(row, 1, f"{m.off_grid} rated person(s) without a recorded potential are not on the grid.")
        row += 1
    row += 1
    for table in m.fairness:
        head = ("Group", "People", "Mean", "Distribution (lowest rating first)")
        row = _block(sheet, row, f"Fairness: {table.column} (groups under {table.minimum} hidden)", head, [
            (g.group, g.people, g.average, " · ".join(str(n) for _, n in g.distribution)) if g.shown
            else (g.group, g.hidden_reason, None, None)
            for g in table.rows
        ])  # fmt: skip
    return sheet


def _block(sheet: SheetXml, row: int, heading: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> int:
    """A heading, a bold header row and ``rows``; returns the row after it and one blank row."""
    sheet.put(row, 1, heading, Style.HEADING)
    row += 1
    for col, text in enumerate(header, start=1):
        sheet.put(row, col, text, Style.BOLD)
    for values in rows:
        row += 1
        for col, value in enumerate(values, start=1):
            sheet.put(row, col, value, Style.LEFT)
    return row + 2


def _instructions(wb: Workbook, scope: str, count: int) -> SheetXml:
    """What the meeting fills in, and what it must not change."""
    cycle = wb.cycle
    lines: list[tuple[str, bool]] = [
        (f"{cycle.company}: {cycle.name} calibration", True),
        (f"Calibration workbook for {scope}: {count} people.", False),
        ("", False),
        ("What to fill in", True),
        ("Calibration sheet: for each person whose rating the meeting agrees, choose the Calibrated rating from "
         "the dropdown. A rating that differs from 'Rating now' needs a Reason: it is printed in the manager's "
         "packet; a changed rating without one is rejected when HR collects this workbook.", False),
        ("Leave the Calibrated rating empty where the rating stands as it is.", False),
        ("Summary sheet: the distribution against the guidance, the managers' means and spreads, the performance "
         "× potential grid and the fairness cuts (groups under 5 people are never shown).", False),
        ("", False),
        ("Rating scale", True),
        *[(f"{lvl.rating} - {lvl.label}: {lvl.description}".rstrip(": "), False) for lvl in wb.scale.levels],
        ("", False),
        ("Please do not", True),
        ("change the blue columns, add rows, or type formulas: only the yellow columns are collected.", False),
        ("", False),
        ("When you are done", True),
        ("Save the file as an Excel Workbook (.xlsx), keep its name, and send it back to HR.", False),
        ("", False),
        (cycle.confidentiality, True),
    ]  # fmt: skip
    return write_instructions(INSTRUCTIONS_SHEET, lines, f"{cycle.name} · {scope}", cycle.confidentiality)
