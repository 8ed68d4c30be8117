"""A base package from a reference .docx, like pandoc's ``--reference-doc``.

Taken from the reference: styles (plus ours for any the writer needs that it lacks, as pandoc
does), theme, fonts, settings, web settings, footnote/endnote separators, numbering
definitions and the images (a logo) of its default header. Its body, headers' text,
comments and custom XML are ignored.
"""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree  # type: ignore[import-untyped]

from reviewgen.docx.errors import ReferenceDocxError
from reviewgen.docx.numbering import NumberingBase, abstract_num_xml
from reviewgen.docx.package import (
    CT_APP,
    CT_STYLES,
    REL,
    REL_STYLES,
    BasePackage,
    Rel,
    common_entries,
    rels_xml,
)
from reviewgen.docx.styles import STYLE_DEFS, W_NS
from reviewgen.docx.zip import ZipEntry, compress_entry

_W = f"{{{W_NS}}}"
_R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_KEPT = {f"{REL}/{name}" for name in ("settings", "fontTable", "theme", "webSettings", "footnotes", "endnotes")}
_REL_IMAGE = f"{REL}/image"


def reference_base(path: Path) -> BasePackage:
    """The base package of reference document ``path``; ReferenceDocxError when it cannot be used."""
    try:
        document = docx.Document(str(path))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError, etree.XMLSyntaxError) as exc:
        raise ReferenceDocxError(
            f"{path}: the reference document cannot be opened as a Word .docx ({exc}); "
            "save it from Word or LibreOffice as .docx, or leave the reference document out"
        ) from None
    main = document.part
    style_ids = _complete_styles(document)
    fixed: list[ZipEntry] = list(common_entries())
    overrides: list[tuple[str, str]] = [("/docProps/app.xml", CT_APP), ("/word/styles.xml", CT_STYLES)]
    doc_rels: list[Rel] = [("rId1", REL_STYLES, "styles.xml", False)]
    numbering = NumberingBase.builtin()
    has_numbering = False
    for rel in sorted(main.rels.values(), key=lambda r: r.target_ref):
        if rel.is_external:
            continue
        part = rel.target_part
        if rel.reltype == f"{REL}/numbering":
            numbering = _numbering(part.element)
            has_numbering = True
            continue
        if rel.reltype not in _KEPT:
            continue
        part_rels = list(part.rels.values())
        if any(not r.is_external for r in part_rels):
            continue  # it points at parts we do not carry over
        name = str(part.partname).lstrip("/")
        fixed.append(compress_entry(name, part.blob))
        if part_rels:
            rels_name = name.rsplit("/", 1)
            fixed.append(compress_entry(f"{rels_name[0]}/_rels/{rels_name[1]}.rels", _external_rels(part_rels)))
        overrides.append((f"/{name}", part.content_type))
        doc_rels.append((f"rId{len(doc_rels) + 1}", rel.reltype, rel.target_ref, False))
    header_runs, header_rels, media_defaults = _header_logo(document, fixed)
    styles_xml = etree.tostring(document.styles.element, xml_declaration=True, encoding="UTF-8", standalone=True)
    return BasePackage(
        fixed=tuple(fixed),
        styles_template=styles_xml,
        overrides=tuple(overrides),
        defaults=tuple(media_defaults),
        document_rels=tuple(doc_rels),
        style_ids=style_ids,
        numbering=numbering,
        always_numbering=has_numbering,
        header_runs=header_runs,
        header_rels=tuple(header_rels),
    )


def _complete_styles(document: Any) -> dict[str, str]:
    """Writer style key -> style id, adding our definition of each style the reference lacks."""
    from reviewgen.docx.package import LANG_PLACEHOLDER

    styles = document.styles
    root = styles.element
    found: dict[tuple[str, str], str] = {}
    for el in root.findall(f"{_W}style"):
        name_el = el.find(f"{_W}name")
        if name_el is not None:
            found.setdefault((el.get(f"{_W}type", ""), name_el.get(f"{_W}val", "").lower()), el.get(f"{_W}styleId", ""))
    taken = {el.get(f"{_W}styleId") for el in root.findall(f"{_W}style")}
    ids: dict[str, str] = {}
    ours_to_theirs: dict[str, str] = {}
    missing = []
    for style in STYLE_DEFS:
        their_id = found.get((style.kind, style.name.lower()))
        if their_id is None and style.kind == "paragraph" and style.key in ("header", "footer"):
            their_id = found.get((style.kind, style.key))
        if their_id:
            ids[style.key] = ours_to_theirs[style.style_id] = their_id
        else:
            missing.append(style)
    for style in missing:
        new_id = style.style_id if style.style_id not in taken else f"Rg{style.style_id}"
        ids[style.key] = ours_to_theirs[style.style_id] = new_id
        taken.add(new_id)
    for style in missing:
        el = etree.fromstring(f'<w:styles xmlns:w="{W_NS}">{style.xml}</w:styles>')[0]
        el.set(f"{_W}styleId", ids[style.key])
        el.attrib.pop(f"{_W}default", None)  # the reference keeps its own defaults
        for ref in (el.find(f"{_W}basedOn"), el.find(f"{_W}next")):
            if ref is not None:
                ref.set(f"{_W}val", ours_to_theirs.get(ref.get(f"{_W}val", ""), ref.get(f"{_W}val", "")))
        root.append(el)
    _set_language_placeholder(root, LANG_PLACEHOLDER)
    return ids


def _set_language_placeholder(root: Any, placeholder: str) -> None:
    defaults = root.find(f"{_W}docDefaults")
    if defaults is None:
        defaults = etree.Element(f"{_W}docDefaults")
        root.insert(0, defaults)
    rpr_default = defaults.find(f"{_W}rPrDefault")
    if rpr_default is None:
        rpr_default = etree.SubElement(defaults, f"{_W}rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(f"{_W}rPr")
    if rpr is None:
        rpr = etree.SubElement(rpr_default, f"{_W}rPr")
    lang = rpr.find(f"{_W}lang")
    if lang is None:
        lang = etree.SubElement(rpr, f"{_W}lang")
    lang.set(f"{_W}val", placeholder)


def _numbering(root: Any) -> NumberingBase:
    abstracts = root.findall(f"{_W}abstractNum")
    nums = root.findall(f"{_W}num")
    top_abstract = max((int(a.get(f"{_W}abstractNumId", "0")) for a in abstracts), default=0)
    top_num = max((int(n.get(f"{_W}numId", "0")) for n in nums), default=0)
    declarations = " ".join(
        f'xmlns:{prefix}="{uri}"' if prefix else f'xmlns="{uri}"' for prefix, uri in root.nsmap.items()
    )
    attributes = "".join(
        f' {etree.QName(key).localname if etree.QName(key).namespace is None else _prefixed(root, key)}="{value}"'
        for key, value in root.attrib.items()
    )
    bullet_id, decimal_id = top_abstract + 1, top_abstract + 2

    def serialise(el: Any) -> str:
        return str(etree.tostring(el, encoding="unicode"))

    return NumberingBase(
        root_open=f"<w:numbering {declarations}{attributes}>",
        abstract_nums="".join(serialise(a) for a in abstracts)
        + abstract_num_xml(bullet_id, bullet=True)
        + abstract_num_xml(decimal_id, bullet=False),
        nums="".join(serialise(n) for n in nums),
        bullet_abstract_id=bullet_id,
        decimal_abstract_id=decimal_id,
        first_num_id=top_num + 1,
    )


def _prefixed(root: Any, key: str) -> str:
    qname = etree.QName(key)
    prefix = next((p for p, uri in root.nsmap.items() if uri == qname.namespace), None)
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def _external_rels(part_rels: list[Any]) -> bytes:
    return rels_xml([(r.rId, r.reltype, r.target_ref, True) for r in part_rels])


def _header_logo(document: Any, fixed: list[ZipEntry]) -> tuple[str, list[Rel], list[tuple[str, str]]]:
    """Runs showing the images of the reference's first default header, their relationships and media."""
    header = document.sections[0].header
    if header.is_linked_to_previous:
        return "", [], []
    part = header.part
    runs: list[str] = []
    rels: list[Rel] = []
    defaults: dict[str, str] = {}
    for number, drawing in enumerate(part.element.iter(f"{_W}drawing"), start=1):
        run = drawing.getparent()
        if run is None or run.tag != f"{_W}r":
            continue
        run = copy.deepcopy(run)
        usable = True
        for blip in run.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"):
            rel = part.rels.get(blip.get(_R_EMBED, ""))
            if rel is None or rel.is_external or rel.reltype != _REL_IMAGE:
                usable = False
                break
            image = rel.target_part
            ext = str(image.partname).rsplit(".", 1)[-1].lower()
            name = f"media/reference-header{len(rels) + 1}.{ext}"
            rel_id = f"rIdLogo{len(rels) + 1}"
            fixed.append(compress_entry(f"word/{name}", image.blob, level=1))
            rels.append((rel_id, _REL_IMAGE, name.removeprefix("word/"), False))
            defaults.setdefault(ext, image.content_type)
            blip.set(_R_EMBED, rel_id)
        if not usable:
            continue
        for doc_pr in run.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
            doc_pr.set("id", str(10000 + number))
        runs.append(etree.tostring(run, encoding="unicode"))
    # Relative targets are resolved against word/, where header1.xml lives.
    rels = [(rid, kind, re.sub(r"^word/", "", target), ext) for rid, kind, target, ext in rels]
    return "".join(runs), rels, [(ext, ct) for ext, ct in defaults.items() if ext != "png"]
