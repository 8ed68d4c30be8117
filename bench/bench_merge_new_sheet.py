"""Benchmark collect's merge into a master that lacks its Check-ins sheet (the patcher adds it).

Before issue 9's fix such a master was rewritten whole with openpyxl, losing every formula's saved value;
now the sheet is added as a new part and every other part is copied as stored. The sample company of each
size is generated (not timed), its Check-ins sheet removed with openpyxl (not timed), then one fresh
process loads it and merges 500 new check-ins (``collect.merge.write_merged``); only the merge is timed.

    nice python bench/bench_merge_new_sheet.py --sizes 5000
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import openpyxl
from measure import load_average, run_step, sizes

from reviewgen.workbooks.sample import write_sample_workbook

_MERGE = r"""
import datetime as dt, time
from pathlib import Path
from reviewgen.collect.merge import write_merged
from reviewgen.collect.report import NewCheckIn
from reviewgen.load.workbook import load_workbook
wb = load_workbook(Path(sys.argv[2]))
staff = [p for p in wb.people if p.manager_id][:500]
new = [NewCheckIn(dt.date(2026, 12, 1), p.id, "praise", p.manager_id, f"note {i}", "form.xlsx", i)
       for i, p in enumerate(staff)]
t0, c0 = time.perf_counter(), time.process_time()
write_merged(wb, Path(sys.argv[2]), Path(sys.argv[3]), [], new)
INFO = {"check-ins": len(new), "merge_s": round(time.perf_counter() - t0, 2),
        "merge_cpu_s": round(time.process_time() - c0, 2)}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000", help="people per generated cycle, comma-separated")
    args = parser.parse_args()
    print(load_average())
    for size in sizes(args.sizes):
        folder = Path(tempfile.mkdtemp(prefix="bench-merge-"))
        try:
            sample = write_sample_workbook(folder / "sample.xlsx", people=size)
            book = openpyxl.load_workbook(sample)
            del book["Check-ins"]
            book.save(folder / "master.xlsx")
            data = run_step(_MERGE, str(folder / "master.xlsx"), str(folder / "merged.xlsx"))
            print(f"{size:>7,} people: {data['info']}, peak {data['peak_mb']:.0f} MB")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
