"""Privacy of the built packets: across EVERY employee-edition packet of the bundled sample, in Markdown and
in Word, no other person's name sits next to a rating or comment, no other person's comments appear, and no
coaching note or check finding appears. The manager editions are checked to carry both, so the test can fail."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from testkit.documents import docx_text

from reviewgen import api
from reviewgen.build.plan import plan_documents
from reviewgen.model.workbook import Workbook
from reviewgen.render.context import ManagerPacketContext, build_packet_context
from reviewgen.score.scores import score_all

SAMPLE = Path(__file__).parents[2] / "samples" / "northwind-2026-q4.xlsx"


@dataclass(frozen=True)
class Built:
    out: Path
    wb: Workbook
    findings: tuple[str, ...]
    coaching: dict[str, tuple[str, ...]]  # person id -> coaching tips of their manager edition


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} is missing: run `reviewgen init --sample samples/`")
    out = tmp_path_factory.mktemp("privacy") / "out"
    api.build_documents(SAMPLE, out, api.BuildOptions.from_cli(only="kind:packet", jobs=2))
    wb, result = api.load_and_check(SAMPLE)
    scores = score_all(wb)
    coaching: dict[str, tuple[str, ...]] = {}
    for p in wb.people:
        ctx = build_packet_context(wb, scores, p.id, "manager", result.findings)
        assert isinstance(ctx, ManagerPacketContext)
        coaching[p.id] = ctx.coaching.tips
    return Built(out, wb, tuple(f.message for f in result.findings), coaching)


def _own_texts(wb: Workbook, person_id: str) -> set[str]:
    """Every comment-like text of the person's own records (they may repeat someone else's words)."""
    texts = {t for g in wb.goals_of(person_id) for t in (g.self_comment, g.manager_comment, g.title)}
    texts |= {v.comment for v in wb.values_of(person_id)}
    texts |= {c.note for c in wb.checkins_of(person_id)}
    review = wb.review_of(person_id)
    if review:
        texts |= {review.self_summary, review.manager_summary, review.strengths, review.growth_areas}
    return {t for t in texts if t}


def _others_texts(wb: Workbook, person_id: str) -> set[str]:
    own = _own_texts(wb, person_id)
    others: set[str] = set()
    for p in wb.people:
        if p.id != person_id:
            others |= _own_texts(wb, p.id)
    # Short generic phrases could be part of any sentence; long ones identify someone's comment.
    return {t for t in others - own if len(t) >= 25 and not any(t in mine for mine in own)}


# Lines where another person's name may appear: the manager on the cover, check-in authors (a note about
# this person), and the sign-off heading. Markdown rows start with "|"; Word table rows join cells with " | ".
_ALLOWED = (
    re.compile(r"^\|?\s*Manager \| [^|]+\|?\s*$"),
    re.compile(r"^\|?\s*\d{1,2} [A-Z][a-z]{2} \d{4} \| (check-in|praise|constructive|self-reflection) \| "),
    re.compile(r"^\|?\s*\| .+ \(employee\) \| .+ \(manager\)\s*\|?\s*$"),
)


def _packets(built: Built, edition: str) -> list[tuple[str, Path]]:
    jobs = plan_documents(built.wb, editions=[edition])  # type: ignore[list-item]
    return [(j.subject, built.out / j.stem) for j in jobs if j.kind == "packet"]


def test_employee_packets_hold_nothing_of_anyone_else(built: Built) -> None:
    wb = built.wb
    all_tips = {tip for tips in built.coaching.values() for tip in tips}
    packets = _packets(built, "employee")
    assert len(packets) == len(wb.people) == 60
    for person_id, stem in packets:
        person = wb.person_by_id[person_id]
        other_names = [p.name for p in wb.people if p.id != person_id and p.name not in person.name]
        others = _others_texts(wb, person_id)
        for text in (stem.with_suffix(".md").read_text(encoding="utf-8"), docx_text(stem.with_suffix(".docx"))):
            assert person.name in text
            assert "Coaching notes" not in text and "Findings about" not in text, stem
            for tip in all_tips:
                assert tip not in text, (stem, tip)
            for message in built.findings:
                assert message not in text, (stem, message)
            for foreign in others:
                assert foreign not in text, (stem, foreign)
            for line in text.splitlines():
                named = [n for n in other_names if n in line]
                if named:
                    assert any(rule.match(line) for rule in _ALLOWED), (stem, named, line)


def test_manager_packets_do_carry_coaching_and_findings(built: Built) -> None:
    """The counterpart: what the employee edition must not show is really there in the manager edition."""
    with_findings = 0
    for person_id, stem in _packets(built, "manager"):
        text = stem.with_suffix(".md").read_text(encoding="utf-8")
        word = docx_text(stem.with_suffix(".docx"))
        tip = built.coaching[person_id][0]
        assert "Coaching notes (manager only)" in word
        # Markdown escapes punctuation; Word shows the text as typed.
        assert tip in word, (stem, tip)
        assert tip.split(" ", 3)[2] in text
        if "No check findings about this person" not in word:
            with_findings += 1
    assert with_findings >= 5  # the sample plants warnings about at least five people
