"""What makes a printed page read well: parts on new pages, labels and short tables kept with what follows,
progress bars as shaded cells, hex colours only, a font with CJK glyphs for East Asian text."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from lxml import etree

from reviewgen.docx.widths import column_widths
from reviewgen.docx.writer import DocumentMeta, DocxWriter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
META = DocumentMeta(title="Layout test", created=dt.datetime(2024, 5, 1))
WRITER = DocxWriter()


def package(markdown: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(WRITER.convert(markdown, META)))


def body(markdown: str) -> etree._Element:
    return etree.fromstring(package(markdown).read("word/document.xml")).find(f"{W}body")


def text(el: etree._Element) -> str:
    return "".join(el.itertext())


def test_a_level_one_heading_after_the_first_starts_a_new_page() -> None:
    paragraphs = body("# Preparation\n\nText\n\n# Packet\n\n## Goals\n\n# Next cycle\n").findall(f"{W}p")
    breaks = {text(p): p.find(f"{W}pPr/{W}pageBreakBefore") is not None for p in paragraphs}
    assert breaks == {"Preparation": False, "Text": False, "Packet": True, "Goals": False, "Next cycle": True}


def test_no_gap_paragraph_between_a_table_and_a_page_break() -> None:
    # The gap after a table that fills its page would spill onto a page of its own, which the break then
    # leaves blank; before a paragraph or another table the gap stays (two tables must not merge).
    table = "| A | B |\n| --- | --- |\n| 1 | 2 |\n"
    for markdown in (f"# First\n\n{table}\n# Next\n", f"{table}\n\\newpage\n\nAfter\n"):
        children = list(body(markdown))
        after = children[[c.tag for c in children].index(f"{W}tbl") + 1]
        breaks = after.find(f"{W}pPr/{W}pageBreakBefore") is not None or after.find(f".//{W}br") is not None
        assert breaks, markdown
    children = list(body(f"{table}\nText\n\n{table}"))
    assert [c.tag.removeprefix(W) for c in children] == ["tbl", "p", "p", "tbl", "p", "sectPr"]
    assert text(children[1]) == "" and text(children[2]) == "Text"


def test_label_paragraphs_keep_with_what_follows() -> None:
    paragraphs = body("**Comments**\n\n- one\n\nQuestions for the conversation:\n\n1. two\n\nPlain text.\n").findall(
        f"{W}p"
    )
    keep = {text(p): p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs}
    assert keep["Comments"] and keep["Questions for the conversation:"]
    assert not keep["Plain text."] and not keep["one"]


def _rows(table: etree._Element) -> list[bool]:
    """Per row: do its paragraphs keep with the next row?"""
    return [
        all(p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(f"{W}p")) for row in table.findall(f"{W}tr")
    ]


def test_short_tables_stay_whole_and_long_ones_never_leave_one_row_alone() -> None:
    short = "| a |\n| --- |\n" + "| x |\n" * 4
    assert _rows(body(short).find(f"{W}tbl")) == [True, True, True, True, False]
    long = "| a |\n| --- |\n" + "".join(f"| row {n} |\n" for n in range(20))
    kept = _rows(body(long).find(f"{W}tbl"))
    assert kept[:2] == [True, True] and kept[-2:] == [True, False] and not any(kept[2:-2])


def test_a_progress_bar_in_a_cell_is_a_row_of_shaded_cells_never_text() -> None:
    table = body("| Progress |\n| --- |\n| ███░░░░░░░ 30\u00a0%<br>*counts as 30\u00a0%* |\n").find(f"{W}tbl")
    cell = table.findall(f"{W}tr")[1].find(f"{W}tc")
    bar = cell.find(f"{W}tbl")
    assert bar is not None, "the bar is a nested table"
    fills = [tc.find(f"{W}tcPr/{W}shd").get(f"{W}fill") for tc in bar.iter(f"{W}tc")]
    widths = [int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for tc in bar.iter(f"{W}tc")]
    assert fills == ["1F4E79", "D0D0D0"]
    assert abs(widths[0] / sum(widths) - 0.3) < 0.01  # 3 of 10 cells done
    assert "█" not in text(cell) and "░" not in text(cell)
    assert text(cell).startswith("30\u00a0%") and "counts as 30" in text(cell)
    # A cell ends with a paragraph (Word requires it): the percentage comes after the bar.
    assert etree.QName(cell[-1]).localname == "p"


def test_full_and_empty_bars_have_one_shaded_cell() -> None:
    for bar, fill in (("██████████", "1F4E79"), ("░░░░░░░░░░", "D0D0D0")):
        nested = body(f"| p |\n| --- |\n| {bar} 0 % |\n").find(f"{W}tbl").find(f".//{W}tc/{W}tbl")
        assert [tc.find(f"{W}tcPr/{W}shd").get(f"{W}fill") for tc in nested.iter(f"{W}tc")] == [fill]


def test_column_widths_follow_printed_text_not_markup() -> None:
    # "**AT RISK**<br>due 31 Dec 2026<br>**overdue**" prints as three short lines: it needs no more room than
    # "due 31 Dec 2026", while a long goal title takes the room it needs.
    title = "**Cut onboarding time from 30 to 20 days for every new mid-size customer account**"
    widths = column_widths([["Goal", "Status"], [title, "**AT RISK**<br>due 31 Dec 2026<br>**overdue**"]], 9000)
    assert widths[0] > 2.5 * widths[1]


def test_a_chart_image_counts_at_its_width_not_its_link() -> None:
    # A 3 cm bar and "93 %" need about 21 characters, not the 55 of the Markdown link: the label gets the room.
    label = "**ENG-1** Migrate 60% of customers to the real-time ledger across every region we serve"
    bar = "![93 %](../../charts/bar-solid-093.png){width=3cm} 93 %"
    widths = column_widths([["Objective", "Goals", "Progress"], [label, "21", bar]], 9972, header_rows=1)
    # 3 cm = 1701 twips, plus "93 %" and the cell padding (before: 4458 for the bar, 4685 for the label).
    assert widths[2] < 3000 < 6300 < widths[0], widths


def test_a_chart_line_never_wraps_in_a_squeezed_table() -> None:
    # The one-pager: long objective titles squeeze the table, yet "goals [2 cm bar] 91 %" stays on one line.
    objective = "**C1** Grow annual recurring revenue from 38M to 46M EUR across every market<br>*Zoë Ångström*"
    kpi = "ARR: 38 → 46 M EUR and a long explanation of how the KPI is measured each quarter"
    kpi_bar = "KPI ![64 %](charts/bar-solid-064.png){width=2cm} 64 %"
    chart = f"{kpi_bar}<br>goals ![91 %](charts/bar-hatch-091.png){{width=2cm}} 91 %"
    header = ["Objective (owner)", "KPI: baseline → target", "Latest", "Progress: KPI; goals done"]
    widths = column_widths([header, [objective, kpi, "43.1", chart]], 9638, header_rows=1)
    assert widths[3] >= 1134 + len("goals  91 %") * 106 + 220, widths  # 2 cm, the text, the cell padding


def test_headers_wrap_before_a_cell_does() -> None:
    # The cells fit on one line only if the long headers over short figures wrap ("Goal / progress").
    header = ["Name", "Overall", "Goal progress", "Check-ins", "Self − manager"]
    row = ["Aleksandra Konstantinopoulou", "3.7 – Exceeds", "99 %", "2, last 20 Oct 2026 **overdue**", "+0.2 **check**"]
    widths = column_widths([header, row], 9972, header_rows=1)
    # Before: [2659, 1598, 1528, 2553, 1634]; the name and the check-ins wrapped in LibreOffice on Letter.
    assert widths[0] >= 3000 and widths[3] >= 2850, widths
    assert widths[2] < len("Goal progress") * 106 and widths[4] < len("Self − manager") * 106, widths


def test_every_colour_is_a_hex_colour() -> None:
    zf = package("# Title\n\nText")
    for name in ("word/styles.xml", "word/header1.xml", "word/document.xml"):
        for value in re.findall(rb'w:(?:color|fill) w:val="([^"]*)"|w:fill="([^"]*)"', zf.read(name)):
            colour = next(v for v in value if v)
            assert re.fullmatch(rb"[0-9A-F]{6}|auto", colour), (name, colour)


def test_east_asian_text_gets_a_font_with_cjk_glyphs() -> None:
    zf = package("佐藤 花子")
    fonts = etree.fromstring(zf.read("word/styles.xml")).find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}ascii") == "Calibri"
    assert fonts.get(f"{W}eastAsia") == "Noto Sans CJK SC"
    table = etree.fromstring(zf.read("word/fontTable.xml"))
    cjk = table.find(f"{W}font[@{W}name='Noto Sans CJK SC']")
    assert cjk is not None and cjk.find(f"{W}altName").get(f"{W}val") == "Microsoft YaHei"


def test_app_properties_have_their_content_type() -> None:
    types = package("x").read("[Content_Types].xml").decode()
    assert (
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' in types
    )
