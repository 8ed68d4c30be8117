"""Text for WordprocessingML: dropping what XML forbids, escaping, and building runs."""

from __future__ import annotations

import re

# C0 controls other than tab/LF/CR, lone surrogates, and the non-characters U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (dropped silently, as pandoc does)."""
    return _FORBIDDEN.sub("", text)


def xml_text(text: str) -> str:
    """``text`` cleaned and escaped for an XML text node."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """``text`` cleaned and escaped for a double-quoted XML attribute value."""
    return xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def run_props(
    *,
    style: str = "",
    bold: bool = False,
    italic: bool = False,
    strike: bool = False,
    color: str = "",
    size: int = 0,
) -> str:
    """A ``w:rPr`` element (children in schema order), or "" when nothing is set; ``size`` in half-points."""
    parts: list[str] = []
    if style:
        parts.append(f'<w:rStyle w:val="{style}"/>')
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if strike:
        parts.append("<w:strike/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size:
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def text_run(text: str, rpr: str = "") -> str:
    """One ``w:r`` holding already-cleaned ``text``; tabs become ``w:tab``."""
    if "\t" in text:
        pieces = [_t(piece) if piece else "" for piece in text.split("\t")]
        return f"<w:r>{rpr}{'<w:tab/>'.join(pieces)}</w:r>"
    return f"<w:r>{rpr}{_t(text)}</w:r>"


def _t(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:t xml:space="preserve">{escaped}</w:t>'
