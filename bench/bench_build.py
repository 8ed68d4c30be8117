"""Benchmark `reviewgen build` on generated cycles of growing size.

For each size, generates the sample company (reviewgen.workbooks.sample.write_sample_workbook) in a temp folder,
then builds every document (packets in both editions and both formats, scorecards, one-pager,
handouts) in a fresh Python process, and prints documents/second, total time and peak memory.

Peak memory is the peak resident set of the build process plus the largest of its worker processes
(``resource.getrusage``: RUSAGE_SELF and RUSAGE_CHILDREN maxrss). Workers are forked and share the
parent's pages copy-on-write, so the sum over-counts: it is an upper bound of the real peak.
"CPU s" is the CPU time of the build (parent and workers, the separate load + check excluded): on a
machine shared with other work, CPU s / cores is what the build would take on idle cores.

    python bench/bench_build.py                       # 1,000 / 5,000 / 10,000 people, all cores
    python bench/bench_build.py --sizes 1000 --jobs 1
    nice python bench/bench_build.py --sizes 20000 --keep /tmp/cycles   # reuse generated workbooks
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from reviewgen import api

workbook, out, jobs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
options = api.BuildOptions.from_cli(jobs=int(jobs) if jobs != "0" else None, ignore_errors=True, replace=True)
t0 = time.perf_counter()
api.load_and_check(workbook)  # timed alone; the result is dropped before the build
t_check = time.perf_counter() - t0
t0 = time.perf_counter()
result = api.build_documents(workbook, out, options)
total = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
self_kb, child_kb = me.ru_maxrss, kids.ru_maxrss
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
documents = sum(n for _, n in result.documents)
print(json.dumps({"documents": documents, "files": len(result.files), "seconds": total,
                  "load_check_seconds": t_check, "self_mb": self_kb / 1024, "child_mb": child_kb / 1024,
                  "cpu_seconds": cpu - t_check}))
"""


def _run(workbook: Path, out: Path, jobs: int) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(workbook), str(out), str(jobs)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"the build of {workbook.name} failed:\n{proc.stderr}")
    data: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    """Generate, build and report each size."""
    from measure import load_average, sample_workbook

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,10000", help="comma-separated numbers of people")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: all cores)")
    parser.add_argument("--keep", type=Path, help="folder keeping the generated workbooks between runs")
    args = parser.parse_args()
    print(
        f"{'people':>7} {'documents':>9} {'files':>6} {'load+check':>10} {'build s':>8} {'docs/s':>7} "
        f"{'CPU s':>7} {'peak MB':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="reviewgen-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            workbook = sample_workbook(args.keep or Path(tmp), size)
            started = load_average()
            t0 = time.perf_counter()
            data = _run(workbook, Path(tmp) / f"out-{size}", args.jobs)
            wall = time.perf_counter() - t0
            peak = data["self_mb"] + data["child_mb"]
            print(
                f"{size:>7} {int(data['documents']):>9} {int(data['files']):>6} {data['load_check_seconds']:>10.1f} "
                f"{data['seconds']:>8.1f} {data['documents'] / data['seconds']:>7.0f} {data['cpu_seconds']:>7.0f} "
                f"{peak:>8.0f}"
                f"   (process wall {wall:.1f} s; {started}; after: {load_average()})"
            )


if __name__ == "__main__":
    main()
