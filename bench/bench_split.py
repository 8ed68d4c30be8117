"""Where the time of `reviewgen forms`, `collect` and `build` goes: load, checks, writing or reading forms, merge,
rendering documents.

Each size's sample company is generated (and for collect its forms issued and returned untouched) without
timing, then the step runs in a fresh process (api.issue_forms / api.collect_returned_forms) with its
stages wrapped by timers: wall and CPU seconds spent inside each stage function, "other" being the rest
(the output folder, privacy checks, the report, Python importing reviewgen). Stages a version of reviewgen
does not have are left out, so the same script measures an older checkout (PYTHONPATH=that checkout).

    nice python bench/bench_split.py --step forms --sizes 1000,10000
    nice python bench/bench_split.py --step collect --sizes 1000
    python bench/bench_split.py --step build --sizes 1000 --keep /tmp/cycles

``--step collect`` reads the forms in one process (``--jobs 1``), so their reading and checking are timed.
``--step build`` builds every document in one process (``--jobs 1``, so every stage is timed): the context
of each document ("template variables"), Jinja ("render"), the Word conversion ("word", and inside it
"word: body XML" and "word: package"; the rest of "word" is mostly Markdown parsing) and the file writes.
The "word: ..." lines are part of "word" and are not added again to make "other".
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from measure import run_step, sample_workbook, sizes

_TIMERS = r"""
import importlib, time
STAGES = {}
def timed(module, name, stage):
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return
    owner = mod
    if "." in name:  # a method: "Class.method"
        owner = getattr(mod, name.split(".")[0], None)
        name = name.split(".")[1]
    fn = getattr(owner, name, None)
    if fn is None:
        return
    def wrapper(*args, **kwargs):
        w0, c0 = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent = STAGES.setdefault(stage, [0.0, 0.0])
            spent[0] += time.perf_counter() - w0
            spent[1] += time.process_time() - c0
    setattr(owner, name, wrapper)
timed("reviewgen.load.workbook", "load_workbook", "load")
timed("reviewgen.check.run", "run_checks", "checks")
"""

_FORMS = (
    _TIMERS
    + r"""
timed("reviewgen.forms.write", "build_form", "write forms")
timed("reviewgen.forms.write", "workbook_bytes", "write forms")  # older versions: openpyxl saves after build_form
import inspect
from pathlib import Path
from reviewgen import api
# In one process (--jobs 1), so that every form's writing is timed here; older versions have no jobs.
one = {"jobs": 1} if "jobs" in inspect.signature(api.issue_forms).parameters else {}
written = api.issue_forms(Path(sys.argv[2]), Path(sys.argv[3]), ignore_errors=True, **one)
INFO = {"forms": len(written), "stages": STAGES}
"""
)

_ISSUE = r"""
from pathlib import Path
from reviewgen import api
api.issue_forms(Path(sys.argv[2]), Path(sys.argv[3]), ignore_errors=True)
"""

_COLLECT = (
    _TIMERS
    + r"""
timed("reviewgen.collect.run", "read_form", "read forms")
timed("reviewgen.collect.run", "check_form", "check form rows")
timed("reviewgen.collect.run", "write_merged", "merge")
import inspect
from pathlib import Path
from reviewgen import api
# In one process (the timers see only this one): --jobs 1 where collect has workers.
one = {"jobs": 1} if "jobs" in inspect.signature(api.collect_returned_forms).parameters else {}
outcome = api.collect_returned_forms(Path(sys.argv[2]), [Path(sys.argv[3])], Path(sys.argv[4]), **one)
INFO = {"forms": len(outcome.result.forms), "stages": STAGES}
"""
)


_BUILD = (
    _TIMERS
    + r"""
timed("reviewgen.build.runner", "template_variables", "template variables")
timed("reviewgen.render.templating", "render_bounded", "render")
timed("reviewgen.docx.writer", "DocxWriter.convert", "word")
timed("reviewgen.docx.writer", "body_xml", "word: body XML")
timed("reviewgen.docx.writer", "pieces_xml", "word: body XML")
timed("reviewgen.docx.writer", "assemble", "word: package")
timed("reviewgen.files.output", "OutputTree.write", "write files")
from pathlib import Path
from reviewgen import api
options = api.BuildOptions.from_cli(jobs=1, ignore_errors=True, replace=True)
result = api.build_documents(Path(sys.argv[2]), Path(sys.argv[3]), options)
INFO = {"forms": sum(n for _, n in result.documents), "stages": STAGES}
"""
)


def main() -> None:
    """Generate, run the step with stage timers, print the split per size."""
    from reviewgen.workbooks.sample import write_sample_workbook

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--step", choices=("forms", "collect", "build"), default="forms")
    parser.add_argument("--sizes", default="1000", help="comma-separated numbers of people")
    parser.add_argument("--keep", type=Path, help="folder keeping generated workbooks between runs (build only)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reviewgen-bench-") as tmp:
        for size in sizes(args.sizes):
            folder = Path(tmp) / str(size)
            if args.step == "build" and args.keep is not None:
                workbook = sample_workbook(args.keep, size)
            else:
                workbook = write_sample_workbook(folder / "hr" / "cycle.xlsx", people=size, seed=1)
            if args.step == "build":
                data = run_step(_BUILD, str(workbook), str(folder / "out"))
            elif args.step == "forms":
                data = run_step(_FORMS, str(workbook), str(folder / "forms"))
            else:
                run_step(_ISSUE, str(workbook), str(folder / "forms"))
                data = run_step(_COLLECT, str(workbook), str(folder / "forms"), str(folder / "merged.xlsx"))
            info = data["info"]
            assert isinstance(info, dict)
            seconds, cpu = float(str(data["seconds"])), float(str(data["cpu_seconds"]))
            stages: dict[str, list[float]] = info["stages"]
            unit = "documents" if args.step == "build" else "forms"
            print(
                f"{args.step} {size} people, {info['forms']} {unit}: {seconds:.1f} s wall, {cpu:.1f} s CPU, "
                f"{float(str(data['peak_mb'])):.0f} MB peak"
            )
            for stage, (wall, stage_cpu) in stages.items():
                print(f"  {stage:<16} {wall:6.1f} s wall {stage_cpu:6.1f} s CPU")
            outer = [spent for stage, spent in stages.items() if not stage.startswith("word: ")]
            rest_wall = seconds - sum(w for w, _ in outer)
            rest_cpu = cpu - sum(c for _, c in outer)
            print(f"  {'other':<16} {rest_wall:6.1f} s wall {rest_cpu:6.1f} s CPU")
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
