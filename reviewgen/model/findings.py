"""Findings: what `check` reports, and where each one points."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from reviewgen.errors import ChecksFailed


class Severity(enum.StrEnum):
    """How serious a finding is. Errors stop a build; warnings are printed; info is advice."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: the order findings are listed in."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an input file: file, and where known the sheet, row and column (by its header)."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    #: Spreadsheet cell reference such as "F14", when the column letter is known.
    cell: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(self.column + (f" ({self.cell})" if self.cell else ""))
        return " › ".join(parts)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem or piece of advice about a review cycle.

    ``code`` is stable (documented in the README); ``message`` is written for HR, not for
    programmers, and says what to do; ``subject`` is the id of the person, goal or objective
    the finding is about, when there is one.
    """

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    subject: str | None = None

    def sort_key(self) -> tuple[int, str, str, int, str, str]:
        """Stable order: severity, then file position, then code and subject."""
        loc = self.location
        return (
            self.severity.rank,
            loc.sheet or "" if loc else "",
            loc.file if loc else "",
            loc.row if loc and loc.row is not None else 0,
            self.code,
            self.subject or "",
        )

    def as_dict(self) -> dict[str, str | int | None]:
        """The JSON shape documented in the README."""
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": loc.file if loc else None,
            "sheet": loc.sheet if loc else None,
            "row": loc.row if loc else None,
            "column": loc.column if loc else None,
            "subject": self.subject,
        }

    def one_line(self) -> str:
        """``error[weights-not-100] acme.xlsx › Goals › row 14 › weight: weights add up to 85; ...``."""
        where = f" {self.location}" if self.location else ""
        return f"{self.severity.value}[{self.code}]{where}: {self.message}"


@dataclass(frozen=True)
class CheckResult:
    """What `check` found in one workbook (reviewgen.api.check_workbook)."""

    path: Path
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def refuse_errors(self, action: str) -> None:
        """Raise ChecksFailed listing the error findings (at most 50, then where the rest are), if any: a command
        that would ``action`` stops here unless the user asked to ignore errors."""
        if not self.has_errors:
            return
        errors = [f for f in self.findings if f.severity is Severity.ERROR]
        more = [f"... and {len(errors) - 50} more: run `reviewgen check {self.path}`"] if len(errors) > 50 else []
        raise ChecksFailed(
            f"{self.path.name} has {len(errors)} error(s); fix them and run again, or add --ignore-errors to {action} "
            "anyway",
            details=[f.one_line() for f in errors][:50] + more,
        )
