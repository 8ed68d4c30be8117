"""Consistency and fairness checks: self/manager gaps, lenient or harsh managers, gaps between groups.

Group results never name a person and leave out groups too small to stay anonymous.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import fmean

from reviewgen.check.codes import new_finding, number, quoted, who
from reviewgen.model.findings import Finding
from reviewgen.model.workbook import Workbook
from reviewgen.score.ratings import CompanyRatings, company_ratings
from reviewgen.score.skew import manager_skews

#: No group smaller than this is ever reported, whatever the Cycle sheet says.
SMALLEST_GROUP = 5


def check_fairness(wb: Workbook, ratings: Callable[[], CompanyRatings] | None = None) -> list[Finding]:
    """rating-gap, manager-skew and group-disparity (ratings as reviewgen.score.scores computes them)."""
    minimum = max(1, wb.cycle.thresholds.skew_minimum)
    could_skew = any(len(wb.reports_of(m.id)) >= minimum for m in wb.managers())
    if not could_skew and not wb.cycle.fairness_groups:
        return rating_gaps(wb)  # scoring is most of the time these checks take: skip it when nothing needs it
    # The ratings alone (reviewgen.score.ratings): their formulas and notes were most of the checks' time, and
    # the whole company's held at once were about 150 MB at 50,000 people.
    scores = ratings() if ratings is not None else company_ratings(wb)
    return [*rating_gaps(wb), *manager_skew(wb, scores), *group_disparity(wb, scores)]


def rating_gaps(wb: Workbook) -> list[Finding]:
    """rating-gap: self and manager rating of one goal or value differ by at least the Cycle's rating gap."""
    limit = wb.cycle.thresholds.rating_gap
    out: list[Finding] = []
    for g in wb.goals:
        if (
            not g.is_dropped
            and g.self_rating is not None
            and g.manager_rating is not None
            and abs(g.self_rating - g.manager_rating) >= limit
        ):
            out.append(
                new_finding(
                    "rating-gap",
                    f"goal {g.id} {quoted(g.title, 50)} of {who(wb, g.person_id)}: self rating {g.self_rating}, "
                    f"manager rating {g.manager_rating}: talk the difference through in the review",
                    g.src.at("manager rating"),
                    g.id,
                )
            )
    for v in wb.values:
        if (
            v.self_rating is not None
            and v.manager_rating is not None
            and abs(v.self_rating - v.manager_rating) >= limit
        ):
            out.append(
                new_finding(
                    "rating-gap",
                    f"value {quoted(v.value, 40)} of {who(wb, v.person_id)}: self rating {v.self_rating}, "
                    f"manager rating {v.manager_rating}: talk the difference through in the review",
                    v.src.at("manager rating"),
                    v.person_id,
                )
            )
    return out


def manager_skew(wb: Workbook, scores: CompanyRatings) -> list[Finding]:
    """manager-skew: a manager whose rated reports' goal ratings average far from the company's
    (the rule is reviewgen.score.skew's, which the scorecards use too)."""
    out: list[Finding] = []
    for skew in manager_skews(wb, scores).values():
        if not skew.skewed:
            continue
        manager = wb.person_by_id[skew.manager_id]
        direction = "above" if skew.difference > 0 else "below"
        out.append(
            new_finding(
                "manager-skew",
                f"the {skew.rated} rated reports of {who(wb, manager.id)} average {number(skew.average)} on their "
                f"goals, {number(abs(skew.difference))} {direction} the company average of {number(skew.company)}: "
                "compare these ratings with other managers' before calibration",
                manager.src.at("name"),
                manager.id,
            )
        )
    return out


def group_disparity(wb: Workbook, scores: CompanyRatings) -> list[Finding]:
    """group-disparity: per fairness column, average overall ratings of large-enough groups differ too much."""
    if not wb.people or not wb.cycle.fairness_groups:
        return []
    limits = wb.cycle.thresholds
    smallest = max(SMALLEST_GROUP, limits.group_minimum)
    overall = {pid: s.overall for pid, s in scores.people.items() if s.overall is not None}
    ref = wb.people[0].src.ref
    out: list[Finding] = []
    for column in wb.cycle.fairness_groups:
        groups: dict[str, list[float]] = {}
        for pid, score in overall.items():
            label = wb.person_by_id[pid].group(column).strip()
            if label:
                groups.setdefault(label, []).append(score)
        averages = {label: fmean(s) for label, s in groups.items() if len(s) >= smallest}
        if len(averages) < 2:
            continue
        spread = max(averages.values()) - min(averages.values())
        if spread <= limits.disparity_margin:
            continue
        ranked = sorted(averages.items(), key=lambda item: (-item[1], item[0]))
        listed = ", ".join(f"{quoted(label, 30)} {number(avg)}" for label, avg in ranked)
        out.append(
            new_finding(
                "group-disparity",
                f"average overall manager ratings differ by {column}: {listed}; the gap of {number(spread)} is "
                f"above the margin of {number(limits.disparity_margin)} (groups under {smallest} people are left "
                "out): review these ratings for bias before calibration",
                ref.at(None, column),
                column,
            )
        )
    return out
