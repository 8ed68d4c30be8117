"""The document list of a build: which documents a cycle has, where each one goes, and `--only`.

A build writes one file per document and format into a folder HR can hand out::

    managers/P002 - Grace Hopper/P003 - Alan Turing - employee edition.md   (a packet, per person and edition)
    managers/P002 - Grace Hopper/Team scorecard - P002 - Grace Hopper.md    (the manager's team scorecard)
    managers/Without a manager/P001 - Ada Lovelace - manager edition.md     (people nobody manages)
    scorecards/Company scorecard.md
    scorecards/Department scorecard - Sales.md
    scorecards/Company scorecard - roster.xlsx                              (the roster of a long scorecard)
    charts/bar-solid-042.png                                                (the chart bars documents link)
    strategy/Strategy one-pager.md
    strategy/Workshop handout - Sales.md
    manifest.json

Every path segment made from data goes through :func:`reviewgen.files.output.safe_filename`; two documents whose
names collapse to the same file name (also when compared case-insensitively, for Windows and macOS) get
" (2)", " (3)"... so no document overwrites another.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from reviewgen.check.integrity import privacy_risks
from reviewgen.errors import ConfigError
from reviewgen.model.documents import EDITIONS, KINDS, DocumentFormat, DocumentKind, Edition, Scope
from reviewgen.model.workbook import Person, Workbook

#: The built-in template each kind is rendered from.
TEMPLATES: dict[DocumentKind, str] = {
    "packet": "packet.md.j2",
    "scorecard": "scorecard.md.j2",
    "one-pager": "one-pager.md.j2",
    "handout": "handout.md.j2",
}

NO_MANAGER_FOLDER = "Without a manager"


@dataclass(frozen=True, slots=True)
class DocumentJob:
    """One document to render: its kind, what it is about and where its files go.

    ``stem`` is the output path without extension (``/``-separated, relative to the output folder);
    ``subject`` is the person id (packets, team scorecards), the department name (department
    scorecards, handouts) or "" (company-wide documents).
    """

    kind: DocumentKind
    stem: str
    title: str
    subject: str = ""
    edition: Edition | None = None
    scope: Scope | None = None

    @property
    def template(self) -> str:
        """The template file name this document is rendered from."""
        return TEMPLATES[self.kind]

    def relpath(self, fmt: DocumentFormat) -> str:
        """The output path of this document in ``fmt``."""
        return f"{self.stem}.{fmt}"

    @property
    def spreadsheet_relpath(self) -> str:
        """The path of the roster spreadsheet written beside a long scorecard."""
        return f"{self.stem} - roster.xlsx"

    @property
    def root_prefix(self) -> str:
        """The relative link from this document's folder up to the output folder ("../../" or "")."""
        return "../" * self.stem.count("/")


@dataclass(frozen=True)
class Selection:
    """What `--only` asked for: people ids, departments (``dept:NAME``) and kinds (``kind:packet``).

    People and departments add up (a document about any of them is selected); kinds narrow the
    result down. Company-wide documents (the one-pager, the company scorecard) are about nobody in
    particular, so they are selected only when no person or department is named.
    """

    people: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, spec: str) -> Selection:
        """Read a comma-separated `--only` value such as ``"P012,P013,dept:Sales,kind:packet"``."""
        people: set[str] = set()
        departments: set[str] = set()
        kinds: set[str] = set()
        for raw in spec.split(","):
            item = raw.strip()
            if not item:
                continue
            prefix, sep, rest = item.partition(":")
            key = prefix.strip().lower()
            if sep and key in ("dept", "department"):
                if not rest.strip():
                    raise ConfigError(f"--only {item!r}: name a department after 'dept:', e.g. dept:Sales")
                departments.add(rest.strip())
            elif sep and key == "kind":
                kind = rest.strip().lower()
                if kind not in KINDS:
                    raise ConfigError(f"--only {item!r}: unknown kind; use one of {', '.join(KINDS)}")
                kinds.add(kind)
            else:
                people.add(item)
        return cls(frozenset(people), frozenset(departments), frozenset(kinds))

    @property
    def narrows_people(self) -> bool:
        """True when documents are limited to some people or departments."""
        return bool(self.people or self.departments)

    def check_against(self, wb: Workbook) -> None:
        """Raise ConfigError naming every person id or department of the selection the workbook lacks."""
        problems: list[str] = []
        unknown_people = sorted(self.people - wb.person_by_id.keys())
        if unknown_people:
            problems.append(f"no person with id {', '.join(unknown_people)} on the People sheet")
        known_departments = {p.department.casefold() for p in wb.people}
        unknown_departments = sorted(d for d in self.departments if d.casefold() not in known_departments)
        if unknown_departments:
            problems.append(f"no department named {', '.join(unknown_departments)} on the People sheet")
        if problems:
            raise ConfigError(f"--only: {'; '.join(problems)}; check the spelling in {wb.path}")

    def wants_kind(self, kind: DocumentKind) -> bool:
        return not self.kinds or kind in self.kinds

    def wants_person(self, person: Person) -> bool:
        return (
            not self.narrows_people
            or person.id in self.people
            or person.department.casefold() in {d.casefold() for d in self.departments}
        )

    def wants_department(self, department: str) -> bool:
        return not self.narrows_people or department.casefold() in {d.casefold() for d in self.departments}


def person_label(person: Person) -> str:
    """``"P002 - Grace Hopper"``: how a person is named in file and folder names."""
    return f"{person.id} - {person.name}" if person.name else person.id


def departments_of(wb: Workbook) -> tuple[str, ...]:
    """Every department on the People sheet, sorted case-insensitively (one spelling per department)."""
    seen: dict[str, str] = {}
    for p in wb.people:
        if p.department:
            seen.setdefault(p.department.casefold(), p.department)
    return tuple(sorted(seen.values(), key=lambda d: (d.casefold(), d)))


class _Namer:
    """Safe, unique output paths: equal names (compared case-insensitively) get " (2)", " (3)"..."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def stem(self, folder: str, name: str) -> str:
        from reviewgen.files.output import safe_filename

        base = safe_filename(name)
        candidate, n = base, 1
        while f"{folder}/{candidate}".casefold() in self._taken:
            n += 1
            candidate = safe_filename(f"{base} ({n})")
        self._taken.add(f"{folder}/{candidate}".casefold())
        return f"{folder}/{candidate}"


def _manager_folders(wb: Workbook) -> dict[str | None, str]:
    """Folder per manager id (None: people without a manager in the workbook), unique and safe."""
    from reviewgen.files.output import safe_filename

    namer = _Namer()
    folders: dict[str | None, str] = {}
    for manager in wb.managers():
        folders[manager.id] = namer.stem("managers", person_label(manager))
    folders[None] = namer.stem("managers", safe_filename(NO_MANAGER_FOLDER))
    return folders


def withheld(wb: Workbook) -> tuple[tuple[str, str], ...]:
    """(person, reason) for everyone whose documents a build leaves out to keep them private."""
    names: dict[str, list[str]] = {}
    for p in wb.people:
        names.setdefault(p.id, []).append(p.name)
    # A duplicated id is named alone: the reason lists every name it stands for.
    return tuple(
        (f"{pid} {names[pid][0]}".strip() if len(names.get(pid, ())) == 1 else pid, reason)
        for pid, reason in privacy_risks(wb).items()
    )


def plan_documents(
    wb: Workbook,
    *,
    selection: Selection | None = None,
    editions: Iterable[Edition] = EDITIONS,
) -> tuple[DocumentJob, ...]:
    """Every document of the cycle that ``selection`` and ``editions`` ask for, in a stable order.

    Packets (per person, in People-sheet order, each edition), team scorecards (per manager),
    department scorecards and handouts (per department, sorted), then the company scorecard and the
    one-pager. Raises ConfigError when the selection names a person or department the workbook lacks.
    Never a packet for a person, nor a team scorecard for a manager or a team, whose ids put privacy at
    risk (duplicated, in a manager loop, self-managed: reviewgen.check.integrity.privacy_risks), whatever
    the flags: :func:`withheld` lists them.
    """
    risky = privacy_risks(wb)
    sel = selection or Selection()
    sel.check_against(wb)
    # One namer for the whole plan, called in build order: equal names get " (2)" the same way every time.
    namer = _Namer()
    jobs: list[DocumentJob] = []
    if sel.wants_kind("packet"):
        wanted = [e for e in EDITIONS if e in set(editions)]
        jobs += _packet_jobs(wb, sel, wanted, risky, namer)
    if sel.wants_kind("scorecard"):
        jobs += _scorecard_jobs(wb, sel, risky, namer)
    if sel.wants_kind("one-pager") and not sel.narrows_people:
        stem = namer.stem("strategy", "Strategy one-pager")
        jobs.append(DocumentJob(kind="one-pager", stem=stem, title=f"Strategy: {wb.cycle.company}"))
    if sel.wants_kind("handout"):
        jobs += [
            DocumentJob(
                kind="handout",
                stem=namer.stem("strategy", f"Workshop handout - {department}"),
                title=f"Strategy workshop: {department}",
                subject=department,
            )
            for department in departments_of(wb)
            if sel.wants_department(department)
        ]
    return tuple(jobs)


def _packet_jobs(
    wb: Workbook, sel: Selection, editions: Iterable[Edition], risky: Collection[str], namer: _Namer
) -> list[DocumentJob]:
    """A packet per selected person (never one whose ids put privacy at risk) and edition, in their manager's folder."""
    folders = _manager_folders(wb)
    jobs: list[DocumentJob] = []
    for person in wb.people:
        if not sel.wants_person(person) or person.id in risky:
            continue
        manager_id = person.manager_id if person.manager_id in wb.person_by_id else None
        for edition in editions:
            jobs.append(
                DocumentJob(
                    kind="packet",
                    stem=namer.stem(folders[manager_id], f"{person_label(person)} - {edition} edition"),
                    title=f"Review packet: {person.name} ({edition} edition)",
                    subject=person.id,
                    edition=edition,
                )
            )
    return jobs


def _scorecard_jobs(wb: Workbook, sel: Selection, risky: Collection[str], namer: _Namer) -> list[DocumentJob]:
    """Team scorecards (in each manager's folder; none for a team with a risky id), department ones, the company's."""
    folders = _manager_folders(wb)
    jobs = [
        DocumentJob(
            kind="scorecard",
            stem=namer.stem(folders[manager.id], f"Team scorecard - {person_label(manager)}"),
            title=f"Team scorecard: {manager.name}",
            subject=manager.id,
            scope="manager",
        )
        for manager in wb.managers()
        if sel.wants_person(manager)
        and manager.id not in risky
        and not any(r.id in risky for r in wb.reports_of(manager.id))
    ]
    jobs += [
        DocumentJob(
            kind="scorecard",
            stem=namer.stem("scorecards", f"Department scorecard - {department}"),
            title=f"Department scorecard: {department}",
            subject=department,
            scope="department",
        )
        for department in departments_of(wb)
        if sel.wants_department(department)
    ]
    if not sel.narrows_people:
        jobs.append(
            DocumentJob(
                kind="scorecard",
                stem=namer.stem("scorecards", "Company scorecard"),
                title=f"Company scorecard: {wb.cycle.company}",
                scope="company",
            )
        )
    return jobs
