"""Manager and self-assessment forms out: one signed spreadsheet per manager (or person)."""

from __future__ import annotations

from reviewgen.forms.write import load_or_create_secret, write_forms

__all__ = ["load_or_create_secret", "write_forms"]
