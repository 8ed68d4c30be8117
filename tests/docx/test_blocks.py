"""Parsing by kept pieces gives the tokens of a whole parse (source lines aside), and errors name the right line."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from markdown_it.token import Token

from reviewgen.docx.blocks import BlockCache, pieces
from reviewgen.docx.errors import MarkdownError
from reviewgen.docx.writer import DocumentMeta, DocxWriter, markdown_parser

META = DocumentMeta(title="Blocks test", created=dt.datetime(2024, 5, 1, 9, 30))


def _without_lines(tokens: list[Token]) -> list[dict[str, object]]:
    out = []
    for token in tokens:
        data = token.as_dict()
        data.pop("map", None)
        for child in data.get("children") or []:  # type: ignore[attr-defined]
            child.pop("map", None)
        out.append(data)
    return out


def test_pieces_are_cut_only_where_no_block_can_continue() -> None:
    assert pieces("# A\n\ntext\n\n| a |\n| - |\n") == ["# A\n\n", "text\n\n", "| a |\n| - |\n"]
    assert pieces("para\n  \n\n**Label**\n") == ["para\n  \n\n", "**Label**\n"]
    # A list item, an indented line, a blank line's successor that is blank: no cut.
    assert pieces("- a\n\n- b\n\n1. c\n\n2) d\n\n+\n") == ["- a\n\n- b\n\n1. c\n\n2) d\n\n+\n"]
    assert pieces("- a\n\n  more of a\n\n    code\n\n\tcode\n") == ["- a\n\n  more of a\n\n    code\n\n\tcode\n"]
    assert pieces("text\nmore\n---\n") == ["text\nmore\n---\n"]
    # A fence, a possible reference definition, CR or NUL: not cut at all.
    ruled_out = ["a\n\n```\nx\n\ny\n```\n", "a\n\n~~~\nx\n~~~\n", "[a]\n\n[a]: http://x.test\n"]
    ruled_out += ["a\r\n\r\nb\n", "a\x00\n"]
    for src in ruled_out:
        assert pieces(src) is None


BLOCKS = [
    "Plain paragraph with *emphasis* and `code`.",
    "Two lines\nof one paragraph.",
    "# Heading 1",
    "### Heading 3 ###",
    "Setext heading\n===",
    "Setext two\n---",
    "**Comments**",
    "\\newpage",
    "| a | b |\n| --- | ---: |\n| 1 | 2 |\n| 3 | 4 |",
    "| only | header |\n| :-: | - |",
    "- tight\n- list",
    "- loose\n\n- list",
    "* star\n* list",
    "+ plus\n\n  continued paragraph of plus",
    "3. starts\n4. at three",
    "1) paren\n2) list",
    "- outer\n  - inner\n  - inner two\n- outer two",
    "- item with table\n\n  | x | y |\n  | - | - |\n  | 1 | 2 |",
    "> quote\n> more",
    "> quote\nlazy line",
    "---",
    "***",
    "* * *",
    "    indented code\n    more code",
    "Paragraph then\n- list that interrupts",
    "Paragraph then\n1. ordered that interrupts",
    "2. two\n\n   inner para",
    "- a\n\n\n- b after two blank lines",
    "![image](missing.png)",
]


@pytest.mark.parametrize("seed", range(60))
def test_kept_pieces_give_the_tokens_of_a_whole_parse(seed: int) -> None:
    rng = random.Random(seed)
    parts = [rng.choice(BLOCKS) for _ in range(rng.randint(2, 9))]
    source = "".join(part + rng.choice(["\n", "\n\n", "\n\n\n", "\n \n"]) for part in parts)
    whole = markdown_parser().parse(source)
    cache = BlockCache()
    first = cache.parse(markdown_parser(), source)
    again = cache.parse(markdown_parser(), source)  # from the kept pieces
    assert first is not None and again is not None
    assert _without_lines(first) == _without_lines(again) == _without_lines(whole), source


def test_the_cache_is_bounded_by_the_tokens_it_holds() -> None:
    cache = BlockCache(limit=10)
    parser = markdown_parser()
    cache.parse(parser, "# A\n\n| a | b |\n| - | - |\n| 1 | 2 |\n")  # 3 + 17 tokens: more than the limit
    assert len(cache) <= 1
    cache.clear()
    assert len(cache) == 0


def test_an_error_names_the_line_of_the_whole_document_even_from_kept_pieces() -> None:
    writer = DocxWriter()
    piece = "| chart | value |\n| --- | --- |\n| ![bar](nowhere.png) | 3 |\n"
    messages = []
    for lead in ("# First\n\n", "# Second\n\nOne more paragraph.\n\nAnd another.\n\n"):
        with pytest.raises(MarkdownError) as err:
            writer.convert(lead + piece, META, source_name="doc.md")
        messages.append(err.value.args[0])
    assert messages[0].startswith("doc.md, line 5: image 'nowhere.png' not found")
    assert messages[1].startswith("doc.md, line 9: image 'nowhere.png' not found")


def test_documents_from_kept_pieces_are_byte_identical_to_whole_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    table = "| a | b |\n| --- | --- |\n| 1 | ██░ 20 % |\n"
    first = f"# One\n\n- a\n- b\n\n{table}\nText.\n"
    second = f"# Two\n\n1. x\n2. y\n\n{table}\n- a\n- b\n"
    writer = DocxWriter()
    writer.convert(first, META)
    assert len(writer.block_cache) > 0
    whole = DocxWriter()
    monkeypatch.setattr(whole.block_cache, "parse_pieces", lambda _parser, _src: None)  # always a whole parse
    assert writer.convert(second, META) == whole.convert(second, META)
    assert len(whole.block_cache) == 0


def test_a_progress_bar_cell_with_a_missing_image_is_named_by_its_own_line() -> None:
    """The runs memo keeps no split of a cell with an image: the error names this document's line."""
    writer = DocxWriter()
    cell = "| chart |\n| --- |\n| ██░ ![bar](nowhere.png) |\n"
    messages = []
    for lead in ("# First\n\n", "# Second\n\nOne more paragraph.\n\n"):
        with pytest.raises(MarkdownError) as err:
            writer.convert(lead + cell, META, source_name="doc.md")
        messages.append(err.value.args[0])
    assert messages[0].startswith("doc.md, line 5: image 'nowhere.png' not found")
    assert messages[1].startswith("doc.md, line 7: image 'nowhere.png' not found")


def test_the_caches_stay_bounded_by_size_with_long_hostile_comments() -> None:
    """One cell of 2,000 escaped asterisks parses to 2,000 tokens: the caches count tokens and text, not entries."""
    writer = DocxWriter()
    writer.inline_cache.limit = writer.inline_cache.runs.limit = writer.block_cache.limit = 5_000
    for number in range(20):
        comment = f"{number} " + "\\*" * 2_000
        writer.convert(f"# Packet {number}\n\n| Comment |\n| --- |\n| {comment} |\n\n{comment}\n", META)
        kept = writer.inline_cache._children.values()  # what the cache holds
        assert sum(len(children) for children in kept) <= 5_000
        held = writer.block_cache._tokens.values()
        assert sum(len(token.children or ()) for tokens in held for token in tokens) <= 5_000
        runs = writer.inline_cache.runs.runs.values()
        assert sum(len(xml) for _children, xml in runs) <= 5_000 * 64
        kept_pieces = writer.inline_cache.runs.pieces.values()
        assert sum(len(xml) for _tokens, xml in kept_pieces) <= 5_000 * 64


_TABLE = "| a | b |\n| --- | --- |\n| 1 | ██░ 20 % |\n"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (f"# One\n\n## Part\n\n{_TABLE}\nText.\n", f"# Two\n\n## Part\n\n{_TABLE}\nText.\n"),  # written once
        ("Text.\n\n- a\n- b\n", "1. x\n\nText.\n\n- a\n- b\n"),  # a list numbers from this document's first
        ("Text.\n\n[link](https://a.example)\n", "[x](https://b.example)\n\nText.\n\n[link](https://a.example)\n"),
        ("# Part\n\nText.\n", f"{_TABLE}\n# Part\n\nText.\n"),  # a page break, and no gap after the table
        ("Text.\n\n\\newpage\n\nMore.\n", f"{_TABLE}\n\\newpage\n\nMore.\n"),  # the gap after the table goes
    ],
)
def test_a_piece_written_before_gives_the_xml_of_a_fresh_writer(first: str, second: str) -> None:
    writer = DocxWriter()
    writer.convert(first, META)
    assert writer.convert(second, META) == DocxWriter().convert(second, META)


def test_only_pieces_whose_xml_depends_on_nothing_else_are_kept() -> None:
    writer = DocxWriter()
    writer.convert(f"# One\n\n## Part\n\n{_TABLE}\nText.\n\n- a\n- b\n\n[link](https://a.example)\n", META)
    kept = writer.inline_cache.runs.pieces
    assert set(kept) == {"## Part\n\n", f"{_TABLE}\n"}
