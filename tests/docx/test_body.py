"""Block Markdown -> Word: headings, lists with real numbering, tables, quotes, code, rules, breaks."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from lxml import etree

from reviewgen.docx.errors import MarkdownError
from reviewgen.docx.writer import DocumentMeta, DocxWriter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
META = DocumentMeta(title="Body test", created=dt.datetime(2024, 5, 1))
WRITER = DocxWriter()


def parts(markdown: str) -> tuple[etree._Element, etree._Element | None]:
    package = zipfile.ZipFile(io.BytesIO(WRITER.convert(markdown, META)))
    body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    numbering = (
        etree.fromstring(package.read("word/numbering.xml")) if "word/numbering.xml" in package.namelist() else None
    )
    return body, numbering


def styles_and_text(markdown: str) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(WRITER.convert(markdown, META)))
    return [(p.style.name, p.text) for p in document.paragraphs]


def val(el: etree._Element, path: str) -> str | None:
    found = el.find(path)
    return None if found is None else found.get(f"{W}val")


def test_headings_map_to_heading_styles_deeper_ones_to_heading_4() -> None:
    found = styles_and_text("# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n\nText")
    assert found == [
        ("Heading 1", "One"),
        ("Heading 2", "Two"),
        ("Heading 3", "Three"),
        ("Heading 4", "Four"),
        ("Heading 4", "Five"),
        ("Heading 4", "Six"),
        ("Body Text", "Text"),
    ]


def test_heading_styles_carry_outline_levels() -> None:
    package = zipfile.ZipFile(io.BytesIO(WRITER.convert("# x", META)))
    styles = etree.fromstring(package.read("word/styles.xml"))
    for level in range(1, 5):
        style = styles.find(f"{W}style[@{W}styleId='Heading{level}']")
        assert val(style, f"{W}pPr/{W}outlineLvl") == str(level - 1)


def _numbered(body: etree._Element) -> list[tuple[str, str, str]]:
    """(text, ilvl, numId) of each numbered paragraph."""
    return [
        ("".join(p.itertext()), val(p, f"{W}pPr/{W}numPr/{W}ilvl"), val(p, f"{W}pPr/{W}numPr/{W}numId"))
        for p in body.findall(f"{W}p")
        if p.find(f"{W}pPr/{W}numPr") is not None
    ]


def test_each_numbered_list_restarts_and_a_list_can_start_at_seven() -> None:
    body, numbering = parts("1. a\n2. b\n\ntext\n\n1. c\n\ntext\n\n7. seven\n8. eight")
    items = _numbered(body)
    assert [text for text, _, _ in items] == ["a", "b", "c", "seven", "eight"]
    num_ids = [num for _, _, num in items]
    assert num_ids[0] == num_ids[1] and len({num_ids[0], num_ids[2], num_ids[3]}) == 3
    assert numbering is not None
    starts = {n.get(f"{W}numId"): val(n, f"{W}lvlOverride/{W}startOverride") for n in numbering.findall(f"{W}num")}
    assert [starts[num_ids[i]] for i in (0, 2, 3)] == ["1", "1", "7"]


def test_abstract_nums_come_before_nums_and_are_multilevel() -> None:
    _, numbering = parts("- a\n\n1. b")
    assert numbering is not None
    tags = [child.tag.removeprefix(W) for child in numbering]
    assert tags == ["abstractNum", "abstractNum", "num", "num"]
    formats = [[val(lvl, f"{W}numFmt") for lvl in a.findall(f"{W}lvl")] for a in numbering.findall(f"{W}abstractNum")]
    assert formats == [["bullet"] * 9, ["decimal"] * 9]
    abstract_of = {n.get(f"{W}numId"): val(n, f"{W}abstractNumId") for n in numbering.findall(f"{W}num")}
    assert sorted(abstract_of.values()) == ["1", "2"]


def test_nested_lists_three_levels_deep_use_ilvl() -> None:
    body, numbering = parts("- one\n  - two\n    1. three\n       - four\n- back")
    items = _numbered(body)
    assert [(text, level) for text, level, _ in items] == [
        ("one", "0"),
        ("two", "1"),
        ("three", "2"),
        ("four", "3"),
        ("back", "0"),
    ]
    assert items[0][2] == items[4][2]
    assert numbering is not None
    nested = next(n for n in numbering.findall(f"{W}num") if n.get(f"{W}numId") == items[2][2])
    assert val(nested, f"{W}abstractNumId") == "2"
    assert nested.find(f"{W}lvlOverride").get(f"{W}ilvl") == "2"


def test_loose_list_items_with_several_paragraphs() -> None:
    body, _ = parts("- first\n\n  more about first\n\n- second\n")
    paragraphs = body.findall(f"{W}p")
    texts = ["".join(p.itertext()) for p in paragraphs]
    assert texts == ["first", "more about first", "second"]
    assert paragraphs[1].find(f"{W}pPr/{W}numPr") is None
    assert paragraphs[1].find(f"{W}pPr/{W}ind") is not None
    assert all(p.find(f"{W}pPr/{W}spacing") is not None for p in paragraphs)


def test_tight_list_has_no_extra_spacing() -> None:
    body, _ = parts("- a\n- b")
    assert all(p.find(f"{W}pPr/{W}spacing") is None for p in body.findall(f"{W}p"))


def test_no_lists_no_numbering_part() -> None:
    assert parts("just text")[1] is None


TABLE = """\
| Goal | Weight | Progress |
|:-----|:------:|---------:|
| Grow **revenue** | 40 | 80% |
| Hire | 60 | 20% |
"""


def test_table_style_header_row_alignment_and_rows_that_do_not_split() -> None:
    body, _ = parts(TABLE)
    table = body.find(f"{W}tbl")
    assert val(table, f"{W}tblPr/{W}tblStyle") == "Table"
    assert table.find(f"{W}tblPr/{W}tblLook").get(f"{W}firstRow") == "1"
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert [val(c, f"{W}p/{W}pPr/{W}jc") for c in rows[1].findall(f"{W}tc")] == ["left", "center", "right"]
    bold = [r for r in rows[1].iter(f"{W}r") if r.find(f"{W}rPr/{W}b") is not None]
    assert "".join(bold[0].itertext()) == "revenue"


def test_table_is_full_width_with_proportional_columns() -> None:
    body, _ = parts(TABLE)
    table = body.find(f"{W}tbl")
    widths = [int(c.get(f"{W}w")) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
    assert sum(widths) == int(table.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) == 11906 - 2 * 1134
    assert widths[0] > widths[2] >= widths[1]
    document = docx.Document(io.BytesIO(WRITER.convert(TABLE, META)))
    assert [c.text for c in document.tables[0].rows[1].cells] == ["Grow revenue", "40", "80%"]


def test_a_ten_thousand_character_word_in_a_cell_keeps_the_table_usable() -> None:
    word = "x" * 10_000
    body, _ = parts(f"| a | b |\n|---|---|\n| {word} | short |\n")
    table = body.find(f"{W}tbl")
    widths = [int(c.get(f"{W}w")) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
    assert widths[1] >= sum(widths) // 11
    assert "".join(table.itertext()) == f"ab{word}short"


def test_block_quote_code_rule_and_page_break() -> None:
    markdown = "> quoted\n\n```python\nif x:\n    y()\n```\n\n    indented\n\n---\n\n\\newpage\n\nafter"
    found = styles_and_text(markdown)
    assert found[0] == ("Block Text", "quoted")
    assert found[1] == ("Source Code", "if x:\n    y()")
    assert found[2] == ("Source Code", "indented")
    body, _ = parts(markdown)
    paragraphs = body.findall(f"{W}p")
    assert paragraphs[3].find(f"{W}pPr/{W}pBdr/{W}bottom") is not None
    assert paragraphs[4].find(f"{W}r/{W}br").get(f"{W}type") == "page"
    assert "".join(paragraphs[5].itertext()) == "after"


def test_escaped_newpage_stays_text() -> None:
    body, _ = parts("\\\\newpage")
    assert body.find(f".//{W}br") is None
    assert "".join(body.itertext()) == "\\newpage"


def test_raw_html_block_is_text_because_html_is_off() -> None:
    assert styles_and_text("<div>\nhi\n</div>") == [("Body Text", "<div> hi </div>")]


def test_unsupported_token_names_source_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewgen.docx import writer as docx_writer

    parser = docx_writer.markdown_parser()
    original = parser.parse

    def with_html_block(src: str, env: object = None) -> list[object]:
        tokens = original(src)
        tokens[3].type = "html_block"
        return tokens

    monkeypatch.setattr(parser, "parse", with_html_block)
    monkeypatch.setattr(docx_writer, "markdown_parser", lambda inline_cache=None: parser)
    # The whole document through the patched parse, not its kept pieces (tests/docx/test_blocks.py has those).
    monkeypatch.setattr(docx_writer.BlockCache, "parse_pieces", lambda _self, _parser, _src: None)
    with pytest.raises(MarkdownError, match=r"^packet\.md, line 3: raw HTML is not supported"):
        docx_writer.DocxWriter().convert("first\n\n<p>x</p>\n", META, source_name="packet.md")
