"""Returned forms back in: verified, checked row by row, merged into a new workbook, reported."""

from __future__ import annotations

from reviewgen.collect.run import CollectResult, collect_forms, render_collect_report

__all__ = ["CollectResult", "collect_forms", "render_collect_report"]
