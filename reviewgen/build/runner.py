"""Renders the documents of a build, in parallel worker processes or in this one.

Design (measured in bench/bench_build.py):

- The parent loads, checks and scores the workbook ONCE. Workers are started with the ``fork``
  start method, so they inherit the workbook, the scores and the job list without pickling; only
  job indices go to the workers and only (relpath, size, sha256) records come back.
- Each worker process builds ONE :class:`~reviewgen.render.templating.TemplateRenderer` and ONE
  :class:`~reviewgen.docx.writer.DocxWriter` (the expensive, prepared-once parts), not one per document.
- Workers write their files straight into the build's temporary folder, so the documents' bytes
  never cross a pipe. Jobs go out in chunks (``imap``) for balance; progress moves per finished chunk.
- With one job, or where ``fork`` is unavailable (Windows, macOS defaults aside), everything runs in
  this process through the very same code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from reviewgen.build.plan import DocumentJob
from reviewgen.errors import ConfigError, InputError, RenderError, ReviewgenError
from reviewgen.files.output import OutputTree
from reviewgen.load.limits import DEFAULT_LIMITS, Limits
from reviewgen.memory import cyclic_gc_paused
from reviewgen.model.documents import DOCUMENT_FORMATS, DocumentFormat, Paper
from reviewgen.workers import fork_context, given, run_in_workers, stopping

if TYPE_CHECKING:
    from reviewgen.docx.writer import DocxWriter
    from reviewgen.model.findings import Finding
    from reviewgen.model.workbook import Workbook
    from reviewgen.render.templating import TemplateRenderer
    from reviewgen.score.scores import Scores

#: The message of the WorkerError when a worker process dies mid-build.
WORKER_DIED = (
    "a worker process of the build stopped before its documents were done (killed by the system, perhaps for lack "
    "of memory); nothing was written: run the build again, with fewer --jobs if memory is short"
)

#: Documents per chunk handed to a worker: big enough to keep pipes quiet, small enough to balance.
MAX_CHUNK = 64


@dataclass(frozen=True)
class RenderSettings:
    """How documents are rendered: formats, the user's templates, Word styles and paper."""

    formats: tuple[DocumentFormat, ...] = DOCUMENT_FORMATS
    templates_dir: Path | None = None
    reference_docx: Path | None = None
    paper: Paper = "a4"
    #: Time and size limits of one document's rendering ([limits] in reviewgen.toml).
    limits: Limits = DEFAULT_LIMITS


@dataclass(frozen=True)
class BuildInputs:
    """What every document is rendered from: computed once in the parent, inherited by workers."""

    workbook: Workbook
    scores: Scores
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class WrittenFile:
    """One file a worker wrote: its path relative to the output folder, size, sha256 and document kind."""

    relpath: str
    size: int
    sha256: str
    kind: str


def document_created(wb: Workbook) -> dt.datetime:
    """The documents' creation time: the cycle's end (or start) date, never the clock, for reproducible files."""
    day = wb.cycle.end or wb.cycle.start or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, 12, 0, 0)


def adopt_written(tree: OutputTree, files: Sequence[WrittenFile]) -> None:
    """Enter files that workers wrote into ``tree``'s folder into its manifest (same checks as writing)."""
    for f in files:
        tree.record(f.relpath, f.size, f.sha256, f.kind)


@dataclass
class DocumentRenderer:
    """Renders documents of one build; one per process, holding that process's renderer and Word writer."""

    inputs: BuildInputs
    settings: RenderSettings
    root: Path
    _tree: OutputTree | None = field(default=None, init=False)
    _templates: TemplateRenderer | None = field(default=None, init=False)
    _docx: DocxWriter | None = field(default=None, init=False)
    #: Chart files this process has written or found written (each is drawn once per process at most).
    _drawn: set[str] = field(default_factory=set, init=False)

    @property
    def tree(self) -> OutputTree:
        """This process's writer into the build's temporary folder (paths checked, files 0600)."""
        if self._tree is None:
            self._tree = OutputTree(self.root)
        return self._tree

    @property
    def templates(self) -> TemplateRenderer:
        if self._templates is None:
            from reviewgen.render.templating import TemplateRenderer

            self._templates = TemplateRenderer(self.settings.templates_dir, limits=self.settings.limits)
        return self._templates

    @property
    def docx(self) -> DocxWriter:
        if self._docx is None:
            from reviewgen.docx.writer import DocxWriter

            with docx_errors_as_ours():
                self._docx = DocxWriter(reference_docx=self.settings.reference_docx, paper=self.settings.paper)
        return self._docx

    def markdown(self, job: DocumentJob) -> str:
        """The rendered Markdown of ``job``."""
        return self.templates.render(job.template, template_variables(job, self.inputs))

    def render(self, job: DocumentJob) -> list[WrittenFile]:
        """Render ``job`` in every requested format and write its files; return what was written.

        The chart images the Markdown links are written first (each once per build, by whichever
        worker needs it first), so both editions link, and the Word file embeds, the same PNG.
        """
        variables = template_variables(job, self.inputs)
        text = self.templates.render(job.template, variables)
        out = self._charts(text)
        folder = self.root.joinpath(*job.stem.split("/")[:-1])
        for fmt in self.settings.formats:
            relpath = job.relpath(fmt)
            if fmt == "md":
                data = text.encode("utf-8")
            else:
                with docx_errors_as_ours():
                    data = self.docx.convert(text, self.meta(job), source_name=relpath, base_dir=folder)
            digest = self.tree.write(relpath, data, kind=job.kind)
            out.append(WrittenFile(relpath, len(data), digest, job.kind))
        if job.kind == "scorecard" and variables.get("spreadsheet") is True:
            out.append(self._roster_sheet(job, variables))
        return out

    def _charts(self, markdown: str) -> list[WrittenFile]:
        from reviewgen.render.charts import CHARTS_FOLDER, charts_in, draw_chart

        written: list[WrittenFile] = []
        for name in charts_in(markdown):
            if name in self._drawn:
                continue
            self._drawn.add(name)
            relpath = f"{CHARTS_FOLDER}/{name}"
            data = draw_chart(name)
            digest = self.tree.write_shared(relpath, data, kind="chart")
            if digest is not None:  # this process wrote it (another worker may have first)
                written.append(WrittenFile(relpath, len(data), digest, "chart"))
        return written

    def _roster_sheet(self, job: DocumentJob, variables: dict[str, Any]) -> WrittenFile:
        """The spreadsheet of a long scorecard: its roster, and the by-manager table above team scope."""
        from reviewgen.build.roster_sheet import roster_workbook_bytes

        relpath = job.spreadsheet_relpath
        wb = self.inputs.workbook
        data = roster_workbook_bytes(
            variables["roster_groups"], variables["managers_all"], job.title, wb.cycle.company, document_created(wb)
        )
        return WrittenFile(relpath, len(data), self.tree.write(relpath, data, kind="roster"), "roster")

    def meta(self, job: DocumentJob) -> Any:
        """The Word document properties of ``job``: title, company, confidentiality label, date of the cycle."""
        from reviewgen.docx.writer import DocumentMeta

        cycle = self.inputs.workbook.cycle
        return DocumentMeta(
            title=job.title,
            subject=f"{cycle.company} {cycle.name}".strip(),
            author=cycle.company,
            created=document_created(self.inputs.workbook),
            confidentiality=document_audience(job, self.inputs.workbook),
            header_title=job.title,
        )


def document_audience(job: DocumentJob, wb: Workbook) -> str:
    """The label in a document's page header: who it is for.

    The Cycle sheet's confidentiality line is HR's line for managers' documents (manager editions,
    scorecards); an employee edition names the employee and their reviewer; documents meant for everyone
    (the one-pager, workshop handouts) carry no confidentiality label; the one-pager says it is for everyone.
    """
    if job.kind == "packet":
        from reviewgen.render.context.packet import packet_audience

        return packet_audience(wb, job.subject, job.edition or "employee")
    if job.kind == "scorecard":
        return wb.cycle.confidentiality
    if job.kind == "one-pager":  # it goes on the wall: the header says who may read it
        return f"For everyone at {wb.cycle.company}" if wb.cycle.company else "For everyone"
    return ""


@contextlib.contextmanager
def docx_errors_as_ours() -> Iterator[None]:
    """Turn the Word writer's own errors (it imports nothing of ours) into reviewgen's error hierarchy."""
    from reviewgen.docx.errors import MarkdownError, ReferenceDocxError, WriterSettingError

    try:
        yield
    except ReferenceDocxError as exc:
        raise InputError(str(exc)) from None
    except WriterSettingError as exc:
        raise ConfigError(str(exc)) from None
    except MarkdownError as exc:
        raise RenderError(str(exc)) from None


def template_variables(job: DocumentJob, inputs: BuildInputs) -> dict[str, object]:
    """The variables ``job``'s template sees: the fields of its typed context (see reviewgen.render.context)."""
    from reviewgen.render.context import (
        build_handout_context,
        build_onepager_context,
        build_packet_context,
        build_scorecard_context,
    )

    wb, scores, findings = inputs.workbook, inputs.scores, inputs.findings
    ctx: object
    if job.kind == "packet":
        ctx = build_packet_context(wb, scores, job.subject, job.edition or "employee", findings)
    elif job.kind == "scorecard":
        ctx = build_scorecard_context(wb, scores, job.scope or "company", job.subject, findings)
    elif job.kind == "one-pager":
        ctx = build_onepager_context(wb, scores)
    else:
        ctx = build_handout_context(wb, scores, job.subject)
    variables: dict[str, object] = {f.name: getattr(ctx, f.name) for f in dataclasses.fields(ctx)}
    # Where the document sits: links to the shared chart images and the roster spreadsheet beside it.
    variables["chart_root"] = job.root_prefix
    variables["roster_file"] = job.spreadsheet_relpath.rsplit("/", 1)[-1]
    return variables


#: What a chunk is rendered with: the build's jobs and its renderer.
BuildState = tuple[Sequence[DocumentJob], "DocumentRenderer"]


Failure = tuple[type[ReviewgenError], str, list[str]]
ChunkResult = tuple[list[tuple[int, list[WrittenFile]]], Failure | None]


def _render_chunk(indices: Sequence[int], state: BuildState | None = None) -> ChunkResult:
    """Render the jobs at ``indices`` with ``state`` (in a worker: what its run handed it); a ReviewgenError comes
    back as data.

    The cyclic garbage collector is paused for the chunk and then collects the young objects only: rendering
    makes few cycles (about 600 objects per 64 documents) but a great many objects that live on in the writer's
    caches, and the collector's passes over them cost about a tenth of a one-process build's CPU (29 against
    32 s at 1,000 people, ``--jobs 1``).
    """
    if state is None:  # in a worker: its run handed it the state as it started
        handed = given()
        assert handed is not None, "worker started without build state"
        state = cast("BuildState", handed)
    with cyclic_gc_paused():
        result = _render_jobs(indices, state)
    gc.collect(1)  # what the chunk made and dropped in cycles; the old generation is left to its own schedule
    return result


def _render_jobs(indices: Sequence[int], state: BuildState) -> ChunkResult:
    jobs, renderer = state
    done: list[tuple[int, list[WrittenFile]]] = []
    for i in indices:
        if stopping():
            break  # the build stopped elsewhere: the parent discards this chunk
        try:
            done.append((i, renderer.render(jobs[i])))
        except ReviewgenError as exc:
            # Sent back as (class, message, details): pickling the exception itself would lose details.
            return done, (type(exc), f"{jobs[i].stem}: {exc.message}", exc.details)
    return done, None


def _weight(job: DocumentJob) -> int:
    """A rough cost rank: company-wide and department documents list many people, packets few."""
    if job.scope == "company":
        return 0
    if job.scope == "department" or job.kind == "handout":
        return 1
    return 2


def _chunks(jobs: Sequence[DocumentJob], processes: int) -> list[list[int]]:
    """Job indices in chunks, the big documents first and alone, so no worker is left with a long tail."""
    heavy = sorted((i for i, job in enumerate(jobs) if _weight(job) < 2), key=lambda i: (_weight(jobs[i]), i))
    light = [i for i, job in enumerate(jobs) if _weight(job) == 2]
    size = max(1, min(MAX_CHUNK, len(light) // (processes * 8) or 1))
    return [[i] for i in heavy] + [light[start : start + size] for start in range(0, len(light), size)]


def run_jobs(
    jobs: Sequence[DocumentJob],
    inputs: BuildInputs,
    settings: RenderSettings,
    root: Path,
    *,
    processes: int,
    progress: Callable[[int], None] = lambda _n: None,
) -> list[WrittenFile]:
    """Render every job into ``root``; return the files written, in job order.

    ``progress`` is called with the number of documents just finished. Raises the first
    ReviewgenError a document raised, its message prefixed with the document's path.
    """
    renderer = DocumentRenderer(inputs, settings, root)
    # Made here, before any fork: a bad templates folder or reference .docx fails once, up front,
    # and every worker inherits the prepared renderer and Word writer (one per process).
    renderer.templates  # noqa: B018
    if "docx" in settings.formats:
        renderer.docx  # noqa: B018
    chunks = _chunks(jobs, processes)
    ctx = fork_context()
    by_index: dict[int, list[WrittenFile]] = {}

    def collect(result: ChunkResult, chunk: list[int]) -> None:
        done, failure = result
        _raise_failure(failure)
        by_index.update(done)
        progress(len(chunk))

    # The state goes to each chunk, or to this run's workers as they start: never through a module global, which
    # a build in another thread of this process could change under this one.
    state: BuildState = (jobs, renderer)
    if processes <= 1 or ctx is None or len(chunks) <= 1:
        for chunk in chunks:
            collect(_render_chunk(chunk, state), chunk)
    else:
        # run_in_workers freezes what the parent made so far (gc.freeze): workers do not copy those pages.
        run_in_workers(ctx, min(processes, len(chunks)), _render_chunk, chunks, collect, died=WORKER_DIED, given=state)
    return [f for i in sorted(by_index) for f in by_index[i]]


def _raise_failure(failure: Failure | None) -> None:
    if failure is not None:
        cls, message, details = failure
        raise cls(message, details=details)
