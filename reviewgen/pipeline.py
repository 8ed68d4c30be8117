"""The orchestrator: one function per CLI command, each usable from Python.

Every function gathers and checks everything first, then writes; none prints. The CLI only
parses options, calls one of these and reports what it returns or raises.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reviewgen.errors import ChecksFailed, ConfigError, OutputError
from reviewgen.findings import Finding, Severity

if TYPE_CHECKING:
    from reviewgen.collect import CollectResult
    from reviewgen.model import Workbook


@dataclass(frozen=True)
class CheckResult:
    """What `check` found in one workbook."""

    path: Path
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


def load_and_check(path: Path, *, strict: bool = False) -> tuple[Workbook, CheckResult]:
    """Load ``path`` once and run every check on it."""
    from reviewgen.check import run_checks
    from reviewgen.load import load_workbook

    wb = load_workbook(path)
    findings = tuple(run_checks(wb, strict=strict))
    return wb, CheckResult(path=path, findings=findings)


def check_workbook(path: Path, *, strict: bool = False) -> CheckResult:
    """Load and check ``path``; raise InputError only when the file cannot be used at all."""
    return load_and_check(path, strict=strict)[1]


def format_check(result: CheckResult, fmt: str) -> str:
    """The findings as text, JSON or Markdown (see reviewgen.report)."""
    from reviewgen.report import format_findings

    if fmt not in ("text", "json", "markdown"):
        raise ConfigError(f"unknown format {fmt!r}: use text, json or markdown")
    return format_findings(result.findings, fmt, title=result.path.name)  # type: ignore[arg-type]


def init_workbook(
    directory: Path,
    *,
    sample: bool = False,
    people: int = 60,
    seed: int = 1,
    file_name: str | None = None,
    force: bool = False,
) -> Path:
    """Write a blank workbook, or the generated sample, into ``directory``; return its path."""
    if file_name is not None and (Path(file_name).name != file_name or not file_name.lower().endswith(".xlsx")):
        raise ConfigError(f"--name {file_name!r} must be a plain file name ending in .xlsx")
    directory.mkdir(parents=True, exist_ok=True)
    if sample:
        from reviewgen.sample import write_sample_workbook

        default = "northwind-2026-q4.xlsx" if (people, seed) == (60, 1) else f"northwind-{people}-seed{seed}.xlsx"
        return write_sample_workbook(directory / (file_name or default), people=people, seed=seed, overwrite=force)
    from reviewgen.init_workbook import write_blank_workbook

    return write_blank_workbook(directory / (file_name or "cycle.xlsx"), overwrite=force)


def _refuse_on_errors(result: CheckResult, what: str) -> None:
    if result.has_errors:
        errors = [f for f in result.findings if f.severity is Severity.ERROR]
        raise ChecksFailed(
            f"{result.path.name} has {len(errors)} error(s); fix them and run again, or use --force to {what} anyway",
            details=[f.one_line() for f in errors][:50]
            + ([f"... and {len(errors) - 50} more: run `reviewgen check {result.path}`"] if len(errors) > 50 else []),
        )


def write_forms(workbook: Path, out_dir: Path, *, self_forms: bool = False, force: bool = False) -> list[Path]:
    """Write one form per manager (and per employee with ``self_forms``) into ``out_dir``."""
    from reviewgen.forms import load_or_create_secret
    from reviewgen.forms import write_forms as _write_forms

    wb, result = load_and_check(workbook)
    if not force:
        _refuse_on_errors(result, "write forms")
    if out_dir.exists() and any(out_dir.iterdir()) and not force:
        raise OutputError(f"{out_dir} is not empty; choose an empty folder or use --force")
    return _write_forms(wb, out_dir, self_forms=self_forms, secret=load_or_create_secret(workbook))


@dataclass(frozen=True)
class CollectOutcome:
    """What `collect` did, with the report text the CLI prints."""

    result: CollectResult
    text_report: str


def collect_forms(
    workbook: Path,
    returned: Sequence[Path],
    merged: Path,
    *,
    prefer: str = "none",
    report_path: Path | None = None,
) -> CollectOutcome:
    """Check returned forms and write them merged into a new workbook at ``merged``."""
    from reviewgen.collect import collect_forms as _collect
    from reviewgen.collect import render_collect_report
    from reviewgen.forms import load_or_create_secret
    from reviewgen.load import load_workbook

    if merged.resolve() == workbook.resolve():
        raise OutputError(f"{merged} is the original workbook; collect writes a new file: choose another -o")
    if prefer not in ("none", "newest"):
        raise ConfigError(f"--prefer {prefer!r}: use none or newest")
    wb = load_workbook(workbook)
    mode: Literal["none", "newest"] = "newest" if prefer == "newest" else "none"
    result = _collect(wb, workbook, list(returned), merged, secret=load_or_create_secret(workbook), prefer=mode)
    if report_path is not None:
        _write_text_atomically(report_path, render_collect_report(result, "markdown"))
    return CollectOutcome(result=result, text_report=render_collect_report(result, "text"))


def _write_text_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror}") from exc


ProgressFactory = Callable[[int], object]
