"""What the company-wide documents say and how they print, on the bundled sample (60 people) and a generated
300-person company: the one-pager's KPI figures against the workbook, no individual's progress on a handout,
and page budgets measured in LibreOffice (one soffice call for every document)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from testkit.big_team import team_of_twelve
from testkit.documents import docx_text

from reviewgen import api
from reviewgen.load.workbook import load_workbook
from reviewgen.workbooks.sample import write_sample_workbook

SAMPLE = Path(__file__).parents[2] / "samples" / "northwind-2026-q4.xlsx"


def build(workbook: Path, out: Path, **cli: object) -> None:
    api.build_documents(workbook, out, api.BuildOptions.from_cli(**{"jobs": 1, "ignore_errors": True, **cli}))  # type: ignore[arg-type]


def test_one_pager_prints_each_kpi_as_the_workbook_states_it(tmp_path: Path) -> None:
    build(SAMPLE, tmp_path / "out", only="kind:one-pager")
    stem = tmp_path / "out" / "strategy" / "Strategy one-pager"
    # From the sample's Objectives sheet: baseline, target, actual -> (actual - baseline) / (target - baseline).
    expected = {
        "C1": ("ARR: 38 → 46\u00a0M EUR", "43.1", "64\u00a0%"),  # 5.1 / 8 = 63.75 %
        "C2": ("Net revenue retention: 104 → 110\u00a0%", "107", "50\u00a0%"),  # 3 / 6
        "C3": ("Customers on the real-time ledger: 15 → 60\u00a0%", "41", "58\u00a0%"),  # 26 / 45 = 57.8 %
        "C4": ("Operating margin: -6 → 0\u00a0%", "-2.5", "58\u00a0%"),  # 3.5 / 6 = 58.3 %
        "C5": ("eNPS: 18 → 30\u00a0points", "23", "42\u00a0%"),  # 5 / 12 = 41.7 %
    }
    wb = load_workbook(SAMPLE)
    actuals = {o.id: o.actual for o in wb.plan.objectives if o.level == "company"}
    assert actuals == {"C1": 43.1, "C2": 107, "C3": 41, "C4": -2.5, "C5": 23}
    md = stem.with_suffix(".md").read_text(encoding="utf-8")
    rows = {line.split("**")[1]: line for line in md.splitlines() if line.startswith("| **C")}
    for oid, (kpi, actual, pct) in expected.items():
        assert kpi in rows[oid] and f"| {actual} |" in rows[oid] and f"KPI ![{pct}]" in rows[oid]
        assert f"}} {pct}<br>goals" in rows[oid], rows[oid]
    word = docx_text(stem.with_suffix(".docx"))
    for oid, (kpi, actual, pct) in expected.items():
        assert re.search(rf"\| {re.escape(kpi)} \| {re.escape(actual)} \| KPI  ?{pct}", word), oid
    assert "For everyone at Northwind Ledger" in md and "Confidential" not in md
    assert "Zoë Ångström" in md and "| Company |" not in md  # owners by name


def test_a_handout_prints_no_individuals_progress_or_rating(tmp_path: Path) -> None:
    build(SAMPLE, tmp_path / "out", only="kind:handout")
    wb = load_workbook(SAMPLE)
    managers = {m.id for m in wb.managers()}
    for department in sorted({p.department for p in wb.people}):
        stem = tmp_path / "out" / "strategy" / f"Workshop handout - {department}"
        for text in (stem.with_suffix(".md").read_text(encoding="utf-8"), docx_text(stem.with_suffix(".docx"))):
            for person in wb.people:
                if person.id not in managers:  # managers are named only as "Team of ..."
                    assert person.name not in text, (department, person.name)
            for g in wb.goals:
                assert g.title not in text
            assert not re.search(r"\bratings?\b", text, re.IGNORECASE) and "Exceeds" not in text
            for line in text.splitlines():
                if line.startswith("| Team of "):
                    people = int(line.split("|")[2])
                    assert ("%" in line) == (people >= 3), line  # a team of one or two shows no progress
            assert "## Agenda" in text or "Agenda" in text
    eng = (tmp_path / "out" / "strategy" / "Workshop handout - Engineering.md").read_text(encoding="utf-8")
    assert "| Team of Zoë Ångström | 1 | 3 | *fewer than 3 people* |" in eng
    # The ladder lists each objective once; the retired FIN-3 is left out.
    fin = (tmp_path / "out" / "strategy" / "Workshop handout - Finance & People.md").read_text(encoding="utf-8")
    ladder = fin[fin.index("## The plan") : fin.index("## Where we stand")]
    ids = re.findall(r"- \*\*([A-Z]+-?\w*)\*\*", ladder)
    assert len(ids) == len(set(ids)) and "FIN-3" not in ids and "FIN-1" in ids


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def _page_text(pdf: Path, first: int, last: int) -> str:
    args = ["pdftotext", "-f", str(first), "-l", str(last), "-layout", str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.mark.soffice
def test_page_budgets_at_60_and_300_people(soffice: str, tmp_path: Path) -> None:
    big = write_sample_workbook(tmp_path / "300.xlsx", people=300, seed=1)
    docs: dict[str, Path] = {}
    for size, workbook in (("60", SAMPLE), ("300", big)):
        for paper in ("a4", "letter"):
            out = tmp_path / f"{size}-{paper}"
            kinds = "kind:scorecard,kind:one-pager" + (",kind:handout" if size == "60" else "")
            build(workbook, out, formats="docx", paper=paper, only=kinds)
            docs[f"{size}-{paper}-one-pager"] = out / "strategy" / "Strategy one-pager.docx"
            for handout in (out / "strategy").glob("Workshop handout - *.docx"):
                docs[f"{size}-{paper}-handout-{handout.stem.split(' - ')[1]}"] = handout
        out = tmp_path / f"{size}-a4"
        docs[f"{size}-company"] = out / "scorecards" / "Company scorecard.docx"
        # The largest teams of each company (9 reports at 300 people).
        wb = load_workbook(workbook)
        largest = sorted(wb.managers(), key=lambda m: (-len(wb.reports_of(m.id)), m.id))[:2]
        for m in largest:
            assert len(wb.reports_of(m.id)) <= 12
            (docs[f"{size}-team-{m.id}"],) = (out / "managers").glob(f"{m.id} - */Team scorecard - *.docx")
    # A team of 12 reports with long names, 4 goals each, long objective titles, check-ins behind and
    # self/manager gaps (tests/testkit/big_team.py): still two pages on A4 and on Letter.
    twelve = team_of_twelve(SAMPLE, tmp_path / "twelve.xlsx", "NW0012")
    for paper in ("a4", "letter"):
        out = tmp_path / f"12-{paper}"
        build(twelve, out, formats="docx", paper=paper, only="kind:scorecard")
        (docs[f"12-team-{paper}"],) = (out / "managers").glob("NW0012 - */Team scorecard - *.docx")
    pdfs = tmp_path / "pdf"
    pdfs.mkdir()
    renamed = []
    for key, path in docs.items():
        renamed.append(path.rename(path.with_name(f"{key}.docx")))
    convert = [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*convert, "--outdir", str(pdfs), *map(str, renamed)], check=True, capture_output=True, timeout=600)
    pages = {key: _pages(pdfs / f"{key}.pdf") for key in docs}
    for key, n in pages.items():
        if key.endswith("one-pager"):
            assert n == 1, (key, pages)
        if "-team-" in key:
            assert n <= 2, (key, pages)
    assert {pages["12-team-a4"], pages["12-team-letter"]} == {2}, pages
    # Every handout: the agenda and where we stand, then the exercises, then the commitments, each page
    # starting at its level-1 heading, and never a blank page (a table filling its page used to push the gap
    # paragraph after it onto a page of its own, which the page break then left empty).
    handouts = {key: n for key, n in pages.items() if "-handout-" in key}
    assert len(handouts) == 12, handouts
    for key, n in handouts.items():
        texts = _page_text(pdfs / f"{key}.pdf", 1, n).split("\f")[:n]
        lines = [[line.strip() for line in text.splitlines() if line.strip()] for text in texts]
        blank = [number for number, page in enumerate(lines, 1) if len(page) <= 2]  # the header and footer only
        assert not blank, (key, blank, pages)
        assert (lines[-2][1], lines[-1][1]) == ("Exercises", "Commitments"), (key, lines[-2][:2], lines[-1][:2])
        # The Leadership team's plan and standing fit on one A4 page; no other department's do.
        assert n == (3 if key.endswith("Leadership") else 4), (key, handouts)
    for size in ("60", "300"):
        pdf = pdfs / f"{size}-company.pdf"
        first = _page_text(pdf, 1, 1)
        for part in ("300 people" if size == "300" else "60 people", "To look at first", "Ratings", "Goal progress"):
            assert part in first, (size, part)
        appendix = next(
            i for i in range(1, pages[f"{size}-company"] + 1) if "Appendix: roster" in _page_text(pdf, i, i)
        )
        assert appendix - 1 < 15, (size, appendix)
    assert "roster.xlsx" in _page_text(pdfs / "300-company.pdf", 1, pages["300-company"])


def test_a_long_roster_goes_to_a_spreadsheet_beside_the_scorecard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook as open_xlsx
    from testkit.builders import clean_sheets, find_row, write_workbook

    from reviewgen.render.context import scorecard

    monkeypatch.setattr(scorecard, "ROSTER_ROWS", 2)  # the clean company has 3 people
    sheets = clean_sheets()
    find_row(sheets, "People", "P3")[1] = "Alan | #1 {{ 7*7 }} *x* =SUM(A1)"
    workbook = write_workbook(tmp_path / "cycle.xlsx", sheets)
    for out in ("a", "b"):
        build(workbook, tmp_path / out, only="kind:scorecard")
    sheet = tmp_path / "a" / "scorecards" / "Company scorecard - roster.xlsx"
    assert sheet.read_bytes() == (tmp_path / "b" / "scorecards" / "Company scorecard - roster.xlsx").read_bytes()
    md = (tmp_path / "a" / "scorecards" / "Company scorecard.md").read_text(encoding="utf-8")
    appendix = md[md.index("## Appendix: roster") :]
    assert "**Company scorecard - roster.xlsx** beside this document" in appendix and "| Name |" not in appendix
    book = open_xlsx(sheet)
    rows = list(book["Roster"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Manager", "ID", "Name")
    assert [(r[0], r[1]) for r in rows[1:]] == [("Ada Lovelace", "P2"), ("Grace Hopper", "P3"), ("no manager", "P1")]
    assert rows[2][2] == "Alan | #1 {{ 7*7 }} *x* =SUM(A1)"  # names are written as text, exactly
    assert [r[0] for r in book["By manager"].iter_rows(values_only=True)] == ["Manager", "Ada Lovelace", "Grace Hopper"]
    last = book["Roster"].cell(1, len(rows[0])).column_letter
    assert book["Roster"].freeze_panes == "A2" and book["Roster"].auto_filter.ref == f"A1:{last}4"


def test_coverage_counts_each_goal_once_however_deep(tmp_path: Path) -> None:
    from testkit.builders import D, clean_sheets, write_workbook

    from reviewgen.render.context import build_scorecard_context
    from reviewgen.score.scores import score_all

    sheets = clean_sheets()
    sheets["Objectives"].append(
        ["T1", "Team push", "team", "D1", "Sales", "", None, None, "", D(2026, 12, 31), "active"]
    )
    sheets["Goals"].append(
        ["G9", "P3", "Book 5 demos", "T1", "Demos", 0, 5, 5, "demos", 0, D(2026, 12, 31), "done", None, None, "", ""]
    )
    wb = load_workbook(write_workbook(tmp_path / "cycle.xlsx", sheets))
    ctx = build_scorecard_context(wb, score_all(wb), "company")
    counts = {c.objective.id: c.goal_count for c in ctx.coverage}
    # G1 on C1; G2, G3, G4 on D1; G9 on T1 (under D1, under C1): each goal once under each objective above it.
    assert counts == {"C1": 5, "D1": 4, "T1": 1}
    assert {c.objective.id: c.role for c in ctx.coverage} == {"C1": "company", "D1": "Sales", "T1": "Sales"}
