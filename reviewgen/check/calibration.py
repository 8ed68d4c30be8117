"""Calibration checks: the Calibration sheet's ratings and the final distribution against the guidance.

A calibrated rating replaces the computed one (reviewgen.score.scores), so a change needs a reason
that the manager edition of the packet can print, and a rating off the scale is never used.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from reviewgen.check.codes import new_finding, number, who
from reviewgen.model.findings import Finding, Location
from reviewgen.model.workbook import Workbook
from reviewgen.score.ratings import CompanyRatings, company_ratings


def check_calibration(wb: Workbook, ratings: Callable[[], CompanyRatings] | None = None) -> list[Finding]:
    """calibrated-twice, calibration-outside-scale, calibrated-without-reason, distribution-off-guidance."""
    if not wb.calibrations and not wb.cycle.rating_guidance:
        return []
    # The ratings alone: no formulas, notes or goal and objective scores.
    # ``ratings`` gives them when run_checks has them (scored once for fairness and calibration).
    scores = ratings() if ratings is not None else company_ratings(wb)
    return [*calibration_rows(wb, scores), *distribution_against_guidance(wb, scores)]


def calibration_rows(wb: Workbook, scores: CompanyRatings) -> list[Finding]:
    """One finding per Calibration row that cannot stand as written."""
    out: list[Finding] = []
    seen: dict[str, int] = {}
    ratings = ", ".join(str(level.rating) for level in wb.scale.levels)
    for row in wb.calibrations:
        if row.calibrated_rating is None or row.person_id not in wb.person_by_id:
            continue  # nothing calibrated, or unknown-person (integrity) says so
        if row.person_id in seen:
            out.append(
                new_finding(
                    "calibrated-twice",
                    f"{who(wb, row.person_id)} is calibrated on row {seen[row.person_id]} and again here: "
                    "keep the one row the meeting agreed on",
                    row.src.at("person"),
                    row.person_id,
                )
            )
        seen.setdefault(row.person_id, row.src.row)
        if not wb.scale.contains(row.calibrated_rating):
            out.append(
                new_finding(
                    "calibration-outside-scale",
                    f"the calibrated rating {row.calibrated_rating} of {who(wb, row.person_id)} is not on the "
                    f"scale ({ratings}): correct it (until then the computed rating stands)",
                    row.src.at("calibrated rating"),
                    row.person_id,
                )
            )
            continue
        computed = scores.people[row.person_id].computed_level if row.person_id in scores.people else None
        if row.calibrated_rating != computed and not row.reason.strip():
            before = f"from {computed} " if computed is not None else ""
            out.append(
                new_finding(
                    "calibrated-without-reason",
                    f"{who(wb, row.person_id)} is calibrated {before}to {row.calibrated_rating} without a reason: "
                    "write the reason the meeting agreed (the manager's packet prints it)",
                    row.src.at("reason"),
                    row.person_id,
                )
            )
    return out


def distribution_against_guidance(wb: Workbook, scores: CompanyRatings) -> list[Finding]:
    """distribution-off-guidance: a rating's share of the final ratings is further from the guidance than the margin."""
    guidance = wb.cycle.rating_guidance
    levels = wb.scale.levels
    where = Location(wb.cycle.src.ref.file, wb.cycle.src.ref.sheet)
    if not guidance:
        return []
    if len(guidance) != len(levels):
        message = (
            f"the rating guidance has {len(guidance)} shares but the scale has {len(levels)} ratings: "
            "write one share per rating, lowest rating first"
        )
        return [new_finding("bad-value", message, where, "rating guidance")]
    finals = Counter(s.level for s in scores.people.values() if s.level is not None)
    rated = sum(finals.values())
    if not rated:
        return []
    margin = wb.cycle.thresholds.guidance_margin
    out: list[Finding] = []
    for level, share in zip(levels, guidance, strict=True):
        actual = 100 * finals.get(level.rating, 0) / rated
        if abs(actual - share) > margin:
            side = "above" if actual > share else "below"
            out.append(
                new_finding(
                    "distribution-off-guidance",
                    f"rating {level.rating} ({level.label}): {number(actual)} % of the {rated} final ratings "
                    f"({finals.get(level.rating, 0)}), guidance {number(share)} %: {number(abs(actual - share))} "
                    f"points {side}, more than the margin of {number(margin)}; guidance, not a quota: "
                    "discuss it in calibration",
                    where,
                    str(level.rating),
                )
            )
    return out
