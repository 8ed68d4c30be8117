"""Markdown to Word (.docx). Stands alone: imports nothing else of reviewgen (its errors are its own)."""

from __future__ import annotations

from reviewgen.docx.errors import DocxError, MarkdownError, ReferenceDocxError, WriterSettingError
from reviewgen.docx.writer import DocumentMeta, DocxWriter

__all__ = ["DocumentMeta", "DocxError", "DocxWriter", "MarkdownError", "ReferenceDocxError", "WriterSettingError"]
