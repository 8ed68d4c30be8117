"""The `reviewgen` command line: parses options, calls one :mod:`reviewgen.api` function per command.

Every ReviewgenError is caught here, once, and becomes a message on stderr and an exit code:
0 success, 1 the workbook has error findings, 2 unusable input or usage.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from reviewgen import __version__
from reviewgen.cli_quarter import PAPER_OPTION, WORKBOOK_PATH, calibrate, init, status
from reviewgen.errors import ConfigError, ReviewgenError
from reviewgen.model.documents import Paper

_IGNORE_ERRORS_HELP = "Go on even when check finds errors (never for people whose ids clash: they are skipped)."
_REPLACE_HELP = (
    "Replace an earlier output of reviewgen at the same place. A folder holding the workbook, the secret "
    "or any file reviewgen did not write is never replaced."
)


def _refuse_force(_ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    """The old --force: say which of the two new flags is meant, instead of guessing."""
    if value:
        raise ConfigError(
            "--force was split in two: add --ignore-errors to go on despite check errors, "
            "and/or --replace to replace an earlier output of reviewgen"
        )
    return value


def _warn(message: str) -> None:
    click.echo(f"reviewgen: warning: {message}", err=True)


class _Terminated(KeyboardInterrupt):
    """Raised in the main process on SIGTERM (``kill``, ``timeout``), so cleanup runs as on Ctrl-C."""


def _on_sigterm(signum: int, _frame: object) -> None:
    if os.getpid() != _MAIN_PID:
        # A build worker (forked, so it inherited this handler): the parent cleans up; just stop.
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise _Terminated


_MAIN_PID = os.getpid()


class _Group(click.Group):
    """Turns our errors into one line each, never a traceback; SIGTERM cleans up as Ctrl-C does."""

    def invoke(self, ctx: click.Context) -> Any:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            return super().invoke(ctx)
        except ReviewgenError as exc:
            click.echo(f"reviewgen: error: {exc.message}", err=True)
            for line in exc.details:
                click.echo(f"  {line}", err=True)
            ctx.exit(exc.exit_code)
        except _Terminated:
            click.echo("reviewgen: stopped (SIGTERM); nothing was written.", err=True)
            ctx.exit(128 + signal.SIGTERM)
        except KeyboardInterrupt:
            click.echo("reviewgen: interrupted; nothing was written.", err=True)
            ctx.exit(130)
        except MemoryError:
            click.echo(
                "reviewgen: error: out of memory: the input is too large for this computer; "
                "see docs/reliability.md for the size limits and the settings that raise them",
                err=True,
            )
            ctx.exit(2)
        finally:
            signal.signal(signal.SIGTERM, previous)


@contextmanager
def _progress(label: str, total: int | None, enabled: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (hidden when not a terminal or --quiet) as a callback taking items done."""
    if not enabled or total is None or total <= 0:
        yield lambda _n: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="reviewgen")
def main() -> None:
    """Check a review-cycle workbook against the strategic plan and turn it into review packets,
    scorecards, one-pagers, workshop handouts and manager forms.

    Start with `reviewgen init --sample`, then `reviewgen check` and `reviewgen build`.
    """


@main.command()
@click.argument("workbook", type=WORKBOOK_PATH)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="How to print the findings.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 when there are any).")
def check(workbook: Path, fmt: str, strict: bool) -> None:
    """Check WORKBOOK and report every finding at once.

    Exit status: 0 when there are no errors, 1 when there are, 2 when the file cannot be used.

    Example: reviewgen check samples/northwind-2026-q4.xlsx --format json
    """
    from reviewgen import api

    result = api.check_workbook(workbook, strict=strict)
    click.echo(api.format_check(result, fmt), nl=False)
    sys.exit(1 if result.has_errors else 0)


@main.command()
@click.argument("workbook", type=WORKBOOK_PATH)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Output folder: new, empty, or an earlier build (with --replace); written atomically.",
)
@click.option("--format", "formats", default="docx,md", show_default=True, help="docx, md or both (comma-separated).")
@click.option(
    "--only", default="", help="Limit to people/department/kind: e.g. 'P012,P013', 'dept:Sales', 'kind:packet'."
)
@click.option(
    "--edition",
    type=click.Choice(["both", "employee", "manager"]),
    default="both",
    show_default=True,
    help="Which packet editions to write.",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Your templates folder; templates here replace the built-in ones of the same name.",
)
@click.option(
    "--reference-docx",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A .docx whose styles (fonts, colours, header logo) the Word documents use.",
)
@PAPER_OPTION
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Worker processes (default: all cores).")
@click.option("--ignore-errors", is_flag=True, help=_IGNORE_ERRORS_HELP)
@click.option("--replace", is_flag=True, help=_REPLACE_HELP)
@click.option("--force", is_flag=True, hidden=True, expose_value=False, callback=_refuse_force)
@click.option("--quiet", is_flag=True, help="No progress bar, no warnings.")
def build(
    workbook: Path,
    out_dir: Path,
    formats: str,
    only: str,
    edition: str,
    templates_dir: Path | None,
    reference_docx: Path | None,
    paper: str,
    jobs: int | None,
    ignore_errors: bool,
    replace: bool,
    quiet: bool,
) -> None:
    """Write every document of the cycle for WORKBOOK into a folder HR can hand out.

    Runs check first: errors stop the build (unless --ignore-errors), warnings are printed. An
    earlier build in OUTPUT is replaced only with --replace.

    Example: reviewgen build samples/northwind-2026-q4.xlsx -o out --replace
    """
    from reviewgen import api

    options = api.BuildOptions.from_cli(
        formats=formats,
        only=only,
        edition=edition,
        templates_dir=templates_dir,
        reference_docx=reference_docx,
        paper=paper,
        jobs=jobs,
        ignore_errors=ignore_errors,
        replace=replace,
    )
    show = not quiet and sys.stderr.isatty()
    result = api.build_documents(
        workbook,
        out_dir,
        options,
        on_findings=None if quiet else lambda text: click.echo(text, err=True, nl=False),
        progress_factory=lambda total: _progress("Writing documents", total, show),
    )
    click.echo(result.summary())


@main.command()
@click.argument("workbook", type=WORKBOOK_PATH)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--self",
    "self_forms",
    is_flag=True,
    help="Also write one self-assessment form per employee (with --goals: one goal proposal per employee).",
)
@click.option(
    "--goals",
    is_flag=True,
    help="Goal-setting forms: each manager writes their reports' goals for the cycle (objective, metric, "
    "baseline, target, unit, weight, due); collect adds them to the Goals sheet.",
)
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Worker processes (default: all cores).")
@click.option("--ignore-errors", is_flag=True, help=_IGNORE_ERRORS_HELP)
@click.option("--replace", is_flag=True, help=_REPLACE_HELP)
@click.option("--force", is_flag=True, hidden=True, expose_value=False, callback=_refuse_force)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@PAPER_OPTION
def forms(
    workbook: Path,
    out_dir: Path,
    self_forms: bool,
    goals: bool,
    jobs: int | None,
    ignore_errors: bool,
    replace: bool,
    quiet: bool,
    paper: Paper,
) -> None:
    """Write one spreadsheet form per manager (their direct reports only) into OUTPUT.

    OUTPUT must be a new or empty folder, or earlier forms (with --replace); never the workbook's folder.

    Example: reviewgen forms samples/northwind-2026-q4.xlsx -o forms/

    At the start of a cycle, goal setting: reviewgen forms cycle.xlsx -o goal-forms/ --goals --self
    """
    from reviewgen import api

    show = not quiet and sys.stderr.isatty()
    paths = api.issue_forms(
        workbook,
        out_dir,
        self_forms=self_forms,
        goals=goals,
        ignore_errors=ignore_errors,
        replace=replace,
        progress_factory=lambda total: _progress("Writing forms", total, show),
        on_warning=_warn,
        paper=paper,
        jobs=jobs,
    )
    click.echo(f"Wrote {len(paths)} forms to {out_dir}")


@main.command()
@click.argument("workbook", type=WORKBOOK_PATH)
@click.argument("returned", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "merged",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The merged workbook to write (never the original).",
)
@click.option(
    "--prefer",
    type=click.Choice(["none", "newest"]),
    default="none",
    show_default=True,
    help="How to settle conflicting answers: report them (none) or take the newest saved form.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the collection report as Markdown to this file.",
)
@click.option("--replace", is_flag=True, help="Replace the merged workbook (and report) if they exist already.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Worker processes (default: all cores).")
def collect(
    workbook: Path,
    returned: tuple[Path, ...],
    merged: Path,
    prefer: str,
    report_path: Path | None,
    replace: bool,
    jobs: int | None,
) -> None:
    """Check returned forms and calibration workbooks (files or folders) and merge them into a new workbook.

    Calibration workbooks: each changed rating (with its reason) goes on the Calibration sheet; the report
    lists every change, old to new, by whom and why. The merged workbook and the report are never an input
    (the workbook, a form, the secret).

    Example: reviewgen collect samples/northwind-2026-q4.xlsx returned/ -o merged.xlsx
    """
    from reviewgen import api

    result = api.collect_returned_forms(
        workbook,
        list(returned),
        merged,
        prefer=prefer,
        report_path=report_path,
        replace=replace,
        on_warning=_warn,
        jobs=jobs,
    )
    click.echo(result.text_report, nl=False)


@main.group()
def templates() -> None:
    """List the templates, or copy a built-in one to start your own."""


@templates.command("list")
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Your templates folder, to see which built-in templates it replaces.",
)
def templates_list(templates_dir: Path | None) -> None:
    """List every template and where it comes from (yours or built-in).

    Example: reviewgen templates list --templates my-templates/
    """
    from reviewgen.render.templating import list_templates

    for info in list_templates(templates_dir):
        click.echo(f"{info.name:<32} {info.origin:<9} {info.path}")


@templates.command("copy")
@click.argument("name")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an earlier copy (never one you edited).")
def templates_copy(name: str, directory: Path, force: bool) -> None:
    """Copy the built-in template NAME into DIRECTORY so you can edit it.

    Example: reviewgen templates copy packet.md.j2 my-templates/
    """
    from reviewgen.render.templating import copy_template

    path = copy_template(name, directory, overwrite=force)
    click.echo(f"Wrote {path}; use it with --templates {directory}")


# The quarter's commands (init, status) live in their own module, to keep this one readable.
main.add_command(init)
main.add_command(status)
main.add_command(calibrate)
