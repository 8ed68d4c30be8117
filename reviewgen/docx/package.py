"""The base package shared by every document of a build, and assembling one .docx from it.

Parts that are the same for every document (settings, fonts, theme, package relationships,
app properties, styles per language) are deflated once when the writer is made; per document
only document.xml, the header and footer, core.xml, the document relationships, content
types, numbering.xml (when the document has lists) and images are built and compressed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reviewgen.docx.numbering import NumberingBase
from reviewgen.docx.styles import (
    DEFAULT_FONT_TABLE_XML,
    DEFAULT_SETTINGS_XML,
    STYLE_DEFS,
    default_styles_xml,
)
from reviewgen.docx.text import xml_attr
from reviewgen.docx.zip import EntryMemo, ZipEntry, build_zip, compress_entry

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_STYLES = f"{REL}/styles"
REL_SETTINGS = f"{REL}/settings"
REL_FONT_TABLE = f"{REL}/fontTable"
REL_NUMBERING = f"{REL}/numbering"
REL_HEADER = f"{REL}/header"
REL_FOOTER = f"{REL}/footer"
CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CT_MAIN = f"{CT_WML}.document.main+xml"
CT_STYLES = f"{CT_WML}.styles+xml"
CT_SETTINGS = f"{CT_WML}.settings+xml"
CT_FONT_TABLE = f"{CT_WML}.fontTable+xml"
CT_NUMBERING = f"{CT_WML}.numbering+xml"
CT_HEADER = f"{CT_WML}.header+xml"
CT_FOOTER = f"{CT_WML}.footer+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
#: Stands for the document's language in a styles.xml template.
LANG_PLACEHOLDER = "xx-RGLANG"

_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PACKAGE_RELS = (
    f'{_XML_DECL}<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/></Relationships>'
).encode()
_APP_XML = (
    f'{_XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>reviewgen</Application></Properties>"
).encode()

Rel = tuple[str, str, str, bool]  # (id, type, target, external)


@dataclass(frozen=True)
class BasePackage:
    """Everything a build's documents share, prepared once."""

    #: Parts compressed once, copied into every package.
    fixed: tuple[ZipEntry, ...]
    #: styles.xml with :data:`LANG_PLACEHOLDER` where the language goes.
    styles_template: bytes
    #: (part name, content type) of the fixed parts and styles.xml.
    overrides: tuple[tuple[str, str], ...]
    #: (extension, content type) defaults besides rels, xml and png.
    defaults: tuple[tuple[str, str], ...]
    #: Relationships of document.xml to the fixed parts, ids rId1..rIdN.
    document_rels: tuple[Rel, ...]
    #: Writer style key -> style id in styles.xml.
    style_ids: Mapping[str, str]
    numbering: NumberingBase
    #: True when the reference document's styles use its numbering (numbering.xml always written).
    always_numbering: bool = False
    #: Runs (e.g. a logo drawing) put at the start of the header paragraph.
    header_runs: str = ""
    #: Relationships of the header part (for header_runs), ids never clash with ours.
    header_rels: tuple[Rel, ...] = ()


def builtin_base() -> BasePackage:
    """The base package of reviewgen's own clean default look."""
    fixed = (
        *common_entries(),
        compress_entry("word/settings.xml", DEFAULT_SETTINGS_XML),
        compress_entry("word/fontTable.xml", DEFAULT_FONT_TABLE_XML),
    )
    return BasePackage(
        fixed=fixed,
        styles_template=default_styles_xml(LANG_PLACEHOLDER),
        overrides=(
            ("/docProps/app.xml", CT_APP),
            ("/word/styles.xml", CT_STYLES),
            ("/word/settings.xml", CT_SETTINGS),
            ("/word/fontTable.xml", CT_FONT_TABLE),
        ),
        defaults=(),
        document_rels=(
            ("rId1", REL_STYLES, "styles.xml", False),
            ("rId2", REL_SETTINGS, "settings.xml", False),
            ("rId3", REL_FONT_TABLE, "fontTable.xml", False),
        ),
        style_ids={s.key: s.style_id for s in STYLE_DEFS},
        numbering=NumberingBase.builtin(),
    )


def common_entries() -> tuple[ZipEntry, ZipEntry]:
    """The package relationships and app properties every document uses, compressed."""
    return compress_entry("_rels/.rels", _PACKAGE_RELS), compress_entry("docProps/app.xml", _APP_XML)


def rels_xml(rels: Sequence[Rel]) -> bytes:
    """A relationships part holding ``rels``."""
    parts = [_XML_DECL, f'<Relationships xmlns="{PKG_REL}">']
    for rel_id, kind, target, external in rels:
        mode = ' TargetMode="External"' if external else ""
        parts.append(f'<Relationship Id="{rel_id}" Type="{kind}" Target="{xml_attr(target)}"{mode}/>')
    parts.append("</Relationships>")
    return "".join(parts).encode("utf-8")


def content_types_xml(base: BasePackage, overrides: Sequence[tuple[str, str]]) -> bytes:
    """[Content_Types].xml for the base parts plus the per-document ``overrides``."""
    parts = [
        _XML_DECL,
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        '<Default Extension="png" ContentType="image/png"/>',
    ]
    parts.extend(f'<Default Extension="{ext}" ContentType="{ct}"/>' for ext, ct in base.defaults)
    parts.extend(f'<Override PartName="{name}" ContentType="{ct}"/>' for name, ct in (*base.overrides, *overrides))
    parts.append("</Types>")
    return "".join(parts).encode("utf-8")


#: Per-document parts whose bytes recur across a build's documents (see :func:`assemble`).
RECURRING_PARTS = frozenset(
    ("[Content_Types].xml", "word/numbering.xml", "word/_rels/document.xml.rels", "word/_rels/header1.xml.rels")
)


def assemble(
    base: BasePackage,
    styles: ZipEntry,
    changing: Sequence[tuple[str, bytes, str | None]],
    media: Sequence[tuple[str, bytes]] = (),
    memo: EntryMemo | None = None,
) -> bytes:
    """The bytes of one .docx: the base parts, ``styles``, the per-document ``changing`` parts
    (name, content, content type for an override or None) and ``media`` (name under word/, bytes).

    With ``memo``, the parts of :data:`RECURRING_PARTS` and the media are taken from it when a document before
    had the same bytes; the document's own text parts (body, header, footer, properties) are compressed afresh.
    """
    kept = memo.compress if memo is not None else compress_entry
    overrides = [(f"/{name}", ct) for name, _, ct in changing if ct is not None]
    entries = [kept("[Content_Types].xml", content_types_xml(base, overrides))]
    entries.extend(
        (kept if name in RECURRING_PARTS else compress_entry)(name, content) for name, content, _ in changing
    )
    entries.append(styles)
    entries.extend(base.fixed)
    # PNG data is already compressed: the fastest deflate level is enough.
    entries.extend(kept(f"word/{name}", data, level=1) for name, data in media)
    return build_zip(entries)
