"""How a sheet's header row maps onto the schema's columns (reviewgen.model.schema): names first, then aliases."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewgen.model.schema import Sheet, normalise


@dataclass(frozen=True)
class HeaderMatch:
    """How a sheet's header row maps onto the schema's columns."""

    #: schema column name -> 0-based index in the row
    index: dict[str, int] = field(default_factory=dict)
    #: schema column name -> header text as written in the file
    header: dict[str, str] = field(default_factory=dict)
    #: required columns the header lacks
    missing: tuple[str, ...] = ()
    #: headers that matched nothing (kept and ignored; People uses them for group columns)
    extra: dict[str, int] = field(default_factory=dict)


def match_header(sheet: Sheet, row: tuple[object, ...]) -> HeaderMatch:
    """Map a header row onto ``sheet``'s columns; exact names win over aliases."""
    index: dict[str, int] = {}
    header: dict[str, str] = {}
    extra: dict[str, int] = {}
    by_name = {normalise(c.name): c.name for c in sheet.columns}
    by_alias: dict[str, str] = {}
    for col in sheet.columns:
        for alias in col.aliases:
            by_alias.setdefault(normalise(alias), col.name)
    keys = [normalise(raw) for raw in row]
    # Two passes, so that a column's real name wins over another header that is only its alias
    # ("Rating" before "Manager rating"), wherever the two stand in the row.
    for i, key in enumerate(keys):
        name = by_name.get(key)
        if name is not None and name not in index:
            index[name] = i
            header[name] = str(row[i]).strip()
    taken = set(index.values())
    for i, key in enumerate(keys):
        if not key or i in taken:
            continue
        alias_name = by_alias.get(key)
        if alias_name is not None and alias_name not in index:
            index[alias_name] = i
            header[alias_name] = str(row[i]).strip()
        else:
            extra.setdefault(str(row[i]).strip(), i)
    missing = tuple(c.name for c in sheet.columns if c.required and c.name not in index)
    return HeaderMatch(index=index, header=header, missing=missing, extra=extra)
