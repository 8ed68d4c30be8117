"""Benchmark `reviewgen calibrate` and the `collect` of the calibration workbooks, on generated cycles of growing size.

For each size, generates the sample company (reviewgen.workbooks.sample.write_sample_workbook) in a temp folder,
then writes every department's calibration workbook and pack, and the company's (``--company``), in a fresh
Python process, and prints the time of load + check alone, the wall and CPU time of the whole command (which
loads and checks again), and its peak resident memory (``resource.getrusage`` RUSAGE_SELF maxrss: calibrate
runs in one process). On a shared machine, CPU s is what the command would take on an idle core.

Then the meeting's answers (not timed): in every department's workbook, every tenth person's rating is moved one
step (up, or down from the top rating) with a reason, typed and saved with openpyxl; the company workbook comes
back untouched. All of them are collected in a fresh process (api.collect_returned_forms, as `reviewgen collect`
does: load the master, verify and read every workbook, score, merge), measured as bench/measure.py does.

    nice python bench/bench_calibrate.py                   # 1,000 / 10,000 people
    nice python bench/bench_calibrate.py --sizes 10000
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import run_step, sizes

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from reviewgen import api

workbook, out = Path(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
api.load_and_check(workbook)
t_check = time.perf_counter() - t0
before = resource.getrusage(resource.RUSAGE_SELF)
t0 = time.perf_counter()
paths = api.calibrate(workbook, out, company=True, ignore_errors=True, replace=True)
total = time.perf_counter() - t0
me = resource.getrusage(resource.RUSAGE_SELF)
cpu = me.ru_utime + me.ru_stime - before.ru_utime - before.ru_stime
print(json.dumps({"files": len(paths), "seconds": total, "load_check_seconds": t_check,
                  "peak_mb": me.ru_maxrss / 1024, "cpu_seconds": cpu}))
"""

_COLLECT = r"""
from pathlib import Path
from reviewgen import api
outcome = api.collect_returned_forms(Path(sys.argv[2]), [Path(sys.argv[3])], Path(sys.argv[4]))
INFO = {"files": len(outcome.result.forms), "calibrated": len(outcome.result.calibrations),
        "rejected": len(outcome.result.rejected)}
"""


def answer(issued: Path, out: Path) -> int:
    """Move every tenth rated person's rating one step, with a reason, as the meeting would; the rows changed."""
    import openpyxl

    book = openpyxl.load_workbook(issued)
    ws = book["Calibration"]
    column = {c.value: c.column for c in ws[2] if c.value}
    top = max(int(str(v)[0]) for (v,) in book["Lists"].iter_rows(min_row=2, max_col=1, values_only=True) if v)
    labels = {int(str(v)[0]): v for (v,) in book["Lists"].iter_rows(min_row=2, max_col=1, values_only=True) if v}
    changed = 0
    for n, row in enumerate(range(3, ws.max_row + 1)):
        now = str(ws.cell(row, column["Rating now"]).value or "")
        if n % 10 or not now[:1].isdigit():
            continue
        rating = int(now[0])
        ws.cell(row, column["Calibrated rating"]).value = labels[rating + 1 if rating < top else rating - 1]
        ws.cell(row, column["Reason"]).value = f"Agreed in the meeting (row {row})"
        changed += 1
    book.save(out)
    return changed


def main() -> None:
    """Generate, calibrate, answer, collect and report each size."""
    from reviewgen.workbooks.sample import write_sample_workbook

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of people")
    args = parser.parse_args()
    print(f"{'people':>7} {'files':>6} {'load+check s':>12} {'calibrate s':>11} {'CPU s':>7} {'peak MB':>8}   "
          f"{'typed':>5} {'collect s':>9} {'CPU s':>6} {'peak MB':>8}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="reviewgen-bench-") as tmp:
        for size in sizes(args.sizes):
            folder = Path(tmp) / str(size)
            workbook = write_sample_workbook(folder / "cycle.xlsx", people=size, seed=1)
            out = folder / "calibration"
            proc = subprocess.run(
                [sys.executable, "-c", _CHILD, str(workbook), str(out)], capture_output=True, text=True, check=False
            )
            if proc.returncode != 0:
                raise SystemExit(f"calibrate of {workbook.name} failed:\n{proc.stderr}")
            data = json.loads(proc.stdout.strip().splitlines()[-1])
            returned = folder / "returned"
            returned.mkdir()
            typed = 0
            for issued in sorted(out.glob("*.xlsx")):
                if "Calibration pack" in issued.name:
                    continue
                if issued.name.endswith(" - Northwind Ledger.xlsx"):  # the company's: back untouched
                    shutil.copy2(issued, returned / issued.name)
                else:
                    typed += answer(issued, returned / issued.name)
            got = run_step(_COLLECT, str(workbook), str(returned), str(folder / "final.xlsx"))
            info = got["info"]
            assert isinstance(info, dict) and info["calibrated"] == typed and not info["rejected"], info
            print(
                f"{size:>7} {int(data['files']):>6} {data['load_check_seconds']:>12.1f} {data['seconds']:>11.1f} "
                f"{data['cpu_seconds']:>7.1f} {data['peak_mb']:>8.0f}   {typed:>5} {got['seconds']:>9.1f} "
                f"{got['cpu_seconds']:>6.1f} {got['peak_mb']:>8.0f}"
            )


if __name__ == "__main__":
    main()
