"""Shared by the bench scripts: run one step in a fresh Python process, report its time and peak memory.

Peak memory is the peak resident set of the step's process plus the largest of its child processes
(``resource.getrusage``: RUSAGE_SELF and RUSAGE_CHILDREN maxrss), as bench_build.py measures it:
forked children share the parent's pages, so the sum is an upper bound of the process tree's peak.
"CPU s" is the CPU time of the process and its children: on a machine shared with other work,
CPU s / cores is what the step would take on idle cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

_WRAPPER = r"""
import json, resource, sys, time
t0 = time.perf_counter()
exec(compile(sys.argv[1], "<step>", "exec"))
seconds = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "peak_mb": (me.ru_maxrss + kids.ru_maxrss) / 1024,
                  "cpu_seconds": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
                  "info": globals().get("INFO", {})}))
"""


def run_step(code: str, *args: str, pss: bool = False) -> dict[str, object]:
    """Run ``code`` (Python, with ``sys.argv[2:]`` = ``args``) in a fresh process; its figures as a dict.

    The code may set ``INFO`` (a dict) for the report. Seconds cover the code only, not Python's start.
    With ``pss``, ``pss_peak_mb`` is the largest sum of the proportional set sizes of the process and its
    descendants (/proc/PID/smaps_rollup, Linux), sampled every 0.2 s: pages a forked worker shares with its
    parent count once, so this is the process tree's real footprint (a peak between samples can be missed).
    """
    t0 = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        peak = 0
        if pss:
            while proc.poll() is None:
                peak = max(peak, _tree_pss_kb(proc.pid))
                time.sleep(0.2)
        stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"the step failed:\n{stderr}")
    data: dict[str, object] = json.loads(stdout.strip().splitlines()[-1])
    data["process_seconds"] = time.perf_counter() - t0
    if pss:
        data["pss_peak_mb"] = peak / 1024
    return data


def _tree_pss_kb(pid: int) -> int:
    """The sum of Pss (kB) of ``pid`` and its descendants now; processes that ended meanwhile count 0."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def sizes(text: str) -> list[int]:
    """``"1000,10000"`` -> [1000, 10000]."""
    return [int(s) for s in text.split(",") if s.strip()]


def load_average() -> str:
    """The machine's 1/5/15-minute load averages, printed beside figures taken on a shared machine."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


#: People above which a generated cycle needs the [limits] raised (the defaults hold about 80,000 people).
LARGE = 80_000


def sample_workbook(folder: Path, size: int) -> Path:
    """The sample company of ``size`` people (seed 1) in ``folder``, generated unless already there.

    A cycle above LARGE people gets a reviewgen.toml raising the limits, as a company that size would.
    """
    from reviewgen.workbooks.sample import write_sample_workbook

    target = folder / f"cycle-{size}" / "cycle.xlsx"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_sample_workbook(target, people=size, seed=1)
    if size > LARGE:
        (target.parent / "reviewgen.toml").write_text("[limits]\ncells = 20000000\npart_mb = 400\n", encoding="utf-8")
    return target
