"""Binding a form to the very workbook it was issued from.

The secret signs forms for every workbook in its folder, and two workbooks there may share a cycle
label: the signature alone cannot tell their forms apart. So the signed record also carries

- the workbook's file name and an **issue id** (an HMAC of that name and the cycle with the secret:
  the same workbook always gets the same id, so forms stay byte-identical run after run), and
- a **digest of the issued rows**: each issued person's id and name and each issued goal's id and title.

`forms` registers its issue id beside the secret (``.reviewgen-issues``); `collect` registers the
master's issues for the merged workbook it writes. A form is collected into a workbook only when its
issue is registered for that workbook, or when the workbook still holds exactly the issued rows (the same
workbook renamed); any other form is rejected as a whole, naming both workbooks and issues.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from reviewgen.files.atomic import write_file
from reviewgen.forms.signature import IssuedPerson, IssuedRecord, sign
from reviewgen.model.workbook import Workbook

REGISTRY_NAME = ".reviewgen-issues"
_ID_CHARS = 16


def issue_id(secret: bytes, workbook_name: str, cycle: str) -> str:
    """The issue id of forms from ``workbook_name`` for ``cycle``: deterministic, unforgeable without the secret."""
    return sign(f"issue\n{workbook_name}\n{cycle}", secret)[:_ID_CHARS]


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


def registered(workbook_path: Path) -> tuple[str, ...]:
    """The issue ids registered for ``workbook_path`` (by file name), sorted; () when there are none."""
    try:
        data = json.loads(registry_path(workbook_path).read_text(encoding="utf-8"))
        issues = data["workbooks"].get(workbook_path.name, [])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ()
    return tuple(sorted(str(i) for i in issues)) if isinstance(issues, list) else ()


def register(workbook_path: Path, issues: Iterable[str]) -> None:
    """Record ``issues`` for ``workbook_path`` in its folder's registry (written atomically, sorted)."""
    path = registry_path(workbook_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        workbooks: dict[str, list[str]] = dict(data["workbooks"])
    except (OSError, ValueError, KeyError, TypeError):
        workbooks = {}
    merged = sorted(set(workbooks.get(workbook_path.name, [])) | set(issues))
    if merged == workbooks.get(workbook_path.name):
        return
    workbooks[workbook_path.name] = merged
    text = json.dumps({"generator": "reviewgen", "workbooks": dict(sorted(workbooks.items()))}, indent=1)
    write_file(path, (text + "\n").encode("utf-8"))


def binding_problem(wb: Workbook, workbook_path: Path, record: IssuedRecord, known: Sequence[str]) -> str:
    """Why ``record`` was not issued from this workbook, naming both; "" when it was."""
    if record.issue in known or rows_digest(wb, record.people) == record.digest:
        return ""
    listed = ", ".join(known) or "none registered"
    return (
        f"it was issued from {record.workbook} (issue {record.issue}), not from {workbook_path.name} "
        f"(issues: {listed}), and its people and goals differ from this workbook's: collect it into "
        f"{record.workbook}, or send a fresh form from {workbook_path.name}"
    )
