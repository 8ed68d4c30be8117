"""Benchmark `reviewgen forms` on generated cycles of growing size (time and peak memory per size).

Each size's sample company (reviewgen.workbooks.sample) is generated in a temp folder, then its manager
forms are written in a fresh process (api.issue_forms, as `reviewgen forms` does: load, check, write).
Issue 12's figures before the work on speed are printed beside ours. Each size is written once per --jobs
value (default 1 and 2), one right after the other, with the load average before and after each run. See
bench/measure.py for how memory and CPU are measured (peak: the parent plus its largest worker; PSS: the
process tree's proportional set sizes summed, which counts a page the workers share with the parent once).

    nice python bench/bench_forms.py                  # 1,000 / 10,000 people, --jobs 1 and 2
    nice python bench/bench_forms.py --sizes 20000 --jobs 2
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from measure import run_step, sizes

#: Issue 12, measured on this 2-core machine before this work: people -> seconds.
BEFORE = {1_000: 6.4, 10_000: 75.0}

_STEP = r"""
from pathlib import Path
from reviewgen import api
written = api.issue_forms(Path(sys.argv[2]), Path(sys.argv[3]), ignore_errors=True, jobs=int(sys.argv[4]))
INFO = {"forms": len(written), "mb": sum(p.stat().st_size for p in written) / 1e6}
"""


def main() -> None:
    """Generate, write forms and report each size."""
    from reviewgen.workbooks.sample import write_sample_workbook

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of people")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values, each run in turn")
    args = parser.parse_args()
    print(
        f"{'people':>7} {'forms':>6} {'MB':>5} {'jobs':>4} {'forms s':>8} {'ms/form':>8} {'CPU s':>6} {'peak MB':>8} "
        f"{'PSS MB':>7}   before   load average"
    )
    with tempfile.TemporaryDirectory(prefix="reviewgen-bench-") as tmp:
        for size in sizes(args.sizes):
            workbook = write_sample_workbook(Path(tmp) / f"cycle-{size}.xlsx", people=size, seed=1)
            for jobs in sizes(args.jobs):
                load = os.getloadavg()[0]
                data = run_step(_STEP, str(workbook), str(Path(tmp) / f"forms-{size}-{jobs}"), str(jobs), pss=True)
                info = data["info"]
                assert isinstance(info, dict)
                seconds = float(str(data["seconds"]))
                before = BEFORE.get(size)
                print(
                    f"{size:>7} {info['forms']:>6} {info['mb']:>5.0f} {jobs:>4} {seconds:>8.1f} "
                    f"{1000 * seconds / max(info['forms'], 1):>8.1f} {data['cpu_seconds']:>6.1f} "
                    f"{data['peak_mb']:>8.0f} {float(str(data['pss_peak_mb'])):>7.0f}"
                    f"   {f'{before:.1f} s' if before else '-':>6}   {load:.1f} -> {os.getloadavg()[0]:.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
