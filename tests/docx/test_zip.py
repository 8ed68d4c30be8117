"""The tiny ZIP writer: zipfile reads what it writes, byte for byte, deterministically."""

from __future__ import annotations

import io
import zipfile

from reviewgen.docx.zip import EntryMemo, build_zip, compress_entry


def test_zipfile_reads_every_entry_back() -> None:
    contents = {"a.txt": b"hello " * 1000, "dir/b.xml": b"<x/>", "empty": b""}
    data = build_zip(compress_entry(name, body) for name, body in contents.items())
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert archive.namelist() == list(contents)
    for name, body in contents.items():
        assert archive.read(name) == body
        assert archive.getinfo(name).date_time == (1980, 1, 1, 0, 0, 0)
        assert archive.getinfo(name).compress_type == zipfile.ZIP_DEFLATED


def test_same_entries_give_identical_bytes() -> None:
    first = build_zip([compress_entry("x", b"abc"), compress_entry("y", b"def")])
    second = build_zip([compress_entry("x", b"abc"), compress_entry("y", b"def")])
    assert first == second


def test_precompressed_entry_can_be_reused_in_many_archives() -> None:
    shared = compress_entry("shared.xml", b"<styles/>" * 50)
    for own in (b"one", b"two"):
        archive = zipfile.ZipFile(io.BytesIO(build_zip([compress_entry("own", own), shared])))
        assert archive.read("shared.xml") == b"<styles/>" * 50
        assert archive.read("own") == own


def test_entry_memo_gives_the_entry_compress_entry_gives_and_reuses_it() -> None:
    memo = EntryMemo()
    content = b"<w:numbering/>" * 40
    first = memo.compress("word/numbering.xml", content)
    assert first == compress_entry("word/numbering.xml", content)
    assert memo.compress("word/numbering.xml", bytes(content)) is first  # equal bytes, another object
    assert memo.compress("word/numbering.xml", content + b" ") is not first
    assert memo.compress("word/other.xml", content).name == b"word/other.xml"


def test_entry_memo_is_bounded_by_the_bytes_it_holds() -> None:
    memo = EntryMemo(limit=1_000)
    for number in range(50):
        memo.compress(f"part{number}.xml", str(number).encode() * 100)
    assert 0 < len(memo) < 10  # cleared when full, never more than the limit's worth
    kept = len(memo)
    memo.compress("huge.xml", b"x" * 5_000)
    assert len(memo) == kept  # larger than the whole memo: neither kept nor a reason to forget the others
