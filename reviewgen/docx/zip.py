"""A tiny deterministic ZIP writer for .docx packages.

Parts that are the same in every document are deflated once (:func:`compress_entry`) and
copied into each package as they are; only the parts that change are compressed per
document. Every entry carries the fixed timestamp 1980-01-01 00:00 so that the same input
gives byte-identical packages.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

# DOS date for 1980-01-01 (year 0, month 1, day 1) and time 00:00:00.
_DOS_DATE = (0 << 9) | (1 << 5) | 1
_DOS_TIME = 0
_VERSION = 20
_DEFLATED = 8
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


@dataclass(frozen=True, slots=True)
class ZipEntry:
    """One deflated file of a ZIP archive, ready to be written."""

    name: bytes
    crc: int
    size: int
    data: bytes


def compress_entry(name: str, content: bytes, level: int = 6) -> ZipEntry:
    """Deflate ``content`` (raw deflate, as ZIP stores it) into an entry called ``name``."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return ZipEntry(name.encode("utf-8"), zlib.crc32(content), len(content), data)


class EntryMemo:
    """Entries already compressed, for one writer: parts that recur from document to document with the very same
    bytes (content types, numbering, relationships, chart images) are deflated once.

    Keyed by the part's name, level and full content (never by a digest: two documents' parts are the same
    entry only when their bytes are equal). Bounded by the bytes it holds: cleared when full.
    """

    def __init__(self, limit: int = 4_000_000) -> None:
        #: Most bytes kept at once (contents and their compressed data).
        self.limit = limit
        self._entries: dict[tuple[str, int, bytes], ZipEntry] = {}
        self._size = 0

    def __len__(self) -> int:
        return len(self._entries)

    def compress(self, name: str, content: bytes, level: int = 6) -> ZipEntry:
        """The same entry as :func:`compress_entry` gives, from the memo when these bytes were compressed before."""
        key = (name, level, content)
        entry = self._entries.get(key)
        if entry is None:
            entry = compress_entry(name, content, level)
            size = len(content) + len(entry.data)
            if size <= self.limit:
                if self._size + size > self.limit:
                    self._entries.clear()
                    self._size = 0
                self._entries[key] = entry
                self._size += size
        return entry


def build_zip(entries: Iterable[ZipEntry]) -> bytes:
    """The bytes of a ZIP archive holding ``entries`` in the given order."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for entry in entries:
        # Flag bit 11 marks names as UTF-8; our part names are ASCII, so leave it clear.
        header = _LOCAL.pack(
            0x04034B50,
            _VERSION,
            0,
            _DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            entry.crc,
            len(entry.data),
            entry.size,
            len(entry.name),
            0,
        )
        chunks.append(header)
        chunks.append(entry.name)
        chunks.append(entry.data)
        central.append(
            _CENTRAL.pack(
                0x02014B50,
                _VERSION,
                _VERSION,
                0,
                _DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                entry.crc,
                len(entry.data),
                entry.size,
                len(entry.name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + entry.name
        )
        offset += len(header) + len(entry.name) + len(entry.data)
        count += 1
    directory = b"".join(central)
    chunks.append(directory)
    chunks.append(_END.pack(0x06054B50, 0, 0, count, count, len(directory), offset, 0))
    return b"".join(chunks)
