"""A team of 12 reports with the worst cases a team scorecard meets, made from the bundled sample.

The sample generator makes no team larger than 8, so this takes a manager's team from the sample and
gives it colleagues of the same department until it has 12 reports, then makes it as long to print as a
real team gets: long names, every report with the sample's most goals per person (4, weights 25 each),
long objective titles, half the team behind on check-ins and the other half with a self/manager gap on a goal.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

#: Long names from many scripts (24 to 28 characters).
LONG_NAMES = (
    "Anna-Katharina Wojciechowska",
    "Maximilian von Hohenberg-Ast",
    "María José Fernández Cruz",
    "Oluwaseun Adebayo-Okonkwo",
    "Christopher Montgomery-Blake",
    "Siobhán Ní Mhaoldomhnaigh",
    "Jean-Baptiste Delacroix-Roy",
    "Aleksandra Konstantinopoulou",
    "Nguyễn Thị Minh Khai-Phạm",
    "Bartholomew Fitzgerald-Kent",
    "Guðrún Sigurðardóttir-Berg",
    "Rosalind Papadimitriou-Evans",
)
GOALS_PER_PERSON = 4
#: Added to every objective title: about 110 characters in all.
LONGER_TITLE = " across every region, product line and customer segment we serve this year"


def team_of_twelve(sample: Path, dest: Path, manager: str) -> Path:
    """Write the sample with ``manager``'s team grown to 12 worst-case reports to ``dest``."""
    book = openpyxl.load_workbook(sample)
    people, goals = book["People"], book["Goals"]
    col = {c.value: i for i, c in enumerate(people[1])}
    rows = list(people.iter_rows(min_row=2))
    managers = {r[col["Manager"]].value for r in rows}
    department = next(r[col["Department"]].value for r in rows if r[col["ID"]].value == manager)
    team = [r for r in rows if r[col["Manager"]].value == manager]
    for r in rows:
        pid = r[col["ID"]].value
        free = r not in team and pid != manager and pid not in managers
        if len(team) < 12 and free and r[col["Department"]].value == department:
            r[col["Manager"]].value = manager
            team.append(r)
    assert len(team) == 12, f"{department} has too few people for a team of 12"
    ids = [r[col["ID"]].value for r in team]
    for r, name in zip(team, LONG_NAMES, strict=True):
        r[col["Name"]].value = name
    _four_goals_each(goals, ids, department={r[col["ID"]].value: r[col["Department"]].value for r in rows})
    for r in book["Objectives"].iter_rows(min_row=2):
        if r[1].value:
            r[1].value = f"{r[1].value}{LONGER_TITLE}"
    _behind_and_apart(book, ids)
    book.save(dest)
    return dest


def _four_goals_each(sheet: Worksheet, ids: list[str], department: dict[str, str]) -> None:
    """Every report gets 4 goals (copies of colleagues' goals in the department), weighted 25 each."""
    col = {c.value: i for i, c in enumerate(sheet[1])}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    counts = {pid: sum(1 for g in rows if g[col["Person"]] == pid) for pid in ids}
    donors = [g for g in rows if g[col["Person"]] not in ids and department.get(g[col["Person"]]) == department[ids[0]]]
    n = 0
    for pid in ids:
        for _ in range(GOALS_PER_PERSON - counts[pid]):
            goal = list(donors[n * 7 % len(donors)])
            n += 1
            goal[col["ID"]], goal[col["Person"]] = f"GX{n:03d}", pid
            sheet.append(goal)
    for r in sheet.iter_rows(min_row=2):
        if r[col["Person"]].value in ids:
            r[col["Weight"]].value = 100 // GOALS_PER_PERSON


def _behind_and_apart(book: openpyxl.Workbook, ids: list[str]) -> None:
    """Every other report's check-ins 50 days earlier (overdue at a 45-day gap), the others with a self rating
    two points from the manager's on their first rated goal (a flagged gap)."""
    checkins, goals = book["Check-ins"], book["Goals"]
    col = {c.value: i for i, c in enumerate(checkins[1])}
    for r in checkins.iter_rows(min_row=2):
        if r[col["Person"]].value in ids[::2] and isinstance(r[col["Date"]].value, dt.datetime):
            r[col["Date"]].value -= dt.timedelta(days=50)
    col = {c.value: i for i, c in enumerate(goals[1])}
    apart: set[str] = set()
    for r in goals.iter_rows(min_row=2):
        pid, rating = r[col["Person"]].value, r[col["Manager rating"]].value
        if pid in ids[1::2] and pid not in apart and isinstance(rating, int):
            apart.add(pid)
            r[col["Self rating"]].value = rating + 2 if rating <= 3 else rating - 2
