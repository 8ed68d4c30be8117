"""Markdown escaping: any value prints as its own text and never changes the document's structure.

Each check renders a value into a piece of Markdown the way a template would, parses it with the
project's markdown-it-py configuration, and compares with the same piece holding a plain word:
the token structure must be identical, and the text read back must be the original value (with
``<br>`` for each line break).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reviewgen.render.markup import LINE_BREAK, Md, escape_fragments, escape_markdown, strip_unprintable

PLAIN = "Plainword"
SLOT = "\x00SLOT\x00"

#: Places a template may put a value; SLOT marks the value.
CONTEXTS: dict[str, str] = {
    "mid-paragraph": f"Before {SLOT} after.\n",
    "line start": f"{SLOT}\n",
    "line after a paragraph line": f"Intro line\n{SLOT}\nOutro line\n",
    "bullet item": f"- {SLOT}\n- next\n",
    "nested bullet item": f"- item\n  - {SLOT}\n",
    "ordered item": f"1. {SLOT}\n2. next\n",
    "heading": f"## {SLOT}\n",
    "table cell": f"| A | B |\n| --- | --- |\n| {SLOT} | z |\n| y | {SLOT} |\n",
    "block quote": f"> {SLOT}\n",
    "bold label": f"Label: **{SLOT}** end\n",
}

HOSTILE = [
    "*",
    "_",
    "#",
    "|",
    "[x](y)",
    "<script>alert(1)</script>",
    "`code`",
    "```",
    "~~~",
    "a\nb",
    "a\r\nb\rc",
    "\n",
    "{{ 7*7 }}",
    "{% if %}",
    "=SUM(A1)",
    "1. item",
    "1) item",
    "12345. item",
    "- item",
    "+ item",
    "* item",
    "> quote",
    "---",
    "===",
    "- - -",
    "-",
    "=",
    "&amp;",
    "&#42;",
    "\\",
    "a\\",
    "\\newpage",
    "\t",
    "\tcode",
    "    code",
    "  lead",
    "trail  ",
    "   ",
    "emoji 👩‍💻 ok",
    "RTL עברית مرحبا",
    "x" * 10_000,
    "<br>",
    "![img](x.png)",
    "~~strike~~",
    "**bold**",
    "__under__",
    "# heading",
    "a #",
    "C# #",
    "[ref]: /url",
    "<http://example.com>",
    "http://example.com",
    "a|b|c",
    "\\|",
    "| --- |",
    ":---",
    "2026.",
    "\u00a0nbsp",
    "full-width space\u3000",
    "a  \nb",
    "line\u2028separator",
    "-5",
    "+1 555",
    "Ada <ada@acme.test>",
    "bell\x07 and nul\x00",
]


def parser(text_join: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    if not text_join:
        md.disable("text_join")
    return md


MD = parser()
MD_WRITER = parser(text_join=False)


def structure(tokens: list[Token]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for tok in tokens:
        out.append((tok.type, tok.tag, str(tok.nesting), str(tok.level)))
        if tok.type == "inline":
            out.append(tuple(child.type for child in tok.children or []))
    return out


def texts(tokens: list[Token]) -> list[str]:
    """The text of each inline token, as a reader of the document would see it."""
    return [
        "".join(c.content for c in tok.children or [] if c.type in ("text", "text_special"))
        for tok in tokens
        if tok.type == "inline"
    ]


def expected_text(value: str) -> str:
    return re.sub(r"\r\n|\r|\n", LINE_BREAK, strip_unprintable(value))


def assert_round_trip(value: str, context: str) -> None:
    plain_tokens = MD.parse(context.replace(SLOT, PLAIN))
    tokens = MD.parse(context.replace(SLOT, escape_markdown(value)))
    assert structure(tokens) == structure(plain_tokens), f"{value!r} changed the structure"
    want = [t.replace(PLAIN, expected_text(value)) for t in texts(plain_tokens)]
    assert texts(tokens) == want


def writer_line_breaks(markdown: str) -> int:
    """Line breaks the Word writer sees: ``<br>`` inside one ``text`` token, text_join off."""
    return sum(
        child.content.count(LINE_BREAK)
        for tok in MD_WRITER.parse(markdown)
        if tok.type == "inline"
        for child in tok.children or []
        if child.type == "text"
    )


@pytest.mark.parametrize("context", CONTEXTS.values(), ids=list(CONTEXTS))
@pytest.mark.parametrize("value", HOSTILE, ids=[repr(v)[:30] for v in HOSTILE])
def test_hostile_value_prints_as_text_in_every_context(value: str, context: str) -> None:
    assert_round_trip(value, context)


@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list("\\`*_[]<>|~&#!-+=.)(:0123456789 \t\n\r\u00a0ab")),
            st.characters(exclude_categories=["Cs"]),
        ),
        min_size=1,
        max_size=30,
    ).filter(lambda s: strip_unprintable(s) != "")
)
@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_prints_as_text_in_every_context(value: str) -> None:
    for context in CONTEXTS.values():
        assert_round_trip(value, context)


@pytest.mark.parametrize("value", ["a\nb", "a\r\nb\nc", "<br>", "x <br> y", "\n\n", "a\\\nb"])
def test_the_word_writer_sees_a_line_break_only_where_the_value_had_one(value: str) -> None:
    newlines = len(re.findall(r"\r\n|\r|\n", value))
    assert writer_line_breaks(f"Note: {escape_markdown(value)}\n") == newlines
    assert writer_line_breaks(f"| A |\n| --- |\n| {escape_markdown(value)} |\n") == newlines


def test_a_value_never_makes_a_page_break() -> None:
    tokens = MD.parse(f"\n{escape_markdown(chr(92) + 'newpage')}\n")
    inline = [t for t in tokens if t.type == "inline"]
    assert [t.content for t in inline] == ["\\\\newpage"]
    assert texts(tokens) == ["\\newpage"]


def test_a_value_is_always_one_source_line() -> None:
    assert "\n" not in escape_markdown("a\nb\r\nc\rd")
    assert "\r" not in escape_markdown("a\nb\r\nc\rd")


@pytest.mark.parametrize(
    ("value", "markdown"),
    [
        ("Ada Lovelace", "Ada Lovelace"),
        ("1. item", "1\\. item"),
        ("- item", "\\- item"),
        ("=SUM(A1)", "=SUM(A1)"),  # not a setext underline: left readable
        ("-5", "-5"),
        ("2026-Q4", "2026-Q4"),
        ("<br>", "\\<br\\>"),
        ("a\nb", "a<br>b"),
        ("  code", "&#32;&#32;code"),
        ("snake_case *x*", "snake\\_case \\*x\\*"),
        ("![a](b)", "\\!\\[a\\](b)"),
        ("R&D", "R\\&D"),
    ],
)
def test_escaped_markdown_stays_readable(value: str, markdown: str) -> None:
    assert escape_markdown(value) == markdown


def test_none_is_empty_and_other_values_are_printed_with_str() -> None:
    assert escape_markdown(None) == ""
    assert escape_markdown(3.5) == "3.5"
    assert escape_markdown(["*"]) == "\\['\\*'\\]"


def test_escape_returns_md_and_leaves_trusted_markdown_alone() -> None:
    trusted = Md("**bold**")
    assert escape_markdown(trusted) == "**bold**"
    assert isinstance(escape_markdown("x"), Md)
    assert Md.escape(trusted) is trusted


def test_md_operations_escape_plain_strings_for_markdown_not_html() -> None:
    bold = Md("**b**")
    assert bold + "*x* & <y>" == "**b**\\*x\\* \\& \\<y\\>"
    assert "_x_" + bold == "\\_x\\_**b**"
    assert Md(", ").join(["a_b", Md("*c*")]) == "a\\_b, *c*"
    assert Md("%s!") % "<x>" == "\\<x\\>!"
    assert Md("{} and {}").format("#", Md("*k*")) == "\\# and *k*"
    assert isinstance(bold + "x", Md)


def test_fragments_keep_inner_whitespace_plain_and_escape_the_edges() -> None:
    assert escape_fragments([Md("**a**"), " and ", "*b* "]) == "**a** and \\*b\\*&#32;"
    assert escape_fragments([" x", Md("**a**")]) == "&#32;x**a**"
    assert escape_fragments(["- x", Md("!")]) == "\\- x!"


def test_unescape_gives_back_the_text() -> None:
    for value in HOSTILE:
        assert escape_markdown(value).unescape() == strip_unprintable(value).replace("\r\n", "\n").replace("\r", "\n")


def test_remembered_escapes_are_the_escapes_of_each_type() -> None:
    """escape_markdown remembers text and int escapes: asked again, the answer is the same, and a value
    equal to another of a different type (True == 1, 1.0 == 1, Md("*") == "*") keeps its own escaping."""
    assert escape_markdown("1. *x*") == escape_markdown("1. *x*") == "1\\. \\*x\\*"
    assert escape_markdown(1) == "1" and escape_markdown(True) == "True" and escape_markdown(1.0) == "1.0"
    assert escape_markdown("*") == "\\*" and escape_markdown(Md("*")) == "*"
    assert type(escape_markdown("*")) is Md and type(escape_markdown(7)) is Md
    trusted = Md("**b**")
    assert escape_markdown(trusted) is trusted


def test_only_short_values_are_remembered_by_the_escaper() -> None:
    """A long comment is escaped afresh each time: the memo of escapes stays a few MB however long the data."""
    from reviewgen.render import markup

    markup._escaped.cache_clear()  # (other tests may have filled it)
    before = markup._escaped.cache_info().currsize
    long_value = "*" * 5_000 + " unique to this test"
    assert escape_markdown(long_value) == "\\*" * 5_000 + " unique to this test"
    assert markup._escaped.cache_info().currsize == before
    assert escape_markdown("short *label* for the memo test") == "short \\*label\\* for the memo test"
    assert markup._escaped.cache_info().currsize == before + 1
