"""Check that `collect` gives the same bytes every way it runs: --jobs 1 and --jobs 2, and another checkout's code.

Prepares (once, kept in --keep) a generated cycle of --people people, its manager forms, and the forms returned
untouched or, with --answered, answered as bench_collect.py answers them. Then collects them in a fresh process
per way and compares, byte for byte, the merged workbook, the text and Markdown reports, and the repr of the whole
CollectResult (every change, conflict, rejected row, missing form and finding). Paths of the run's own output
folder are replaced by <OUT> first. Exit code 1 on any difference. With --jobs above 1 the forms are read in
workers whatever their number (collect.run.POOL_FROM_FILES is lowered for the run).

    python bench/same_collect.py --people 1000 --jobs 1,2
    python bench/same_collect.py --people 1000 --answered --before /tmp/main-checkout   # that checkout's code too
    python bench/same_collect.py --workbook samples/northwind-2026-q4.xlsx --answered
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench_collect import answer

_COLLECT = r"""
import sys
from pathlib import Path
import reviewgen
from reviewgen import api
from reviewgen.collect import run
workbook, returned, out, jobs = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
kwargs = {} if jobs == "-" else {"jobs": int(jobs)}
if jobs not in ("-", "1"):
    run.POOL_FROM_FILES = 2  # the workers even where so few forms would be read here
print(f"  {out.name}: reviewgen from {Path(reviewgen.__file__).parent}", flush=True)
outcome = api.collect_returned_forms(workbook, [returned], out / "merged.xlsx", report_path=out / "report.md", **kwargs)
(out / "report.txt").write_text(outcome.text_report, encoding="utf-8")
(out / "result.repr").write_text(repr(outcome.result), encoding="utf-8")
"""

FILES = ("merged.xlsx", "report.md", "report.txt", "result.repr")


def prepare(folder: Path, people: int, answered: bool, source: Path | None) -> tuple[Path, Path]:
    """The cycle workbook (a copy of ``source``, or generated) and the folder of returned forms, made unless
    already there."""
    from reviewgen import api
    from reviewgen.workbooks.sample import write_sample_workbook

    workbook, returned = folder / "cycle.xlsx", folder / "returned"
    if returned.is_dir():
        return workbook, returned
    folder.mkdir(parents=True, exist_ok=True)
    if source is not None:
        shutil.copy2(source, workbook)
    else:
        write_sample_workbook(workbook, people=people, seed=1)
    api.issue_forms(workbook, folder / "forms", ignore_errors=True)
    staging = folder / "returned.partial"
    staging.mkdir()
    for n, form in enumerate(sorted((folder / "forms").glob("*.xlsx"))):
        if answered:
            answer(form, staging / form.name, n)
        else:
            shutil.copy2(form, staging / form.name)
    staging.rename(returned)
    return workbook, returned


def collect(workbook: Path, returned: Path, out: Path, jobs: str, pythonpath: str | None) -> dict[str, bytes]:
    """Collect in a fresh process (with ``pythonpath`` first on the path); the compared files' bytes."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    cmd = [sys.executable, "-c", _COLLECT, str(workbook), str(returned), str(out), jobs]
    subprocess.run(cmd, check=True, env=env, cwd="/")
    return {name: (out / name).read_bytes().replace(str(out).encode(), b"<OUT>") for name in FILES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--answered", action="store_true", help="answer each form before collecting")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to compare")
    parser.add_argument("--before", help="a checkout (its folder holding reviewgen/) whose code is compared too")
    parser.add_argument("--workbook", type=Path, help="collect forms of this workbook instead of a generated one")
    parser.add_argument("--keep", type=Path, default=Path("/tmp/reviewgen-same-collect"), help="prepared forms")
    args = parser.parse_args()
    name = args.workbook.stem if args.workbook else str(args.people)
    folder = args.keep / f"{name}-{'answered' if args.answered else 'untouched'}"
    workbook, returned = prepare(folder, args.people, args.answered, args.workbook)
    ways = [(f"jobs-{j}", j, None) for j in args.jobs.split(",")]
    if args.before:
        ways.insert(0, ("before", "-", args.before))
    got = {label: collect(workbook, returned, folder / "out" / label, jobs, path) for label, jobs, path in ways}
    first, *others = got
    differ = [(label, name) for label in others for name in FILES if got[label][name] != got[first][name]]
    for label, name in differ:
        print(f"DIFFERENT: {name} of {label} and of {first}")
    forms = len(list(returned.glob("*.xlsx")))
    sizes = ", ".join(f"{name} {len(got[first][name]):,} bytes" for name in FILES)
    print(f"{forms} forms, {folder.name}: {', '.join(got)}: {'DIFFERENT' if differ else 'same'}")
    print(f"  ({sizes})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
