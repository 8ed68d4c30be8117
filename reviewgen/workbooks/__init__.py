"""Workbooks reviewgen writes from nothing: the blank cycle workbook and the generated sample company."""

from __future__ import annotations

from reviewgen.workbooks.blank import write_blank_workbook
from reviewgen.workbooks.sample import generate_sample, write_sample_workbook

__all__ = ["generate_sample", "write_blank_workbook", "write_sample_workbook"]
