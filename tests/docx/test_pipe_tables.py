"""The writer's table rule gives exactly the tokens of markdown-it-py's own rule, on every kind of table source."""

from __future__ import annotations

import itertools

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reviewgen.docx import pipe_tables
from reviewgen.docx.writer import markdown_parser


def _original() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    parser.disable(["text_join", "autolink"])
    return parser


def _flat(tokens: list[Token]) -> list[dict[str, object]]:
    """Every field of every token (children included), for a comparison that names the first difference."""
    return [token.as_dict() for token in tokens]


SOURCES = [
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n",
    "| # | Goal | Status |\n| ---: | :--- | :---: |\n| 1 | **x**<br>*y* | Done |\n| 2 | z |\n| 3 | a | b | c |\n",
    "a | b\n--- | ---\n1 | 2\n",
    "| a \\| b | c |\n| --- | --- |\n| x \\| y | \\\\| z |\n| \\\\\\| w | `q\\|r` |\n",
    "| a | b |\n| --- | --- |\n",
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n# Heading ends it\n",
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n- a list ends it\n",
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n> a quote ends it\n",
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n```\nfence\n```\n",
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n***\n",
    "| a | b |\n| --- | --- |\n| 1 | 2 |\nplain text row\n\nafter\n",
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n| a | b |\n| --- | --- |\n| 3 | 4 |\n",
    "| a | b |\n| --- | --- |\n    | indented | row |\n",
    "    | a | b |\n    | --- | --- |\n    | code | block |\n",
    "| a | b |\n|---|---|\xa0\n| 1 | 2 |\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "| a | b |\n| --- || --- |\n",
    "| a | b | c |\n| --- | --- |\n| 1 | 2 |\n",
    "| a |\n| - |\n| 1 |\n",
    "|a|\n|:-:|\n|1|\n",
    "paragraph line\n| a | b |\n| --- | --- |\n| 1 | 2 |\n",
    "- item\n\n  | a | b |\n  | --- | --- |\n  | 1 | 2 |\n  | 3 | 4 |\n- next\n",
    "1. item\n   | a | b |\n   | --- | --- |\n   | 1 | 2 |\n",
    "> | a | b |\n> | --- | --- |\n> | 1 | 2 |\n> | 3 | 4 |\n",
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n   | three spaces | in |\n",
    "| a | b |\n| --- | --- |\n|\n| 1 | 2 |\n",
    "| ██████████ 133 % | <br> |\n| --- | :---: |\n| <br> | |\n| ![x](c.png){width=2cm} | [link](u) |\n",
    # The writer's parser has html_block off (raw HTML is off, so it never matched): the same tokens.
    "<div>\n| a | b |\n| --- | --- |\n</div>\n\n<!-- note -->\ntext <b>x</b>\n",
]


@pytest.mark.parametrize("source", SOURCES)
def test_tokens_are_markdown_it_pys(source: str) -> None:
    assert _flat(markdown_parser().parse(source)) == _flat(_original().parse(source))


def test_generated_tables_give_markdown_it_pys_tokens() -> None:
    """Rows built from the characters that matter to tables (pipes, backslashes, blanks, markers)."""
    pieces = ["|", "\\|", "\\\\|", " ", "a", "-", ":", "#", ">", "`", "\\", "\xa0"]
    ours, theirs = markdown_parser(), _original()
    for first, second in itertools.product(pieces, repeat=2):
        row = f"| {first}x{second} | y{second}{first} |"
        for source in (
            f"| h | i |\n| --- | --- |\n{row}\n{row}\n",
            f"{row}\n| --- | --- |\n{row}\n",
            f"| h | i |\n|{first}--- | ---{second}|\n{row}\n",
        ):
            assert _flat(ours.parse(source)) == _flat(theirs.parse(source)), source


def test_a_recurring_header_is_decided_again_for_other_indentation() -> None:
    """The kept answer is per (rows, indentation): the same rows indented four spaces are code, not a table."""
    ours = markdown_parser()
    table = "| a | b |\n| --- | --- |\n| 1 | 2 |\n"
    indented = "".join("    " + line + "\n" for line in table.splitlines())
    assert ours.parse(table)[0].type == "table_open"
    assert [t.type for t in ours.parse(indented)] == ["code_block"]
    assert _flat(ours.parse(indented)) == _flat(_original().parse(indented))


def test_another_major_version_keeps_markdown_it_pys_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipe_tables, "COMPARED_MAJOR", "999")
    parser = _original()
    assert pipe_tables.install(parser) is False
    assert not any(isinstance(rule, pipe_tables.TableRule) for rule in parser.block.ruler.getRules(""))


def _table_rule(parser: MarkdownIt) -> pipe_tables.TableRule:
    (rule,) = [rule for rule in parser.block.ruler.getRules("") if isinstance(rule, pipe_tables.TableRule)]
    return rule


def test_only_possible_table_headings_of_reasonable_length_are_kept() -> None:
    """A paragraph's lines are not kept as table headings, nor a 20,000-character heading: memory stays small."""
    parser = markdown_parser()
    long_line = "word " * 4_000
    table = "| a | b |\n| - | - |\n| 1 | 2 |\n"
    tokens = parser.parse(f"# T\n\n{long_line}\nsecond line\n\n{table}\n{long_line}|\n|-|\n")
    assert [token.type for token in tokens].count("table_open") == 2  # the long heading is a table all the same
    assert [key[:2] for key in _table_rule(parser).headers] == [("| a | b |", "| - | - |")]


def test_what_the_rule_keeps_is_bounded_by_its_size_and_belongs_to_one_parser() -> None:
    """Tables in quotes 1 to 60 deep: each depth has its own shared tokens (a row's closing token too), and the
    rule keeps at most its limit's worth; another parser keeps nothing of this one's."""
    parser, other = markdown_parser(), markdown_parser()
    rule = _table_rule(parser)
    rule.limit = 100
    for depth in range(1, 61):
        quote = "> " * depth
        source = f"{quote}| a | b | c |\n{quote}| - | - | - |\n{quote}| 1 | 2 | 3 |\n"
        assert _flat(parser.parse(source)) == _flat(_original().parse(source))
        kept = sum(2 * len(pairs) + 1 for pairs, _row_close in rule.cells.values())
        assert kept + len(rule.headers) <= rule.size <= rule.limit
    assert 0 < len(rule.cells) < 60
    assert not _table_rule(other).cells and not _table_rule(other).headers
