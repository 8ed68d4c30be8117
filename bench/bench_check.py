"""Benchmark `reviewgen check` on generated cycles of growing size (time and peak memory per size).

Each size's sample company (reviewgen.workbooks.sample) is generated in a temp folder, then loaded and
checked in a fresh process (api.check_workbook, as `reviewgen check` does). Issue 12's figures before
the work on speed are printed beside ours. See bench/measure.py for how memory and CPU are measured.

    nice python bench/bench_check.py                  # 1,000 / 10,000 people
    nice python bench/bench_check.py --sizes 50000 --keep /tmp/cycles   # reuse generated workbooks

Above 80,000 people the workbook gets a reviewgen.toml raising [limits] cells and part_mb, as a company of
that size would (the defaults hold about 80,000 people: docs/loading.md). A folder kept from before this
round may hold such a file for 50,000 people: delete it to measure with the defaults.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from measure import load_average, run_step, sample_workbook, sizes

#: Issue 12, measured on this 2-core machine before this work: people -> (seconds, peak MB).
BEFORE = {10_000: (5.4, 169), 50_000: (27.6, 710)}

_STEP = r"""
from pathlib import Path
from reviewgen import api
result = api.check_workbook(Path(sys.argv[2]))
INFO = {"findings": len(result.findings)}
"""


def main() -> None:
    """Generate, check and report each size."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of people")
    parser.add_argument("--keep", type=Path, help="folder keeping the generated workbooks between runs")
    args = parser.parse_args()
    print(f"{'people':>7} {'findings':>8} {'check s':>8} {'CPU s':>6} {'peak MB':>8}   before (issue 12)")
    with tempfile.TemporaryDirectory(prefix="reviewgen-bench-") as tmp:
        for size in sizes(args.sizes):
            workbook = sample_workbook(args.keep or Path(tmp), size)
            started = load_average()
            data = run_step(_STEP, str(workbook))
            info = data["info"]
            assert isinstance(info, dict)
            before = BEFORE.get(size)
            was = f"{before[0]:.1f} s, {before[1]} MB" if before else "-"
            print(
                f"{size:>7} {info['findings']:>8} {data['seconds']:>8.1f} {data['cpu_seconds']:>6.1f} "
                f"{data['peak_mb']:>8.0f}   {was}   ({started}; after: {load_average()})"
            )


if __name__ == "__main__":
    main()
