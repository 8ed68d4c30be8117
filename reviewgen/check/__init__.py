"""Stage 2, check: the workbook against the plan, as findings (code, severity, message, location)."""

from __future__ import annotations

from reviewgen.check.report import format_findings
from reviewgen.check.run import CODES, run_checks

__all__ = ["CODES", "format_findings", "run_checks"]
