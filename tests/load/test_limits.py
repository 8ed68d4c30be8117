"""Bounded work on any input (issue 9 item 9): small crafted files that used to take gigabytes are refused at once,
exit 2, one line naming the limit and the setting that raises it."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from testkit.builders import clean_workbook

from reviewgen.cli import main
from reviewgen.errors import ConfigError, LimitError
from reviewgen.load.config import read_config
from reviewgen.load.limits import DEFAULT_LIMITS, Limits, check_archive
from reviewgen.load.workbook import load_workbook
from reviewgen.load.xlsx_reader import XlsxBook

SETTING = "if the file is genuine, raise it with [limits] in reviewgen.toml beside the workbook"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="reviewgen")
    return result.exit_code, result.stdout, result.stderr


def rewrite_part(path: Path, part: str, change: object) -> Path:
    """Rewrite one part of the .xlsx at ``path`` with ``change(xml_bytes) -> bytes``."""
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            out.writestr(info.filename, change(data) if info.filename == part else data)  # type: ignore[operator]
    return path


def goals_part(path: Path) -> str:
    with XlsxBook(str(path)) as book:
        return book._paths["Goals"]


def test_a_whitespace_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path)
    part = goals_part(path)
    rewrite_part(path, part, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 5_000_000, 1))
    started = time.monotonic()
    code, out, err = run("check", str(path))
    assert time.monotonic() - started < 10
    assert (code, out) == (2, "")
    assert err.startswith(f"reviewgen: error: {path}: part {part} is compressed ")
    assert f" to 1 (a zip bomb?), above the limit of 100 to 1: {SETTING} (ratio = " in err
    assert err.count("\n") == 1


def test_a_part_bigger_than_the_limit_is_refused_and_the_setting_raises_it(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path, "big.xlsx")
    rows = "".join(
        f'<row r="{i}"><c r="C{i}" t="inlineStr"><is><t>goal {i * 7919 % 10007}</t></is></c></row>'
        for i in range(9, 30_000)
    )
    rewrite_part(path, goals_part(path), lambda xml: xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>"))
    (tmp_path / "reviewgen.toml").write_text("[limits]\npart_mb = 1\n", encoding="utf-8")
    code, _, err = run("check", str(path))
    part = goals_part(path)
    assert code == 2
    assert err.startswith(f"reviewgen: error: {path}: part {part} unpacks to ")
    assert err.endswith(
        f" MB, above the limit of 1 MB per part: {SETTING} (part_mb = 3), otherwise ask for a clean copy of the file\n"
    )
    (tmp_path / "reviewgen.toml").write_text("[limits]\npart_mb = 3\n", encoding="utf-8")
    assert run("check", str(path))[0] in (0, 1)


def test_a_cell_in_column_xfd_is_refused_at_that_cell(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path)
    part = goals_part(path)
    stray = b'<c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>'
    rewrite_part(path, part, lambda xml: xml.replace(b"</row>", stray, 2).replace(stray, b"</row>", 1))
    with pytest.raises(LimitError) as err:
        load_workbook(path)
    assert err.value.message == (
        f'{path}: sheet "Goals" has a cell in column XFD (number 16,384), row 2, above the limit of 1,000 columns: '
        f"{SETTING} (columns = 16384), otherwise ask for a clean copy of the file"
    )


def test_rows_and_cells_are_bounded(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path)
    with pytest.raises(LimitError, match=r"has a row numbered 6, above the limit of 5 rows: .* \(rows = 6\)"):
        load_workbook(path, config=read_config_text(tmp_path, "[limits]\nrows = 5\n"))
    with pytest.raises(LimitError, match=r"holds more than 40 cells .* above the limit of 40 cells: .*\(cells = 80\)"):
        load_workbook(path, config=read_config_text(tmp_path, "[limits]\ncells = 40\n"))


def read_config_text(folder: Path, text: str):  # type: ignore[no-untyped-def]
    (folder / "reviewgen.toml").write_text(text, encoding="utf-8")
    return read_config(folder / "reviewgen.toml")


@pytest.mark.parametrize("text", ["[limits]\nrows = 0\n", "[limits]\ncells = 'many'\n", "[limits]\nsheets = 3\n"])
def test_a_bad_limit_setting_is_a_clear_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError, match=r"reviewgen\.toml: \[limits\] "):
        read_config_text(tmp_path, text)


def test_defaults_are_the_documented_ones() -> None:
    assert Limits() == Limits(part_mb=250, total_mb=1_000, ratio=100, rows=1_048_576, columns=1_000, cells=10_000_000)


def declare_sizes(path: Path, part: str, file_size: int, compress_size: int) -> Path:
    """``path`` with the central directory entry of ``part`` declaring these sizes (what check_archive reads)."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    at = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    assert data[at + 46 : at + 46 + len(name)] == name
    data[at + 20 : at + 24] = compress_size.to_bytes(4, "little")
    data[at + 24 : at + 28] = file_size.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def test_the_defaults_admit_a_50000_person_cycle_and_refuse_a_bomb_or_a_bigger_part(tmp_path: Path) -> None:
    """docs/loading.md: the 50,000-person cycle's Goals sheet unpacks to 128 MB at 11.7 to 1, its 6.1 million
    cells are under the cell limit; a part over 250 MB and a 1,000 to 1 bomb are refused by their declared sizes."""
    path = clean_workbook(tmp_path)
    part = goals_part(path)
    with zipfile.ZipFile(declare_sizes(path, part, 128_100_000, 10_950_000)) as archive:
        check_archive(str(path), archive, DEFAULT_LIMITS)
    assert DEFAULT_LIMITS.cells > 6_100_000 and DEFAULT_LIMITS.total_mb > 366  # all of its parts: 365.4 MB
    too_big = r"unpacks to 251 MB, above the limit of 250 MB per part: .*part_mb = 251"
    with (
        zipfile.ZipFile(declare_sizes(path, part, 250_100_000, 21_000_000)) as archive,
        pytest.raises(LimitError, match=too_big),
    ):
        check_archive(str(path), archive, DEFAULT_LIMITS)
    bomb = r"is compressed 1,000 to 1 \(a zip bomb\?\), above the limit of 100 to 1"
    with (
        zipfile.ZipFile(declare_sizes(path, part, 128_100_000, 128_100)) as archive,
        pytest.raises(LimitError, match=bomb),
    ):
        check_archive(str(path), archive, DEFAULT_LIMITS)


def test_out_of_memory_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewgen import api

    def no_memory(*_args: object, **_kwargs: object) -> object:
        raise MemoryError

    monkeypatch.setattr(api, "check_workbook", no_memory)
    code, out, err = run("check", str(clean_workbook(tmp_path)))
    assert (code, out) == (2, "")
    assert err == (
        "reviewgen: error: out of memory: the input is too large for this computer; see docs/reliability.md for "
        "the size limits and the settings that raise them\n"
    )


def test_parts_each_under_the_part_limit_are_refused_together_and_the_setting_raises_it(tmp_path: Path) -> None:
    path = clean_workbook(tmp_path, "many.xlsx")
    rows = "".join(f'<row r="{i}"><c r="C{i}"><v>{i * 7919 % 10007}</v></c></row>' for i in range(9, 30_000))
    rewrite_part(path, goals_part(path), lambda xml: xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>"))
    (tmp_path / "reviewgen.toml").write_text("[limits]\npart_mb = 2\ntotal_mb = 1\n", encoding="utf-8")
    code, out, err = run("check", str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"reviewgen: error: {path}: its parts unpack to 2 MB in all, above the limit of 1 MB in all: {SETTING} "
        "(total_mb = 2), otherwise ask for a clean copy of the file\n"
    )
    (tmp_path / "reviewgen.toml").write_text("[limits]\npart_mb = 2\ntotal_mb = 2\n", encoding="utf-8")
    assert run("check", str(path))[0] in (0, 1)
