"""DocxWriter: a complete package python-docx and zipfile open, header/footer, page, core properties,
determinism, and the parts it shares between documents."""

from __future__ import annotations

import datetime as dt
import io
import pickle
import zipfile
from typing import Any

import docx
import pytest
from docx.shared import Cm
from lxml import etree

from reviewgen.docx.errors import WriterSettingError
from reviewgen.docx.writer import DocumentMeta, DocxWriter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RICH = """\
# Review packet

Intro with **bold**, *italic*, `code` and [a link](https://example.com).

- one
  1. nested

| Goal | Progress |
|:-----|---------:|
| Grow | ███░░ |

> quote
"""
META = DocumentMeta(
    title="Review packet – Ana Núñez",
    subject="Review 2024",
    author="Acme HR",
    created=dt.datetime(2024, 5, 1, 9, 30),
    confidentiality="Confidential",
    header_title="Acme Ltd",
)


def test_package_opens_with_zipfile_and_python_docx() -> None:
    data = DocxWriter().convert(RICH, META)
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.testzip() is None
    assert package.namelist()[0] == "[Content_Types].xml"
    for name in package.namelist():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(package.read(name))  # every part is well-formed XML
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "Review packet"
    assert len(document.tables) == 1


def test_same_input_gives_identical_bytes_even_from_another_writer() -> None:
    first = DocxWriter().convert(RICH, META)
    assert DocxWriter().convert(RICH, META) == first
    assert DocxWriter().convert(RICH + "x", META) != first


def test_core_properties_come_from_the_metadata() -> None:
    core = docx.Document(io.BytesIO(DocxWriter().convert(RICH, META))).core_properties
    assert core.title == "Review packet – Ana Núñez"
    assert core.subject == "Review 2024"
    assert core.author == core.last_modified_by == "Acme HR"
    assert core.created == core.modified == dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
    assert core.revision == 1
    assert core.language == "en-GB"


def test_aware_creation_time_is_written_in_utc() -> None:
    meta = DocumentMeta(title="t", created=dt.datetime(2024, 5, 1, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    core = docx.Document(io.BytesIO(DocxWriter().convert("x", meta))).core_properties
    assert core.created == dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)


def test_language_goes_into_the_styles() -> None:
    meta = DocumentMeta(title="t", created=META.created, language="de-DE")
    package = zipfile.ZipFile(io.BytesIO(DocxWriter().convert("x", meta)))
    styles = etree.fromstring(package.read("word/styles.xml"))
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == "de-DE"


def test_header_has_label_and_title_footer_has_page_x_of_y() -> None:
    section = docx.Document(io.BytesIO(DocxWriter().convert(RICH, META))).sections[0]
    assert section.header.paragraphs[0].text == "Confidential\tAcme Ltd"
    assert section.footer.paragraphs[0].text.startswith("Review packet – Ana Núñez\tPage 1 of 1")
    footer_xml = etree.tostring(section.footer._element, encoding="unicode")
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml


@pytest.mark.parametrize(("paper", "size"), [("a4", (11906, 16838)), ("letter", (12240, 15840))])
def test_page_size_and_margins(paper: str, size: tuple[int, int]) -> None:
    data = DocxWriter(paper=paper, margins_cm=2.5).convert("x", META)  # type: ignore[arg-type]
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == size
    assert abs(section.left_margin - Cm(2.5)) < Cm(0.01)
    assert abs(section.top_margin - Cm(2.5)) < Cm(0.01)


def test_unusable_page_settings_are_config_errors() -> None:
    with pytest.raises(WriterSettingError, match="paper size 'a5'"):
        DocxWriter(paper="a5")  # type: ignore[arg-type]
    with pytest.raises(WriterSettingError, match=r"margins of 9\.0 cm"):
        DocxWriter(margins_cm=9.0)


def test_builtin_styles_are_compact_and_carry_what_the_writer_uses() -> None:
    package = zipfile.ZipFile(io.BytesIO(DocxWriter().convert(RICH, META)))
    assert package.getinfo("word/styles.xml").file_size < 20_000
    document = docx.Document(io.BytesIO(package.fp.getvalue()))  # type: ignore[union-attr]
    names = {s.name for s in document.styles}
    for needed in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 4", "Body Text", "List Paragraph"):
        assert needed in names
    for needed in ("Block Text", "Source Code", "Verbatim Char", "Hyperlink", "Table", "Header", "Footer", "Caption"):
        assert needed in names
    table = etree.fromstring(package.read("word/styles.xml")).find(f"{W}style[@{W}styleId='Table']")
    assert table.find(f"{W}tblStylePr[@{W}type='firstRow']/{W}tcPr/{W}shd") is not None


def test_writer_survives_pickling_for_worker_processes() -> None:
    writer = DocxWriter(paper="letter")
    writer.convert("warm the style cache", META)
    clone = pickle.loads(pickle.dumps(writer))
    assert clone.convert(RICH, META) == writer.convert(RICH, META)


def test_parts_shared_by_documents_are_compressed_once() -> None:
    writer = DocxWriter()
    one = zipfile.ZipFile(io.BytesIO(writer.convert("# a", META)))
    two = zipfile.ZipFile(io.BytesIO(writer.convert("# b\n\n- list", META)))
    assert one.read("word/styles.xml") == two.read("word/styles.xml")
    assert writer._styles["en-GB"] is writer._styles["en-GB"]  # cached per language
    assert "word/numbering.xml" not in one.namelist() and "word/numbering.xml" in two.namelist()


def test_memoised_inline_parsing_gives_the_same_tokens_and_respects_link_references() -> None:
    from markdown_it import MarkdownIt

    from reviewgen.docx import writer as docx_writer

    plain = (
        MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).disable(["text_join", "autolink"])
    )
    text = "| a | b |\n| --- | --- |\n| **x** [y](http://e.test) | `z` ██░ 20 % |\n\nSee [ref] and *this*.\n"

    def shape(tokens: list[Any]) -> list[tuple[str, str, list[tuple[str, str]]]]:
        return [(t.type, t.content, [(c.type, c.content) for c in t.children or []]) for t in tokens]

    parser = docx_writer.markdown_parser()
    first = parser.parse(text)
    again = parser.parse(text)  # served from the cache
    assert shape(first) == shape(again) == shape(plain.parse(text))
    # "[ref]" above was cached as plain text; a document that defines it must still get a link.
    with_ref = parser.parse("See [ref] and *this*.\n\n[ref]: http://example.test\n")
    children = [c.type for c in with_ref[1].children or []]
    assert "link_open" in children


def test_runs_written_once_per_writer_give_the_same_documents_and_keep_links_per_document() -> None:
    """The writer's runs memo: a second document reusing cells and lines is byte-identical to one written by a
    fresh writer, and a link in a recurring line still gets the relationship of its own document."""
    rows = "".join(f"| row {n} | ██░ 20 % | **Done**<br>*late* |\n" for n in range(3))
    table = "| a | b | c |\n| --- | --- | :---: |\n" + rows
    first = f"# One\n\n{table}\nSee [the plan](http://plan.test) now.\n"
    second = f"# Two\n\nLead line.\n\n{table}\nSee [the plan](http://plan.test) now.\n"
    writer = DocxWriter()
    writer.convert(first, META)
    assert len(writer.inline_cache.runs.runs) > 0 and len(writer.inline_cache.runs.bars) > 0
    reused = writer.convert(second, META)
    assert reused == DocxWriter().convert(second, META)
    assert not any("plan" in text for text in writer.inline_cache.runs.runs)
    package = zipfile.ZipFile(io.BytesIO(reused))
    assert b"http://plan.test" in package.read("word/_rels/document.xml.rels")
    assert b"<w:hyperlink" in package.read("word/document.xml")
