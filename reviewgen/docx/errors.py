"""The Word writer's own errors: it imports nothing else of reviewgen, so it could ship alone.

The one place that calls it (:mod:`reviewgen.build.runner`) turns them into reviewgen's errors.
"""

from __future__ import annotations


class DocxError(Exception):
    """Raised when the Word writer cannot do what it was asked; the base of its errors."""

    @property
    def message(self) -> str:
        """The one-line message."""
        return str(self)


class MarkdownError(DocxError):
    """Raised when the Markdown holds a construct Word output cannot show, or an image that cannot be used."""


class ReferenceDocxError(DocxError):
    """Raised when a reference .docx cannot be opened or read."""


class WriterSettingError(DocxError):
    """Raised when a writer setting (paper size, margins) is not one the writer knows."""
