"""The sample company's org chart: CEO, department heads, directors and team leads, individual contributors.

Split from reviewgen.workbooks.sample so that module stays readable; names, titles and teams come from
reviewgen.workbooks.sample_data, and every choice from the seeded ``random.Random`` the caller passes in.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from reviewgen.workbooks import sample_data as sd

Dept = sd.DepartmentSpec
Fixed = tuple[str, str, str, str] | None  # first name, last name, e-mail local part, gender
SPAN = 9  # most direct reports any manager gets


@dataclass
class Staff:
    id: str
    name: str
    email: str
    title: str
    dept: Dept | None
    manager: Staff | None
    team: str
    gender: str
    location: str
    skill: float  # typical goal progress, around 0.95
    reports: list[Staff] = field(default_factory=list)


class OrgChart:
    """CEO -> department heads -> directors/team leads -> individual contributors, spans of at most 9."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng = rng
        self.size = size
        self.staff: list[Staff] = []
        self.used_names: set[str] = set()
        self.used_emails: set[str] = set()
        self.teams_used: dict[str, int] = {}

    def build(self) -> list[Staff]:
        depts = sd.DEPARTMENTS[: 4 if self.size < 40 else 5 if self.size < 100 else 6]
        ceo = self._person("CEO", None, None, "Leadership", fixed=("Zoë", "Ångström", "zoe.angstrom", "Woman"))
        for dept, count in zip(depts, split_shares(self.size - 1, [d.share for d in depts]), strict=True):
            fixed = ("José", "Núñez", "jose.nunez", "Man") if dept.name == "Sales" else None
            head = self._person(dept.head_title, dept, ceo, dept.name, fixed=fixed)
            self._fill(head, count - 1, dept)
        return self.staff

    def _fill(self, manager: Staff, count: int, dept: Dept) -> None:
        if count <= SPAN:
            for _ in range(count):
                self._person(self.rng.choice(dept.ic_titles), dept, manager, manager.team)
            return
        parts = min(SPAN, max(2, math.ceil(count / (SPAN + 1))))
        for size in split_shares(count, [1.0] * parts):
            title = dept.lead_title if size <= SPAN + 1 else dept.director_title
            sub = self._person(title, dept, manager, self._team(dept) if size <= SPAN + 1 else manager.team)
            self._fill(sub, size - 1, dept)

    def _team(self, dept: Dept) -> str:
        n = self.teams_used.get(dept.name, 0)
        self.teams_used[dept.name] = n + 1
        base = dept.teams[n % len(dept.teams)]
        return base if n < len(dept.teams) else f"{base} {n // len(dept.teams) + 1}"

    def _person(self, title: str, dept: Dept | None, manager: Staff | None, team: str, fixed: Fixed = None) -> Staff:
        rng = self.rng
        if fixed is None and len(self.staff) == 7:
            fixed = ("王芳", "", "fang.wang", "Woman")  # a name in another script, always in the sample
        name, email, gender = self._name(fixed)
        location = rng.choices(sd.LOCATIONS, weights=(35, 25, 15, 10, 15))[0]
        person = Staff(f"NW{len(self.staff) + 1:04d}", name, email, title, dept, manager, team, gender, location,
                         min(1.2, max(0.75, rng.gauss(1.0, 0.1))))  # fmt: skip
        if manager is not None:
            manager.reports.append(person)
        self.staff.append(person)
        return person

    def _name(self, fixed: Fixed) -> tuple[str, str, str]:
        rng = self.rng
        for _ in range(20):
            if fixed is not None:
                first, last, local, gender = fixed
                name = f"{first} {last}".strip()
            elif rng.random() < 0.03:
                name, local, gender = rng.choice(sd.OTHER_SCRIPTS)
            else:
                gender = rng.choices(("Woman", "Man", "Non-binary"), weights=(48, 48, 4))[0]
                pool = sd.WOMEN if gender == "Woman" else sd.MEN if gender == "Man" else sd.NEUTRAL
                (first, a), (last, b) = rng.choice(pool), rng.choice(sd.SURNAMES)
                name, local = f"{first} {last}", f"{a}.{b}"
            if name not in self.used_names or fixed is not None or len(self.used_names) > 1500:
                break
        self.used_names.add(name)
        email, n = f"{local}@{sd.DOMAIN}", 1
        while email in self.used_emails:
            n += 1
            email = f"{local}{n}@{sd.DOMAIN}"
        self.used_emails.add(email)
        return name, email, gender


def split_shares(total: int, shares: list[float]) -> list[int]:
    """``total`` split in proportion to ``shares`` (largest remainder), each part at least 2 when possible."""
    whole = sum(shares)
    raw = [total * s / whole for s in shares]
    parts = [max(2, int(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - int(raw[i])), i))
    i = 0
    while sum(parts) < total:
        parts[order[i % len(order)]] += 1
        i += 1
    while sum(parts) > total:
        biggest = max(range(len(parts)), key=lambda j: (parts[j], -j))
        parts[biggest] -= 1
    return parts
