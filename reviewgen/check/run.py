"""The check stage: everything wrong with, or worth knowing about, a loaded review cycle.

Checks never raise on bad data: each problem becomes a :class:`~reviewgen.model.findings.Finding`
with a code from :data:`CODES`, so that the whole cycle is reported at once.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence

from reviewgen.check.alignment import check_alignment
from reviewgen.check.calibration import check_calibration
from reviewgen.check.codes import AREAS, CODES, LOADER_CODES, CodeInfo
from reviewgen.check.fairness import check_fairness
from reviewgen.check.integrity import check_integrity
from reviewgen.check.rhythm import check_rhythm
from reviewgen.check.smart import check_smart
from reviewgen.memory import cyclic_gc_paused
from reviewgen.model.findings import Finding, Severity
from reviewgen.model.schema import find_sheet
from reviewgen.model.workbook import Workbook
from reviewgen.score.ratings import company_ratings

__all__ = ["AREAS", "CODES", "LOADER_CODES", "CodeInfo", "run_checks"]

#: The area of the codes each check of :func:`_checks` reports, in its order: a check reports only its area's codes.
_CHECK_AREAS = ("integrity", "alignment", "smart", "rhythm", "fairness", "calibration")
#: The areas with a code whose severity is an error (CODES): only their checks can give an error.
_ERROR_AREAS = frozenset(info.area for info in CODES.values() if info.severity is Severity.ERROR)

_EVERYWHERE = ""
_PER_PERSON_RHYTHM = frozenset({"no-feedback", "no-recent-checkin"})
#: A required column the file lacks is ONE missing-column finding. Without it rows are left out or read as empty,
#: and these checks would report the same gap once per row (an unknown person on every goal when People has no
#: id column): (schema sheet, column) -> (codes skipped, sheet they are skipped on, "" for every sheet).
_SKIPPED_WHEN_MISSING: dict[tuple[str, str], tuple[frozenset[str], str]] = {
    ("People", "id"): (frozenset({"unknown-person", "unknown-manager", "person-without-goals"}), _EVERYWHERE),
    ("Objectives", "id"): (frozenset({"unknown-objective", "objective-orphan", "orphan-goal"}), _EVERYWHERE),
    ("Objectives", "level"): (frozenset({"objective-orphan"}), _EVERYWHERE),
    ("Objectives", "title"): (frozenset({"objective-orphan", "uncovered-objective"}), _EVERYWHERE),
    ("Goals", "id"): (frozenset({"person-without-goals", "uncovered-objective"}), _EVERYWHERE),
    ("Goals", "person"): (frozenset({"unknown-person", "person-without-goals", "uncovered-objective"}), _EVERYWHERE),
    ("Goals", "title"): (frozenset({"vague-goal"}), _EVERYWHERE),
    ("Check-ins", "date"): (_PER_PERSON_RHYTHM, _EVERYWHERE),
    ("Check-ins", "kind"): (_PER_PERSON_RHYTHM, _EVERYWHERE),
    **{
        (sheet, "person"): (frozenset({"unknown-person"}), sheet)
        for sheet in ("Values", "Development", "Reviews", "History", "Calibration")
    },
    ("Check-ins", "person"): (frozenset({"unknown-person"}) | _PER_PERSON_RHYTHM, _EVERYWHERE),
}


def run_checks(wb: Workbook, *, strict: bool = False, errors_only: bool = False) -> list[Finding]:
    """The loader's findings plus every check's, sorted (Finding.sort_key) and without duplicates.

    With ``strict`` every warning becomes an error (info stays info), so that a cycle with
    warnings fails ``check`` and stops ``build``. With ``errors_only``, only the errors, the same ones, found by
    only the checks that can give one (without ``strict``: no smart, rhythm or fairness check): for the commands
    that stop on errors and report nothing else (forms, calibrate).
    """
    found: list[Finding] = list(wb.findings)
    # One cell, one finding: a cell the loader could not read (a date written as text) is not
    # reported again by a check that sees it as empty (no due date).
    unreadable = {(f.location.sheet, f.location.cell) for f in wb.findings if f.location and f.location.cell}
    skipped = _skipped(wb)
    checks = _checks(wb)
    if errors_only and not strict:  # (strict makes every warning an error: every check is needed then)
        checks = [check for check, area in zip(checks, _CHECK_AREAS, strict=True) if area in _ERROR_AREAS]
    with cyclic_gc_paused():
        for check in checks:
            found.extend(
                f
                for f in check(wb)
                if (not (f.location and f.location.cell) or (f.location.sheet, f.location.cell) not in unreadable)
                and not _is_skipped(f, skipped)
            )
    if strict:
        found = [
            dataclasses.replace(f, severity=Severity.ERROR) if f.severity is Severity.WARNING else f for f in found
        ]
    if errors_only:
        found = [f for f in found if f.severity is Severity.ERROR]
    # The message breaks ties so that the order never depends on the order the checks ran in.
    found.sort(key=lambda f: (f.sort_key(), f.message))
    return list(dict.fromkeys(found))


def _checks(wb: Workbook) -> Sequence[Callable[[Workbook], list[Finding]]]:
    """Every check, in order; fairness and calibration share the company's ratings, scored once when needed."""
    ratings = functools.cache(functools.partial(company_ratings, wb))
    return (
        check_integrity,
        check_alignment,
        check_smart,
        check_rhythm,
        functools.partial(check_fairness, ratings=ratings),
        functools.partial(check_calibration, ratings=ratings),
    )


def _skipped(wb: Workbook) -> dict[str, set[str]]:
    """Code -> the sheets (schema names; "" for every sheet) where a missing required column silences it."""
    out: dict[str, set[str]] = {}
    for missing in wb.missing_columns:
        codes, sheet = _SKIPPED_WHEN_MISSING.get(missing, (frozenset(), _EVERYWHERE))
        for code in codes:
            out.setdefault(code, set()).add(sheet)
    return out


def _is_skipped(finding: Finding, skipped: dict[str, set[str]]) -> bool:
    sheets = skipped.get(finding.code)
    if not sheets:
        return False
    if _EVERYWHERE in sheets:
        return True
    schema = find_sheet(finding.location.sheet) if finding.location and finding.location.sheet else None
    return schema is not None and schema.name in sheets
