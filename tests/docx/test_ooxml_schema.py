"""Every part we write into a .docx or .xlsx validates against the Office Open XML schemas (ISO/IEC 29500
transitional, as the Open XML SDK encodes them), checked offline with openxml-audit (a test extra from PyPI).

Word and Excel are stricter than LibreOffice: an element out of schema order, or a colour that is not a hex
colour (the Title style once carried the literal "{ACCENT}"), opens in LibreOffice but makes Word report
unreadable content. Covered here: review packets (both editions, with progress bars as shaded cells), a team
scorecard, the one-pager, a handout, a manager form and the blank workbook.

Two semantic notes of the validator are allowed, because the standard allows what they flag: a Word document
without a theme part (ISO/IEC 29500-1 §11.3: the theme part is optional), and inline-string cells in a
worksheet (§18.3.1.4 ``t="inlineStr"``; Excel moves them to shared strings when it next saves). Any other
finding fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from testkit.builders import clean_workbook

from reviewgen import api
from reviewgen.forms.write import write_forms
from reviewgen.load.workbook import load_workbook
from reviewgen.workbooks.blank import write_blank_workbook

audit = pytest.importorskip("openxml_audit", reason="openxml-audit is a test extra: pip install '.[test]'")

ALLOWED = (
    re.compile(r"A required relationship type '[^']*/relationships/theme' is missing"),
    re.compile(r"inline-string cell\(s\)"),
)


def problems(path: Path) -> list[str]:
    result = audit.OpenXmlValidator(max_errors=50).validate(str(path))
    found = [f"{path.name}: {e}" for e in result.errors]
    return [p for p in found if not any(rule.search(p) for rule in ALLOWED)]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("ooxml")
    book = clean_workbook(tmp)
    out = tmp / "out"
    api.build_documents(book, out, api.BuildOptions.from_cli(formats="docx", jobs=1))
    docs = sorted(out.rglob("*.docx"))
    wanted = [d for d in docs if "Alan Turing" in d.name or "Team scorecard - P2" in d.name]
    wanted += [d for d in docs if d.parent.name == "strategy"][:2]
    forms = write_forms(load_workbook(book), tmp / "forms", secret=b"s" * 32)
    return [*wanted, forms[0], write_blank_workbook(tmp / "blank.xlsx")]


def test_every_part_validates(written: list[Path]) -> None:
    kinds = {p.suffix for p in written}
    assert kinds == {".docx", ".xlsx"} and len(written) >= 6
    found = [problem for path in written for problem in problems(path)]
    assert not found, "\n".join(found[:40])


def test_the_validator_does_catch_what_word_rejects(tmp_path: Path, written: list[Path]) -> None:
    """The counterpart, so the test can fail: the old Title colour and an element out of order are reported."""
    import zipfile

    source = next(p for p in written if p.suffix == ".docx")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(broken, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "word/styles.xml":
                data = data.replace(b'w:val="1F4E79"', b'w:val="{ACCENT}"', 1)
            if name == "word/document.xml":
                data = data.replace(b"<w:pPr><w:pStyle", b'<w:pPr><w:jc w:val="left"/><w:pStyle', 1)
            zout.writestr(name, data)
    found = "\n".join(problems(broken))
    assert "{ACCENT}" in found and "Unexpected element 'pStyle'" in found
