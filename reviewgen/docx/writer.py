"""Markdown -> Word (.docx): the entry point of the render stage's last step.

:class:`DocxWriter` prepares once per build everything documents share (styles from our
built-in look or from a reference .docx, like pandoc's ``--reference-doc``; settings, fonts;
each compressed once), then :meth:`DocxWriter.convert` turns one Markdown text into the bytes
of a complete .docx in a few milliseconds. Output depends only on the input: no clock, no
randomness, fixed ZIP timestamps.

Markdown accepted: CommonMark with GFM tables and strikethrough, raw HTML off, autolinks off.
Conventions: a paragraph that is only ``\\newpage`` is a page break; ``<br>`` is a line break
(``\\<br\\>`` stays text); ``<small>...</small>`` is small print (8 pt); ``![alt](file.png){width=50%}``
sizes an image (``%``, ``cm``, ``mm``, ``in``), relative to ``base_dir``; runs of U+2588/U+2591 are a
two-tone progress bar.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from reviewgen.docx import pipe_tables
from reviewgen.docx.blocks import BlockCache
from reviewgen.docx.body import body_xml, pieces_xml
from reviewgen.docx.errors import MarkdownError, WriterSettingError
from reviewgen.docx.inline import DocumentState, RunsMemo, weight
from reviewgen.docx.package import (
    CT_CORE,
    CT_FOOTER,
    CT_HEADER,
    CT_MAIN,
    CT_NUMBERING,
    LANG_PLACEHOLDER,
    REL_FOOTER,
    REL_HEADER,
    REL_NUMBERING,
    BasePackage,
    assemble,
    builtin_base,
    rels_xml,
)
from reviewgen.docx.styles import ACCENT
from reviewgen.docx.text import clean, xml_text
from reviewgen.docx.zip import EntryMemo, ZipEntry, compress_entry

#: Page width and height in twips.
PAGE_SIZES: dict[str, tuple[int, int]] = {"a4": (11906, 16838), "letter": (12240, 15840)}
_TWIPS_PER_CM = 1440 / 2.54
_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Tab stops Word's and LibreOffice's Header/Footer styles usually define (A4 and Letter):
# cleared so that the one tab of our header jumps straight to the right margin.
_CLEAR_TABS = "".join(f'<w:tab w:val="clear" w:pos="{pos}"/>' for pos in (4513, 4680, 9026, 9360))


@dataclass(frozen=True)
class DocumentMeta:
    """What a document says about itself: core properties, header and footer text."""

    title: str
    created: dt.datetime
    subject: str = ""
    author: str = ""
    confidentiality: str = ""
    #: Right-hand header text; the title when empty.
    header_title: str = ""
    language: str = "en-GB"


def markdown_parser(inline_cache: InlineCache | None = None) -> MarkdownIt:
    """A Markdown parser as the writer uses it: CommonMark + tables + strikethrough, no raw HTML, no autolinks.

    ``text_join`` is off so that escaped characters stay ``text_special`` tokens: that is how
    an escaped ``\\<br\\>`` is told apart from the line break ``<br>``. With ``inline_cache``,
    inline parsing is memoised in it (see :class:`InlineCache`).
    """
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # html_block: with raw HTML off it never matches, but it was asked at every block and line (220,000 times at
    # 1,000 people); disabled, the tokens are the same.
    parser.disable(["text_join", "autolink", "html_block"])
    pipe_tables.install(parser)  # the same tokens as markdown-it-py's table rule, with less work per table
    if inline_cache is not None:
        parser.core.ruler.at("inline", inline_cache.inline_rule)
    return parser


class InlineCache:
    """Inline content -> its parsed child tokens, for one writer.

    Parsing inlines is more than half of a build's Markdown time, and much of it repeats from
    document to document (table headers, labels, progress bars, ratings, dates, the templates' own
    sentences). Bounded: cleared when full.
    """

    def __init__(self, limit: int = 400_000) -> None:
        #: Most kept at once, in units of :func:`~reviewgen.docx.inline.weight` (about 100 to 300 bytes each):
        #: counted by size, not by entries, since one hostile cell ("*" 30,000 times) parses to 30,000 tokens.
        self.limit = limit
        self._children: dict[str, list[Token]] = {}
        self._weight = 0
        #: The runs written for these children (see :class:`~reviewgen.docx.inline.RunsMemo`).
        self.runs = RunsMemo(limit)

    def __len__(self) -> int:
        return len(self._children)

    def clear(self) -> None:
        """Forget every parsed inline and its runs (benchmarks time cold conversions with it)."""
        self._children.clear()
        self._weight = 0
        self.runs.clear()

    def inline_rule(self, state: StateCore) -> None:
        """markdown-it's core "inline" rule, memoised on the inline source text.

        Inline parsing depends only on its text, except for link reference definitions (kept in
        ``env``): a document that has any is parsed without the cache. The cached children are shared
        between documents, which is safe because nothing after this rule changes tokens (text_join is
        off, and the Word writer only reads them).
        """
        cacheable = not state.env.get("references")
        for token in state.tokens:
            if token.type != "inline":
                continue
            children = self._children.get(token.content) if cacheable else None
            if children is None:
                children = []
                state.md.inline.parse(token.content, state.md, state.env, children)
                if cacheable:
                    size = weight(token.content, children)
                    if self._weight + size > self.limit:
                        self.clear()  # the runs too: they hold the children they were written from
                    self._children[token.content] = children
                    self._weight += size
            token.children = children


class DocxWriter:
    """Converts Markdown to .docx; prepare once per build, then call :meth:`convert` per document.

    Picklable (plain data only), so a build can send it to worker processes.
    """

    def __init__(
        self,
        *,
        reference_docx: Path | None = None,
        paper: Literal["a4", "letter"] = "a4",
        margins_cm: float = 2.0,
        source_name: str = "<markdown>",
        base_dir: Path | None = None,
    ) -> None:
        if paper not in PAGE_SIZES:
            raise WriterSettingError(f"paper size {paper!r} is not known; use 'a4' or 'letter'")
        width, height = PAGE_SIZES[paper]
        margin = round(margins_cm * _TWIPS_PER_CM)
        if not 0 <= margin <= width // 3:
            raise WriterSettingError(
                f"margins of {margins_cm} cm do not fit the page; use 0 to {width / 3 / _TWIPS_PER_CM:.1f} cm"
            )
        if reference_docx is None:
            self._base: BasePackage = builtin_base()
        else:
            from reviewgen.docx.reference import reference_base  # python-docx is only needed here

            self._base = reference_base(reference_docx)
        self.source_name = source_name
        self.base_dir = base_dir
        self._text_width = width - 2 * margin
        self._sect_pr = (
            f'<w:pgSz w:w="{width}" w:h="{height}"/><w:pgMar w:top="{margin}" w:right="{margin}" '
            f'w:bottom="{margin}" w:left="{margin}" w:header="{margin // 2}" w:footer="{margin // 2}" w:gutter="0"/>'
            '<w:cols w:space="720"/></w:sectPr>'
        )
        self._styles: dict[str, ZipEntry] = {}
        #: This writer's memo of parsed inlines; each process of a build has its own writer.
        self.inline_cache = InlineCache()
        #: This writer's memo of parsed pieces of Markdown (see reviewgen.docx.blocks).
        self.block_cache = BlockCache()
        #: This writer's memo of compressed parts that recur from document to document.
        self.entry_memo = EntryMemo()
        self._parser: MarkdownIt | None = None

    def __getstate__(self) -> dict[str, object]:
        # The parser holds bound methods and the cache can be large: a copy starts without them.
        state = dict(self.__dict__)
        state["_parser"] = None
        state["inline_cache"] = InlineCache(self.inline_cache.limit)
        state["block_cache"] = BlockCache(self.block_cache.limit)
        state["entry_memo"] = EntryMemo(self.entry_memo.limit)
        return state

    def convert(
        self, markdown: str, meta: DocumentMeta, *, source_name: str | None = None, base_dir: Path | None = None
    ) -> bytes:
        """The bytes of a complete .docx showing ``markdown``.

        ``source_name`` (default: the writer's) names the Markdown in error messages;
        ``base_dir`` (default: the writer's) is where relative image paths are looked up.
        Raises MarkdownError for a construct Word output cannot show, or a missing image.
        """
        base = self._base
        fixed_count = len(base.document_rels)
        header_id, footer_id, numbering_id = (f"rId{fixed_count + n}" for n in (1, 2, 3))
        state, body = self._body(clean(markdown), source_name or self.source_name, base_dir)
        document = (
            f"{_XML_DECL}<w:document {_NAMESPACES}><w:body>{body}<w:sectPr>"
            f'<w:headerReference w:type="default" r:id="{header_id}"/>'
            f'<w:footerReference w:type="default" r:id="{footer_id}"/>{self._sect_pr}</w:body></w:document>'
        )
        rels = [*base.document_rels, (header_id, REL_HEADER, "header1.xml", False)]
        rels.append((footer_id, REL_FOOTER, "footer1.xml", False))
        changing: list[tuple[str, bytes, str | None]] = [
            ("word/document.xml", document.encode("utf-8"), CT_MAIN),
            ("word/header1.xml", self._header(meta), CT_HEADER),
            ("word/footer1.xml", self._footer(meta), CT_FOOTER),
            ("docProps/core.xml", core_xml(meta), CT_CORE),
        ]
        if state.lists or base.always_numbering:
            rels.append((numbering_id, REL_NUMBERING, "numbering.xml", False))
            changing.append(("word/numbering.xml", base.numbering.xml(state.lists), CT_NUMBERING))
        rels.extend(state.rels)
        changing.append(("word/_rels/document.xml.rels", rels_xml(rels), None))
        if base.header_rels:
            changing.append(("word/_rels/header1.xml.rels", rels_xml(base.header_rels), None))
        return assemble(base, self._styles_entry(meta.language), changing, state.media, self.entry_memo)

    def _body(self, markdown: str, source_name: str, base_dir: Path | None) -> tuple[DocumentState, str]:
        """The document's state and body XML, from the writer's kept pieces of Markdown where it can be cut.

        ``markdown`` is cleaned already (the parser would turn NUL into U+FFFD instead of dropping it).
        """
        if self._parser is None:
            self._parser = markdown_parser(self.inline_cache)
        parsed = self.block_cache.parse_pieces(self._parser, markdown)
        if parsed is not None:
            try:
                state = self._state(source_name, base_dir)
                return state, pieces_xml(parsed, state)
            except MarkdownError:
                pass  # kept pieces count their lines from their own start: a whole parse names the right line
        state = self._state(source_name, base_dir)
        return state, body_xml(self._parser.parse(markdown), state)

    def _state(self, source_name: str, base_dir: Path | None) -> DocumentState:
        base = self._base
        return DocumentState(
            source=source_name,
            style_ids=base.style_ids,
            text_width=self._text_width,
            first_rel_id=len(base.document_rels) + 4,
            first_num_id=base.numbering.first_num_id,
            base_dir=base_dir if base_dir is not None else self.base_dir,
            memo=self.inline_cache.runs,
        )

    def _styles_entry(self, language: str) -> ZipEntry:
        lang = re.sub(r"[^A-Za-z0-9-]", "", language)[:35] or "en-GB"
        entry = self._styles.get(lang)
        if entry is None:
            content = self._base.styles_template.replace(LANG_PLACEHOLDER.encode(), lang.encode())
            entry = self._styles[lang] = compress_entry("word/styles.xml", content)
        return entry

    def _header(self, meta: DocumentMeta) -> bytes:
        label = ""
        if meta.confidentiality:
            label = f'<w:r><w:rPr><w:b/><w:bCs/><w:color w:val="{ACCENT}"/></w:rPr>'
            label += f'<w:t xml:space="preserve">{xml_text(meta.confidentiality)}</w:t></w:r>'
        title = xml_text(meta.header_title or meta.title)
        return (
            f"{_XML_DECL}<w:hdr {_NAMESPACES}><w:p><w:pPr>"
            f'<w:pStyle w:val="{self._base.style_ids["header"]}"/>'
            '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="BFBFBF"/></w:pBdr>'
            f'<w:tabs>{_CLEAR_TABS}<w:tab w:val="right" w:pos="{self._text_width}"/></w:tabs></w:pPr>'
            f'{self._base.header_runs}{label}<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">{title}</w:t></w:r>'
            "</w:p></w:hdr>"
        ).encode()

    def _footer(self, meta: DocumentMeta) -> bytes:
        return (
            f"{_XML_DECL}<w:ftr {_NAMESPACES}><w:p><w:pPr>"
            f'<w:pStyle w:val="{self._base.style_ids["footer"]}"/>'
            f'<w:tabs>{_CLEAR_TABS}<w:tab w:val="right" w:pos="{self._text_width}"/></w:tabs></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{xml_text(meta.title)}</w:t></w:r><w:r><w:tab/></w:r>'
            f'<w:r><w:t xml:space="preserve">Page </w:t></w:r>{_field("PAGE")}'
            f'<w:r><w:t xml:space="preserve"> of </w:t></w:r>{_field("NUMPAGES")}</w:p></w:ftr>'
        ).encode()


def _field(instruction: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def core_xml(meta: DocumentMeta) -> bytes:
    """docProps/core.xml: title, subject, author, language, revision 1, created = modified = meta.created."""
    created = meta.created
    if created.tzinfo is not None:
        created = created.astimezone(dt.UTC).replace(tzinfo=None)
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    author = xml_text(meta.author)
    status = f"<cp:contentStatus>{xml_text(meta.confidentiality)}</cp:contentStatus>" if meta.confidentiality else ""
    return (
        f"{_XML_DECL}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_text(meta.title)}</dc:title><dc:subject>{xml_text(meta.subject)}</dc:subject>"
        f"<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        f"<dc:language>{xml_text(meta.language)}</dc:language>{status}<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    ).encode()
