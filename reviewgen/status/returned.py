"""Which managers' forms came back: the verified forms of this cycle in the folder HR collects them into."""

from __future__ import annotations

from pathlib import Path

from reviewgen.errors import FormError, InputError
from reviewgen.forms.read import is_form_candidate, read_form
from reviewgen.model.workbook import Workbook


def returned_managers(folder: Path, wb: Workbook, secret: bytes) -> tuple[frozenset[str], tuple[str, ...]]:
    """Ids of the managers whose form of this cycle is in ``folder``, and one line per file that is not one."""
    if not folder.is_dir():
        raise InputError(f"{folder}: --forms takes the folder the returned forms are saved in")
    owners: set[str] = set()
    unusable: list[str] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and is_form_candidate(p)):
        try:
            form = read_form(path, secret)
        except FormError as exc:
            unusable.append(f"{path.name}: {exc.message}")
            continue
        if form.record.cycle != wb.cycle.name:
            unusable.append(f"{path.name}: a form of cycle {form.record.cycle}, not {wb.cycle.name}")
        elif form.record.kind == "manager":
            owners.add(form.record.owner_id)
    return frozenset(owners), tuple(unusable)
