"""The domain: the workbook model (frozen dataclasses), findings, and the workbook format (schema)."""

from __future__ import annotations

from reviewgen.model.findings import Finding, Location, Severity
from reviewgen.model.workbook import Workbook

__all__ = ["Finding", "Location", "Severity", "Workbook"]
