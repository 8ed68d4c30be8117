"""Stage 1, load: a workbook (or an HR export) to the frozen model, every value keeping its cell."""

from __future__ import annotations

from reviewgen.load.config import Config, load_config
from reviewgen.load.workbook import load_workbook

__all__ = ["Config", "load_config", "load_workbook"]
