"""Reading back the documents we write."""

from __future__ import annotations

from pathlib import Path

from docx import Document


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a .docx, one per line (tables row by row, cells joined by " | ")."""
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)
