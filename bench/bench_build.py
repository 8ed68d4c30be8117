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
    python bench/bench_build.py --sizes 1000,10000 --without-charts   # each size with and without charts

``--without-charts`` builds each size a second time, on the same workbook, with the charts stubbed out in the
benchmark only: a templates folder whose ``_documents.md.j2`` draws no chart (its ``chart`` macro prints the
percentage as text), so nothing is drawn, linked or embedded. The difference between the two lines is what the
charts cost. The two builds of a size run one after the other (charts first), so they see the same machine load
as nearly as a shared machine allows.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from reviewgen import api

workbook, out, jobs, templates = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
options = api.BuildOptions.from_cli(jobs=int(jobs) if jobs != "0" else None, ignore_errors=True, replace=True,
                                    templates_dir=Path(templates) if templates else None)
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


def _run(workbook: Path, out: Path, jobs: int, templates: Path | None = None) -> dict[str, float]:
    command = [sys.executable, "-c", _CHILD, str(workbook), str(out), str(jobs), str(templates or "")]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"the build of {workbook.name} failed:\n{proc.stderr}")
    data: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return data


def _templates_without_charts(folder: Path) -> Path:
    """A templates folder whose chart macro prints the percentage as text: the benchmark's stub for the charts."""
    from reviewgen.render.templating import builtin_templates_dir

    source = (builtin_templates_dir() / "_documents.md.j2").read_text(encoding="utf-8")
    start = source.index("{% macro chart(")
    end = source.index("{%- endmacro %}", start) + len("{%- endmacro %}")
    stub = '{% macro chart(pct, style="solid", width="3cm") -%}{{ "–" if pct is none else pct ~ " %" }}{%- endmacro %}'
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_documents.md.j2").write_text(source[:start] + stub + source[end:], encoding="utf-8")
    return folder


def _line(size: int, data: dict[str, float], wall: float, label: str) -> str:
    peak = data["self_mb"] + data["child_mb"]
    return (
        f"{size:>7} {int(data['documents']):>9} {int(data['files']):>6} {data['load_check_seconds']:>10.1f} "
        f"{data['seconds']:>8.1f} {data['documents'] / data['seconds']:>7.0f} {data['cpu_seconds']:>7.0f} "
        f"{peak:>8.0f}   (process wall {wall:.1f} s{label}"
    )


def main() -> None:
    """Generate, build and report each size."""
    from measure import load_average, sample_workbook

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,10000", help="comma-separated numbers of people")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: all cores)")
    parser.add_argument("--keep", type=Path, help="folder keeping the generated workbooks between runs")
    parser.add_argument(
        "--without-charts", action="store_true", help="also build each size with the charts stubbed out"
    )
    args = parser.parse_args()
    print(
        f"{'people':>7} {'documents':>9} {'files':>6} {'load+check':>10} {'build s':>8} {'docs/s':>7} "
        f"{'CPU s':>7} {'peak MB':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="reviewgen-bench-") as tmp:
        stub = _templates_without_charts(Path(tmp) / "no-charts") if args.without_charts else None
        for size in (int(s) for s in args.sizes.split(",")):
            workbook = sample_workbook(args.keep or Path(tmp), size)
            runs: list[tuple[str, Path | None]] = [("", None)]
            if stub is not None:
                runs = [("   with charts", None), ("   charts stubbed out", stub)]
            for label, templates in runs:
                out = Path(tmp) / f"out-{size}"
                started = load_average()
                t0 = time.perf_counter()
                data = _run(workbook, out, args.jobs, templates)
                wall = time.perf_counter() - t0
                print(_line(size, data, wall, f"; {started}; after: {load_average()}){label}"), flush=True)
                shutil.rmtree(out)  # each build writes a new folder, never replaces one


if __name__ == "__main__":
    main()
