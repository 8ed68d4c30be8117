"""Integrity checks: ids that clash or point nowhere, manager loops, goal weights, unknown values."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from reviewgen.check.codes import new_finding, number, quoted, who
from reviewgen.model.findings import Finding
from reviewgen.model.workbook import Goal, Person, Source, Workbook

#: Weights written as fractions (0.6 + 0.4) add up to this instead of 100.
_FRACTION_TOTAL = 1.0
_TOLERANCE = 0.005


def check_integrity(wb: Workbook) -> list[Finding]:
    """Duplicate ids, unknown people and managers, manager loops, goal weights and unknown values."""
    return [
        *duplicate_ids(wb),
        *unknown_people(wb),
        *unknown_managers(wb),
        *manager_cycles(wb),
        *goal_weights(wb),
        *unknown_values(wb),
    ]


def duplicate_ids(wb: Workbook) -> list[Finding]:
    """duplicate-id: the second (third...) row that reuses an id, naming the row that used it first."""
    out: list[Finding] = []
    # The names are made only for a duplicate: quoting every title cost more than the check itself.
    people: list[tuple[str, Source, object]] = [(p.id, p.src, p) for p in wb.people]
    goals: list[tuple[str, Source, object]] = [(g.id, g.src, g) for g in wb.goals]
    objectives: list[tuple[str, Source, object]] = [(o.id, o.src, o) for o in wb.plan.objectives]
    for rows, kind in ((people, "person"), (goals, "goal"), (objectives, "objective")):
        first: dict[str, tuple[Source, object]] = {}
        for ident, src, record in rows:
            if not ident:
                continue
            earlier, earlier_record = first.setdefault(ident, (src, record))
            if earlier is not src:
                out.append(
                    new_finding(
                        "duplicate-id",
                        f"{kind} id {ident} ({_name(record)}) is already used on row {earlier.row} "
                        f"({_name(earlier_record)}): give each {kind} an id of its own",
                        src.at("id"),
                        ident,
                    )
                )
    return out


def _name(record: object) -> str:
    """How a duplicate-id finding names a row: a person's name, a goal's or objective's title quoted."""
    if isinstance(record, Person):
        return record.name
    title = getattr(record, "title", "")
    return quoted(title if isinstance(title, str) else "", 40)


def unknown_people(wb: Workbook) -> list[Finding]:
    """unknown-person: rows about a person id (or by a check-in author) that is not on People."""
    known = wb.person_by_id
    out: list[Finding] = []

    def scan(records: Iterable[Any], what: Callable[[Any], str]) -> None:
        # ``what`` names the row; it is called only for a row that becomes a finding.
        for record in records:
            pid = record.person_id
            if pid and pid in known:
                continue
            src = record.src
            if not pid:
                # The loader keeps a row whose person cell is empty; it belongs to nobody until filled in.
                out.append(
                    new_finding(
                        "unknown-person",
                        f"{what(record)} names no person: fill in the id of the person it is about",
                        src.at("person"),
                        None,
                    )
                )
            else:
                out.append(
                    new_finding(
                        "unknown-person",
                        f"{what(record)} names person {pid}, who is not on the People sheet: "
                        "correct the id or add the person to People",
                        src.at("person"),
                        pid,
                    )
                )

    scan(wb.goals, lambda g: f"goal {g.id} {quoted(g.title, 40)}")
    scan(wb.values, lambda v: f"the rating of {quoted(v.value, 30)}")
    scan(wb.checkins, lambda c: f"the {c.kind} of {c.date.isoformat()}")
    scan(wb.development, lambda d: f"development item {quoted(d.focus, 30)}")
    scan(wb.reviews, lambda _r: "this review summary")
    scan(wb.history, lambda h: f"the {h.cycle} rating")
    scan(wb.calibrations, lambda _c: "this calibration")
    for c in wb.checkins:
        if c.author_id and c.author_id not in known:
            out.append(
                new_finding(
                    "unknown-person",
                    f"the author of the {c.kind} of {c.date.isoformat()} about {who(wb, c.person_id)} is "
                    f"{c.author_id}, who is not on the People sheet: correct the author id or leave it empty",
                    c.src.at("author"),
                    c.author_id,
                )
            )
    return out


def unknown_managers(wb: Workbook) -> list[Finding]:
    """unknown-manager: a manager id that is not on People, ONE finding per missing id (at its first row).

    An id the loader already reported (an HR export's manager missing from the export) is not reported again.
    """
    reported = {f.subject for f in wb.findings if f.code == "unknown-manager"}
    named: dict[str, list[Person]] = {}
    for p in wb.people:
        if p.manager_id and p.manager_id not in wb.person_by_id and p.manager_id not in reported:
            named.setdefault(p.manager_id, []).append(p)
    out: list[Finding] = []
    for manager_id, reports in named.items():
        first = reports[0]
        whom = who(wb, first.id) if len(reports) == 1 else f"{len(reports)} people (first {who(wb, first.id)})"
        out.append(
            new_finding(
                "unknown-manager",
                f"{manager_id}, named as manager of {whom}, is not on the People sheet: add them to People, "
                "correct the manager id, or leave it empty for the person at the top",
                first.src.at("manager"),
                first.id,
            )
        )
    return out


def find_loops(parent_of: Mapping[str, str | None], order: Sequence[str]) -> list[list[str]]:
    """Every loop of the parent links (each node has at most one parent), in linear time.

    A loop is listed once, starting at its member that comes first in ``order``.
    """
    position = {ident: i for i, ident in enumerate(order)}
    done: set[str] = set()
    loops: list[list[str]] = []
    for start in order:
        path: list[str] = []
        on_path: dict[str, int] = {}
        node: str | None = start
        while node is not None and node in position and node not in done:
            if node in on_path:
                loop = path[on_path[node] :]
                first = min(range(len(loop)), key=lambda i: position[loop[i]])
                loops.append(loop[first:] + loop[:first])
                break
            on_path[node] = len(path)
            path.append(node)
            node = parent_of.get(node)
        done.update(path)
    return loops


def manager_cycles(wb: Workbook) -> list[Finding]:
    """manager-cycle: people whose manager chain runs in a loop instead of ending at the top."""
    by_id = wb.person_by_id
    order = list(dict.fromkeys(p.id for p in wb.people if p.id))
    out: list[Finding] = []
    for loop in find_loops({pid: by_id[pid].manager_id for pid in order}, order):
        first = by_id[loop[0]]
        chain = " -> ".join([*loop, loop[0]])
        names = ", ".join(by_id[pid].name or pid for pid in loop)
        message = (
            f"{who(wb, first.id)} is their own manager ({chain}): write their manager's id, "
            "or leave it empty for the person at the top"
            if len(loop) == 1
            else f"the managers go round in a loop: {chain} ({names}): "
            "change one of these managers so the chain ends at someone with no manager"
        )
        out.append(new_finding("manager-cycle", message, first.src.at("manager"), first.id))
    return out


def weights_add_up(goals: Sequence[Goal]) -> bool:
    """Whether the weights of these goals (dropped ones left out) add up to 100, or to 1 written as fractions."""
    weights = [g.weight for g in goals if g.weight is not None and not g.is_dropped]
    total = sum(weights)
    if abs(total - 100) < _TOLERANCE:
        return True
    return bool(weights) and all(w <= 1 for w in weights) and abs(total - _FRACTION_TOTAL) < _TOLERANCE


def goal_weights(wb: Workbook) -> list[Finding]:
    """weights-not-100: a person's goal weights do not add up to 100 (or to 1 when written as fractions).

    People none of whose goals has a weight are left alone: their goals count equally.
    """
    by_person: dict[str, list[Goal]] = {}
    for goal in wb.goals:
        # Dropped goals count nowhere in the scores, so their weight is not counted here either.
        if goal.person_id and not goal.is_dropped:
            by_person.setdefault(goal.person_id, []).append(goal)
    out: list[Finding] = []
    for pid, goals in by_person.items():
        weights = [g.weight for g in goals if g.weight is not None]
        if not weights or weights_add_up(goals):
            continue
        total = sum(weights)
        person = wb.person_by_id.get(pid)
        owner = f"{person.name}'s" if person is not None and person.name else f"person {pid}'s"
        fix = f"add {number(100 - total)}" if total < 100 else f"remove {number(total - 100)}"
        unweighted = len(goals) - len(weights)
        note = (
            f" ({unweighted} of the goals {'has' if unweighted == 1 else 'have'} no weight, so until each has one "
            "all goals count equally)"
            if unweighted
            else ""
        )
        out.append(
            new_finding(
                "weights-not-100",
                f"weights of {owner} goals add up to {number(total)}; {fix} to reach 100{note}",
                goals[0].src.at("weight"),
                pid,
            )
        )
    return out


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


_LOOK_ALIKE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s_\-./]+")


def _id_key(ident: str) -> str:
    """An id as it looks: case, separators and O/0, I/l/1 confusions ignored ("d-1" and "DI" -> "D1")."""
    return _SEPARATORS.sub("", ident.upper()).translate(_LOOK_ALIKE)


def closest(word: str, options: Iterable[str], key: Callable[[str], str] = _id_key) -> str | None:
    """The option most like ``word``: the same under ``key`` (by default an id's look), else the nearest
    by difflib; None when nothing is close."""
    by_key: dict[str, str] = {}
    for option in options:
        by_key.setdefault(key(option), option)
    wanted = key(word)
    if wanted in by_key:
        return by_key[wanted]
    match = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.6)
    return by_key[match[0]] if match else None


def unknown_values(wb: Workbook) -> list[Finding]:
    """unknown-value: a Values row naming a company value that the Strategy sheet does not list."""
    names = [v.name for v in wb.plan.values]
    known = {_normal(n) for n in names}
    out: list[Finding] = []
    for rating in wb.values:
        if not rating.value or _normal(rating.value) in known:
            continue
        guess = closest(rating.value, names, key=_normal)
        hint = f'did you mean "{guess}"?' if guess else "correct the name or add the value to the Strategy sheet"
        listed = ", ".join(f'"{n}"' for n in names) or "none"
        out.append(
            new_finding(
                "unknown-value",
                f"the rating of {who(wb, rating.person_id)} names the value {quoted(rating.value, 40)}, "
                f"which the Strategy sheet does not list (it lists {listed}): {hint}",
                rating.src.at("value"),
                rating.person_id,
            )
        )
    return out


def privacy_risks(wb: Workbook) -> dict[str, str]:
    """People no document or form may be written for, whatever the flags, each with the reason (by id).

    A duplicated id would put one person's data under another's name; a person in a manager loop, or
    who is their own manager, would get their own manager edition; a person whose manager id is
    duplicated would be filed in a stranger's folder.
    """
    counts: dict[str, list[str]] = {}
    for p in wb.people:
        counts.setdefault(p.id, []).append(p.name or p.id)
    out: dict[str, str] = {}
    for pid, names in counts.items():
        if len(names) > 1:
            out[pid] = f"the id {pid} is used by {len(names)} people ({', '.join(names)})"
    by_id = wb.person_by_id
    order = list(dict.fromkeys(p.id for p in wb.people if p.id))
    for loop in find_loops({pid: by_id[pid].manager_id for pid in order}, order):
        for pid in loop:
            out.setdefault(
                pid, "is their own manager" if len(loop) == 1 else f"is in a manager loop ({' -> '.join(loop)})"
            )
    for p in wb.people:
        if p.manager_id and len(counts.get(p.manager_id, ())) > 1:
            out.setdefault(p.id, f"their manager id {p.manager_id} is used by {len(counts[p.manager_id])} people")
    return out
