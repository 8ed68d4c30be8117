"""The check tests' loading helper reads the clean cycle as the loader does."""

from __future__ import annotations

from pathlib import Path

from testkit.builders import clean_sheets
from testkit.checks import load


def test_load_reads_the_clean_cycle(tmp_path: Path) -> None:
    wb = load(tmp_path, clean_sheets())
    assert [p.id for p in wb.people] == ["P1", "P2", "P3"]
    assert wb.goals[0].src.row == 2 and wb.goals[0].src.at("weight").cell == "J2"
