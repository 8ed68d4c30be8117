"""The orchestrator: one function per CLI command, each usable from Python.

Every function gathers and checks everything first, then writes; none prints. The CLI only
parses options, calls one of these and reports what it returns or raises.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reviewgen.build.options import BuildOptions as BuildOptions
from reviewgen.build.options import BuildResult as BuildResult
from reviewgen.errors import ConfigError
from reviewgen.files.guard import Input
from reviewgen.model.documents import Paper
from reviewgen.model.findings import CheckResult as CheckResult
from reviewgen.model.findings import Finding, Severity

if TYPE_CHECKING:
    from reviewgen.collect.run import CollectResult
    from reviewgen.model.workbook import Workbook
    from reviewgen.status.completion import StatusReport
    from reviewgen.workbooks.start import InitResult


#: Called with the number of items to do; gives a context manager yielding update(items_done).
ProgressFactory = Callable[[int], "AbstractContextManager[Callable[[int], None]]"]


def load_and_check(path: Path, *, strict: bool = False, errors_only: bool = False) -> tuple[Workbook, CheckResult]:
    """Load ``path`` once and run every check on it; with ``errors_only`` keep only the errors, found by only the
    checks that can give one (reviewgen.check.run.run_checks): for a command that stops on errors, reporting
    nothing else."""
    from reviewgen.check.run import run_checks
    from reviewgen.load.workbook import load_workbook

    wb = load_workbook(path)
    findings = tuple(run_checks(wb, strict=strict, errors_only=errors_only))
    return wb, CheckResult(path=path, findings=findings)


def check_workbook(path: Path, *, strict: bool = False) -> CheckResult:
    """Load and check ``path``; raise InputError only when the file cannot be used at all."""
    return load_and_check(path, strict=strict)[1]


def format_check(result: CheckResult, fmt: str) -> str:
    """The findings as text, JSON or Markdown (see reviewgen.check.report)."""
    from reviewgen.check.report import REPORT_FORMATS, format_findings

    report_format = next((f for f in REPORT_FORMATS if f == fmt), None)
    if report_format is None:
        raise ConfigError(f"unknown format {fmt!r}: use text, json or markdown")
    return format_findings(result.findings, report_format, title=result.path.name)


def init_cycle(
    directory: Path,
    *,
    sample: bool = False,
    people: int = 60,
    seed: int = 1,
    file_name: str | None = None,
    force: bool = False,
) -> Path:
    """Write a blank workbook, or the generated sample, into ``directory``; return its path."""
    _check_file_name(file_name)
    directory.mkdir(parents=True, exist_ok=True)
    if sample:
        from reviewgen.workbooks.sample import write_sample_workbook

        default = "northwind-2026-q4.xlsx" if (people, seed) == (60, 1) else f"northwind-{people}-seed{seed}.xlsx"
        return write_sample_workbook(directory / (file_name or default), people=people, seed=seed, overwrite=force)
    from reviewgen.workbooks.blank import write_blank_workbook

    return write_blank_workbook(directory / (file_name or "cycle.xlsx"), overwrite=force)


def init_from_export(
    directory: Path,
    export: Path,
    *,
    config_path: Path | None = None,
    file_name: str | None = None,
    force: bool = False,
    ignore_errors: bool = False,
) -> InitResult:
    """Start a cycle from an HR export: a workbook whose People sheet holds its people, and the toml that mapped them.

    The export is read as ``[people]`` of ``config_path`` maps it (without one, its headers must be our column
    names or their aliases). Error findings stop it (ChecksFailed listing them) unless ``ignore_errors``;
    ``force`` replaces a workbook or toml already in ``directory``.
    """
    from reviewgen.workbooks.start import start_from_export

    def refuse(path: Path, findings: tuple[Finding, ...]) -> None:
        if not ignore_errors:
            CheckResult(path=path, findings=findings).refuse_errors("write the workbook")

    _check_file_name(file_name)
    return start_from_export(
        directory, export, config_path, file_name=file_name or "cycle.xlsx", force=force, refuse=refuse
    )


def init_next_cycle(
    directory: Path,
    last: Path,
    *,
    cycle: str,
    start: dt.date,
    end: dt.date,
    file_name: str | None = None,
    force: bool = False,
) -> InitResult:
    """Start the next cycle from ``last``: people, plan, open goals and development carried, History appended."""
    from reviewgen.workbooks.start import start_next_cycle

    _check_file_name(file_name)
    name = file_name or "cycle.xlsx"
    return start_next_cycle(directory, last, name=cycle, start=start, end=end, file_name=name, force=force)


def _check_file_name(file_name: str | None) -> None:
    if file_name is not None and (Path(file_name).name != file_name or not file_name.lower().endswith(".xlsx")):
        raise ConfigError(f"--name {file_name!r} must be a plain file name ending in .xlsx")


def command_inputs(workbook: Path, *others: tuple[Path | None, str]) -> list[Input]:
    """The workbook, its secret, register, settings, HR export and ``others``: no output may be or hold one."""
    from reviewgen.forms.issue import REGISTRY_NAME
    from reviewgen.forms.signature import SECRET_FILE_NAME
    from reviewgen.load.config import CONFIG_NAME, load_config

    folder = workbook.parent
    found = [
        Input(workbook, "the workbook"),
        Input(folder / SECRET_FILE_NAME, "the form secret"),
        Input(folder / REGISTRY_NAME, "the register of issued forms"),
        Input(folder / CONFIG_NAME, "the settings file"),
    ]
    source = load_config(workbook).people_source if (folder / CONFIG_NAME).is_file() else None
    if source is not None:
        found.append(Input(Path(source), "the HR export"))
    found += [Input(path, label) for path, label in others if path is not None]
    return found


def issue_forms(
    workbook: Path,
    out_dir: Path,
    *,
    self_forms: bool = False,
    goals: bool = False,
    ignore_errors: bool = False,
    replace: bool = False,
    progress_factory: ProgressFactory | None = None,
    on_warning: Callable[[str], None] | None = None,
    paper: Paper = "a4",
    jobs: int | None = None,
) -> list[Path]:
    """Write one form per manager (and per employee with ``self_forms``) into ``out_dir``; goal setting with ``goals``;
    printed sheets laid out for ``paper``.

    The folder appears complete or not at all; an earlier forms folder is replaced only with ``replace``, a folder
    holding the workbook, the secret or files reviewgen did not write never is. Check errors stop it unless
    ``ignore_errors``. The forms are built in ``jobs`` worker processes (None: one per core) where that pays."""
    from reviewgen.forms.signature import load_or_create_secret, secret_warning
    from reviewgen.forms.write import write_forms

    inputs, wb, risky = _ready_to_write(workbook, out_dir, replace, ignore_errors, "write forms")
    secret = load_or_create_secret(workbook)
    _warn(on_warning, secret_warning(workbook))
    if risky:
        people = "; ".join(f"{pid}: {why}" for pid, why in risky.items())
        _warn(on_warning, f"no form for or about {len(risky)} person(s), to keep them private: {people}")
    total = len(wb.managers()) + (len(wb.people) if self_forms else 0)
    with progress_factory(total) if progress_factory is not None else nullcontext(_no_progress) as progress:
        return write_forms(wb, out_dir, self_forms=self_forms, goals=goals, secret=secret, replace=replace,
                           inputs=inputs, withheld=risky, progress=progress, paper=paper,
                           processes=jobs)  # fmt: skip


def calibrate(
    workbook: Path,
    out_dir: Path,
    *,
    company: bool = False,
    ignore_errors: bool = False,
    replace: bool = False,
    on_warning: Callable[[str], None] | None = None,
    paper: Paper = "a4",
) -> list[Path]:
    """Write one calibration workbook per department (and one for everyone with ``company``) into ``out_dir``:
    signed like forms, the folder complete or not at all, printed pages laid out for ``paper``; check errors stop it
    unless ``ignore_errors``."""
    from reviewgen.forms.calibration import issue_calibration

    inputs, wb, risky = _ready_to_write(workbook, out_dir, replace, ignore_errors, "write calibration workbooks")
    if risky:
        _warn(on_warning, "left out, to keep them private: " + "; ".join(f"{k}: {v}" for k, v in risky.items()))
    return issue_calibration(
        wb, out_dir, company=company, replace=replace, inputs=inputs, withheld=frozenset(risky), on_warning=on_warning,
        paper=paper,
    )  # fmt: skip


def _ready_to_write(
    workbook: Path, out_dir: Path, replace: bool, ignore_errors: bool, action: str
) -> tuple[list[Input], Workbook, dict[str, str]]:
    """Before forms or calibration workbooks are written: the command's inputs (never overwritten), the loaded
    workbook and its privacy risks, once the output folder is safe and check found no error (or they are ignored)."""
    from reviewgen.check.integrity import privacy_risks
    from reviewgen.files.guard import check_output_folder

    inputs = command_inputs(workbook)
    check_output_folder(out_dir, replace=replace, inputs=inputs)
    wb, result = load_and_check(workbook, errors_only=True)  # only refused on errors: no warning is shown
    if not ignore_errors:
        result.refuse_errors(action)
    return inputs, wb, privacy_risks(wb)


def _warn(on_warning: Callable[[str], None] | None, message: str | None) -> None:
    if message is not None and on_warning is not None:
        on_warning(message)


def _no_progress(_done: int) -> None:
    """Progress callback that shows nothing."""


@dataclass(frozen=True)
class CollectOutcome:
    """What `collect` did, with the report text the CLI prints."""

    result: CollectResult
    text_report: str


def collect_returned_forms(
    workbook: Path,
    returned: Sequence[Path],
    merged: Path,
    *,
    prefer: str = "none",
    report_path: Path | None = None,
    replace: bool = False,
    on_warning: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> CollectOutcome:
    """Check returned forms and write them merged into a new workbook at ``merged``.

    Neither ``merged`` nor ``report_path`` may be an input (the workbook, a returned form, the
    secret, the settings) or each other; an existing file is replaced only with ``replace``.
    The forms are read and checked in ``jobs`` worker processes (default: every core) where that pays.
    """
    from reviewgen.collect.run import collect_forms, expand_form_paths, render_collect_report
    from reviewgen.files.atomic import write_file
    from reviewgen.files.guard import check_output_file, note_written
    from reviewgen.forms.signature import load_secret, secret_warning
    from reviewgen.load.workbook import load_workbook

    if prefer not in ("none", "newest"):
        raise ConfigError(f"--prefer {prefer!r}: use none or newest")
    forms = expand_form_paths(returned)
    inputs = command_inputs(workbook, *((path, "a returned form") for path in forms))
    check_output_file(merged, replace=replace, inputs=inputs)
    if report_path is not None:
        check_output_file(report_path, replace=replace, inputs=[*inputs, Input(merged, "the merged workbook (-o)")])
    secret = load_secret(workbook)
    _warn(on_warning, secret_warning(workbook))
    wb = load_workbook(workbook)
    mode: Literal["none", "newest"] = "newest" if prefer == "newest" else "none"
    result = collect_forms(wb, workbook, list(returned), merged, secret=secret, prefer=mode, jobs=jobs)
    if report_path is not None:
        report = render_collect_report(result, "markdown").encode("utf-8")
        write_file(report_path, report)
        note_written(report_path, report)
    return CollectOutcome(result=result, text_report=render_collect_report(result, "text"))


@dataclass(frozen=True)
class StatusOutcome:
    """What `status` found, and the report in the format asked for."""

    report: StatusReport
    text: str


def cycle_status(
    workbook: Path,
    *,
    forms_dir: Path | None = None,
    fmt: str = "text",
    as_of: dt.date | None = None,
) -> StatusOutcome:
    """Completion of the cycle per person, manager and department as of ``as_of`` (default: today, kept within
    the cycle); with ``forms_dir``, whose forms came back. Never refuses for findings: status only describes."""
    from reviewgen.forms.signature import load_secret
    from reviewgen.load.workbook import load_workbook
    from reviewgen.status.completion import as_of_day, completion
    from reviewgen.status.report import STATUS_FORMATS, format_status
    from reviewgen.status.returned import ReturnedForms, returned_forms

    if fmt not in STATUS_FORMATS:
        raise ConfigError(f"--format {fmt!r}: use {', '.join(STATUS_FORMATS)}")
    wb = load_workbook(workbook)
    day = as_of_day(wb, as_of or dt.date.today())
    returned: ReturnedForms | None = None
    if forms_dir is not None:
        # As collect: a new secret would verify no form, and status only reads.
        returned = returned_forms(forms_dir, wb, load_secret(workbook))
    report = completion(wb, day, returned)
    command = ["status", str(workbook)]
    command += ["--forms", str(forms_dir)] if forms_dir is not None else []
    command += ["--as-of", day.isoformat()] if as_of is not None else []
    return StatusOutcome(report=report, text=format_status(report, fmt, command=command))


# --- build ------------------------------------------------------------------------------------------------

#: Called with the number of documents to write; returns a context manager yielding ``update(n)``.


def build_documents(
    workbook: Path,
    out_dir: Path,
    options: BuildOptions,
    *,
    on_findings: Callable[[str], None] | None = None,
    progress_factory: ProgressFactory | None = None,
) -> BuildResult:
    """Check ``workbook``, then write every document of its cycle into ``out_dir`` at once.

    Error findings stop the build (ChecksFailed listing them) unless ``options.ignore_errors``; the findings
    (as `check` reports them) go to ``on_findings`` as report text. The workbook is loaded,
    checked and scored once; documents are rendered in ``options.jobs`` worker processes and
    written atomically: ``out_dir`` holds the complete new output or, on any failure, what it held before.
    """
    import time

    from reviewgen.build.plan import Selection, plan_documents, withheld
    from reviewgen.build.runner import BuildInputs, RenderSettings, adopt_written, run_jobs
    from reviewgen.check.report import format_findings
    from reviewgen.files.guard import check_output_folder
    from reviewgen.files.output import atomic_output
    from reviewgen.load.config import load_config
    from reviewgen.score.scores import score_all
    from reviewgen.workers import default_jobs

    started = time.monotonic()
    selection = Selection.parse(options.only)
    guarded = command_inputs(
        workbook, (options.templates_dir, "the templates folder"), (options.reference_docx, "the reference document")
    )
    check_output_folder(out_dir, replace=options.replace, inputs=guarded)
    wb, result = load_and_check(workbook)
    if not options.ignore_errors:
        result.refuse_errors("build")
    # The same report `check` prints, so its closing counts are the workbook's, not a filtered subset's.
    if result.findings and on_findings is not None:
        on_findings(format_findings(result.findings, "text", title=workbook.name))
    jobs = plan_documents(wb, selection=selection, editions=options.editions)
    if not jobs:
        raise ConfigError(
            f"--only {options.only!r} selects no document: the one-pager and company scorecard are not about "
            "one person or department; drop the ids or use kind: alone"
        )
    inputs = BuildInputs(workbook=wb, scores=score_all(wb), findings=result.findings)
    settings = RenderSettings(
        formats=options.formats,
        templates_dir=options.templates_dir,
        reference_docx=options.reference_docx,
        paper=options.paper,
        limits=load_config(workbook).limits,
    )
    progress_cm = progress_factory(len(jobs)) if progress_factory is not None else nullcontext(lambda _n: None)
    with atomic_output(out_dir, replace=options.replace, inputs=guarded) as tree, progress_cm as update:
        written = run_jobs(jobs, inputs, settings, tree.root, processes=options.jobs or default_jobs(), progress=update)
        adopt_written(tree, written)
    counts: dict[str, int] = {}
    for job in jobs:
        counts[job.kind] = counts.get(job.kind, 0) + 1
    return BuildResult(
        out_dir=out_dir,
        files=tuple(written),
        documents=tuple(counts.items()),
        warnings=result.count(Severity.WARNING),
        errors=result.count(Severity.ERROR),
        seconds=time.monotonic() - started,
        withheld=withheld(wb),
    )
