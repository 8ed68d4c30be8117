"""Every figure and label of a review packet, true and explained, in Markdown and in Word (issue 14).

The workbook is built for it: Alan's goal weights add up to 85, one goal beats its target (40 of 33), one has
no target, one is off track and one at risk, his rating fell since last cycle and lands on a label boundary
(2.5 "Meets" while his goal rating alone is 2.3 "Partially meets"), and one goal sits on a retired objective.
Ada is the person at the top: the Cycle sheet names the board as her reviewer. The arithmetic is written next
to each expected value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from testkit.builders import clean_sheets, find_row, write_workbook
from testkit.documents import docx_text

from reviewgen import api

NB = "\u00a0"
ALAN = "managers/P2 - Grace Hopper/P3 - Alan Turing"
ADA = "managers/Without a manager/P1 - Ada Lovelace"


def _sheets() -> dict[str, list[list[object]]]:
    sheets = clean_sheets()
    sheets["Cycle"].append(["Top reviewer", "The board"])
    sheets["Objectives"].append(
        [
            "D2",
            "Open a Paris office",
            "department",
            "C1",
            "Sales",
            "Office",
            0,
            1,
            "office",
            dt.date(2026, 12, 31),
            "retired",
        ]
    )
    goals = sheets["Goals"]
    goals.remove(find_row(sheets, "Goals", "G4"))
    due = dt.date(2026, 12, 15)
    goals += [
        ["G4", "P3", "Close 33 new accounts in Q4", "D1", "Closed accounts", 0, 33, 40, "accounts", 40, due, "done",
         4, 3, "Beat the number", "Strong finish"],
        ["G5", "P3", "Cut onboarding time from 30 to 20 days", "D1", "Onboarding days", 30, 20, 27, "days", 30, due,
         "off track", 3, 1, "", ""],
        ["G6", "P3", "Publish the partner playbook", "D2", "Playbook published", None, None, None, "", 15, due,
         "at risk", 3, 3, "", ""],
    ]  # fmt: skip
    values = sheets["Values"]
    values.remove(find_row(sheets, "Values", "P3"))
    values += [["P3", "Own it", 4, 3, "Reliable"], ["P3", "Customer first", 3, 3, "Listens"]]
    find_row(sheets, "History", "2026-Q3")  # the History rows exist; Alan's is 3.4
    return sheets


@dataclass(frozen=True)
class Texts:
    md: str
    word: str
    header: str
    docx: Path

    def both(self) -> tuple[str, str]:
        return self.md, self.word


def _read(out: Path, stem: str) -> Texts:
    path = out / f"{stem}.docx"
    header = "\n".join(p.text for p in Document(str(path)).sections[0].header.paragraphs)
    return Texts((out / f"{stem}.md").read_text(encoding="utf-8"), docx_text(path), header, path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Texts]:
    tmp = tmp_path_factory.mktemp("figures")
    book = write_workbook(tmp / "cycle.xlsx", _sheets())
    out = tmp / "out"
    api.build_documents(book, out, api.BuildOptions.from_cli(only="kind:packet", jobs=1, ignore_errors=True))
    return {
        f"{who} {edition}": _read(out, f"{stem} - {edition} edition")
        for who, stem in (("alan", ALAN), ("ada", ADA))
        for edition in ("employee", "manager")
    }


def test_status_and_due_of_every_goal_stand_out(built: dict[str, Texts]) -> None:
    for text in built["alan employee"].both():
        assert "**OFF TRACK**" in text or "OFF TRACK" in text
        assert "AT RISK" in text and "Done" in text
        assert text.count("due 15 Dec 2026") == 3
        assert "1 goal OFF TRACK, 1 goal AT RISK: goals 2 and 3." in text
    # Due before the cycle end and not done: overdue.
    assert "| **OFF TRACK**<br>due 15 Dec 2026<br>**overdue** |" in built["alan employee"].md


def test_over_achievement_shows_the_real_percentage_and_the_cap(built: dict[str, Texts]) -> None:
    # 40 of 33 accounts: 40 / 33 = 1.212 -> 121 %; goal progress counts it as 100 %.
    for text in built["alan employee"].both():
        assert f"121{NB}%" in text and f"counts as 100{NB}%" in text
        assert "121 % achieved, counted as 100 % in goal progress" in text.replace(NB, " ")
        assert f"0 → 33{NB}accounts, actual 40" in text


def test_goal_without_target_says_it_is_not_counted(built: dict[str, Texts]) -> None:
    # Goal progress = (40 x 100 % + 30 x 30 %) / 70 = 49 / 70 = 70 %: goal 3 (no target) is left out, and says so.
    for text in built["alan employee"].both():
        assert "Goal 3: Not counted in goal progress: no target." in text
        assert "not counted" in text and "no target set" in text
        assert f"goal progress 70{NB}%" in text.replace(" %", f"{NB}%")


def test_scaled_weights_are_printed_as_used_and_the_points_add_up(built: dict[str, Texts]) -> None:
    # Weights 40 + 30 + 15 = 85: shares 40/85 = 47.1 %, 30/85 = 35.3 %, 15/85 = 17.6 %.
    # Points 0.4706 x 3 = 1.41, 0.3529 x 1 = 0.35, 0.1765 x 3 = 0.53; 1.41 + 0.35 + 0.53 = 2.29 -> 2.3.
    for text in built["alan employee"].both():
        for share in ("47.1", "35.3", "17.6"):
            assert f"{share}{NB}%" in text
        assert "add up to 85, not 100: each was scaled by 100 / 85" in text
        assert (
            f"Goal rating = 47.1{NB}% × 3 + 35.3{NB}% × 1 + 17.6{NB}% × 3 = 1.41 + 0.35 + 0.53 = 2.29, rounded to 2.3"
            in text
        )
        assert "1.41" in text and "0.35" in text and "0.53" in text and "2.29" in text
        assert "40 %" not in text.replace(NB, " ")  # the sheet's weight is never printed as the weight used
    assert "| **Total** | 100" in built["alan employee"].md


def test_one_name_per_figure_and_the_overall_formula(built: dict[str, Texts]) -> None:
    # Values (3 + 3) / 2 = 3; overall 70 % x 2.3 + 30 % x 3 = 1.61 + 0.9 = 2.51 -> 2.5 "Meets".
    for text in built["alan employee"].both():
        assert "Values rating = (3 + 3) / 2 = 3" in text
        assert f"Overall rating = 70{NB}% × 2.3 + 30{NB}% × 3 = 1.61 + 0.9 = 2.51, rounded to 2.5" in text
        assert "Overall rating 2.5 – Meets" in text
        assert "Manager (mean)" not in text and "Overall =" not in text


def test_borderline_label_is_explained_and_flagged_for_calibration(built: dict[str, Texts]) -> None:
    # 2.5 is the lowest rating that reads Meets: 0.1 less (2.4) reads Partially meets.
    for text in built["alan employee"].both():
        assert "Meets runs from 2.5 to 3.4: 2.5 is 0.1 from Partially meets (2.4) and 1.0 from Exceeds (3.5)." in text
        assert "raise it at calibration" not in text  # a calibration flag is for the manager and HR
    for text in built["alan manager"].both():
        assert "Borderline: raise it at calibration." in text
        assert "The overall rating reads Meets, but the goal rating alone is 2.3 – Partially meets." in text


def test_falling_rating_is_the_headline_and_shapes_the_coaching(built: dict[str, Texts]) -> None:
    # History: 3.4 in 2026-Q3; now 2.5: a fall of 0.9.
    for text in built["alan employee"].both():
        head = text[: text.index("Goals")]
        assert "Overall rating 2.5 – Meets" in head and "↓ −0.9 since 2026-Q3 (3.4 – Meets)" in head
    for text in built["alan manager"].both():
        assert text.index("Preparation sheet: Alan Turing") < text.index("Review packet: Alan Turing")
        assert "Overall rating fell by 0.9: from 3.4 (Meets) in 2026-Q3 to 2.5 (Meets)." in text
        assert "Goal 2 (Cut onboarding time from 30 to …) is OFF TRACK, at 30" in text
        assert "Goal 3 (Publish the partner playbook) is AT RISK" in text
        # Alan is direct, facts, individual: the tips name the concern; no stretch goal while goals are behind.
        assert "Name the concern in the first two minutes" in text
        assert "agree a personal stretch goal" not in text
        assert "bring goal 2 back on course" in text


def test_findings_are_sentences_with_the_cell_in_small_print(built: dict[str, Texts]) -> None:
    alan = built["alan manager"]
    for text in alan.both():
        assert "Weights of Alan Turing's goals add up to 85; add 15 to reach 100." in text
        assert "weights-not-100" not in text and "warning" not in text.split("Findings about")[1][:40]
    # The cell goes on a line of its own, in small print: <small> in Markdown, an 8 pt run in Word; the workbook
    # by its file name, not the folder it sits in.
    findings = alan.md.split("## Findings about")[1].split("\n## ")[0]
    items = [line for line in findings.splitlines() if line.startswith("- ")]
    assert items and all(re.search(r"<br><small>cycle\.xlsx › [^<]+</small>$", line) for line in items), items
    doc = Document(str(alan.docx))
    body_size = 21  # half-points: the body text's 10.5 pt
    places = [r for p in doc.paragraphs for r in p.runs if " › row " in r.text]
    assert places, "no finding names its cell"
    for run in places:
        assert run.font.size is not None and run.font.size.pt == 8 < body_size / 2, run.text
        assert not run.font.italic, run.text
    sentence = next(r for p in doc.paragraphs for r in p.runs if "add 15 to reach 100" in r.text)
    assert sentence.font.size is None  # the sentence itself prints at the body size


def test_retired_objective_is_named(built: dict[str, Texts]) -> None:
    for text in built["alan employee"].both():
        assert "Objective D2 (Open a Paris office) on this path is retired" in text


def test_each_edition_says_who_it_is_for(built: dict[str, Texts]) -> None:
    alan = built["alan employee"]
    for text in (*alan.both(), alan.header):
        assert "Confidential: Alan Turing and their manager" in text
        assert "Confidential - HR" not in text and "HR and line managers" not in text
    manager = built["alan manager"]
    assert "Confidential - HR" in manager.header
    for text in manager.both():
        assert "Manager edition: for the manager and HR" in text


def test_the_top_person_is_reviewed_by_the_board(built: dict[str, Texts]) -> None:
    ada = built["ada employee"]
    for text in (*ada.both(), ada.header):
        assert "Confidential: Ada Lovelace and the board" in text
    for text in ada.both():
        assert "Reviewed by | The board" in text
        assert "The board (reviewer)" in text
        assert "Manager | –" not in text and "(manager)" not in text
        assert "Self / reviewer" in text


def test_forward_looking_page_has_room_to_write(built: dict[str, Texts]) -> None:
    for text in built["alan employee"].both():
        tail = text[text.index("Next cycle: Alan Turing") :]
        for heading in ("Goals for next cycle", "Agreed actions", "Development plan for next cycle", "Sign-off"):
            assert heading in tail
        assert "Objective | Goal: what will be true, and by when | Metric | Baseline | Target | Due" in tail
        assert "What we agreed to do | Who | By when" in tail
        assert "Negotiation" in tail  # the growth area starts its row of the development plan


def test_no_literal_markup_and_no_word_only_instructions(built: dict[str, Texts]) -> None:
    for texts in built.values():
        assert "\\newpage" not in texts.md
        assert "**" not in texts.word and "\\" not in texts.word
