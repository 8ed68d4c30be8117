"""Stage 5, write: what reviewgen puts on disk: output folders written atomically, safe file names, xlsx files."""

from __future__ import annotations

from reviewgen.files.atomic import write_file
from reviewgen.files.guard import Input, check_output_file, check_output_folder
from reviewgen.files.output import OutputTree, atomic_output, safe_filename
from reviewgen.files.xlsx_save import save_workbook, workbook_bytes

__all__ = [
    "Input",
    "OutputTree",
    "atomic_output",
    "check_output_file",
    "check_output_folder",
    "safe_filename",
    "save_workbook",
    "workbook_bytes",
    "write_file",
]
