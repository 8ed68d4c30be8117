"""numbering.xml: one multi-level definition for bullets, one for decimals, one instance per list.

Every Markdown list gets its own ``w:num`` over the shared ``w:abstractNum`` of its kind,
with a ``w:startOverride`` at the list's level, so two numbered lists both start at 1, a
list written ``7.`` starts at 7, and a nested list is a deeper level (``w:ilvl``).
Every ``w:abstractNum`` comes before any ``w:num``: Word links them wrongly otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewgen.docx.styles import BODY_FONT, W_NS

LEVELS = 9
#: Indent of list level 0 and the step per level, in twips (1/20 pt).
INDENT_STEP = 360
HANGING = 360
_BULLETS = ("•", "◦", "▪")


def level_indent(level: int) -> int:
    """Left indent (twips) of the text of list level ``level`` (0-based)."""
    return HANGING + INDENT_STEP * (level + 1)


def _level_xml(level: int, bullet: bool) -> str:
    left = level_indent(level)
    if bullet:
        fmt, text = "bullet", _BULLETS[level % len(_BULLETS)]
        rpr = f'<w:rPr><w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:hint="default"/></w:rPr>'
    else:
        fmt, text, rpr = "decimal", f"%{level + 1}.", ""
    return (
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>'
        f'<w:ind w:left="{left}" w:hanging="{HANGING}"/></w:pPr>{rpr}</w:lvl>'
    )


def abstract_num_xml(abstract_id: int, *, bullet: bool) -> str:
    """The multi-level ``w:abstractNum`` for bullets or for decimal numbers."""
    levels = "".join(_level_xml(level, bullet) for level in range(LEVELS))
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )


@dataclass(frozen=True, slots=True)
class ListInstance:
    """One Markdown list: its ``w:num`` id, kind, level and first number."""

    num_id: int
    bullet: bool
    level: int
    start: int


@dataclass(frozen=True, slots=True)
class NumberingBase:
    """What every document's numbering.xml shares: the definitions, and the reference's own lists."""

    #: Start tag of ``w:numbering`` (with the reference's namespace declarations).
    root_open: str
    #: The reference document's ``w:abstractNum`` elements, then ours.
    abstract_nums: str
    #: The reference document's ``w:num`` elements (its styles may point at them).
    nums: str
    bullet_abstract_id: int
    decimal_abstract_id: int
    #: The first ``w:numId`` free for our lists.
    first_num_id: int

    @classmethod
    def builtin(cls) -> NumberingBase:
        """The numbering definitions of the built-in look."""
        return cls(
            root_open=f'<w:numbering xmlns:w="{W_NS}">',
            abstract_nums=abstract_num_xml(1, bullet=True) + abstract_num_xml(2, bullet=False),
            nums="",
            bullet_abstract_id=1,
            decimal_abstract_id=2,
            first_num_id=1,
        )

    def xml(self, lists: list[ListInstance]) -> bytes:
        """numbering.xml for a document with ``lists``."""
        parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', self.root_open, self.abstract_nums]
        parts.append(self.nums)
        for item in lists:
            abstract = self.bullet_abstract_id if item.bullet else self.decimal_abstract_id
            parts.append(f'<w:num w:numId="{item.num_id}"><w:abstractNumId w:val="{abstract}"/>')
            parts.append(
                f'<w:lvlOverride w:ilvl="{item.level}"><w:startOverride w:val="{item.start}"/></w:lvlOverride>'
            )
            parts.append("</w:num>")
        parts.append("</w:numbering>")
        return "".join(parts).encode("utf-8")
