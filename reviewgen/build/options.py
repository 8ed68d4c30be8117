"""What `reviewgen build` is asked to do (its options, checked) and what it did (its result)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewgen.errors import ConfigError
from reviewgen.model.documents import DOCUMENT_FORMATS, EDITIONS, PAPERS, DocumentFormat, Edition, Paper

if TYPE_CHECKING:
    from reviewgen.build.runner import WrittenFile

_EDITIONS: dict[str, tuple[Edition, ...]] = {"both": EDITIONS, "employee": ("employee",), "manager": ("manager",)}


@dataclass(frozen=True)
class BuildOptions:
    """What `reviewgen build` was asked to write (see :meth:`from_cli` for the option syntax)."""

    formats: tuple[DocumentFormat, ...] = DOCUMENT_FORMATS
    only: str = ""
    editions: tuple[Edition, ...] = EDITIONS
    templates_dir: Path | None = None
    reference_docx: Path | None = None
    paper: Paper = "a4"
    #: Worker processes; None: every core this process may use.
    jobs: int | None = None
    #: Build even when check finds errors (--ignore-errors); documents about people whose ids are
    #: duplicated, cyclic or self-managed are still never written.
    ignore_errors: bool = False
    #: Replace an earlier build in the output folder (--replace); never a folder holding other files.
    replace: bool = False

    @classmethod
    def from_cli(
        cls,
        *,
        formats: str = "docx,md",
        only: str = "",
        edition: str = "both",
        templates_dir: Path | None = None,
        reference_docx: Path | None = None,
        paper: str = "a4",
        jobs: int | None = None,
        ignore_errors: bool = False,
        replace: bool = False,
    ) -> BuildOptions:
        """Options from the command line's text; ConfigError names the option and the accepted values."""
        from reviewgen.build.plan import Selection

        chosen = [f.strip().lower().lstrip(".") for f in formats.split(",") if f.strip()]
        unknown = [f for f in chosen if f not in DOCUMENT_FORMATS]
        if unknown or not chosen:
            raise ConfigError(f"--format {formats!r}: use docx, md or docx,md")
        if edition not in _EDITIONS:
            raise ConfigError(f"--edition {edition!r}: use both, employee or manager")
        paper_size = next((p for p in PAPERS if p == paper.lower()), None)
        if paper_size is None:
            raise ConfigError(f"--paper {paper!r}: use a4 or letter")
        if jobs is not None and jobs < 1:
            raise ConfigError(f"--jobs {jobs}: use 1 or more")
        Selection.parse(only)  # reports a bad --only before the workbook is even loaded
        return cls(
            formats=tuple(f for f in DOCUMENT_FORMATS if f in chosen),
            only=only,
            editions=_EDITIONS[edition],
            templates_dir=templates_dir,
            reference_docx=reference_docx,
            paper=paper_size,
            jobs=jobs,
            ignore_errors=ignore_errors,
            replace=replace,
        )


@dataclass(frozen=True)
class BuildResult:
    """What `build` wrote: the output folder, the files (path, size, sha256, kind) and document counts."""

    out_dir: Path
    files: tuple[WrittenFile, ...]
    #: Documents per kind ("packet", "scorecard", "one-pager", "handout"), in build order.
    documents: tuple[tuple[str, int], ...]
    warnings: int
    errors: int
    seconds: float
    #: (person, reason) of everyone whose documents were left out to keep them private (build.plan.withheld).
    withheld: tuple[tuple[str, str], ...] = ()

    def summary(self) -> str:
        """One line for the terminal: ``Wrote 124 files (60 packets, ...) to out in 3.2 s.``"""
        names = {"packet": "packets", "scorecard": "scorecards", "one-pager": "one-pager", "handout": "handouts"}
        parts = ", ".join(f"{n} {names.get(kind, kind) if n != 1 else kind}" for kind, n in self.documents)
        extra = f"; {self.errors} error(s) ignored (--ignore-errors)" if self.errors else ""
        extra += f"; {self.warnings} warning(s)" if self.warnings else ""
        # Chart images and roster spreadsheets come with the documents: counted apart from them.
        charts = sum(1 for f in self.files if f.kind == "chart")
        rosters = sum(1 for f in self.files if f.kind == "roster")
        beside = f", {charts} chart image{'s' if charts != 1 else ''}" if charts else ""
        beside += f", {rosters} roster spreadsheet{'s' if rosters != 1 else ''}" if rosters else ""
        line = (
            f"Wrote {len(self.files) - charts - rosters} files ({parts or 'no documents'}){beside} to {self.out_dir} "
            f"in {self.seconds:.1f} s{extra}."
        )
        if self.withheld:
            people = "; ".join(f"{who}: {why}" for who, why in self.withheld)
            line += f"\nNo documents for {len(self.withheld)} person(s), to keep them private: {people}."
        return line
