"""`reviewgen build` end to end (reviewgen/api.build, reviewgen/build_runner.py): what the documents say,
in both formats, and how the build behaves (--only, --edition, --format, determinism, errors, atomicity)."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from testkit.builders import clean_sheets, clean_workbook, find_row, write_workbook
from testkit.documents import docx_text

from reviewgen import api
from reviewgen.errors import ChecksFailed, ConfigError, OutputError, TemplateError

MANAGERS = "managers"
GRACE = f"{MANAGERS}/P2 - Grace Hopper"
ADA = f"{MANAGERS}/P1 - Ada Lovelace"


def build(workbook: Path, out: Path, **cli: object) -> api.BuildResult:
    options = api.BuildOptions.from_cli(**{"jobs": 1, **cli})  # type: ignore[arg-type]
    return api.build_documents(workbook, out, options)


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clean three-person cycle built once, both formats, in two forked worker processes."""
    tmp = tmp_path_factory.mktemp("clean")
    out = tmp / "out"
    build(clean_workbook(tmp), out, jobs=2)
    return out


def test_layout_manifest_and_permissions(clean_build: Path) -> None:
    manifest = json.loads((clean_build / "manifest.json").read_text(encoding="utf-8"))
    charts = [f["path"] for f in manifest["files"] if f["kind"] == "chart"]
    paths = [f["path"] for f in manifest["files"] if f["kind"] != "chart"]
    stems = sorted({p.rsplit(".", 1)[0] for p in paths})
    assert stems == sorted(
        [
            f"{MANAGERS}/Without a manager/P1 - Ada Lovelace - employee edition",
            f"{MANAGERS}/Without a manager/P1 - Ada Lovelace - manager edition",
            f"{ADA}/P2 - Grace Hopper - employee edition",
            f"{ADA}/P2 - Grace Hopper - manager edition",
            f"{ADA}/Team scorecard - P1 - Ada Lovelace",
            f"{GRACE}/P3 - Alan Turing - employee edition",
            f"{GRACE}/P3 - Alan Turing - manager edition",
            f"{GRACE}/Team scorecard - P2 - Grace Hopper",
            "scorecards/Company scorecard",
            "scorecards/Department scorecard - Leadership",
            "scorecards/Department scorecard - Sales",
            "strategy/Strategy one-pager",
            "strategy/Workshop handout - Leadership",
            "strategy/Workshop handout - Sales",
        ]
    )
    assert len(paths) == 2 * len(stems)  # .md and .docx of each
    # 6 packets, 5 scorecards, 1 one-pager, 2 handouts; twice each (two formats).
    assert manifest["counts"] == {"chart": len(charts), "handout": 4, "one-pager": 2, "packet": 12, "scorecard": 10}
    # The chart bars are shared: each file once, in charts/, linked by the documents (relative links).
    linked = {
        m
        for p in paths
        if p.endswith(".md")
        for m in re.findall(r"charts/bar-\w+-\d+\.png", (clean_build / p).read_text(encoding="utf-8"))
    }
    assert charts and sorted(linked) == sorted(charts)
    for entry in manifest["files"]:
        path = clean_build / entry["path"]
        assert path.stat().st_size == entry["size"]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((clean_build / GRACE).stat().st_mode) == 0o700


def test_packet_shows_goals_ratings_score_and_chain_in_both_formats(clean_build: Path) -> None:
    stem = clean_build / ADA / "P2 - Grace Hopper - employee edition"
    md = stem.with_suffix(".md").read_text(encoding="utf-8")
    word = docx_text(stem.with_suffix(".docx"))
    for text in (md, word):
        # Goals: G2 weight 60, manager 3; G3 weight 40, manager 4.
        assert "Sign 40 new mid-size accounts by 31 December" in text
        assert "Cut average sales cycle from 60 to 45 days" in text
        assert "Close 12 new accounts in Q4" not in text  # Alan's goal
        # Progress: G2 (30 - 0) / (40 - 0) = 75 %; G3 (50 - 60) / (45 - 60) = 0.667 = 67 % (lower is better).
        assert "75\u00a0%" in text and "67\u00a0%" in text  # a no-break space keeps "75 %" together
        # Goal rating (60 x 3 + 40 x 4) / 100 = 3.4; values (3 + 4) / 2 = 3.5;
        # overall 0.7 x 3.4 + 0.3 x 3.5 = 2.38 + 1.05 = 3.43 -> 3.4, "Meets".
        assert "3.4 – Meets" in text
        assert "3.5" in text
        # Points: 0.6 x 3 = 1.80 and 0.4 x 4 = 1.60.
        assert "1.80" in text and "1.60" in text
        # The chain: mission -> C1 (company) -> D1 (department) -> her goals.
        mission, c1, d1 = (
            text.index("Make bookkeeping painless for small firms"),
            text.index("Grow recurring revenue to 12M"),
            text.index("Win 40 new mid-size accounts"),
        )
        assert mission < c1 < d1 < text.index("Your goal")
        # Values, check-ins (by her manager, named), development, sign-off.
        assert "Listens well" in text and "Follows through" in text
        assert "Forecasts could be earlier" in text and "Ada Lovelace" in text
        assert "Take the forecasting course" in text
        assert "Discussion guide" in text and "Sign-off" in text and "Signature" in text
        # Employee edition: no coaching notes, no findings section.
        assert "Coaching notes" not in text and "Findings about" not in text
    assert "| Signature |" in md


def test_manager_edition_adds_coaching_and_findings(clean_build: Path) -> None:
    stem = clean_build / GRACE / "P3 - Alan Turing - manager edition"
    for text in (stem.with_suffix(".md").read_text(encoding="utf-8"), docx_text(stem.with_suffix(".docx"))):
        assert "Coaching notes (manager only)" in text
        assert "Findings about this person (manager only)" in text
        assert "Manager edition" in text
        # G4: 12 of 12 accounts = 100 %; goal rating 4 (one goal), values 4 -> overall 0.7 x 4 + 0.3 x 4 = 4.0.
        assert "100\u00a0%" in text and "4.0 – Exceeds" in text


def test_scorecard_and_one_pager_content(clean_build: Path) -> None:
    team = clean_build / GRACE / "Team scorecard - P2 - Grace Hopper"
    for text in (team.with_suffix(".md").read_text(encoding="utf-8"), docx_text(team.with_suffix(".docx"))):
        assert "Team scorecard: Grace Hopper" in text
        assert "Alan Turing" in text and "4.0 – Exceeds" in text
        assert "Ratings against the company" in text and "Goal progress by objective" in text
        assert "To look at first" in text and "Appendix: roster" in text
        assert "Grace Hopper (P2)" not in text  # a team scorecard lists the reports, not the manager
    company = clean_build / "scorecards" / "Company scorecard.md"
    text = company.read_text(encoding="utf-8")
    # Everyone is on it: 3.4 (Grace), 4.0 (Alan) and Ada: G1 4, values 4 -> 4.0.
    assert "Ada Lovelace" in text and "Grace Hopper" in text and "Alan Turing" in text
    one = clean_build / "strategy" / "Strategy one-pager"
    for text in (one.with_suffix(".md").read_text(encoding="utf-8"), docx_text(one.with_suffix(".docx"))):
        assert "Make bookkeeping painless for small firms" in text
        assert "Every small firm closes its books in a day" in text
        assert "Customer first" in text and "Own it" in text
        # C1: ARR 9 -> 12 M EUR, owner Company: the person at the top, by name.
        assert "Grow recurring revenue to 12M" in text and "9 → 12\u00a0M EUR" in text and "ARR" in text
        # The objectives tree goes down to the department objectives, each under its company objective.
        assert (
            "C1:** D1 Win 40 new mid-size accounts (Sales)" in text
            or "C1: D1 Win 40 new mid-size accounts (Sales)" in text
        )


def test_only_edition_and_format(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path)
    result = build(wb, tmp_path / "out", only="P3,kind:packet", edition="employee", formats="md")
    assert [f.relpath for f in result.files] == [f"{GRACE}/P3 - Alan Turing - employee edition.md"]
    assert "1 packet" in result.summary()
    result = build(wb, tmp_path / "out", only="dept:sales", formats="md", edition="manager", replace=True)
    kinds = sorted({f.kind for f in result.files})
    assert kinds == ["chart", "handout", "packet", "scorecard"]
    assert not any("employee edition" in f.relpath for f in result.files)
    assert not any(f.relpath.endswith(".docx") for f in result.files)


def test_same_workbook_gives_identical_bytes(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path)
    build(wb, tmp_path / "a", only="P2")
    build(wb, tmp_path / "b", only="P2", jobs=2)
    manifest_a = (tmp_path / "a" / "manifest.json").read_bytes()
    assert manifest_a == (tmp_path / "b" / "manifest.json").read_bytes()
    files = json.loads(manifest_a)["files"]
    # P2's two packets and her team scorecard, in two formats (and the chart bars they link)
    assert len([f for f in files if f["kind"] != "chart"]) == 6
    for entry in files:
        assert (tmp_path / "a" / entry["path"]).read_bytes() == (tmp_path / "b" / entry["path"]).read_bytes()
    # Another process with another string-hash seed (set and dict order of strings) writes the same bytes.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    cmd = [sys.executable, "-m", "reviewgen", "build", str(wb), "-o", str(tmp_path / "c"), "--only", "P2", "--quiet"]
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    assert (tmp_path / "c" / "manifest.json").read_bytes() == manifest_a


def test_a_selection_without_documents_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no document"):
        build(clean_workbook(tmp_path), tmp_path / "out", only="P2,kind:one-pager")
    assert not (tmp_path / "out").exists()


def test_errors_stop_the_build_unless_ignored(tmp_path: Path) -> None:
    sheets = clean_sheets()
    find_row(sheets, "Goals", "G4")[1] = "P99"  # a goal of nobody: an error finding
    wb = write_workbook(tmp_path / "broken.xlsx", sheets)
    with pytest.raises(ChecksFailed) as err:
        build(wb, tmp_path / "out", formats="md")
    assert "add --ignore-errors to build anyway" in err.value.message and err.value.details
    assert not (tmp_path / "out").exists()
    shown: list[str] = []
    options = api.BuildOptions.from_cli(formats="md", ignore_errors=True, jobs=1)
    result = api.build_documents(wb, tmp_path / "out", options, on_findings=shown.append)
    assert (tmp_path / "out" / "manifest.json").exists()
    assert "P99" in "".join(shown) and "error(s) ignored" in result.summary()


def test_failing_template_leaves_previous_output_untouched(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path)
    out = tmp_path / "out"
    build(wb, out, formats="md", only="kind:one-pager")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "packet.md.j2").write_text("# {{ person.nmae }}\n", encoding="utf-8")
    for jobs in (1, 2):
        with pytest.raises(TemplateError) as err:
            build(wb, out, formats="md", templates_dir=mine, jobs=jobs, replace=True)
        assert "packet.md.j2" in err.value.message and "nmae" in err.value.message
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_cli_build_runs_and_summarises(tmp_path: Path) -> None:
    wb = clean_workbook(tmp_path)
    cmd = [sys.executable, "-m", "reviewgen", "build", str(wb), "-o", str(tmp_path / "o"), "--format", "md"]
    proc = subprocess.run(
        [*cmd, "--jobs", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    # Files are counted per format, documents per kind.
    assert "Wrote 14 files (6 packets, 5 scorecards, 1 one-pager, 2 handouts)" in proc.stdout


HOSTILE_NAME = "Alan ../../etc/passwd | #1 {{ 7*7 }} =cmd() *x* \\ <b>"
HOSTILE_COMMENT = "- =SUM(A1) | <script>alert(1)</script> {% if x %} [click](http://evil.example) `code` 1. item"
HOSTILE_DEPT = "R&D / Ops: ..#"


def _markdown_text(md: str) -> str:
    """The text a Markdown reader shows: inline text of every block, lines as in the source."""
    from reviewgen.docx.writer import markdown_parser

    out: list[str] = []
    for token in markdown_parser().parse(md):
        if token.type == "inline":
            # Our own chart bars are the only images a document may show.
            kinds = {
                c.type
                for c in token.children or ()
                if not (c.type == "image" and re.fullmatch(r"(\.\./)*charts/bar-\w+-\d{3}\.png", str(c.attrs["src"])))
            }
            assert not kinds & {"link_open", "html_inline", "code_inline", "image"}, token.content
            out.append("".join(c.content for c in token.children or () if c.type in ("text", "text_special")))
    return "\n".join(out)


def test_hostile_names_and_comments_stay_text_and_make_safe_file_names(tmp_path: Path) -> None:
    sheets = clean_sheets()
    alan = find_row(sheets, "People", "P3")
    # openpyxl cannot write C0 control characters; NEL (U+0085, a C1 control) gets through to the documents.
    alan[1] = HOSTILE_NAME[:5] + "\x85" + HOSTILE_NAME[5:]
    alan[4] = HOSTILE_DEPT
    find_row(sheets, "Goals", "G4")[15] = HOSTILE_COMMENT  # not starting with "=": openpyxl would write a formula
    wb = write_workbook(tmp_path / "hostile.xlsx", sheets)
    out = tmp_path / "out"
    result = build(wb, out, ignore_errors=True)
    for f in result.files:
        path = (out / f.relpath).resolve()
        assert path.is_relative_to(out.resolve()) and path.is_file()
        assert not any(ch in f.relpath for ch in '\\:*?"<>|\x85') and "/../" not in f.relpath
    packets = [f.relpath for f in result.files if f.kind == "packet" and "P3 - " in f.relpath]
    assert len(packets) == 4  # two editions, two formats, in Grace's folder
    safe_name = "Alan _.._.._etc_passwd _ #1 {{ 7_7 }} =cmd() _x_ _ _b_"
    assert all(p.startswith(f"{GRACE}/P3 - {safe_name}") for p in packets)
    handouts = [f.relpath for f in result.files if f.kind == "handout"]
    assert "strategy/Workshop handout - R&D _ Ops_ ..#.md" in handouts
    for relpath in packets:
        path = out / relpath
        if path.suffix == ".md":
            md = path.read_text(encoding="utf-8")
            assert "\\<script\\>" in md  # escaped, so it stays text
            text = _markdown_text(md)
        else:
            text = docx_text(path)
        assert HOSTILE_NAME in text, relpath
        assert HOSTILE_COMMENT in text, relpath
        assert "49" not in text and "\x85" not in text
    team = (out / GRACE / "Team scorecard - P2 - Grace Hopper.md").read_text(encoding="utf-8")
    assert HOSTILE_NAME in _markdown_text(team)
    handout = _markdown_text((out / "strategy" / "Workshop handout - R&D _ Ops_ ..#.md").read_text(encoding="utf-8"))
    assert f"Strategy workshop: {HOSTILE_DEPT}" in handout


SAMPLE = Path(__file__).parents[2] / "samples" / "northwind-2026-q4.xlsx"


@pytest.mark.soffice
def test_one_pager_prints_on_one_page_on_a4_and_letter(soffice: str, tmp_path: Path) -> None:
    workbook = SAMPLE if SAMPLE.exists() else clean_workbook(tmp_path)
    profile = (tmp_path / "lo-profile").as_uri()
    sizes = {"a4": "pts (A4)", "letter": "612 x 792 pts (letter)"}
    for paper, size in sizes.items():
        out = tmp_path / paper
        build(workbook, out, only="kind:one-pager", formats="docx", paper=paper)
        docx = out / "strategy" / "Strategy one-pager.docx"
        convert = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        subprocess.run(
            [*convert, "--outdir", str(out), str(docx)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        info = subprocess.run(
            ["pdfinfo", str(out / "Strategy one-pager.pdf")], check=True, capture_output=True, text=True
        ).stdout
        assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info
        assert size in info, info


def test_sample_packet_and_team_scorecard_match_hand_computed_scores(tmp_path: Path) -> None:
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} is missing")
    out = tmp_path / "out"
    build(SAMPLE, out, only="NW0001,NW0002", edition="employee")
    folder = out / MANAGERS / "NW0001 - Zoë Ångström"
    packet = folder / "NW0002 - Ben Van der Berg - employee edition"
    scorecard = folder / "Team scorecard - NW0001 - Zoë Ångström"
    for suffix in (".md", ".docx"):
        text = (
            packet.with_suffix(suffix).read_text(encoding="utf-8")
            if suffix == ".md"
            else docx_text(packet.with_suffix(suffix))
        )
        # Ben's goals (sample Goals sheet): G00005 weight 50, manager 2, 10 -> 5 hours, actual 7;
        # G00006 weight 30, manager 3, 7 -> 2 incidents, actual 3; G00007 weight 20, manager 4, 0 -> 20 %, actual 19.
        # Progress: (7 - 10) / (5 - 10) = 60 %; (3 - 7) / (2 - 7) = 80 %; 19 / 20 = 95 %.
        for pct in ("60\u00a0%", "80\u00a0%", "95\u00a0%"):
            assert pct in text
        # Goal rating (50 x 2 + 30 x 3 + 20 x 4) / 100 = 2.7; values (3 + 2 + 3 + 3) / 4 = 2.75 -> 2.8;
        # overall 0.7 x 2.7 + 0.3 x 2.75 = 2.715 -> 2.7, nearest level 3 "Meets".
        assert "2.7 – Meets" in text and "= 2.8" in text
        # Points 0.5 x 2 = 1.00, 0.3 x 3 = 0.90, 0.2 x 4 = 0.80; progress 0.5 x 0.6 + 0.3 x 0.8 + 0.2 x 0.95 = 73 %.
        assert "1.00" in text and "0.90" in text and "0.80" in text and "goal progress 73 %" in text
        # The chain of G00005 (goal 1): C3 (company) -> ENG-1 (department) -> the goal, named once in the table.
        c3 = text.index("Company objective C3")
        assert c3 < text.index("Department objective ENG-1") < text.index("Your goal 1", c3)
        assert text.count("Cut migration time per ledger") == 1
        # Values comments are Ben's own.
        assert "Room to grow here; we discussed two concrete situations." in text
        card = scorecard.with_suffix(suffix)
        card_text = card.read_text(encoding="utf-8") if suffix == ".md" else docx_text(card)
        assert "Team scorecard: Zoë Ångström" in card_text and "Ben Van der Berg" in card_text
        assert "2.7 – Meets" in card_text and "73\u00a0%" in card_text


def test_progress_counts_every_document_once(tmp_path: Path) -> None:
    calls: list[tuple[str, int]] = []

    @contextmanager
    def progress(total: int) -> Iterator[Callable[[int], None]]:
        calls.append(("total", total))
        yield lambda n: calls.append(("done", n))

    options = api.BuildOptions.from_cli(formats="md", jobs=2)
    api.build_documents(clean_workbook(tmp_path), tmp_path / "out", options, progress_factory=progress)
    assert calls[0] == ("total", 14)
    assert sum(n for what, n in calls[1:] if what == "done") == 14


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("formats", "pdf", "--format 'pdf'"),
        ("formats", " , ", "--format"),
        ("edition", "boss", "--edition 'boss'"),
        ("paper", "a5", "--paper 'a5'"),
        ("only", "kind:poster", "unknown kind"),
    ],
)
def test_bad_options_are_refused_with_the_option_named(option: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        api.BuildOptions.from_cli(**{option: value})  # type: ignore[arg-type]
    assert message in err.value.message


def test_build_never_replaces_a_folder_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "my documents"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(OutputError) as err:
        build(clean_workbook(tmp_path), mine, formats="md", ignore_errors=True, replace=True)
    assert "not written by reviewgen" in err.value.message and "--replace" not in err.value.message
    assert [p.name for p in mine.iterdir()] == ["thesis.docx"]


def test_build_workers_die_at_once_on_sigterm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pool.terminate() stops workers with SIGTERM: a worker must not keep the CLI's Python handler, which
    cannot run while the worker is blocked on the task queue's lock (the build then hung in terminate)."""
    import signal

    from reviewgen.build import runner

    seen = tmp_path / "handlers"

    def render_and_record(self: runner.DocumentRenderer, job: object) -> list[runner.WrittenFile]:
        with seen.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {signal.getsignal(signal.SIGTERM) is signal.SIG_DFL}\n")
        return []

    monkeypatch.setattr(runner.DocumentRenderer, "render", render_and_record)
    previous = signal.signal(signal.SIGTERM, lambda *_: None)  # as the CLI installs one
    try:
        build(clean_workbook(tmp_path), tmp_path / "out", jobs=2)
    finally:
        signal.signal(signal.SIGTERM, previous)
    lines = seen.read_text(encoding="utf-8").split()
    pids, defaults = set(lines[0::2]), set(lines[1::2])
    assert str(os.getpid()) not in pids, "the documents were rendered in this process: no worker was tested"
    assert defaults == {"True"}
