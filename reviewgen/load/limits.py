"""How much of a spreadsheet reviewgen reads at most: the one place its size limits live.

An .xlsx is a zip of XML parts: a file of a few megabytes can unpack to gigabytes (a "zip bomb"), or
hold rows whose one cell sits in column XFD, so that a naive reader allocates 16,384 slots per row.
Every reader of workbooks and returned forms checks these limits and refuses, before the machine
suffers, with one line naming the limit and the setting that raises it (``[limits]`` in
reviewgen.toml beside the workbook).

The defaults come from real data (docs/loading.md, "Size limits"): reviewgen's generated 50,000-person
cycle has 6.1 million cells, its largest part (Goals, inline strings) unpacks to 128 MB at a compression
ratio of 11.7 (the highest of any part is 17.5), all its parts to 366 MB, and checking it peaks under
500 MB. The defaults hold a cycle of about 80,000 people without a setting; a workbook at the limits loads in
under 1 GB, and a zip bomb, a stray cell far away and an absurd rectangle are refused or read cell by cell as
before.
"""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO

from reviewgen.errors import ConfigError, LimitError

SETTING = "[limits] in reviewgen.toml beside the workbook"
#: Parts smaller than this are never refused for their compression ratio (a few KB of styles pack well).
_RATIO_FLOOR_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """The most reviewgen reads from one spreadsheet; each field is a ``[limits]`` key of reviewgen.toml."""

    #: Uncompressed size of one part of the zip (a sheet's XML, the shared strings), in MB.
    part_mb: int = 250
    #: Uncompressed size of all parts of the zip together, in MB (a file of many parts each under ``part_mb``).
    total_mb: int = 1_000
    #: Uncompressed size / compressed size of a part above 1 MB.
    ratio: int = 100
    #: Row number of a sheet (Excel's own maximum is 1,048,576).
    rows: int = 1_048_576
    #: Column number of a sheet holding a value (Excel's maximum is 16,384, column XFD).
    columns: int = 1_000
    #: Cells read from the whole workbook, counting the empty ones to the left of a value in its row.
    cells: int = 10_000_000
    #: Seconds one document's template may take to render (reviewgen.render.bounded).
    render_seconds: int = 120
    #: Size of one rendered document, in MB of text.
    render_mb: int = 50

    @property
    def part_bytes(self) -> int:
        return self.part_mb * 1_000_000

    @property
    def total_bytes(self) -> int:
        return self.total_mb * 1_000_000


DEFAULT_LIMITS = Limits()
_KEYS = tuple(f.name for f in dataclasses.fields(Limits))
_CEILING = {
    "part_mb": 100_000,
    "total_mb": 1_000_000,
    "ratio": 100_000,
    "rows": 1_048_576,
    "columns": 16_384,
    "cells": 2_000_000_000,
    "render_seconds": 86_400,
    "render_mb": 100_000,
}


def limits_from_toml(name: str, table: Mapping[str, object]) -> Limits:
    """The ``[limits]`` table of reviewgen.toml ``name``: whole numbers from 1 to a sensible ceiling."""
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(f"{name}: [limits] has no setting {unknown[0]!r}: use {', '.join(_KEYS)}")
    values: dict[str, int] = {}
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _CEILING[key]:
            raise ConfigError(
                f"{name}: [limits] {key} = {value!r} is not allowed: write a whole number from 1 to {_CEILING[key]:,}"
            )
        values[key] = value
    return Limits(**values)


def refuse(path: str, what: str, limit: str, key: str, value: int) -> LimitError:
    """The one-line refusal naming the file, what is too big, the limit and the setting that raises it."""
    return LimitError(
        f"{path}: {what}, above the limit of {limit}: if the file is genuine, raise it with "
        f"{SETTING} ({key} = {value}), otherwise ask for a clean copy of the file"
    )


def check_archive(path: str, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a zip whose parts declare more than ``limits`` allow, before any part is unpacked.

    A part never unpacks to more than it declares (Python's zipfile stops it as damaged; the counted stream
    refuses it above ``part_mb`` whatever it declares), so the declared sizes bound the whole file too.
    """
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > limits.part_bytes:
            mb = -(-info.file_size // 1_000_000)
            raise refuse(
                path, f"part {info.filename} unpacks to {mb:,} MB", f"{limits.part_mb:,} MB per part", "part_mb", mb
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR_BYTES and ratio > limits.ratio:
            raise refuse(
                path,
                f"part {info.filename} is compressed {ratio:,.0f} to 1 (a zip bomb?)",
                f"{limits.ratio:,} to 1",
                "ratio",
                int(ratio) + 1,
            )
    if total > limits.total_bytes:
        mb = -(-total // 1_000_000)
        raise refuse(path, f"its parts unpack to {mb:,} MB in all", f"{limits.total_mb:,} MB in all", "total_mb", mb)


class CountedStream:
    """A part's stream that refuses to give more than the part limit, whatever the zip header declared."""

    def __init__(self, raw: IO[bytes], path: str, part: str, limits: Limits) -> None:
        self._raw, self._path, self._part, self._limits = raw, path, part, limits
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.count += len(data)
        if self.count > self._limits.part_bytes:
            raise refuse(
                self._path,
                f"part {self._part} unpacks to more than {self._limits.part_mb:,} MB",
                f"{self._limits.part_mb:,} MB per part",
                "part_mb",
                self._limits.part_mb * 10,
            )
        return data
