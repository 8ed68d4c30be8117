"""Benchmark `reviewgen calibrate` on generated cycles of growing size.

For each size, generates the sample company (reviewgen.workbooks.sample.write_sample_workbook) in a temp folder,
then writes every department's calibration workbook and pack, and the company's (``--company``), in a fresh
Python process, and prints the time of load + check alone, the wall and CPU time of the whole command (which
loads and checks again), and its peak resident memory (``resource.getrusage`` RUSAGE_SELF maxrss: calibrate
runs in one process). On a shared machine, CPU s is what the command would take on an idle core.

    python bench/bench_calibrate.py                   # 1,000 / 10,000 people
    python bench/bench_calibrate.py --sizes 10000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

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


def main() -> None:
    """Generate, calibrate and report each size."""
    from reviewgen.workbooks.sample import write_sample_workbook

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of people")
    args = parser.parse_args()
    print(f"{'people':>7} {'files':>6} {'load+check s':>12} {'calibrate s':>11} {'CPU s':>7} {'peak MB':>8}")
    with tempfile.TemporaryDirectory(prefix="reviewgen-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            workbook = write_sample_workbook(Path(tmp) / f"cycle-{size}.xlsx", people=size, seed=1)
            proc = subprocess.run(
                [sys.executable, "-c", _CHILD, str(workbook), str(Path(tmp) / f"out-{size}")],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                raise SystemExit(f"calibrate of {workbook.name} failed:\n{proc.stderr}")
            data = json.loads(proc.stdout.strip().splitlines()[-1])
            print(
                f"{size:>7} {int(data['files']):>6} {data['load_check_seconds']:>12.1f} {data['seconds']:>11.1f} "
                f"{data['cpu_seconds']:>7.1f} {data['peak_mb']:>8.0f}"
            )


if __name__ == "__main__":
    main()
