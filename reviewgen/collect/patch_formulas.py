"""Formulas around a collected cell: what a value written over a formula would break, and how not to.

Excel fills a formula down as a *shared* formula: the first cell (the anchor) holds the formula text and
the range it covers, ``<f t="shared" ref="N3:N5" si="0">M3</f>``, and every other cell of the range only
names the group, ``<f t="shared" si="0"/>``. A value written over the anchor would leave the other cells
without a formula, so they are given their own first: the anchor's formula translated to their position
(as Excel does when it reads them), each keeping its saved value.

An array formula (or a data table) over several cells is one unit: Excel itself refuses to change part of
it. A collected cell inside one is refused (:class:`FormulaInTheWay`) rather than broken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from xml.sax.saxutils import escape, unescape

from openpyxl.formula.translate import Translator, TranslatorError
from openpyxl.utils.cell import get_column_letter, range_boundaries

_ENTITIES = {"&quot;": '"', "&apos;": "'"}
#: A formula element: its attributes and its text (None for <f .../>).
_F = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f\b([^>]*?)(?:/>|>([^<]*)</(?:[A-Za-z_][\w.-]*:)?f>)", re.S)
_ATTR = re.compile(rb'\b(t|ref|si)="([^"]*)"')

#: A row's cells: column -> (attributes, inner XML or None).
Cells = dict[int, tuple[bytes, bytes | None]]


class FormulaInTheWay(Exception):
    """Raised when a collected cell lies inside a multi-cell array formula or data table (the message says where)."""


def _formula(inner: bytes | None) -> tuple[dict[bytes, bytes], bytes | None, re.Match[bytes]] | None:
    m = _F.search(inner or b"")
    if m is None:
        return None
    return dict(_ATTR.findall(m.group(1))), m.group(2), m


def check_arrays(data: bytes, targets: Iterable[tuple[int, int]], where: str) -> None:
    """Raise FormulaInTheWay when one of ``targets`` (row, column) lies inside a multi-cell array or data table."""
    wanted = sorted(set(targets))
    for m in _F.finditer(data):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get(b"t") not in (b"array", b"dataTable") or b":" not in attrs.get(b"ref", b""):
            continue
        ref = attrs[b"ref"].decode()
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        hit = next((t for t in wanted if min_row <= t[0] <= max_row and min_col <= t[1] <= max_col), None)
        if hit is not None and (min_col, min_row, max_col, max_row) != (hit[1], hit[0], hit[1], hit[0]):
            cell = f"{get_column_letter(hit[1])}{hit[0]}"
            raise FormulaInTheWay(
                f"{where}!{cell} is part of the array formula over {ref}, which Excel changes only as a whole"
            )


def unshared(
    targets: Mapping[int, Collection[int]], cells: Callable[[int], Cells], rows: Iterable[int], prefix: bytes
) -> dict[tuple[int, int], bytes]:
    """The cells that lose their shared formula's anchor under ``targets`` (row -> columns set), each rewritten
    with its own translated formula and its saved value; {} when no target anchors a shared formula."""
    out: dict[tuple[int, int], bytes] = {}
    present = sorted(rows)
    for row, columns in targets.items():
        for column in columns:
            found = cells(row).get(column)
            f = _formula(found[1]) if found else None
            if f is None or f[0].get(b"t") != b"shared" or b"ref" not in f[0] or f[1] is None:
                continue
            origin = f"{get_column_letter(column)}{row}"
            text = "=" + unescape(f[1].decode(), _ENTITIES)
            min_col, min_row, max_col, max_row = range_boundaries(f[0][b"ref"].decode())
            for r in (n for n in present if min_row <= n <= max_row):
                for c, (attrs, inner) in cells(r).items():
                    if not min_col <= c <= max_col or (r, c) == (row, column) or c in targets.get(r, ()):
                        continue
                    dep = _formula(inner)
                    if dep is None or dep[0].get(b"t") != b"shared" or dep[0].get(b"si") != f[0].get(b"si"):
                        continue
                    out[r, c] = _own_formula(attrs, inner or b"", dep[2], _translate(text, origin, r, c), prefix)
    return out


def _translate(text: str, origin: str, row: int, column: int) -> str:
    try:
        return str(Translator(text, origin=origin).translate_formula(f"{get_column_letter(column)}{row}"))[1:]
    except TranslatorError as exc:  # a reference moved off the sheet: Excel would show #REF! there too
        raise FormulaInTheWay(f"the shared formula at {origin} cannot be moved to row {row} ({exc})") from exc


def _own_formula(attrs: bytes, inner: bytes, old: re.Match[bytes], formula: str, prefix: bytes) -> bytes:
    """The dependent cell with ``formula`` of its own in place of its shared-formula reference."""
    own = b"<" + prefix + b"f>" + escape(formula).encode() + b"</" + prefix + b"f>"
    new_inner = inner[: old.start()] + own + inner[old.end() :]
    return b"<" + prefix + b"c" + attrs + b">" + new_inner + b"</" + prefix + b"c>"
