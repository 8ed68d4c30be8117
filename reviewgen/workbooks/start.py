"""Starting a cycle from what HR has: an HR export (`init --people`) or the last cycle (`init --from`).

Each reads everything first and writes the new folder's files last, so that a refusal leaves nothing
behind; each returns an :class:`InitResult` with the lines that tell HR what happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reviewgen.errors import ConfigError
from reviewgen.load.config import CONFIG_NAME, load_config
from reviewgen.load.workbook import load_people_export, load_workbook
from reviewgen.model.findings import Finding
from reviewgen.score.scores import score_all
from reviewgen.workbooks.blank import write_cycle_workbook
from reviewgen.workbooks.from_export import config_destination, copy_config, export_config, write_people_workbook
from reviewgen.workbooks.next_cycle import new_cycle_problems, next_cycle


@dataclass(frozen=True)
class InitResult:
    """What `init --people` or `init --from` wrote, and the lines that tell HR what happened."""

    workbook: Path
    #: The reviewgen.toml written beside the workbook, if any.
    config: Path | None
    #: What was read, carried and left behind, one line each (indented lines belong to the one above).
    lines: tuple[str, ...]
    #: Findings about the input (the export's), as `check` reports them.
    findings: tuple[Finding, ...] = ()


def start_from_export(
    directory: Path,
    export: Path,
    config_path: Path | None,
    *,
    file_name: str,
    force: bool,
    refuse: Callable[[Path, tuple[Finding, ...]], None],
) -> InitResult:
    """A workbook whose People sheet holds ``export``'s people; ``refuse`` raises on findings that stop it."""
    config = export_config(export, config_path)
    people, found = load_people_export(config)
    findings = tuple(sorted(found, key=Finding.sort_key))
    refuse(export, findings)
    directory.mkdir(parents=True, exist_ok=True)
    dest = directory / file_name
    toml = config_destination(config_path, directory, overwrite=force) if config_path is not None else None
    write_people_workbook(dest, people, overwrite=force)
    lines = []
    kept = next((f.message.split(":", 1)[0] for f in findings if f.code == "rows-left-out"), None)
    lines.append(f"{len(people)} people from {export.name}" + (f" ({kept})" if kept else "") + " on the People sheet")
    if config_path is not None and toml is not None:
        note = (
            f"Written by `reviewgen init --people {export.name}` from {config_path.name}.\n"
            f"The people are now on the People sheet of {dest.name}; the [people] mapping below is kept as\n"
            "comments: remove the # to read the people from the export again instead of the People sheet."
        )
        copy_config(config_path, toml, note, overwrite=force)
        lines.append(f"{toml.name}: the mapping from {config_path}, its [people] tables kept as comments")
    lines.append("next: fill in the Cycle, Strategy and Objectives sheets, then `reviewgen check`")
    return InitResult(workbook=dest, config=toml, lines=tuple(lines), findings=findings)


def start_next_cycle(
    directory: Path,
    last: Path,
    *,
    name: str,
    start: dt.date,
    end: dt.date,
    file_name: str,
    force: bool,
) -> InitResult:
    """The next cycle after ``last``: see :mod:`reviewgen.workbooks.next_cycle` for what is carried."""
    wb = load_workbook(last)
    problems = new_cycle_problems(wb, name, start, end)
    if problems:
        raise ConfigError(problems[0], details=list(problems[1:]))
    config = load_config(last)
    carried = next_cycle(wb, score_all(wb), name=name.strip(), start=start, end=end, toml_thresholds=config.thresholds)
    directory.mkdir(parents=True, exist_ok=True)
    dest = directory / file_name
    source_toml = last.parent / CONFIG_NAME
    toml = config_destination(source_toml, directory, overwrite=force) if source_toml.is_file() else None
    write_cycle_workbook(
        dest, carried.sheets, extra_columns=carried.extra_columns, overwrite=force, title="Review cycle workbook"
    )
    if toml is not None:
        note = (
            f"Copied by `reviewgen init --from {last.name}` for cycle {name.strip()}; any [people] tables are kept\n"
            f"as comments: the people are on the People sheet of {dest.name}."
        )
        copy_config(source_toml, toml, note, overwrite=force)
    period = f"{start.isoformat()} to {end.isoformat()}"
    lines = [
        f"cycle {name.strip()}, {period}, from {last.name} ({wb.cycle.name or 'no cycle name'})",
        "carried:",
        *(f"  {line}" for line in carried.carried),
        "left behind:",
        *(f"  {line}" for line in carried.left_behind),
    ]
    if toml is not None:
        lines.append(f"{toml.name}: copied from {source_toml}")
    lines.append(
        "next: revise the Strategy and Objectives sheets, then `reviewgen check` and `reviewgen forms --goals`"
    )
    return InitResult(workbook=dest, config=toml, lines=tuple(lines))
