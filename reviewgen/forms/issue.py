"""Binding a form to the very workbook it was issued from.

The secret signs forms for every workbook in its folder, and two workbooks there may share a cycle
label, even a file name (a different workbook saved as cycle.xlsx): neither the signature nor the name
can tell their forms apart. So the signed record also carries

- an **issue id**: an HMAC, with the secret, of the workbook's sha256 (its very bytes when the forms were
  written) and the cycle. The same workbook always gets the same id, so forms stay byte-identical run
  after run; any other workbook, whatever its name, gets another;
- a **digest of the issued rows**: each issued person's id and name and each issued goal's id and title.

`forms` and `calibrate` register their issue beside the secret (``.reviewgen-issues``) under the sha256 of
the workbook they read; `collect` registers the master's issues, and those of the forms it accepted, under
the sha256 of the merged workbook it writes. A form is collected into a workbook only when its issue is
registered for that very workbook (the same bytes), or when the workbook still holds exactly the issued
rows: the same workbook renamed, or edited since without touching those rows (HR re-running `forms` for
late starters keeps every earlier form whose people and goals are unchanged). Any other form is rejected
as a whole, naming both workbooks and issues and which issued rows differ.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from reviewgen.files.atomic import write_file
from reviewgen.files.guard import file_digest
from reviewgen.forms.signature import IssuedPerson, IssuedRecord, sign
from reviewgen.model.workbook import Workbook

REGISTRY_NAME = ".reviewgen-issues"
_ID_CHARS = 16


def issue_id(secret: bytes, workbook: Path, cycle: str) -> str:
    """The issue id of forms from the workbook file ``workbook`` (as its bytes are now) for ``cycle``:
    deterministic, different for any other workbook, unforgeable without the secret."""
    return sign(f"issue\n{workbook_sha256(workbook)}\n{cycle}", secret)[:_ID_CHARS]


def workbook_sha256(path: Path) -> str:
    """The sha256 of the file at ``path``, read once per version of it (forms ask for every form)."""
    try:
        st = path.stat()
    except OSError:  # a workbook that is not (or no longer) a file: bound to nothing but its name
        return hashlib.sha256(f"missing file {path.name}".encode()).hexdigest()
    return _file_sha256(str(path.resolve()), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _file_sha256(path: str, _size: int, _mtime_ns: int) -> str:
    return file_digest(Path(path))


def rows_digest(wb: Workbook, people: Sequence[IssuedPerson]) -> str:
    """sha256 of the issued people (id, name) and goals (id, title) as ``wb`` holds them now."""
    rows: list[Any] = []
    for issued in people:
        person = wb.person_by_id.get(issued.id)
        titles = {g.id: g.title for g in wb.goals_of(issued.id)}
        rows.append([issued.id, person.name if person else None, [[g, titles.get(g)] for g in issued.goals]])
    text = json.dumps(rows, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def registry_path(workbook_path: Path) -> Path:
    """Where the issues of the workbooks in ``workbook_path``'s folder are kept: beside the secret."""
    return workbook_path.parent / REGISTRY_NAME


def _read_registry(path: Path) -> tuple[dict[str, list[str]], dict[str, dict[str, Any]]]:
    """(workbook sha256 -> issue ids, issue id -> what it was issued from); empty when unreadable."""
    try:
        st = path.stat()
    except OSError:
        return {}, {}
    workbooks, issues = _parsed_registry(str(path), st.st_size, st.st_mtime_ns)
    return {k: list(v) for k, v in workbooks.items()}, dict(issues)


@functools.lru_cache(maxsize=4)
def _parsed_registry(
    path: str, _size: int, _mtime_ns: int
) -> tuple[dict[str, list[str]], dict[str, dict[str, Any]]]:  # read once per version: collect asks per form
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        workbooks = {str(k): [str(i) for i in v] for k, v in dict(data["workbooks"]).items() if isinstance(v, list)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, {}
    found = data.get("issues")
    issues = {str(k): dict(v) for k, v in found.items() if isinstance(v, dict)} if isinstance(found, dict) else {}
    return workbooks, issues


def registered(workbook_path: Path) -> tuple[str, ...]:
    """The issue ids registered for the workbook at ``workbook_path`` (by its sha256, not its name), sorted."""
    workbooks, _ = _read_registry(registry_path(workbook_path))
    return tuple(sorted(workbooks.get(workbook_sha256(workbook_path), [])))


def register_issue(wb: Workbook, secret: bytes) -> str:
    """Register the issue of forms (or calibration workbooks) written from ``wb``'s file; return its id.

    Beside the id go the workbook's name and sha256 and a digest of each person's name, by id: a form of
    this issue coming back to the workbook edited since is still taken as a whole while its people are.
    """
    path = Path(wb.path)
    issue = issue_id(secret, path, wb.cycle.name)
    people = {p.id: _name_digest(p.name) for p in wb.people}
    _write_registry(path, [issue], {"workbook": path.name, "cycle": wb.cycle.name, "people": people})
    return issue


def register(workbook_path: Path, issues: Iterable[str]) -> None:
    """Record ``issues`` (already registered for the master) for the workbook at ``workbook_path`` as its bytes
    are now: collect's merged workbook answers for the master's issues."""
    _write_registry(workbook_path, issues, {"workbook": workbook_path.name})


def _write_registry(workbook_path: Path, issues: Iterable[str], about: dict[str, Any]) -> None:
    path = registry_path(workbook_path)
    workbooks, known = _read_registry(path)
    digest = workbook_sha256(workbook_path)
    merged = sorted(set(workbooks.get(digest, [])) | set(issues))
    new = {i: {**about, "sha256": digest} for i in merged if i not in known}
    if merged == workbooks.get(digest) and not new:
        return
    workbooks[digest] = merged
    data = {
        "generator": "reviewgen",
        "workbooks": dict(sorted(workbooks.items())),
        "issues": dict(sorted({**known, **new}.items())),
    }
    write_file(path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def _name_digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:_ID_CHARS]


def binding_problem(wb: Workbook, workbook_path: Path, record: IssuedRecord, known: Sequence[str]) -> str:
    """Why ``record`` cannot be taken as a whole into this workbook, naming both workbooks; "" when it can.

    It can when its issue is registered for this very workbook, when the workbook still holds exactly the
    issued rows, or when its issue was registered from a workbook of this folder and every person on the
    form is still here under the same name (the same workbook, edited since: goal rows are then checked
    one by one, id AND owner).
    """
    if record.issue in known or rows_digest(wb, record.people) == record.digest:
        return ""
    _, issues = _read_registry(registry_path(workbook_path))
    names = issues.get(record.issue, {}).get("people")
    differ = _people_changed(wb, record, names) if isinstance(names, dict) else None
    if differ == "":
        return ""
    listed = ", ".join(known) or "none registered"
    why = differ or "the people and goals it was issued with differ from this workbook's"
    return (
        f"it was issued from {record.workbook} (issue {record.issue}), not from {workbook_path.name} as it is now "
        f"(issues: {listed}), and {why}: collect it into the workbook it came from, or send a fresh form from "
        f"{workbook_path.name}"
    )


def _people_changed(wb: Workbook, record: IssuedRecord, names: dict[str, Any], most: int = 3) -> str:
    """Which people on the form are gone or renamed since the issue (the first few), or ""."""
    found: list[str] = []
    for issued in record.people:
        person = wb.person_by_id.get(issued.id)
        if person is None:
            found.append(f"{issued.id} is not in this workbook")
        elif names.get(issued.id) != _name_digest(person.name):
            found.append(f"{issued.id} is called {person.name} here, not as when the form was issued")
    if not found:
        return ""
    more = f", and {len(found) - most} more" if len(found) > most else ""
    return "its people changed since: " + "; ".join(found[:most]) + more
