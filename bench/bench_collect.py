"""Benchmark `reviewgen collect` on generated cycles of growing size (time and peak memory per size).

Each size's sample company (reviewgen.workbooks.sample) is generated in a temp folder and its manager
forms are written (not timed). The forms come back untouched (issue 12's case), or with ``--answered``
answered the way a manager would (openpyxl load, type, save; not timed): on each form the first goal
row's Actual, Status, Manager rating and comment, the first review's summary and one new check-in.
Then the forms are collected in a fresh process (api.collect_returned_forms, as `reviewgen collect`
does: load, verify and check every form, merge). Issue 12's figures before the work on speed are
printed beside ours. Each size is collected once per --jobs value (default 1 and 2), one right after the other.
See bench/measure.py for how memory and CPU are measured: "peak MB" is the parent's peak resident set plus the
largest child's (an upper bound: forked workers share the parent's pages), "PSS MB" the largest sum of the
process tree's proportional set sizes, sampled every 0.2 s (what the tree really holds).

    nice python bench/bench_collect.py                # 1,000 / 10,000 people, untouched forms, --jobs 1 and 2
    nice python bench/bench_collect.py --sizes 1000 --answered --jobs 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from measure import load_average, run_step, sizes

#: Issue 12, measured on this 2-core machine before this work (untouched forms): people -> (s, MB).
BEFORE = {1_000: (7.1, 122), 10_000: (85.0, 900)}

_FORMS = r"""
from pathlib import Path
from reviewgen import api
api.issue_forms(Path(sys.argv[2]), Path(sys.argv[3]), ignore_errors=True)
"""

_COLLECT = r"""
from pathlib import Path
from reviewgen import api
outcome = api.collect_returned_forms(Path(sys.argv[2]), [Path(sys.argv[3])], Path(sys.argv[4]), jobs=int(sys.argv[5]))
INFO = {"forms": len(outcome.result.forms), "changes": len(outcome.result.changes),
        "rejected": len(outcome.result.rejected)}
"""


def answer(form: Path, out: Path, n: int) -> None:
    """Type a few answers into ``form`` as a manager would, saved to ``out``."""
    import openpyxl

    book = openpyxl.load_workbook(form)

    def columns(sheet: str) -> dict[object, int]:
        return {c.value: c.column for c in book[sheet][2] if c.value}

    goals, h = book["Goals"], columns("Goals")
    if goals.cell(3, h["Goal ID"]).value is not None:
        goals.cell(3, h["Actual"]).value = 10 + n % 50
        goals.cell(3, h["Status"]).value = ("on track", "done", "at risk")[n % 3]
        goals.cell(3, h["Manager rating"]).value = ("2 - Partially meets", "3 - Meets", "4 - Exceeds")[n % 3]
        goals.cell(3, h["Manager comment"]).value = f"Returned comment {n}: solid progress"
    review, h = book["Review"], columns("Review")
    review.cell(3, h["Manager summary"]).value = f"Summary written on form {n}"
    checkins, h = book["Check-ins"], columns("Check-ins")
    person = book["Review"].cell(3, columns("Review")["Person ID"]).value
    name = book["Review"].cell(3, columns("Review")["Person"]).value
    checkins.cell(3, h["Date"]).value = dt.datetime(2026, 12, 1 + n % 28)
    checkins.cell(3, h["Person"]).value = f"{person} - {name}"
    checkins.cell(3, h["Kind"]).value = "praise"
    checkins.cell(3, h["Note"]).value = f"Check-in from form {n}"
    book.save(out)


def main() -> None:
    """Generate, issue, return, collect and report each size."""
    from reviewgen.workbooks.sample import write_sample_workbook

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of people")
    parser.add_argument("--answered", action="store_true", help="answer each form before collecting")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values, each collected in turn")
    args = parser.parse_args()
    print(
        f"{'people':>7} {'forms':>6} {'changes':>7} {'rejected':>8} {'jobs':>4} {'collect s':>9} {'CPU s':>6} "
        f"{'peak MB':>8} {'PSS MB':>7}   before"
    )
    with tempfile.TemporaryDirectory(prefix="reviewgen-bench-") as tmp:
        for size in sizes(args.sizes):
            folder = Path(tmp) / str(size)
            workbook = write_sample_workbook(folder / "cycle.xlsx", people=size, seed=1)
            run_step(_FORMS, str(workbook), str(folder / "forms"))
            returned = folder / "returned"
            returned.mkdir()
            for n, form in enumerate(sorted((folder / "forms").glob("*.xlsx"))):
                if args.answered:
                    answer(form, returned / form.name, n)
                else:
                    shutil.copy2(form, returned / form.name)
            for jobs in sizes(args.jobs):
                merged = folder / f"merged-{jobs}.xlsx"
                data = run_step(_COLLECT, str(workbook), str(returned), str(merged), str(jobs), pss=True)
                info = data["info"]
                assert isinstance(info, dict)
                before = BEFORE.get(size) if not args.answered else None
                was = f"{before[0]:.1f} s, {before[1]} MB" if before else "-"
                print(
                    f"{size:>7} {info['forms']:>6} {info['changes']:>7} {info['rejected']:>8} {jobs:>4} "
                    f"{data['seconds']:>9.1f} {data['cpu_seconds']:>6.1f} {data['peak_mb']:>8.0f} "
                    f"{data['pss_peak_mb']:>7.0f}   {was}   ({load_average()})",
                    flush=True,
                )


if __name__ == "__main__":
    main()
