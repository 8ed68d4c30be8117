"""collect --jobs: forms read and checked in worker processes give the very result of reading them here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from testkit.cycle import ADA, GRACE, GRACE_EDITS, SECRET, Cycle

from reviewgen.collect import run
from reviewgen.collect.run import collect_forms, render_collect_report
from reviewgen.workers import fork_context, map_in_workers


@pytest.mark.skipif(fork_context() is None, reason="collect's workers need the fork start method")
def test_workers_give_the_same_bytes_as_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    c = Cycle(tmp_path)
    c.fill(GRACE, GRACE_EDITS)
    c.fill(ADA, [("Goals", {"Goal ID": "G3"}, "Status", "done")])
    shutil.copy(c.forms[GRACE], c.returned / "grace-untouched.xlsx")  # a conflict, found by reading it again
    (c.returned / "notes.xlsx").write_bytes(b"not a workbook")  # rejected whole
    monkeypatch.setattr(run, "POOL_FROM_FILES", 1)
    pooled: list[int] = []

    def spy(*args: object, **kwargs: object) -> object:
        pooled.append(1)
        return map_in_workers(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "map_in_workers", spy)
    results, merged = [], []
    for jobs in (1, 2):
        out = tmp_path / f"jobs-{jobs}" / "merged.xlsx"
        out.parent.mkdir()
        result = collect_forms(c.wb, c.path, [c.returned], out, secret=SECRET, jobs=jobs)
        text = repr(result) + render_collect_report(result, "text") + render_collect_report(result, "markdown")
        results.append(text.replace(str(out.parent), "<OUT>"))
        merged.append(out.read_bytes())
    assert pooled == [1]  # jobs 2 went through the workers, jobs 1 did not
    assert results[0] == results[1] and merged[0] == merged[1]
    assert "not a workbook" not in results[0] and "notes.xlsx" in results[0]
    assert "Goals G4 / P3" in results[0]
