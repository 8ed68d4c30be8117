"""The quarter's commands of the command line: `init` (blank, sample, from an HR export), `status` and
`calibrate`.

Registered on the `reviewgen` group by :mod:`reviewgen.cli`; like every command, each parses its
options and calls one :mod:`reviewgen.api` function.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reviewgen.errors import ConfigError
from reviewgen.model.documents import PAPERS, Paper

if TYPE_CHECKING:
    from reviewgen.workbooks.start import InitResult

WORKBOOK_PATH = click.Path(exists=False, dir_okay=False, path_type=Path)  # the loader's message names a missing file
#: The one --paper option of the commands that write printed pages (build, forms, calibrate).
PAPER_OPTION = click.option(
    "--paper",
    type=click.Choice(PAPERS),
    default="a4",
    show_default=True,
    help="The paper the printed pages are laid out for.",
)


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--sample", is_flag=True, help="Write the sample company's workbook instead of a blank one.")
@click.option(
    "--people",
    "people_arg",
    help="An HR export (.csv or .xlsx) whose people fill the People sheet; "
    "with --sample: the number of people (default 60).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="With --people: the reviewgen.toml whose [people] maps the export's columns.",
)
@click.option(
    "--from",
    "last",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Start the next cycle from this one's workbook (with --cycle, --start and --end).",
)
@click.option("--cycle", "cycle_name", help="With --from: the new cycle's name, e.g. 2027-Q1.")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), help="With --from: its first day, e.g. 2027-01-01.")
@click.option("--end", type=click.DateTime(formats=["%Y-%m-%d"]), help="With --from: its last day, e.g. 2027-03-31.")
@click.option("--seed", type=int, default=1, show_default=True, help="With --sample: the generator's seed.")
@click.option("--name", "file_name", help="File name (default: cycle.xlsx, or the sample's name).")
@click.option(
    "--force", is_flag=True, help="Replace files an earlier init wrote (never a workbook changed since: your work)."
)
@click.option("--ignore-errors", is_flag=True, help="With --people: write the workbook despite errors in the export.")
def init(
    directory: Path,
    sample: bool,
    people_arg: str | None,
    config_path: Path | None,
    last: Path | None,
    cycle_name: str | None,
    start: Any,
    end: Any,
    seed: int,
    file_name: str | None,
    force: bool,
    ignore_errors: bool,
) -> None:
    """Start a cycle in DIRECTORY: a blank workbook (every sheet, headers, dropdowns, instructions),
    one whose People sheet holds an HR export's people, the next cycle from the last one, or the sample.

    \b
    Example: reviewgen init my-cycle/
             reviewgen init my-cycle/ --people export.csv --config reviewgen.toml
             reviewgen init 2027-q1/ --from 2026-q4/cycle.xlsx --cycle 2027-Q1 --start 2027-01-01 --end 2027-03-31
             reviewgen init --sample --people 10000 --seed 1 big/
    """
    from reviewgen import api

    if last is not None:
        if sample or people_arg or config_path:
            raise ConfigError("--from starts the next cycle from the last one: leave out --sample, --people, --config")
        if not cycle_name or start is None or end is None:
            raise ConfigError("--from needs the new cycle's --cycle NAME, --start DATE and --end DATE")
        _echo_init(
            api.init_next_cycle(
                directory, last, cycle=cycle_name, start=start.date(), end=end.date(), file_name=file_name, force=force
            )
        )
        return
    if cycle_name or start or end:
        raise ConfigError("--cycle, --start and --end go with --from LAST.xlsx")
    if sample or people_arg is None:
        if config_path is not None:
            raise ConfigError("--config goes with --people EXPORT: the toml that maps the export's columns")
        size = _sample_size(people_arg)
        path = api.init_cycle(directory, sample=sample, people=size, seed=seed, file_name=file_name, force=force)
        click.echo(f"Wrote {path}")
        return
    result = api.init_from_export(
        directory,
        Path(people_arg),
        config_path=config_path,
        file_name=file_name,
        force=force,
        ignore_errors=ignore_errors,
    )
    _echo_init(result)


def _sample_size(text: str | None) -> int:
    if text is None:
        return 60
    if not text.isdigit() or not 12 <= int(text) <= 200_000:
        raise ConfigError(f"--people {text!r} with --sample: write a number of people from 12 to 200000")
    return int(text)


def _echo_init(result: InitResult) -> None:
    from reviewgen import api

    if result.findings:
        report = api.format_check(api.CheckResult(result.workbook, result.findings), "text")
        click.echo(report, err=True, nl=False)
    click.echo(f"Wrote {result.workbook}" + (f" and {result.config}" if result.config else ""))
    for line in result.lines:
        click.echo(f"  {line}")


@click.command()
@click.argument("workbook", type=WORKBOOK_PATH)
@click.option(
    "--forms",
    "forms_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="The folder the returned forms are saved in: also show whose form (review or goal-setting) came back.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "csv"]),
    default="text",
    show_default=True,
    help="csv: the chase list, one row per person to remind, with email, what is missing and their manager.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day to measure on (default: today, kept within the cycle), e.g. 2026-11-15.",
)
def status(workbook: Path, forms_dir: Path | None, fmt: str, as_of: Any) -> None:
    """Show who is behind: goals, weights, self assessments, manager ratings, check-ins and returned forms,
    per manager and per department. Exit status 0 whatever the completion.

    \b
    Example: reviewgen status samples/northwind-2026-q4.xlsx
             reviewgen status cycle.xlsx --forms returned/ --format csv > chase.csv
    """
    from reviewgen import api

    outcome = api.cycle_status(workbook, forms_dir=forms_dir, fmt=fmt, as_of=as_of.date() if as_of else None)
    click.echo(outcome.text, nl=False)


@click.command()
@click.argument("workbook", type=WORKBOOK_PATH)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--company", is_flag=True, help="Also write one calibration workbook for the whole company.")
@click.option("--ignore-errors", is_flag=True, help="Write the workbooks despite errors in the cycle workbook.")
@click.option("--replace", is_flag=True, help="Replace an earlier calibration folder written by reviewgen.")
@PAPER_OPTION
def calibrate(workbook: Path, out_dir: Path, company: bool, ignore_errors: bool, replace: bool, paper: Paper) -> None:
    """Write one calibration workbook per department into OUTPUT, for the calibration meeting: every person's
    figures and flags, a dropdown for the calibrated rating and a reason, and a Summary sheet (distribution
    against the guidance, managers' means and spreads, the performance × potential grid, fairness cuts), and
    beside each a calibration pack in Word and Markdown for the room.

    \b
    Example: reviewgen calibrate samples/northwind-2026-q4.xlsx -o calibration/ --company
    """
    from reviewgen import api

    paths = api.calibrate(
        workbook,
        out_dir,
        company=company,
        ignore_errors=ignore_errors,
        replace=replace,
        on_warning=lambda text: click.echo(f"reviewgen: warning: {text}", err=True),
        paper=paper,
    )
    books = sum(1 for p in paths if p.suffix == ".xlsx")
    click.echo(
        f"Wrote {books} calibration workbook{'s' if books != 1 else ''} and their packs (Word, Markdown) to {out_dir}"
    )
