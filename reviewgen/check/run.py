"""The check stage: everything wrong with, or worth knowing about, a loaded review cycle.

Checks never raise on bad data: each problem becomes a :class:`~reviewgen.model.findings.Finding`
with a code from :data:`CODES`, so that the whole cycle is reported at once.
"""

from __future__ import annotations

import dataclasses

from reviewgen.check.alignment import check_alignment
from reviewgen.check.calibration import check_calibration
from reviewgen.check.codes import AREAS, CODES, LOADER_CODES, CodeInfo
from reviewgen.check.fairness import check_fairness
from reviewgen.check.integrity import check_integrity
from reviewgen.check.rhythm import check_rhythm
from reviewgen.check.smart import check_smart
from reviewgen.model.findings import Finding, Severity
from reviewgen.model.workbook import Workbook

__all__ = ["AREAS", "CODES", "LOADER_CODES", "CodeInfo", "run_checks"]

_CHECKS = (check_integrity, check_alignment, check_smart, check_rhythm, check_fairness, check_calibration)


def run_checks(wb: Workbook, *, strict: bool = False) -> list[Finding]:
    """The loader's findings plus every check's, sorted (Finding.sort_key) and without duplicates.

    With ``strict`` every warning becomes an error (info stays info), so that a cycle with
    warnings fails ``check`` and stops ``build``.
    """
    found: list[Finding] = list(wb.findings)
    # One cell, one finding: a cell the loader could not read (a date written as text) is not
    # reported again by a check that sees it as empty (no due date).
    unreadable = {(f.location.sheet, f.location.cell) for f in wb.findings if f.location and f.location.cell}
    for check in _CHECKS:
        found.extend(
            f
            for f in check(wb)
            if not (f.location and f.location.cell) or (f.location.sheet, f.location.cell) not in unreadable
        )
    if strict:
        found = [
            dataclasses.replace(f, severity=Severity.ERROR) if f.severity is Severity.WARNING else f for f in found
        ]
    # The message breaks ties so that the order never depends on the order the checks ran in.
    found.sort(key=lambda f: (f.sort_key(), f.message))
    return list(dict.fromkeys(found))
