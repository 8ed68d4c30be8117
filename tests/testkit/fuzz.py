"""Hypothesis strategies for hostile inputs: workbooks (random org trees, goals, ratings, odd and extreme values,
broken structure) and the edits a manager can make to a returned form."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from hypothesis import strategies as st

from testkit.builders import Rows, clean_sheets

#: Examples per property: a few in the normal suite; REVIEWGEN_FUZZ_EXAMPLES=20000 for the long run.
EXAMPLES = int(os.environ.get("REVIEWGEN_FUZZ_EXAMPLES", "0"))


def examples(default: int, share: float = 1.0) -> int:
    """``default`` examples in the suite; in the long run ``share`` of REVIEWGEN_FUZZ_EXAMPLES."""
    return max(1, int(EXAMPLES * share)) if EXAMPLES else default


def tally(name: str, outcome: object) -> None:
    """In the long run, note each example's outcome in REVIEWGEN_FUZZ_LOG (one line each), so a run that is
    stopped by its time cap still says how many examples it tried and what they did."""
    log = os.environ.get("REVIEWGEN_FUZZ_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{name}\t{outcome}\n")


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=0, max_size=30
).map(lambda s: "".join(ch for ch in s if ch in "\t\n" or ord(ch) >= 32))  # openpyxl refuses C0 controls

ODD_NUMBERS = st.sampled_from(
    [0, -1, 1e28, -1e28, 1e308, 5e-324, 2**63, -(2**63), 1_000_000, 0.5, 99.999, 3, 7, 100, 101]
)
ODD_TEXT = st.sampled_from(
    [
        "1e999",
        "-1e999",
        "nan",
        "inf",
        "1e28",
        "=1+1",
        '=HYPERLINK("x")',
        "#N/A",
        "",
        " ",
        "1,5",
        "12%",
        "€100",
        "\u202egnp.exe",
        "{{ 7*7 }}",
        "{% raw %}",
        "*bold*",
        "<script>",
        "P1",
        "G1",
        "D1",
        "C1",
        "x" * 300,
    ]
)
ODD_DATES = st.sampled_from(
    [
        dt.date(1, 1, 1),
        dt.date(1900, 1, 1),
        dt.date(1899, 12, 31),
        dt.date(9999, 12, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 12, 31),
        dt.datetime(2026, 10, 1, 23, 59),
    ]
)
VALUES = st.one_of(st.none(), ODD_NUMBERS, ODD_TEXT, ODD_DATES, _TEXT, st.integers(-10, 10), st.booleans())


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, Rows]:
    """A cycle with a random org tree and goals, some cells replaced by odd values, some structure broken."""
    sheets = clean_sheets()
    n = draw(st.integers(1, 7))
    people: Rows = [sheets["People"][0]]
    for i in range(1, n + 1):
        manager = draw(st.one_of(st.none(), st.integers(1, n + 1).map(lambda m: f"P{m}")))
        pid = draw(st.sampled_from([f"P{i}", f"P{i}", f"P{i}", f"P{max(1, i - 1)}", ""]))
        people.append(
            [
                pid,
                f"Person {i}",
                f"p{i}@x.test",
                "Title",
                draw(st.sampled_from(["Sales", "R&D", ""])),
                manager,
                "direct",
                "facts",
                "team",
            ]
        )
    sheets["People"] = people
    goals: Rows = [sheets["Goals"][0]]
    for j in range(draw(st.integers(0, 8))):
        goal = list(sheets["Goals"][1 + j % 4])
        goal[0] = draw(st.sampled_from([f"G{j}", f"G{j}", "G0"]))
        goal[1] = f"P{draw(st.integers(1, n + 1))}"
        goals.append(goal)
    sheets["Goals"] = goals
    for _ in range(draw(st.integers(0, 6))):  # odd values in random cells
        name = draw(st.sampled_from(sorted(sheets)))
        rows = sheets[name]
        r = draw(st.integers(0 if name == "Cycle" else 1, max(1, len(rows) - 1))) if len(rows) > 1 else 0
        if r >= len(rows):
            continue
        c = draw(st.integers(0, max(0, len(rows[r]) - 1 + (name != "Cycle"))))
        row = rows[r]
        while len(row) <= c:
            row.append(None)
        row[c] = draw(VALUES)
    broken = draw(st.sampled_from(["none", "none", "none", "drop-sheet", "drop-header", "twin-sheet", "title-row"]))
    name = draw(st.sampled_from(sorted(sheets)))
    if broken == "drop-sheet":
        del sheets[name]
    elif broken == "drop-header" and len(sheets[name][0]) > 1:
        sheets[name][0][draw(st.integers(0, len(sheets[name][0]) - 1))] = None
    elif broken == "twin-sheet":
        sheets[name.lower() + "."] = [list(r) for r in sheets[name]]
    elif broken == "title-row":
        sheets[name].insert(0, ["A title above the header"])
    return sheets


#: (form sheet, column header) a manager may type into, and columns they should not touch.
FORM_COLUMNS = [
    ("Goals", "Actual"),
    ("Goals", "Status"),
    ("Goals", "Manager rating"),
    ("Goals", "Manager comment"),
    ("Goals", "Goal ID"),
    ("Goals", "Person ID"),
    ("Values", "Manager rating"),
    ("Values", "Comment"),
    ("Values", "Value"),
    ("Review", "Manager summary"),
    ("Review", "Person ID"),
    ("Check-ins", "Date"),
    ("Check-ins", "Person"),
    ("Check-ins", "Kind"),
    ("Check-ins", "Note"),
]
FORM_VALUES = st.one_of(
    VALUES,
    st.sampled_from(
        [
            "5 - Outstanding",
            "3",
            "done",
            "praise",
            "self-reflection",
            "P3 - Alan Turing",
            "P3",
            "Alan Turing",
            "Ada Lovelace",
            "P1",
            "G1",
            "G4",
            "Customer first",
        ]
    ),
)


@st.composite
def form_edits(draw: st.DrawFn) -> list[tuple[str, int, str, Any]]:
    """Cells a manager types into their form: (sheet, data row 0-based, header, value)."""
    return draw(
        st.lists(
            st.tuples(st.sampled_from(FORM_COLUMNS), st.integers(0, 4), FORM_VALUES).map(
                lambda t: (t[0][0], t[1], t[0][1], t[2])
            ),
            max_size=8,
        )
    )


# --- raw sheet XML: what a damaged or hostile file can hold that openpyxl would never write ----------------

_REFS = st.one_of(
    st.builds(
        lambda c, r: f"{c}{r}",
        st.sampled_from(["A", "B", "C", "H", "N", "Z", "AA", "ALL", "XFD", "", "a"]),
        st.sampled_from(["1", "2", "3", "5", "0", "-1", "1048576", "1048577", "99999999999", "", "x"]),
    ),
    st.none(),
)
_CELL_TYPES = st.sampled_from([None, "n", "s", "str", "inlineStr", "b", "e", "d", "bogus"])
_CELL_VALUES = st.one_of(
    st.sampled_from(
        [
            "0",
            "-1",
            "1",
            "3",
            "1e999",
            "NaN",
            "inf",
            "-0",
            "1e308",
            "45000",
            "2958466",
            "-700000",
            "_x0007_",
            "_x005F_x0041_",
            "#N/A",
            "TRUE",
            "",
            " ",
            "2026-12-31T00:00:00",
            "abc",
            "4294967296",
        ]
    ),
    st.text(alphabet="0123456789.-eE+_xA", max_size=12),
)


@st.composite
def raw_cells(draw: st.DrawFn) -> str:
    """One <c> element, possibly malformed in every attribute a reader looks at."""
    ref, kind, value = draw(_REFS), draw(_CELL_TYPES), draw(_CELL_VALUES)
    attrs = (f' r="{ref}"' if ref is not None else "") + (f' t="{kind}"' if kind else "")
    attrs += draw(st.sampled_from(["", "", ' s="1"', ' s="999"', ' s="-1"']))
    if kind == "inlineStr":
        return f"<c{attrs}><is><t>{value}</t></is></c>"
    formula = draw(st.sampled_from(["", "", "<f>1+1</f>", "<f/>"]))
    body = draw(st.sampled_from([f"<v>{value}</v>", "<v/>", ""]))
    return f"<c{attrs}>{formula}{body}</c>"


@st.composite
def raw_rows(draw: st.DrawFn) -> str:
    """A few <row> elements to splice into a sheet's sheetData."""
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        number = draw(st.sampled_from(["2", "3", "4", "7", "0", "-3", "1048576", "1048577", "x", None]))
        cells = "".join(draw(st.lists(raw_cells(), min_size=1, max_size=4)))
        rows.append(f"<row{f' r={chr(34)}{number}{chr(34)}' if number is not None else ''}>{cells}</row>")
    return "".join(rows)
