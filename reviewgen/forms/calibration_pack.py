"""The calibration pack: the meeting's figures in Markdown and Word, for the room (templates/calibration.md.j2).

Rendered by the same template environment and Word writer as every document (reviewgen.render.templating,
reviewgen.docx.writer); its bar charts are the shared PNGs of reviewgen.render.charts, written once into
``charts/`` of the output folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from reviewgen.files.output import OutputTree
from reviewgen.model.documents import Paper
from reviewgen.model.workbook import Workbook
from reviewgen.render.charts import CHARTS_FOLDER, charts_in, draw_chart
from reviewgen.render.context.calibration import Meeting

if TYPE_CHECKING:
    from reviewgen.docx.writer import DocxWriter
    from reviewgen.render.templating import TemplateRenderer

TEMPLATE = "calibration.md.j2"


class PackRenderer:
    """One template renderer and one Word writer for all the packs of a run (both are costly to set up)."""

    def __init__(self, templates_dir: Path | None = None, paper: Paper = "a4") -> None:
        self.templates_dir = templates_dir
        self.paper: Paper = paper
        self._templates: TemplateRenderer | None = None
        self._docx: DocxWriter | None = None
        self.drawn: set[str] = set()

    @property
    def templates(self) -> TemplateRenderer:
        if self._templates is None:
            from reviewgen.render.templating import TemplateRenderer

            self._templates = TemplateRenderer(self.templates_dir)
        return self._templates

    @property
    def docx(self) -> DocxWriter:
        if self._docx is None:
            from reviewgen.docx.writer import DocxWriter

            self._docx = DocxWriter(paper=self.paper)
        return self._docx


def write_pack(tree: OutputTree, renderer: PackRenderer, wb: Workbook, figures: Meeting, stem: str) -> list[str]:
    """Write ``stem``.md and ``stem``.docx (and any chart not yet written) into ``tree``; return their paths."""
    from reviewgen.docx.writer import DocumentMeta

    text = renderer.templates.render(
        TEMPLATE, {"meeting": figures, "company": wb.cycle.company, "cycle": wb.cycle, "chart_root": ""}
    )
    for name in charts_in(text):
        if name not in renderer.drawn:
            renderer.drawn.add(name)
            tree.write_shared(f"{CHARTS_FOLDER}/{name}", draw_chart(name), kind="chart")
    cycle = wb.cycle
    meta = DocumentMeta(
        title=f"Calibration pack: {figures.scope}",
        created=dt.datetime.combine(cycle.start or cycle.end or dt.date(2000, 1, 1), dt.time()),
        subject=f"{cycle.company} {cycle.name}".strip(),
        author=cycle.company,
        confidentiality=cycle.confidentiality,
    )
    md, docx = f"{stem}.md", f"{stem}.docx"
    tree.write(md, text.encode("utf-8"), kind="calibration pack")
    tree.write(docx, renderer.docx.convert(text, meta, source_name=md, base_dir=tree.root), kind="calibration pack")
    return [md, docx]
