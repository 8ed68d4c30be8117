"""A reference .docx (pandoc's --reference-doc): its styles, numbering and header logo are used."""

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

from reviewgen.docx.errors import ReferenceDocxError
from reviewgen.docx.styles import STYLE_DEFS
from reviewgen.docx.writer import DocumentMeta, DocxWriter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
META = DocumentMeta(title="With reference", created=dt.datetime(2024, 5, 1))
MARKDOWN = "# Title\n\n> quote with `code`\n\n1. a\n2. b\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx\n```\n"


def _png() -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    raw = b"\x00\xff\x00\x00" * 1
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    """python-docx's own template (it lacks Table, Source Code, Verbatim Char...) with a header logo."""
    document = docx.Document()
    (tmp_path / "logo.png").write_bytes(_png())
    document.sections[0].header.paragraphs[0].add_run().add_picture(str(tmp_path / "logo.png"))
    document.add_paragraph("body text that must not be copied")
    document.styles["Heading 1"].font.name = "Georgia"
    path = tmp_path / "reference.docx"
    document.save(str(path))
    return path


def test_reference_styles_are_used_and_missing_ones_added(reference: Path) -> None:
    data = DocxWriter(reference_docx=reference).convert(MARKDOWN, META)
    document = docx.Document(io.BytesIO(data))
    names = {s.name for s in document.styles}
    assert {s.name for s in STYLE_DEFS} <= names
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert [p.style.name for p in document.paragraphs if p.text] == [
        "Heading 1",
        "Block Text",
        "List Paragraph",
        "List Paragraph",
        "Source Code",
    ]
    assert document.tables[0].style.name == "Table"
    assert "must not be copied" not in "".join(p.text for p in document.paragraphs)
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.testzip() is None
    assert "word/theme/theme1.xml" in package.namelist()


def test_reference_numbering_is_kept_and_ours_follows_it(reference: Path) -> None:
    package = zipfile.ZipFile(io.BytesIO(DocxWriter(reference_docx=reference).convert(MARKDOWN, META)))
    numbering = etree.fromstring(package.read("word/numbering.xml"))
    tags = [child.tag.removeprefix(W) for child in numbering if child.tag in (f"{W}abstractNum", f"{W}num")]
    assert tags.index("num") > max(i for i, tag in enumerate(tags) if tag == "abstractNum")
    nums = numbering.findall(f"{W}num")
    assert len(nums) > 1  # the reference's own instances are still there for its styles
    ours = nums[-1]
    assert ours.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"
    body = etree.fromstring(package.read("word/document.xml"))
    used = {n.get(f"{W}val") for n in body.iter(f"{W}numId")}
    assert used == {ours.get(f"{W}numId")}


def test_header_logo_of_the_reference_is_carried_over(reference: Path) -> None:
    package = zipfile.ZipFile(io.BytesIO(DocxWriter(reference_docx=reference).convert(MARKDOWN, META)))
    header = package.read("word/header1.xml").decode()
    rels = etree.fromstring(package.read("word/_rels/header1.xml.rels"))
    target = rels[0].get("Target")
    assert 'r:embed="rIdLogo1"' in header or 'embed="rIdLogo1"' in header
    assert package.read(f"word/{target}") == _png()
    assert docx.Document(io.BytesIO(package.fp.getvalue())).sections[0].header.paragraphs[0].text  # type: ignore[union-attr]


def test_unusable_reference_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "styles.docx"
    bad.write_text("not a zip")
    with pytest.raises(ReferenceDocxError, match=r"styles\.docx: the reference document cannot be opened"):
        DocxWriter(reference_docx=bad)
    with pytest.raises(ReferenceDocxError, match="cannot be opened"):
        DocxWriter(reference_docx=tmp_path / "missing.docx")
