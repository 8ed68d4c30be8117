"""Settings: ``reviewgen.toml`` beside the workbook, and the workbook's own Cycle sheet.

reviewgen.toml holds check thresholds, the date order and the HR-export mapping; the Cycle
sheet holds the cycle's settings, and a threshold set there wins over the toml
(:func:`cycle_from_sheet`).

Example::

    [thresholds]
    rating_gap = 2
    group_minimum = 8

    [dates]
    order = "mdy"

    [people]
    source = "hris-export.csv"          # relative to the workbook
    manager_by = "name"                 # the manager column holds names ("id", the default: ids)
    top = ["Board of Directors"]        # manager values that mean "reports to nobody"

    [people.columns]
    id = "Employee Number"              # our People column = the export's header
    name = ["First Name", "Last Name"]  # or several headers, joined with one space

    [people.include]
    "Employment Status" = ["Active"]    # keep only the rows holding one of these values

Every problem raises :class:`reviewgen.errors.ConfigError` naming the file, the key and what is
allowed. Values in the workbook's Cycle sheet override ``[thresholds]``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reviewgen.errors import ConfigError
from reviewgen.load.coerce import DATE_ORDERS, FORMULA_WITHOUT_VALUE, CoerceError, DateOrder, to_text
from reviewgen.load.columns import converter_for
from reviewgen.load.hr_export import RawTable
from reviewgen.load.limits import DEFAULT_LIMITS, Limits, limits_from_toml
from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.model.ranges import bounds_of
from reviewgen.model.schema import PEOPLE, Sheet, normalise
from reviewgen.model.workbook import Cycle, SheetRef, Source, Thresholds

CONFIG_NAME = "reviewgen.toml"
#: Fairness groups smaller than this are never reported, whatever the settings say.
GROUP_MINIMUM_FLOOR = 5
EXPORT_SUFFIXES = (".csv", ".xlsx")

_INTEGER_THRESHOLDS = ("skew_minimum", "group_minimum")
#: The highest number threshold (rating gap, manager skew, disparity margin): as on the Cycle sheet (schema).
_THRESHOLD_MAX = 100
_THRESHOLD_KEYS = tuple(f.name for f in dataclasses.fields(Thresholds))


ManagerBy = Literal["id", "name"]


@dataclass(frozen=True, slots=True)
class PeopleExport:
    """``[people]`` of reviewgen.toml: where the people come from and how the export's columns map."""

    #: The export file (resolved against the toml's folder).
    source: str
    #: (our People column, the export's headers) pairs, in file order; several headers are joined with a space.
    columns: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: What the manager column holds: the manager's id, or the manager's name.
    manager_by: ManagerBy = "id"
    #: Manager values meaning "reports to nobody" (such as "Board of Directors").
    top: tuple[str, ...] = ()
    #: (export header, values kept) pairs: a row is kept when each of these columns holds one of the values.
    include: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: The toml file these settings come from, for messages ("" when built in code).
    toml: str = ""

    def headers(self, column: str) -> tuple[str, ...]:
        """The export headers mapped onto our ``column``; () when the column is not mapped."""
        return dict(self.columns).get(column, ())


@dataclass(frozen=True, slots=True)
class Config:
    """Settings from reviewgen.toml; the defaults are what reviewgen does without the file."""

    #: The toml file read, or None when there was none.
    path: str | None = None
    thresholds: Thresholds = dataclasses.field(default_factory=Thresholds)
    date_order: DateOrder = "dmy"
    #: The HR export the people come from instead of the People sheet, and its mapping.
    people: PeopleExport | None = None
    #: How much of a spreadsheet is read at most ([limits], reviewgen.load.limits).
    limits: Limits = DEFAULT_LIMITS

    @property
    def people_source(self) -> str | None:
        """The HR export's path, or None when people come from the People sheet."""
        return self.people.source if self.people is not None else None


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
    _only_keys(name, "", data, ("thresholds", "dates", "people", "limits"))
    thresholds = _thresholds(name, _table(name, data, "thresholds"))
    dates = _table(name, data, "dates")
    _only_keys(name, "dates", dates, ("order",))
    order = dates.get("order", "dmy")
    if order not in DATE_ORDERS:
        raise ConfigError(f'{name}: [dates] order = {order!r} is not allowed: write "dmy" or "mdy"')
    return Config(
        path=name,
        thresholds=thresholds,
        date_order=order,
        people=people_export(name, path.parent, _table(name, data, "people")),
        limits=limits_from_toml(name, _table(name, data, "limits")),
    )


def people_export(
    name: str, folder: Path, people: Mapping[str, object], source: str | None = None
) -> PeopleExport | None:
    """The ``[people]`` table of toml file ``name``; ``source`` (a path given on the command line) wins over its own.

    None when there is neither a source nor a mapping.
    """
    _only_keys(name, "people", people, ("source", "manager_by", "top", "columns", "include"))
    own = _people_source(name, folder, people.get("source"))
    columns = _people_columns(name, _table(name, people, "columns", "people.columns"))
    include = _people_include(name, _table(name, people, "include", "people.include"))
    manager_by = people.get("manager_by", "id")
    if manager_by not in ("id", "name"):
        raise ConfigError(
            f'{name}: [people] manager_by = {manager_by!r} is not allowed: write "id" (the manager column holds '
            'ids) or "name" (it holds names)'
        )
    top = _text_list(name, "[people] top", people["top"]) if "top" in people else ()
    chosen = source or own
    if chosen is None:
        if people:
            raise ConfigError(f'{name}: [people] needs source = "<export file>" beside its other keys')
        return None
    return PeopleExport(
        source=chosen,
        columns=columns,
        manager_by="name" if manager_by == "name" else "id",
        top=top,
        include=include,
        toml=name,
    )


def _text_list(name: str, key: str, value: object) -> tuple[str, ...]:
    """A toml value that is one text or a list of texts, as a tuple of stripped texts."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items) or not items:
        raise ConfigError(f'{name}: {key} must be a text or a list of texts, such as ["Active"]')
    return tuple(v.strip() for v in items)


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
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1_000_000:
                raise ConfigError(f"{name}: [thresholds] {key} = {value!r}: write a whole number from 1 to 1000000")
            if key == "group_minimum" and value < GROUP_MINIMUM_FLOOR:
                raise ConfigError(
                    f"{name}: [thresholds] group_minimum = {value}: groups smaller than "
                    f"{GROUP_MINIMUM_FLOOR} are never reported, write {GROUP_MINIMUM_FLOOR} or more"
                )
            values[key] = value
        else:
            # TOML allows inf and nan: an infinite threshold would silently switch its check off.
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= _THRESHOLD_MAX:
                raise ConfigError(
                    f"{name}: [thresholds] {key} = {value!r}: write a number from 0 to {_THRESHOLD_MAX:g}"
                )
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


def _people_columns(name: str, data: Mapping[str, object]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    known = {normalise(c.name): c.name for c in PEOPLE.columns}
    out: list[tuple[str, tuple[str, ...]]] = []
    for key, header in data.items():
        column = known.get(normalise(key))
        if column is None:
            allowed = ", ".join(c.name for c in PEOPLE.columns)
            raise ConfigError(f"{name}: unknown key [people.columns] {key!r}: allowed are {allowed}")
        headers = [header] if isinstance(header, str) else header
        if not isinstance(headers, list) or not headers or not all(isinstance(h, str) and h.strip() for h in headers):
            raise ConfigError(
                f"{name}: [people.columns] {key} must be the export's column header, as text, or a list of headers "
                'to join, such as ["First Name", "Last Name"]'
            )
        out.append((column, tuple(h.strip() for h in headers)))
    return tuple(out)


def _people_include(name: str, data: Mapping[str, object]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((header, _text_list(name, f"[people.include] {header!r}", values)) for header, values in data.items())


# --- the workbook's own settings: key/value sheets and the Cycle sheet ---------------------------


class KeyValueSheet:
    """A key/value sheet (Cycle, Strategy): the key in column A, its value in B (list rows: C too).

    Keys match by name or alias whatever their spelling; other rows (a header, notes) are
    ignored. Problems are appended to ``findings``.
    """

    def __init__(
        self,
        sheet: Sheet,
        table: RawTable,
        findings: list[Finding],
        order: DateOrder = "dmy",
    ) -> None:
        self.sheet, self.file, self.title, self.order = sheet, table.file, table.sheet, order
        self.findings = findings
        #: key name -> (raw value, location of its value cell)
        self.found: dict[str, tuple[object, Location]] = {}
        #: (row, raw value, raw description) of the list rows (Strategy's "Value" rows)
        self.listed: list[tuple[int, object, object]] = []
        lookup = {normalise(alias): key for key in sheet.keys for alias in (key.name, *key.aliases)}
        for number, cells, uncached in table.rows:
            key = lookup.get(normalise(to_text(cells[0]))) if cells else None
            if key is None:
                continue
            raw = cells[1] if len(cells) > 1 else None
            where = Location(self.file, self.title, number, to_text(cells[0]), f"B{number}")
            if raw is None and 1 in uncached:
                findings.append(Finding("formula-without-value", Severity.ERROR, FORMULA_WITHOUT_VALUE, where))
            if key.name == sheet.list_key:
                self.listed.append((number, raw, cells[2] if len(cells) > 2 else None))
            elif key.name not in self.found:
                self.found[key.name] = (raw, where)

    def where(self, name: str) -> Location:
        """The value cell of setting ``name``, or the sheet when the setting is absent."""
        return self.found[name][1] if name in self.found else Location(self.file, self.title)

    def get(self, name: str) -> object:
        """The typed value of setting ``name``; None (with a finding) when absent or unreadable."""
        key = next(k for k in self.sheet.keys if k.name == name)
        raw = self.found.get(name, (None, None))[0]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if key.required:
                message = (
                    f'the {self.sheet.name} sheet has no value for "{key.name}": add a row with {key.name} in '
                    "column A and its value in column B"
                )
                self.findings.append(Finding("missing-value", Severity.ERROR, message, self.where(name)))
            return None
        try:
            return converter_for(
                key.kind, order=self.order, bounds=bounds_of(self.sheet.name, key.name), label=key.name
            )(raw)
        except CoerceError as exc:
            self.findings.append(Finding(exc.code, Severity.ERROR, exc.message, self.where(name)))
            return None


_CYCLE_THRESHOLDS = (
    ("rating gap", "rating_gap"),
    ("manager skew", "manager_skew"),
    ("skew minimum", "skew_minimum"),
    ("disparity margin", "disparity_margin"),
    ("group minimum", "group_minimum"),
    ("guidance margin", "guidance_margin"),
)


def cycle_from_sheet(settings: KeyValueSheet | None, config: Config) -> Cycle:
    """The Cycle record; thresholds set on the sheet win over reviewgen.toml, which wins over defaults."""
    if settings is None:
        return Cycle("", "", None, None, thresholds=config.thresholds)
    get = settings.get
    share = get("goals share")  # its range, 0 to 100, is declared in the schema
    thresholds: dict[str, Any] = {}
    for key, field in _CYCLE_THRESHOLDS:
        value = get(key)
        if key == "group minimum" and isinstance(value, int) and value < GROUP_MINIMUM_FLOOR:
            message = (
                f"group minimum {value} is below {GROUP_MINIMUM_FLOOR}: groups smaller than "
                f"{GROUP_MINIMUM_FLOOR} are never reported, so {GROUP_MINIMUM_FLOOR} is used"
            )
            settings.findings.append(Finding("bad-value", Severity.WARNING, message, settings.where(key)))
            value = GROUP_MINIMUM_FLOOR
        if value is not None:
            thresholds[field] = value
    groups = to_text(get("fairness groups")).replace(";", ",")
    guidance = _rating_guidance(settings)
    start, end, deadline, gap = get("start"), get("end"), get("deadline"), get("check-in gap")
    first_row = min((where.row or 0 for _, where in settings.found.values()), default=1)
    return Cycle(
        company=to_text(get("company")),
        name=to_text(get("cycle")),
        start=start if isinstance(start, dt.date) else None,
        end=end if isinstance(end, dt.date) else None,
        deadline=deadline if isinstance(deadline, dt.date) else None,
        checkin_gap_days=gap if isinstance(gap, int) else 45,
        goals_share=share if isinstance(share, float) else 70.0,
        confidentiality=to_text(get("confidentiality")) or "Confidential",
        top_reviewer=to_text(get("top reviewer")),
        fairness_groups=tuple(g.strip() for g in groups.split(",") if g.strip()),
        rating_guidance=guidance,
        thresholds=dataclasses.replace(config.thresholds, **thresholds),
        src=Source(SheetRef(settings.file, settings.title), first_row),
    )


def _rating_guidance(settings: KeyValueSheet) -> tuple[float, ...]:
    """Cycle "rating guidance" ("5/20/50/20/5", "5%, 20%, ..."): shares per rating, lowest first; () when empty.

    Guidance that cannot be read, or does not add up to 100, is a bad-value finding and is left out.
    """
    text = to_text(settings.get("rating guidance"))
    if not text:
        return ()
    parts = [p.strip().rstrip("%").strip() for p in re.split(r"[/,;|]", text)]
    try:
        shares = tuple(float(p) for p in parts)
    except ValueError:
        shares = ()
    where = settings.where("rating guidance")
    if len(shares) < 2 or any(s < 0 for s in shares):
        message = (
            f'rating guidance "{text}" cannot be read: write one share per rating, lowest rating first, '
            "e.g. 5/20/50/20/5"
        )
        settings.findings.append(Finding("bad-value", Severity.ERROR, message, where))
        return ()
    if abs(sum(shares) - 100) > 0.5:
        message = f'rating guidance "{text}" adds up to {sum(shares):g} %, not 100: correct the shares'
        settings.findings.append(Finding("bad-value", Severity.ERROR, message, where))
        return ()
    return shares
