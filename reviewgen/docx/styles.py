"""The built-in default look of reviewgen's Word documents: styles, settings, fonts.

A compact, sober style sheet (Calibri at 10.5 pt, which LibreOffice replaces by the
metric-compatible Carlito; headings in a dark blue accent) holding only the styles the
writer uses, pandoc's names included (``Table``, ``Block Text``, ``Source Code``,
``Verbatim Char``), so that a document made with the default styles can later be restyled
by pasting Word styles of the same names. Heading 1-4 carry outline levels so that Word's
navigation pane and table of contents work.
"""

from __future__ import annotations

from dataclasses import dataclass

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: The accent colour (dark blue) of headings, the done part of progress bars, table rules.
ACCENT = "1F4E79"
#: The light grey of the to-do part of progress bars.
BAR_TODO = "D0D0D0"
BODY_FONT = "Calibri"
MONO_FONT = "Consolas"
#: The font of East Asian text (names in Chinese, Japanese, Korean): Calibri has no CJK glyphs. Noto Sans CJK
#: is what LibreOffice finds on Linux; Word on Windows falls back to the font table's alternative name.
EAST_ASIAN_FONT = "Noto Sans CJK SC"
EAST_ASIAN_ALT = "Microsoft YaHei"


@dataclass(frozen=True, slots=True)
class StyleDef:
    """One style the writer needs: its key in the writer, its UI name, id and definition."""

    key: str
    name: str
    style_id: str
    kind: str  # "paragraph", "character" or "table"
    xml: str


def _para(style_id: str, name: str, body: str, *, based_on: str = "Normal", next_id: str = "", extra: str = "") -> str:
    next_xml = f'<w:next w:val="{next_id}"/>' if next_id else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="{based_on}"/>{next_xml}{extra}<w:qFormat/>{body}</w:style>'
    )


def _heading(level: int, size: int, more_rpr: str = "", before: int = 240) -> StyleDef:
    style_id = f"Heading{level}"
    body = (
        f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="80"/>'
        f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr><w:b/><w:bCs/>{more_rpr}<w:color w:val="{ACCENT}"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    )
    xml = _para(style_id, f"heading {level}", body, next_id="BodyText", extra='<w:uiPriority w:val="9"/>')
    return StyleDef(f"heading{level}", f"Heading {level}", style_id, "paragraph", xml)


_MONO = f'<w:rFonts w:ascii="{MONO_FONT}" w:hAnsi="{MONO_FONT}" w:cs="{MONO_FONT}"/>'

STYLE_DEFS: tuple[StyleDef, ...] = (
    StyleDef(
        "normal",
        "Normal",
        "Normal",
        "paragraph",
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>',
    ),
    StyleDef(
        "title",
        "Title",
        "Title",
        "paragraph",
        _para(
            "Title",
            "Title",
            f'<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="8" w:space="4" w:color="{ACCENT}"/></w:pBdr>'
            f'<w:spacing w:before="0" w:after="120"/></w:pPr><w:rPr><w:color w:val="{ACCENT}"/><w:sz w:val="44"/>'
            '<w:szCs w:val="44"/></w:rPr>',
            next_id="BodyText",
        ),
    ),
    StyleDef(
        "subtitle",
        "Subtitle",
        "Subtitle",
        "paragraph",
        _para(
            "Subtitle",
            "Subtitle",
            '<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:color w:val="595959"/><w:sz w:val="28"/>'
            '<w:szCs w:val="28"/></w:rPr>',
            next_id="BodyText",
        ),
    ),
    _heading(1, 32, before=360),
    _heading(2, 26),
    _heading(3, 23),
    _heading(4, 21, more_rpr="<w:i/><w:iCs/>"),
    StyleDef(
        "body",
        "Body Text",
        "BodyText",
        "paragraph",
        _para("BodyText", "Body Text", '<w:pPr><w:spacing w:before="0" w:after="120"/></w:pPr>'),
    ),
    StyleDef(
        "compact",
        "Compact",
        "Compact",
        "paragraph",
        _para("Compact", "Compact", '<w:pPr><w:spacing w:before="20" w:after="20"/></w:pPr>', based_on="BodyText"),
    ),
    StyleDef(
        "list",
        "List Paragraph",
        "ListParagraph",
        "paragraph",
        _para(
            "ListParagraph",
            "List Paragraph",
            '<w:pPr><w:spacing w:before="0" w:after="60"/><w:ind w:left="720"/></w:pPr>',
        ),
    ),
    StyleDef(
        "quote",
        "Block Text",
        "BlockText",
        "paragraph",
        _para(
            "BlockText",
            "Block Text",
            f'<w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="{ACCENT}"/></w:pBdr>'
            '<w:spacing w:before="60" w:after="120"/><w:ind w:left="567" w:right="567"/></w:pPr>'
            '<w:rPr><w:i/><w:iCs/><w:color w:val="404040"/></w:rPr>',
            based_on="BodyText",
        ),
    ),
    StyleDef(
        "code",
        "Source Code",
        "SourceCode",
        "paragraph",
        _para(
            "SourceCode",
            "Source Code",
            '<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
            '<w:spacing w:before="60" w:after="120" w:line="240" w:lineRule="auto"/></w:pPr>'
            f'<w:rPr>{_MONO}<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
        ),
    ),
    StyleDef(
        "verbatim",
        "Verbatim Char",
        "VerbatimChar",
        "character",
        '<w:style w:type="character" w:customStyle="1" w:styleId="VerbatimChar"><w:name w:val="Verbatim Char"/>'
        f'<w:rPr>{_MONO}<w:sz w:val="19"/><w:szCs w:val="19"/>'
        '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/></w:rPr></w:style>',
    ),
    StyleDef(
        "hyperlink",
        "Hyperlink",
        "Hyperlink",
        "character",
        '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
        '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>',
    ),
    StyleDef(
        "table",
        "Table",
        "Table",
        "table",
        '<w:style w:type="table" w:default="1" w:styleId="Table"><w:name w:val="Table"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
        f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{ACCENT}"/>'
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{ACCENT}"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="1F1F1F"/></w:rPr>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DCE6F0"/></w:tcPr></w:tblStylePr></w:style>',
    ),
    StyleDef(
        "header",
        "Header",
        "Header",
        "paragraph",
        '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:spacing w:after="0"/></w:pPr>'
        '<w:rPr><w:color w:val="595959"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>',
    ),
    StyleDef(
        "footer",
        "Footer",
        "Footer",
        "paragraph",
        '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:spacing w:after="0"/></w:pPr>'
        '<w:rPr><w:color w:val="595959"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>',
    ),
    StyleDef(
        "caption",
        "Caption",
        "Caption",
        "paragraph",
        _para(
            "Caption",
            "caption",
            '<w:pPr><w:spacing w:before="60" w:after="160"/></w:pPr>'
            '<w:rPr><w:i/><w:iCs/><w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
            based_on="Normal",
        ),
    ),
)

#: Writer key -> style definition.
STYLES_BY_KEY: dict[str, StyleDef] = {s.key: s for s in STYLE_DEFS}

_STYLES_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
    f'<w:rFonts w:ascii="{BODY_FONT}" w:eastAsia="{EAST_ASIAN_FONT}" w:hAnsi="{BODY_FONT}" w:cs="{BODY_FONT}"/>'
    '<w:color w:val="1F1F1F"/><w:sz w:val="21"/><w:szCs w:val="21"/>'
)
_STYLES_MID = (
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
)


def default_styles_xml(language: str) -> bytes:
    """styles.xml of the built-in look, with ``language`` (e.g. "en-GB") as the proofing language."""
    lang = f'<w:lang w:val="{language}" w:eastAsia="{language}" w:bidi="{language}"/>'
    return (_STYLES_HEAD + lang + _STYLES_MID + "".join(s.xml for s in STYLE_DEFS) + "</w:styles>").encode()


DEFAULT_SETTINGS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    "</w:compat></w:settings>"
).encode()

DEFAULT_FONT_TABLE_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:fonts xmlns:w="{W_NS}">'
    f'<w:font w:name="{BODY_FONT}"><w:altName w:val="Carlito"/><w:family w:val="swiss"/>'
    '<w:pitch w:val="variable"/></w:font>'
    f'<w:font w:name="{MONO_FONT}"><w:altName w:val="Liberation Mono"/><w:family w:val="modern"/>'
    '<w:pitch w:val="fixed"/></w:font>'
    f'<w:font w:name="{EAST_ASIAN_FONT}"><w:altName w:val="{EAST_ASIAN_ALT}"/><w:charset w:val="86"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>'
).encode()
