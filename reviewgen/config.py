"""``reviewgen.toml`` beside the workbook: check thresholds, date order and the HR-export mapping.

Example::

    [thresholds]
    rating_gap = 2
    group_minimum = 8

    [dates]
    order = "mdy"

    [people]
    source = "hris-export.csv"          # relative to the workbook

    [people.columns]
    id = "Employee Number"              # our People column = the export's header
    name = "Display Name"

Every problem raises :class:`reviewgen.errors.ConfigError` naming the file, the key and what is
allowed. Values in the workbook's Cycle sheet override ``[thresholds]``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewgen.coerce import DATE_ORDERS, DateOrder
from reviewgen.errors import ConfigError
from reviewgen.model import Thresholds
from reviewgen.schema import PEOPLE, normalise

CONFIG_NAME = "reviewgen.toml"
#: Fairness groups smaller than this are never reported, whatever the settings say.
GROUP_MINIMUM_FLOOR = 5
EXPORT_SUFFIXES = (".csv", ".xlsx")

_INTEGER_THRESHOLDS = ("skew_minimum", "group_minimum")
_THRESHOLD_KEYS = tuple(f.name for f in dataclasses.fields(Thresholds))


@dataclass(frozen=True, slots=True)
class Config:
    """Settings from reviewgen.toml; the defaults are what reviewgen does without the file."""

    #: The toml file read, or None when there was none.
    path: str | None = None
    thresholds: Thresholds = dataclasses.field(default_factory=Thresholds)
    date_order: DateOrder = "dmy"
    #: HR export the people come from instead of the People sheet (absolute or as given).
    people_source: str | None = None
    #: (our People column, the export's header) pairs, in file order.
    people_columns: tuple[tuple[str, str], ...] = ()

    @property
    def people_mapping(self) -> dict[str, str]:
        """Our People column name -> the export's header text."""
        return dict(self.people_columns)


def load_config(workbook_path: str | os.PathLike[str]) -> Config:
    """The reviewgen.toml beside ``workbook_path``, or the defaults when there is none."""
    toml_path = Path(workbook_path).parent / CONFIG_NAME
    if not toml_path.is_file():
        return Config()
    return read_config(toml_path)


def read_config(toml_path: str | os.PathLike[str]) -> Config:
    """Read and check one reviewgen.toml; the people source is resolved against its folder."""
    path = Path(toml_path)
    name = str(toml_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{name}: cannot be read ({exc.strerror}): check the file's permissions") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{name}: is not UTF-8 text: save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: is not valid TOML ({exc}): fix the line it names") from None
    _only_keys(name, "", data, ("thresholds", "dates", "people"))
    thresholds = _thresholds(name, _table(name, data, "thresholds"))
    dates = _table(name, data, "dates")
    _only_keys(name, "dates", dates, ("order",))
    order = dates.get("order", "dmy")
    if order not in DATE_ORDERS:
        raise ConfigError(f'{name}: [dates] order = {order!r} is not allowed: write "dmy" or "mdy"')
    people = _table(name, data, "people")
    _only_keys(name, "people", people, ("source", "columns"))
    source = _people_source(name, path.parent, people.get("source"))
    columns = _people_columns(name, _table(name, people, "columns", "people.columns"))
    if columns and source is None:
        raise ConfigError(f'{name}: [people.columns] needs [people] source = "<export file>" beside it')
    return Config(
        path=name,
        thresholds=thresholds,
        date_order=order,
        people_source=source,
        people_columns=columns,
    )


def _table(name: str, data: Mapping[str, object], key: str, label: str | None = None) -> dict[str, object]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{name}: {label or key} must be a table ([{label or key}]), not a single value")
    return value


def _only_keys(name: str, table: str, data: Mapping[str, object], allowed: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            where = f"[{table}] " if table else ""
            raise ConfigError(f"{name}: unknown key {where}{key!r}: allowed are {', '.join(allowed)}")


def _thresholds(name: str, data: Mapping[str, object]) -> Thresholds:
    _only_keys(name, "thresholds", data, _THRESHOLD_KEYS)
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _INTEGER_THRESHOLDS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name}: [thresholds] {key} = {value!r}: write a whole number of 1 or more")
            if key == "group_minimum" and value < GROUP_MINIMUM_FLOOR:
                raise ConfigError(
                    f"{name}: [thresholds] group_minimum = {value}: groups smaller than "
                    f"{GROUP_MINIMUM_FLOOR} are never reported, write {GROUP_MINIMUM_FLOOR} or more"
                )
            values[key] = value
        else:
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ConfigError(f"{name}: [thresholds] {key} = {value!r}: write a number of 0 or more")
            values[key] = float(value)
    return dataclasses.replace(Thresholds(), **values)


def _people_source(name: str, folder: Path, source: object) -> str | None:
    if source is None:
        return None
    if not isinstance(source, str) or not source.strip():
        raise ConfigError(f'{name}: [people] source must be a file name such as "export.csv"')
    if not source.lower().endswith(EXPORT_SUFFIXES):
        raise ConfigError(f"{name}: [people] source = {source!r}: the export must be a .csv or .xlsx file")
    return str(folder / source)


def _people_columns(name: str, data: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    known = {normalise(c.name): c.name for c in PEOPLE.columns}
    out: list[tuple[str, str]] = []
    for key, header in data.items():
        column = known.get(normalise(key))
        if column is None:
            allowed = ", ".join(c.name for c in PEOPLE.columns)
            raise ConfigError(f"{name}: unknown key [people.columns] {key!r}: allowed are {allowed}")
        if not isinstance(header, str) or not header.strip():
            raise ConfigError(f"{name}: [people.columns] {key} must be the export's column header, as text")
        out.append((column, header.strip()))
    return tuple(out)
