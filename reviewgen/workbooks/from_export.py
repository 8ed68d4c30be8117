"""`reviewgen init DIR --people EXPORT`: a new cycle workbook whose People sheet holds an HR export's people.

The export is read exactly as ``[people] source`` would read it (same mapping, same findings), the
people are written to the People sheet of an otherwise blank workbook, and the reviewgen.toml that
mapped them is copied beside it with its ``[people]`` tables turned into comments: the workbook now
holds the people, and the next quarter can reuse the mapping by removing the ``#``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from reviewgen.errors import ConfigError, InputError
from reviewgen.files.guard import check_own_file, write_own_file
from reviewgen.load.config import CONFIG_NAME, EXPORT_SUFFIXES, Config, people_export, read_config
from reviewgen.model.workbook import Person
from reviewgen.workbooks.blank import Row, blank_sheets, write_cycle_workbook

_PEOPLE_TABLE = re.compile(r"^\s*\[\s*people(\s*\.\s*[^\]]+)?\s*\]")
_ANY_TABLE = re.compile(r"^\s*\[")


def export_config(export: Path, config_path: Path | None) -> Config:
    """The settings that read ``export``: ``config_path``'s, with the export given on the command line as source."""
    if not export.name.lower().endswith(EXPORT_SUFFIXES):
        raise InputError(f"{export}: --people takes the HR export as a .csv or .xlsx file")
    if config_path is None:
        return Config(people=people_export("--people", export.parent, {}, source=str(export)))
    config = read_config(config_path)
    text = config_path.read_text(encoding="utf-8-sig")
    table = tomllib.loads(text).get("people", {})
    people = people_export(str(config_path), config_path.parent, table, source=str(export))
    return Config(path=config.path, thresholds=config.thresholds, date_order=config.date_order, people=people)


def people_rows(people: tuple[Person, ...]) -> list[Row]:
    """People sheet rows in the schema's column order."""
    return [
        (p.id, p.name, p.email, p.title, p.department, p.manager_id, p.communication, p.orientation, p.motivation)
        for p in people
    ]


def write_people_workbook(dest: Path, people: tuple[Person, ...], *, overwrite: bool) -> Path:
    """A blank cycle workbook at ``dest`` whose People sheet holds ``people``."""
    sheets = {**blank_sheets(), "People": people_rows(people)}
    return write_cycle_workbook(dest, sheets, overwrite=overwrite, title="Review cycle workbook")


def config_destination(config_path: Path, directory: Path, *, overwrite: bool) -> Path:
    """Where the toml's copy goes; raises before anything is written when it cannot go there."""
    dest = directory / CONFIG_NAME
    if dest.resolve() == config_path.resolve():
        raise ConfigError(
            f"{config_path} is already in {directory}: its [people] source would replace the People sheet "
            "init writes; start the cycle in a new folder"
        )
    check_own_file(dest, replace=overwrite)
    return dest


def copy_config(config_path: Path, dest: Path, note: str, *, overwrite: bool) -> None:
    """Copy ``config_path`` to ``dest`` with its [people] tables commented out, under ``note`` (made a comment)."""
    header = "".join(f"# {line}\n" for line in note.splitlines()) + "\n"
    text = header + comment_out_people(config_path.read_text(encoding="utf-8-sig"))
    write_own_file(dest, text.encode(), replace=overwrite)


def comment_out_people(text: str) -> str:
    """``text`` (a reviewgen.toml) with every line of its [people] and [people.*] tables behind a ``#``."""
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if _ANY_TABLE.match(line):
            inside = bool(_PEOPLE_TABLE.match(line))
        out.append(f"# {line}" if inside and line.strip() else line)
    return "\n".join(out) + "\n"
