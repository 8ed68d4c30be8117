"""A form's .xlsx package: its sheets (reviewgen.forms.xlsx_sheet) zipped with the workbook part, the fixed
style sheet, theme, relationships and document properties.

The parts that are the same in every form (styles, theme, content types and relationships for a number of
sheets) are made and compressed once per process (the deterministic ZIP writer of reviewgen.docx.zip, which
Word documents use the same way). Same input, same bytes: the zip entries carry one fixed timestamp and the
properties carry the cycle's date, never the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache

from openpyxl.writer.theme import theme_xml

from reviewgen.docx.zip import ZipEntry, build_zip, compress_entry
from reviewgen.forms.layout import clean_text
from reviewgen.forms.xlsx_sheet import SheetXml
from reviewgen.forms.xlsx_styles import STYLES_XML
from reviewgen.forms.xlsx_text import XML_HEAD, attr
from reviewgen.model.documents import Paper

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument"
_THEME = theme_xml.encode("utf-8") if isinstance(theme_xml, str) else bytes(theme_xml)
_ROOT_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
).encode()
_STATE = {"visible": "", "hidden": ' state="hidden"', "veryHidden": ' state="veryHidden"'}
_APP = (
    f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>reviewgen</Application></Properties>"
).encode()


@cache
def _content_types(sheets: int) -> bytes:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_OFFICE}.spreadsheetml.worksheet+xml"/>'
        for i in range(1, sheets + 1)
    )
    return (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE}.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        f'<Override PartName="/xl/theme/theme1.xml" ContentType="{_OFFICE}.theme+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_OFFICE}.extended-properties+xml"/>'
        "</Types>"
    ).encode()


@cache
def _workbook_rels(sheets: int) -> bytes:
    links = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, sheets + 1)
    )
    return (
        f'{XML_HEAD}<Relationships xmlns="{_PKG_REL}">{links}'
        f'<Relationship Id="rId{sheets + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{sheets + 2}" Type="{_REL}/theme" Target="theme/theme1.xml"/>'
        "</Relationships>"
    ).encode()


def _defined_names(index: int, sheet: SheetXml) -> str:
    """The filter range, print titles and print area of one sheet, as the workbook part names them."""
    quoted = attr("'" + sheet.title.replace("'", "''") + "'")
    names: list[tuple[str, str]] = []
    if sheet.auto_filter:
        names.append(("_FilterDatabase", _absolute(sheet.auto_filter)))
    if sheet.page is not None and sheet.page.title_rows:
        top, bottom = sheet.page.title_rows.split(":")
        names.append(("Print_Titles", f"${top}:${bottom}"))
    if sheet.print_area:
        names.append(("Print_Area", _absolute(sheet.print_area)))
    return "".join(
        f'<definedName name="_xlnm.{name}" localSheetId="{index}"{_HIDDEN.get(name, "")}>{quoted}!{ref}</definedName>'
        for name, ref in names
    )


_HIDDEN = {"_FilterDatabase": ' hidden="1"'}


def _absolute(area: str) -> str:
    """``"A2:O20"`` -> ``"$A$2:$O$20"``."""
    return ":".join(f"${column}${row}" for column, row in _split_ref(area))


def _split_ref(area: str) -> tuple[tuple[str, str], ...]:
    """``"A2:O20"`` -> (("A", "2"), ("O", "20"))."""
    out = []
    for ref in area.split(":"):
        digits = next(i for i, ch in enumerate(ref) if ch.isdigit())
        out.append((ref[:digits], ref[digits:]))
    return tuple(out)


def _workbook(sheets: Sequence[SheetXml], active: int) -> bytes:
    listed = "".join(
        f'<sheet name="{attr(s.title)}" sheetId="{i}"{_STATE[s.state]} r:id="rId{i}"/>'
        for i, s in enumerate(sheets, start=1)
    )
    names = "".join(_defined_names(i, s) for i, s in enumerate(sheets))
    return (
        f'{XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/><workbookProtection lockStructure="1"/>'
        f'<bookViews><workbookView activeTab="{active}"/></bookViews><sheets>{listed}</sheets>'
        f"{f'<definedNames>{names}</definedNames>' if names else ''}"
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    ).encode()


def _core(title: str, creator: str, when: dt.datetime) -> bytes:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    who = attr(clean_text(creator))
    return (
        f"{XML_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{attr(clean_text(title))}</dc:title><dc:creator>{who}</dc:creator>"
        f"<cp:lastModifiedBy>{who}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    ).encode()


def package_bytes(
    sheets: Sequence[SheetXml],
    *,
    active: int,
    title: str,
    when: dt.datetime,
    creator: str = "reviewgen",
    paper: Paper = "a4",
) -> bytes:
    """The .xlsx file of ``sheets`` (in tab order), ``active`` the 0-based tab it opens on; structure locked;
    printed sheets laid out for ``paper``.

    ``title``, ``creator`` and ``when`` (created and modified) are its document properties.
    """
    count = len(sheets)
    entries = [
        _static(count)[:3],
        (
            compress_entry("docProps/core.xml", _core(title, creator, when)),
            compress_entry("xl/workbook.xml", _workbook(sheets, active)),
        ),
        _static(count)[3:],
        tuple(
            compress_entry(f"xl/worksheets/sheet{i}.xml", sheet.xml(paper)) for i, sheet in enumerate(sheets, start=1)
        ),
    ]
    return build_zip(entry for group in entries for entry in group)


@cache
def _static(sheets: int) -> tuple[ZipEntry, ...]:
    """The parts every package of ``sheets`` sheets shares, compressed once per process."""
    return (
        compress_entry("[Content_Types].xml", _content_types(sheets)),
        compress_entry("_rels/.rels", _ROOT_RELS),
        compress_entry("docProps/app.xml", _APP),
        compress_entry("xl/_rels/workbook.xml.rels", _workbook_rels(sheets)),
        compress_entry("xl/styles.xml", STYLES_XML),
        compress_entry("xl/theme/theme1.xml", _THEME),
    )
