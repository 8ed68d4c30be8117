"""vague-goal judges the wording: precision and recall on our own labelled goal titles, and the issue's examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewgen.check.vague import is_vague_title

DATA = Path(__file__).resolve().parents[1] / "data"


def labelled(name: str) -> list[tuple[bool, str]]:
    """(is vague, title) rows of a ``label<TAB>title`` file."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "label\ttitle"
    rows = [tuple(line.split("\t")) for line in lines[1:]]
    assert all(label in ("vague", "specific") for label, _ in rows)
    return [(label == "vague", title) for label, title in rows]


def precision_recall(rows: list[tuple[bool, str]]) -> tuple[float, float]:
    """Precision and recall of the "vague" class."""
    judged = [(gold, is_vague_title(title)) for gold, title in rows]
    tp = sum(1 for gold, vague in judged if gold and vague)
    fp = sum(1 for gold, vague in judged if vague and not gold)
    fn = sum(1 for gold, vague in judged if gold and not vague)
    return tp / (tp + fp), tp / (tp + fn)


def test_the_labelled_list_is_large_and_balanced() -> None:
    rows = labelled("goal_titles.tsv")
    assert len(rows) >= 150
    assert 0.4 <= sum(gold for gold, _ in rows) / len(rows) <= 0.6
    assert len({title.casefold() for _, title in rows}) == len(rows)


def test_precision_and_recall_of_at_least_90_percent(capsys: pytest.CaptureFixture[str]) -> None:
    # Development: the 423 titles the word lists were grown on, and the two sets that were held out until the rule
    # was changed on their misses (goal_titles_holdout.tsv, 60 titles: 93.1 %, 90.0 % when last run blind;
    # goal_titles_holdout_2027.tsv, 70 titles: 100.0 %, 82.9 % when first run). They stay here as floors.
    precision, recall = precision_recall(labelled("goal_titles.tsv"))
    held = precision_recall(labelled("goal_titles_holdout.tsv"))
    held_2027 = precision_recall(labelled("goal_titles_holdout_2027.tsv"))
    # Blind: 120 titles written by someone who had not seen the rule or our lists, run once after the rule was
    # frozen (f278c7a): 100.0 %, 91.7 % on all 120; on the 111 that are not also in a development set, the figure
    # asserted here, 100.0 %, 90.2 %. This is the honest figure for titles the rule has not seen.
    # Its one gain over the previous rule ("Be 100% committed ...") came from an idiom the rule's author had also
    # given the set's writer as an example of a decoy: without it, 88.2 % on the new titles. So a second blind set
    # (goal_titles_blind_2.tsv, 120 titles, 105 not in any earlier set) was written from the definition
    # alone and run once on the same rule: 100.0 %, 100.0 % (the previous rule too). Both sets' new titles
    # together: 216 titles, 98 vague, precision 100.0 %, recall 94.9 %.
    blind_all = precision_recall(labelled("goal_titles_blind.tsv"))
    blind = precision_recall(blind_new_titles())
    blind_2 = precision_recall(blind_new_titles("goal_titles_blind_2.tsv"))
    with capsys.disabled():
        print(
            f"\nvague-goal: precision {precision:.1%}, recall {recall:.1%} (goal_titles.tsv); "
            f"{held[0]:.1%}, {held[1]:.1%} (goal_titles_holdout.tsv); "
            f"{held_2027[0]:.1%}, {held_2027[1]:.1%} (goal_titles_holdout_2027.tsv); "
            f"blind: {blind[0]:.1%}, {blind[1]:.1%} on its new titles, {blind_all[0]:.1%}, {blind_all[1]:.1%} on all "
            f"(goal_titles_blind.tsv); {blind_2[0]:.1%}, {blind_2[1]:.1%} on its new titles (goal_titles_blind_2.tsv)"
        )
    for figures in (precision, recall), held, held_2027, blind, blind_2:
        assert figures[0] >= 0.90 and figures[1] >= 0.90


def blind_new_titles(name: str = "goal_titles_blind.tsv") -> list[tuple[bool, str]]:
    """A blind set's titles that no earlier set also holds ("Lead by example" is in several)."""
    earlier = ("goal_titles.tsv", "goal_titles_holdout.tsv", "goal_titles_holdout_2027.tsv", "goal_titles_blind.tsv")
    seen = {
        title.casefold()
        for other in earlier[: earlier.index(name) if name in earlier else None]
        for _, title in labelled(other)
    }
    return [(gold, title) for gold, title in labelled(name) if title.casefold() not in seen]


def test_the_held_out_sets_are_new_titles() -> None:
    development = {title.casefold() for _, title in labelled("goal_titles.tsv")}
    for name in ("goal_titles_holdout.tsv", "goal_titles_holdout_2027.tsv"):
        rows = labelled(name)
        assert len(rows) >= 60
        assert 0.4 <= sum(gold for gold, _ in rows) / len(rows) <= 0.6
        assert not development & {title.casefold() for _, title in rows}, name
    for name, new_titles in (("goal_titles_blind.tsv", 110), ("goal_titles_blind_2.tsv", 100)):
        blind = labelled(name)
        assert len(blind) == 120 and sum(gold for gold, _ in blind) == 60
        assert len(blind_new_titles(name)) >= new_titles


@pytest.mark.parametrize(
    ("title", "vague"),
    [
        # The examples: vague whatever verb they open with.
        ("Be a team player", True),
        ("Take ownership of quality", True),
        ("Learn the codebase", True),
        ("Make releases smoother", True),
        ("Ship billing API v2 by 15 Nov", False),
        ("Cut p95 latency from 420 to 250 ms", False),
        # What the old verb list judged, still judged the same way.
        ("Increase sales", True),
        ("Improve communication", True),
        ("improving onboarding", True),
        ("Work on presentation skills", True),
        ("To boost morale", True),
        ("Increase NPS from 32 to 40", False),
        ("Grow pipeline by 20%", False),
        ("Increase sales by ten percent", False),
        ("Double the pipeline", False),
        ("Launch the partner portal", False),
        ("Helpdesk tickets answered within a day", False),
        ("Supporter programme launched", False),
        # The direct object decides: a brand is built, not LinkedIn; an office is opened in Austin.
        ("Build my personal brand on LinkedIn", True),
        ("Open a second office in Austin", False),
        ("", True),
    ],
)
def test_examples(title: str, vague: bool) -> None:
    assert is_vague_title(title) is vague
