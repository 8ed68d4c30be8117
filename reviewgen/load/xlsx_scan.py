"""A byte scan of a sheet's XML: its size, and the cells whose meaning python-calamine does not keep.

python-calamine (reviewgen.load.xlsx_fast) reads cell values several times faster than any Python XML
parser, but it builds the whole sheet in memory, and it reads a formula without a saved value and an error
cell such as #N/A as an empty cell and a number formatted as a percentage as the plain number. This scan
reads the sheet's XML once as bytes, in chunks, before calamine reads anything, and finds:

- how far the sheet reaches (highest row number and column), so that the limits refuse a sheet before
  calamine allocates it (a cell at XFD1048576 would make a range of 17 billion cells);
- the formulas without a saved value, the error cells and the numbers in percent-formatted cells.

It only understands the plain XML that Excel, LibreOffice and openpyxl write: every ``<row>`` and ``<c>``
with its reference as first attribute, ``<f>`` and ``<v>`` next to each other. Whenever a count does not
add up (a cell without a reference, an ``<f>`` the patterns did not match, a prefixed namespace), the
scan says ``plain=False`` and the caller reads that sheet with the exact streaming reader instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

_CHUNK = 4 << 20

#: A cell that is not ``<c r="`` + one capital letter + a digit (a cell without reference, column AA or beyond):
#: the first test of every part, so it must fail fast on the usual sheet of up to 26 columns.
_NOT_NARROW_CELL = re.compile(rb'<c(?:>|/>| (?!r="[A-Z][0-9]))')
#: A cell that is not ``<c r="`` + one to three capital letters + a digit: the streaming reader reads that sheet.
_ODD_CELL = re.compile(rb'<c(?:>|/>| (?!r="[A-Z]{1,3}[0-9]))')
_WIDE_COLUMN = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')
_ROW_REF = re.compile(rb'<row r="([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+[0-9]+:)?([A-Z]+)[0-9]+"')
_FORMULA_TAG = re.compile(rb"<f[ >/]")
_FORMULA = re.compile(
    rb'<c r="([A-Z]+)([0-9]+)"([^>]*)>(?:<f>[^<]*</f>|<f [^>]*/>|<f [^>]*>[^<]*</f>|<f/>)(<v>[^<]*</v>|<v/>)?'
)
_ERROR = re.compile(
    rb'<c r="([A-Z]+)([0-9]+)"[^>]* t="e"[^>]*>(?:<f>[^<]*</f>|<f [^>]*/>|<f [^>]*>[^<]*</f>)?<v>([^<]*)</v>'
)
_TEXT_RESULT = b' t="str"'
#: A saved number that may be a date serial calamine reads differently (negative, huge, with an exponent).
_ODD_NUMBER = re.compile(rb"<v>(?:-|[0-9]{7}|[0-9.]*[eE])")
_NEGATIVE_STRING_INDEX = re.compile(rb' t="s"[^>]*><v>-')

#: What a special cell is: a formula with no saved value, an error value, a number to read as a percentage.
UNCACHED, ERROR, PERCENT = "uncached", "error", "percent"
#: A number in a date style that calamine reads differently from openpyxl (a duration, a time, a failure):
#: the sheet goes to the streaming reader.
_DATE, _ELAPSED = "date", "elapsed"
#: A date serial both readers turn into the same day: up to year 4637, not negative, no exponent.
_SAFE_SERIAL = rb"[0-9]{1,6}(?:\.[0-9]+)?</v>"
_FORMULA_BEFORE_VALUE = rb"(?:<f>[^<]*</f>|<f [^>]*/>|<f [^>]*>[^<]*</f>)?"


class Readable(Protocol):
    def read(self, size: int = -1) -> bytes: ...


@dataclass(slots=True)
class SheetScan:
    """What the scan found in one sheet; ``plain`` False means: read it with the streaming reader."""

    plain: bool = True
    #: A bound of every cell's row number (at most twice the highest row's: see _rows_bounded).
    max_row: int = 0
    #: 1-based number of the rightmost column that may hold a cell (26 when only "A".."Z" and no dimension).
    max_column: int = 0
    #: (1-based row, 0-based column) -> (UNCACHED | ERROR | PERCENT, the error text or "").
    specials: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    #: The column the sheet's ``<dimension>`` claims as its last (verified before it is believed).
    claimed_column: int = 26
    #: How many cells the XML holds (``<c `` elements), to tell a sparse rectangle from a full one.
    cells: int = 0

    @property
    def area(self) -> int:
        """Cells calamine holds for the sheet (and the rows of lists this reader walks): rows x columns."""
        return self.max_row * self.max_column


def column_number(letters: bytes) -> int:
    """1-based number of column ``letters`` (b"A" -> 1, b"XFD" -> 16,384)."""
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


@dataclass(frozen=True, slots=True)
class Styles:
    """Cell style ids (as written in the XML) whose numbers need a second look."""

    percents: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    #: Date styles of elapsed time ([h]:mm): calamine reads a duration, openpyxl a date and time.
    elapsed: frozenset[str] = frozenset()


def scan_sheet(src: Readable, styles: Styles) -> SheetScan:
    """Scan the sheet XML read from ``src`` (a counted stream: it refuses a part above the size limit)."""
    scan = SheetScan()
    patterns = _style_patterns(styles)
    tail = b""
    seen_sheet_data = False
    while scan.plain:
        chunk = src.read(_CHUNK)
        buf = tail + chunk
        cut = len(buf) if not chunk else buf.rfind(b"</row>") + 6
        if chunk and cut < 6:  # no whole row yet: read on
            tail = buf
            continue
        part, tail = buf[:cut], buf[cut:]
        seen_sheet_data = seen_sheet_data or b"<sheetData" in part
        _scan_part(part, scan, patterns)
        if not chunk:
            break
    if not seen_sheet_data:  # a prefixed namespace (<x:sheetData>) or no data at all: let the exact reader decide
        scan.plain = False
    return scan


def drain(src: Readable) -> None:
    """Read ``src`` to its end (a counted stream refuses a part that unpacks to more than its limit)."""
    while src.read(_CHUNK):
        pass


def _styled(ids: frozenset[str], value: bytes, *, located: bool) -> re.Pattern[bytes] | None:
    """Cells in one of the styles ``ids`` whose saved value matches ``value``.

    ``located``: the groups are the cell's column letters, its row and the value. Otherwise the pattern only
    says whether there is such a cell (no groups) and starts at the style attribute, not at ``<c r="``: the style
    is the only `` s="`` attribute that can be followed by ``>`` and a ``<v>`` (a styled ``<row>`` is followed
    by its cells), and the scan only vouches for sheets whose cells all begin with their reference. Starting at
    every cell with a lazy attribute search took 0.23 s of a 25 MB Goals sheet; this takes a tenth of it.
    """
    if not ids:
        return None
    alternatives = b"|".join(re.escape(s.encode()) for s in sorted(ids))
    cell = rb'<c r="([A-Z]+)([0-9]+)"[^>]*?' if located else b""
    return re.compile(cell + rb' s="(?:' + alternatives + rb')"[^>]*>' + _FORMULA_BEFORE_VALUE + value)


def _style_patterns(styles: Styles) -> list[tuple[str, re.Pattern[bytes]]]:
    patterns = [
        (PERCENT, _styled(styles.percents, rb"<v>()", located=True)),
        (_DATE, _styled(styles.dates - styles.elapsed, rb"<v>(?!" + _SAFE_SERIAL + rb")[^<]*</v>", located=False)),
        (_ELAPSED, _styled(styles.elapsed, rb"<v>[^<]*</v>", located=False)),
    ]
    return [(what, pattern) for what, pattern in patterns if pattern is not None]


def _scan_part(part: bytes, scan: SheetScan, patterns: list[tuple[str, re.Pattern[bytes]]]) -> None:
    # The usual part costs a handful of C-speed passes: the narrow-cell test, the column claim, rfind, <f, t="e".
    if scan.max_column == 0:
        dimension = _DIMENSION.search(part)
        if dimension is not None and len(dimension.group(1)) == 1:
            scan.claimed_column = column_number(dimension.group(1))
    if _NOT_NARROW_CELL.search(part):
        if _ODD_CELL.search(part):
            scan.plain = False
            return
        wide = {column_number(letters) for letters in set(_WIDE_COLUMN.findall(part))}
        scan.max_column = max([scan.max_column, *wide])
    narrow = scan.claimed_column
    if narrow < 26 and re.search(rb'<c r="[%c-Z][0-9]' % (64 + narrow + 1), part):
        narrow = scan.claimed_column = 26  # the dimension said less than the cells: believe the cells
    scan.max_column = max(scan.max_column, narrow)
    scan.cells += part.count(b"<c ")
    if not _rows_bounded(part, scan):
        scan.plain = False
        return
    if not _specials(part, scan, patterns):
        scan.plain = False


def _rows_bounded(part: bytes, scan: SheetScan) -> bool:
    """Raise ``scan.max_row`` to a bound of every cell's row in ``part``; False when it cannot be bounded.

    Calamine places a cell by its own reference, whatever its row says, and rows may come in any order. Every
    row number is read (rows are few); a cell is only checked not to lie beyond the part's highest row R by
    more than the next value of R's leading digit (R = 29,010: no cell below row 29,999), one C-speed pass.
    """
    numbers = _ROW_REF.findall(part)
    if not numbers:
        return b'<c r="' not in part
    highest = max(map(int, numbers))
    if highest < 1:
        return False
    digits = str(highest)
    width, lead = len(digits), int(digits[0])
    beyond = rb"[0-9]{%d}" % (width + 1)
    if lead < 9:
        beyond += rb"|[%d-9][0-9]{%d}" % (lead + 1, width - 1)
    if re.search(rb'<c r="[A-Z]{1,3}(?:' + beyond + rb")", part):
        return False
    scan.max_row = max(scan.max_row, (lead + 1) * 10 ** (width - 1) - 1)
    return True


def _specials(part: bytes, scan: SheetScan, patterns: list[tuple[str, re.Pattern[bytes]]]) -> bool:
    """Note the part's special cells; False when a count does not add up (the streaming reader decides)."""
    specials = scan.specials
    if _FORMULA_TAG.search(part):
        formulas = part.count(b"<f>") + part.count(b"<f ") + part.count(b"<f/>")
        found = 0
        for m in _FORMULA.finditer(part):
            found += 1
            value = m.group(4)
            if (value is None or value in (b"<v/>", b"<v></v>")) and _TEXT_RESULT not in m.group(3):
                specials[int(m.group(2)), column_number(m.group(1)) - 1] = (UNCACHED, "")
        if found != formulas:
            return False
    if b't="e"' in part:
        matches = _ERROR.findall(part)
        if len(matches) != part.count(b't="e"'):
            return False
        for letters, number, text in matches:
            specials[int(number), column_number(letters) - 1] = (ERROR, text.decode("utf-8", "replace"))
    odd_numbers = _ODD_NUMBER.search(part) is not None
    if odd_numbers and _NEGATIVE_STRING_INDEX.search(part):  # damage: the streaming reader says so
        return False
    for what, pattern in patterns:
        if what == _DATE:
            if odd_numbers and pattern.search(part):
                return False
            continue
        if what == _ELAPSED:
            if pattern.search(part):
                return False
            continue
        for letters, number, text in pattern.findall(part):
            specials.setdefault((int(number), column_number(letters) - 1), (what, text.decode("ascii", "replace")))
    return True
