"""Inline Markdown -> runs: emphasis, code, links, breaks, the <br> contract, progress bars, images."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from lxml import etree

from reviewgen.docx.errors import MarkdownError
from reviewgen.docx.writer import DocumentMeta, DocxWriter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {
    "w": W[1:-1],
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
META = DocumentMeta(title="Inline test", created=dt.datetime(2024, 5, 1, 9, 30))
WRITER = DocxWriter()


def body(markdown: str, **kwargs: object) -> etree._Element:
    data = WRITER.convert(markdown, META, **kwargs)  # type: ignore[arg-type]
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).find(f"{W}body")


def runs(markdown: str) -> list[etree._Element]:
    return body(markdown).findall(f".//{W}r")


def run_text(run: etree._Element) -> str:
    return "".join(t.text or "" for t in run.findall(f"{W}t"))


def props(run: etree._Element) -> set[str]:
    rpr = run.find(f"{W}rPr")
    return set() if rpr is None else {child.tag.removeprefix(W) for child in rpr}


def test_bold_italic_both_and_strikethrough() -> None:
    found = {run_text(r): props(r) for r in runs("**b** *i* ***bi*** ~~s~~ plain")}
    assert {"b", "bCs"} <= found["b"] and "i" not in found["b"]
    assert {"i", "iCs"} <= found["i"] and "b" not in found["i"]
    assert {"b", "i"} <= found["bi"]
    assert "strike" in found["s"]
    assert found[" plain"] == set()


def test_inline_code_uses_the_verbatim_character_style() -> None:
    code = [r for r in runs("see `x < y` here") if run_text(r) == "x < y"]
    assert code[0].find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "VerbatimChar"


def test_link_is_a_real_hyperlink_with_an_external_relationship() -> None:
    data = WRITER.convert("Go to [the site](https://example.com/a?b=1&c=2) now.", META)
    package = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(package.read("word/document.xml"))
    link = root.find(f".//{W}hyperlink")
    rel_id = link.get(f"{{{NS['r']}}}id")
    assert run_text(link.find(f"{W}r")) == "the site"
    assert link.find(f"{W}r/{W}rPr/{W}rStyle").get(f"{W}val") == "Hyperlink"
    rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    rel = next(r for r in rels if r.get("Id") == rel_id)
    assert rel.get("Target") == "https://example.com/a?b=1&c=2"
    assert rel.get("TargetMode") == "External"
    assert docx.Document(io.BytesIO(data)).paragraphs[0].hyperlinks[0].address == "https://example.com/a?b=1&c=2"


def test_autolinks_are_off() -> None:
    root = body("see <https://example.com>")
    assert root.find(f".//{W}hyperlink") is None
    assert "".join(root.itertext()) == "see <https://example.com>"


def test_soft_break_is_a_space_and_hard_breaks_are_line_breaks() -> None:
    paragraph = body("one\ntwo\\\nthree  \nfour").find(f"{W}p")
    assert "".join(paragraph.itertext()) == "one twothreefour"
    assert len(paragraph.findall(f".//{W}br")) == 2


def test_literal_br_is_a_line_break_but_escaped_br_stays_text() -> None:
    paragraph = body("a<br>b<BR/>c \\<br\\> d").find(f"{W}p")
    assert len(paragraph.findall(f".//{W}br")) == 2
    assert "".join(paragraph.itertext()) == "abc <br> d"


def test_small_is_small_print_but_escaped_small_stays_text() -> None:
    found = runs("Check it<br><small>Goals › row 5 · **G5**</small> then \\<small\\>x")
    sizes = {run_text(r): r.find(f"{W}rPr/{W}sz") for r in found if run_text(r)}
    assert {t: (s.get(f"{W}val") if s is not None else None) for t, s in sizes.items()} == {
        "Check it": None,
        "Goals › row 5 · ": "16",
        "G5": "16",
        " then ": None,
        "<": None,
        "small": None,
        ">": None,
        "x": None,
    }
    bold = next(r for r in found if run_text(r) == "G5").find(f"{W}rPr")
    assert [c.tag.removeprefix(W) for c in bold] == ["b", "bCs", "sz", "szCs"]  # schema order


def test_progress_bar_is_two_tone() -> None:
    colours = {run_text(r): r.find(f"{W}rPr/{W}color").get(f"{W}val") for r in runs("███░░ 60%")[:2]}
    assert colours == {"███": "1F4E79", "██": "D0D0D0"}


def test_hostile_text_is_printed_not_interpreted_and_forbidden_characters_are_dropped() -> None:
    text = "{{ 7*7 }} =1+1 <script>alert(1)</script> a\x00b\x07c\ufffe\uffffd \ud800e é 中文 שלום مرحبا 👩‍💼"
    root = body(text)
    assert "".join(root.itertext()) == "{{ 7*7 }} =1+1 <script>alert(1)</script> abcd e é 中文 שלום مرحبا 👩‍💼"


def _png(width: int, height: int, dpi: int | None = None) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    phys = chunk(b"pHYs", struct.pack(">IIB", round(dpi / 0.0254), round(dpi / 0.0254), 1)) if dpi else b""
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + header + phys + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_image_with_width_in_percent_of_the_text_width(tmp_path: Path) -> None:
    (tmp_path / "chart.png").write_bytes(_png(200, 100))
    data = WRITER.convert("![Sales chart](chart.png){width=50%} after", META, base_dir=tmp_path)
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.read("word/media/image1.png") == (tmp_path / "chart.png").read_bytes()
    root = etree.fromstring(package.read("word/document.xml"))
    extent = root.find(".//wp:extent", NS)
    text_width_emu = (11906 - 2 * round(2 * 1440 / 2.54)) * 635
    assert int(extent.get("cx")) == round(text_width_emu / 2)
    assert int(extent.get("cy")) == round(text_width_emu / 4)
    assert root.find(".//wp:docPr", NS).get("descr") == "Sales chart"
    assert "".join(root.itertext()) == " after"
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) == 1


def test_image_without_width_has_its_natural_size(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(_png(300, 150, dpi=300))
    root = body("![logo](logo.png)", base_dir=tmp_path)
    assert abs(int(root.find(".//wp:extent", NS).get("cx")) - 914400) < 20  # 300 dpi stored as dots per metre


def test_missing_image_names_the_source_and_line(tmp_path: Path) -> None:
    with pytest.raises(MarkdownError, match=r"packet-ana\.md, line 3: image 'nope\.png' not found"):
        WRITER.convert("# T\n\n![x](nope.png)", META, source_name="packet-ana.md", base_dir=tmp_path)


def test_remote_and_non_png_images_are_refused(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"GIF89a not a png")
    with pytest.raises(MarkdownError, match="not a local file"):
        WRITER.convert("![x](https://example.com/a.png)", META)
    with pytest.raises(MarkdownError, match="not a PNG file"):
        WRITER.convert("![x](photo.png)", META, base_dir=tmp_path)
