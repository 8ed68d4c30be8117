"""Local PNG images: their size, the ``{width=...}`` syntax, and the DrawingML that shows them.

Syntax (pandoc's attribute syntax, width only): ``![alt text](chart.png){width=50%}`` right
after the image, with the width in ``%`` of the text width, or in ``cm``, ``mm`` or ``in``.
Without it an image is shown at its natural size (from its pixel size and resolution, 96 dpi
when the file does not say), never wider than the text.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from reviewgen.docx.text import xml_attr

EMU_PER_INCH = 914400
EMU_PER_TWIP = 635
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDTH_ATTRIBUTE = re.compile(r"\{width=(\d+(?:\.\d+)?)(%|cm|mm|in)\}")
_EMU_PER_UNIT = {"cm": 360000.0, "mm": 36000.0, "in": float(EMU_PER_INCH)}


@dataclass(frozen=True, slots=True)
class PngInfo:
    """Pixel size and resolution (dots per inch) of a PNG file."""

    width_px: int
    height_px: int
    dpi_x: float = 96.0
    dpi_y: float = 96.0


def png_info(data: bytes) -> PngInfo | None:
    """Size and resolution of PNG ``data``; None when it is not a PNG file."""
    if not data.startswith(_PNG_SIGNATURE) or len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    if width == 0 or height == 0:
        return None
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"pHYs" and length == 9 and pos + 17 <= len(data):
            ppu_x, ppu_y, unit = struct.unpack(">IIB", data[pos + 8 : pos + 17])
            if unit == 1 and ppu_x and ppu_y:  # pixels per metre
                return PngInfo(width, height, ppu_x * 0.0254, ppu_y * 0.0254)
            break
        if kind in (b"IDAT", b"IEND"):
            break
        pos += 12 + length
    return PngInfo(width, height)


def image_extent(info: PngInfo, width_spec: tuple[float, str] | None, text_width_twips: int) -> tuple[int, int]:
    """Width and height in EMU: the requested width (or the natural one), capped at the text width."""
    natural_w = info.width_px / info.dpi_x * EMU_PER_INCH
    natural_h = info.height_px / info.dpi_y * EMU_PER_INCH
    max_w = text_width_twips * EMU_PER_TWIP
    if width_spec is None:
        width = natural_w
    elif width_spec[1] == "%":
        width = max_w * width_spec[0] / 100.0
    else:
        width = width_spec[0] * _EMU_PER_UNIT[width_spec[1]]
    width = max(1.0, min(width, max_w))
    return round(width), max(1, round(width * natural_h / natural_w))


def drawing_xml(rel_id: str, shape_id: int, name: str, alt: str, cx: int, cy: int) -> str:
    """An inline ``w:drawing`` run showing the image of relationship ``rel_id``."""
    alt_attr = xml_attr(alt)
    name_attr = xml_attr(name)
    return (
        f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{shape_id}" name="{name_attr}" descr="{alt_attr}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{shape_id}" name="{name_attr}" descr="{alt_attr}"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    )
