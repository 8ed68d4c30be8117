"""The cell formats of a workbook being patched: which are General, and a yyyy-mm-dd variant of one.

A date written into a cell whose format is General would show as a serial number (46000): such a cell
gets a copy of its format with the number format yyyy-mm-dd, added to styles.xml once per format.
"""

from __future__ import annotations

import re

from lxml import etree  # type: ignore[import-untyped]

_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_DATE_FORMAT = "yyyy-mm-dd"


class StyleTable:
    """The number format of each cell format (``cellXfs``) of styles.xml, and the formats added to it."""

    def __init__(self, part: str, data: bytes) -> None:
        self.part = part
        self._data = data
        self._custom: dict[int, str] = {}
        self._format_ids: list[int] = [0]
        if data:
            root = etree.fromstring(data, _PARSER)
            for fmt in root.iterfind(f"{_M}numFmts/{_M}numFmt"):
                self._custom[int(fmt.get("numFmtId"))] = str(fmt.get("formatCode", ""))
            xfs = root.find(f"{_M}cellXfs")
            if xfs is not None:
                self._format_ids = [int(xf.get("numFmtId", 0)) for xf in xfs.iterfind(f"{_M}xf")]
        self._added: dict[bytes, bytes] = {}
        self._changed = False

    def is_general(self, style: bytes | None) -> bool:
        """Whether the cell format ``style`` (an index, None for the default) shows numbers as General."""
        index = int(style) if style is not None else 0
        return (self._format_ids[index] if index < len(self._format_ids) else 0) == 0

    def date_variant(self, style: bytes | None) -> bytes:
        """The index of a cell format like ``style`` with the yyyy-mm-dd number format (added on first use)."""
        key = style or b"0"
        if key not in self._added:
            if not self._data or re.search(rb"<cellXfs\b[^>]*>", self._data) is None:
                return key  # no styles part to extend: the date shows as a number, it is still the right date
            fmt_id = self._date_format_id()
            self._added[key] = self._add_xf(int(key), fmt_id)
        return self._added[key]

    def patched(self) -> bytes | None:
        """styles.xml with the added formats, or None when nothing was added."""
        return self._data if self._changed else None

    def _date_format_id(self) -> int:
        found = next((i for i, code in self._custom.items() if code == _DATE_FORMAT), None)
        if found is not None:
            return found
        fmt_id = max([163, *self._custom]) + 1  # ids up to 163 are reserved for built-in formats
        self._custom[fmt_id] = _DATE_FORMAT
        entry = f'<numFmt numFmtId="{fmt_id}" formatCode="{_DATE_FORMAT}"/>'.encode()
        text = self._data
        m = re.search(rb"<numFmts\b[^>]*?(/?)>", text)
        if m is None or m.group(1):
            at, end = (m.start(), m.end()) if m else (_after_open_tag(text, b"styleSheet"),) * 2
            text = text[:at] + b'<numFmts count="1">' + entry + b"</numFmts>" + text[end:]
        else:
            close = text.index(b"</numFmts>")
            text = _bump_count(text[:close] + entry + text[close:], b"numFmts")
        self._data = text
        self._changed = True
        return fmt_id

    def _add_xf(self, index: int, fmt_id: int) -> bytes:
        text = self._data
        xfs = re.search(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", text, re.S)
        assert xfs is not None  # date_variant checked for cellXfs
        items = re.findall(rb"<xf\b[^>]*?(?:/>|>.*?</xf>)", xfs.group(1), re.S)
        base = items[index] if index < len(items) else b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        new = re.sub(rb'numFmtId="\d+"', b'numFmtId="%d"' % fmt_id, base, count=1)
        if b"applyNumberFormat" in new:
            new = re.sub(rb'applyNumberFormat="[^"]*"', b'applyNumberFormat="1"', new, count=1)
        else:
            new = new.replace(b"<xf ", b'<xf applyNumberFormat="1" ', 1)
        self._data = _bump_count(text[: xfs.end(1)] + new + text[xfs.end(1) :], b"cellXfs")
        self._format_ids.append(fmt_id)
        self._changed = True
        return b"%d" % (len(self._format_ids) - 1)


def _after_open_tag(text: bytes, name: bytes) -> int:
    m = re.search(rb"<" + name + rb"\b[^>]*>", text)
    assert m is not None
    return m.end()


def _bump_count(text: bytes, name: bytes) -> bytes:
    return re.sub(
        rb"(<" + name + rb'\b[^>]*\bcount=")(\d+)', lambda m: m.group(1) + b"%d" % (int(m.group(2)) + 1), text, count=1
    )
