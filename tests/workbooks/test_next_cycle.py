"""`reviewgen init NEW --from LAST.xlsx --cycle --start --end`: what the next quarter carries and leaves behind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook as open_xlsx
from testkit.builders import clean_sheets, find_row, write_workbook

from reviewgen.cli import main
from reviewgen.load.workbook import load_workbook
from reviewgen.score.scores import score_all

D = dt.date
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "northwind-2026-q4.xlsx"
NEXT = ("--cycle", "2027-Q1", "--start", "2027-01-01", "--end", "2027-03-31")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="reviewgen")
    return result.exit_code, result.stdout, result.stderr


def last_cycle(tmp_path: Path) -> Path:
    """The clean cycle with a retired objective, one goal on it, one goal done and one development item done."""
    sheets = clean_sheets()
    sheets["Objectives"].append(
        [
            "D2",
            "Open a Paris office",
            "department",
            "C1",
            "Sales",
            "Offices",
            0,
            1,
            "office",
            D(2026, 12, 31),
            "retired",
        ]
    )
    find_row(sheets, "Goals", "G3")[3] = "D2"
    find_row(sheets, "Development", "P3")[5] = "done"
    sheets["Cycle"].append(["Fairness groups", "Site"])
    sheets["People"][0].append("Site")
    for row, site in zip(sheets["People"][1:], ("Berlin", "Lisbon", "Berlin"), strict=True):
        row.append(site)
    return write_workbook(tmp_path / "last" / "cycle.xlsx", sheets)


def rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(open_xlsx(path)[sheet].iter_rows(min_row=2, values_only=True))


def test_carried_and_left_behind(tmp_path: Path) -> None:
    last = last_cycle(tmp_path)
    scores = score_all(load_workbook(last))
    code, out, err = run("init", str(tmp_path / "next"), "--from", str(last), *NEXT)
    assert (code, err) == (0, "")
    new = tmp_path / "next" / "cycle.xlsx"
    assert out.splitlines() == [
        f"Wrote {new}",
        "  cycle 2027-Q1, 2027-01-01 to 2027-03-31, from cycle.xlsx (2026-Q4)",
        "  carried:",
        "    3 people; the strategy (mission, vision, 2 values); the scale (5 ratings); the cycle's settings",
        "    2 active objectives",
        "    3 goals not done or dropped, with their progress (actual kept; ratings and comments cleared)",
        "    2 open development items",
        "    3 overall ratings of 2026-Q4 appended to History (3 earlier rows kept)",
        "    1 of these goals pointed at a retired objective and now name none: G3",
        "    3 of these goals are due before 2027-01-01: give them a due date in the new cycle",
        "  left behind:",
        "    1 retired objective: D2",
        "    1 goal done or dropped",
        "    6 check-ins, 4 value ratings and 3 reviews of 2026-Q4",
        "    1 development item done or dropped",
        "  next: revise the Strategy and Objectives sheets, then `reviewgen check` and `reviewgen forms --goals`",
    ]
    cycle = {r[0]: r[1] for r in rows(new, "Cycle")}
    assert (cycle["Cycle"], cycle["Start"], cycle["End"]) == (
        "2027-Q1",
        dt.datetime(2027, 1, 1),
        dt.datetime(2027, 3, 31),
    )
    assert cycle["Deadline"] == dt.datetime(2027, 4, 15)  # 15 days after the end, as last cycle's was
    assert (cycle["Company"], cycle["Fairness groups"]) == ("Acme Test Ltd", "Site")
    assert [r[0] for r in rows(new, "Objectives")] == ["C1", "D1"]
    assert [r[:4] for r in rows(new, "People")][1] == ("P2", "Grace Hopper", "grace@acme.test", "Head of Sales")
    assert [r[-1] for r in rows(new, "People")] == ["Berlin", "Lisbon", "Berlin"]
    goals = rows(new, "Goals")
    assert [(g[0], g[3], g[7], g[11]) for g in goals] == [
        ("G1", "C1", 11, "on track"),
        ("G2", "D1", 30, "on track"),
        ("G3", None, 50, "on track"),
    ]
    assert all(g[12:] == (None, None, None, None) for g in goals)  # ratings and comments cleared
    assert [r[:2] for r in rows(new, "Development")] == [("P1", "Delegation"), ("P2", "Forecasting")]
    assert rows(new, "Check-ins") == [] and rows(new, "Values") == [] and rows(new, "Reviews") == []
    assert rows(new, "History") == [
        ("2026-Q3", "P1", 3.6),
        ("2026-Q3", "P2", 3.2),
        ("2026-Q3", "P3", 3.4),
        *[("2026-Q4", pid, scores.person(pid).overall) for pid in ("P1", "P2", "P3")],
    ]


def test_refusals_name_the_option(tmp_path: Path) -> None:
    last = last_cycle(tmp_path)
    cases = [
        (("--cycle", "2026-Q4", "--start", "2027-01-01", "--end", "2027-03-31"),
         "--cycle 2026-Q4: the last cycle has that name already: give the new one its own"),
        (("--cycle", "2027-Q1", "--start", "2027-03-31", "--end", "2027-01-01"),
         "--end 2027-01-01 is not after --start 2027-03-31"),
        (("--cycle", "2027-Q1", "--start", "2026-12-01", "--end", "2027-03-31"),
         "--start 2026-12-01 is not after the last cycle's end (2026-12-31)"),
        (("--cycle", "2027-Q1"), "--from needs the new cycle's --cycle NAME, --start DATE and --end DATE"),
    ]  # fmt: skip
    for args, message in cases:
        code, _, err = run("init", str(tmp_path / "next"), "--from", str(last), *args)
        assert (code, err) == (2, f"reviewgen: error: {message}\n")
    assert not (tmp_path / "next" / "cycle.xlsx").exists()
    code, _, err = run("init", str(tmp_path / "next"), "--cycle", "2027-Q1")
    assert (code, err) == (2, "reviewgen: error: --cycle, --start and --end go with --from LAST.xlsx\n")


def test_two_cycles_round_trip_check_build_and_trend(tmp_path: Path) -> None:
    code, _, _ = run("init", str(tmp_path / "q1"), "--from", str(SAMPLE), *NEXT)
    assert code == 0
    new = tmp_path / "q1" / "cycle.xlsx"
    code, out, _ = run("check", str(new))
    assert code == 0  # warnings only: the new cycle is usable as it stands
    assert out.splitlines()[-1].startswith("0 errors, ")
    code, _, _ = run("build", str(new), "-o", str(tmp_path / "out"), "--only", "NW0002", "--format", "md", "--quiet")
    assert code == 0
    packet = next((tmp_path / "out" / "managers").glob("*/NW0002 - * - employee edition.md")).read_text("utf-8")
    trend = packet.split("## Trend", 1)[1].split("\n## ", 1)[0]
    assert "| 2026-Q4 | 2.7 – Meets | -0.5 |" in trend  # the last cycle's overall, appended to History
    assert "| 2027-Q1 (this cycle) | – | – |" in trend


def test_history_carries_the_rating_agreed_in_calibration(tmp_path: Path) -> None:
    # Alan (P3) scores 4.0; calibration moved him to 5: the next cycle's "last cycle" is the 5 he was told.
    sheets = clean_sheets()
    sheets["Calibration"] = [["Person", "Calibrated rating", "Reason"], ["P3", 5, "Carried the renewals"]]
    last = write_workbook(tmp_path / "last" / "cycle.xlsx", sheets)
    assert run("init", str(tmp_path / "next"), "--from", str(last), *NEXT)[0] == 0
    history = {(c, p): o for c, p, o in rows(tmp_path / "next" / "cycle.xlsx", "History")}
    assert (history["2026-Q4", "P3"], history["2026-Q4", "P2"]) == (5, 3.4)
