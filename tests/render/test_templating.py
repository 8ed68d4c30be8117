"""The template renderer: Markdown autoescaping, lookup order, filters and one-line errors.

Templates are written into tmp_path; ``builtin_dir=`` stands in for the package's templates.
The golden test compares with tests/golden/*.md; after an intended change of the output,
regenerate with ``REVIEWGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_templating.py -k golden``
and review the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import reviewgen
from reviewgen.errors import OutputError, TemplateError
from reviewgen.model.workbook import Scale, ScaleLevel
from reviewgen.render.templating import (
    TemplateInfo,
    TemplateRenderer,
    builtin_templates_dir,
    copy_template,
    format_date,
    format_number,
    format_percent,
    format_rating,
    list_templates,
    page_break,
    progress_bar,
)

GOLDEN = Path(__file__).parent / "golden"
SCALE = Scale(
    tuple(
        ScaleLevel(rating, label)
        for rating, label in enumerate(("Does not meet", "Partially meets", "Meets", "Exceeds", "Outstanding"), 1)
    )
)
HOSTILE_NAME = "*Ada* <b>|_Love_|</b> # [x](y)"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def builtin(tmp_path: Path) -> Path:
    folder = tmp_path / "builtin"
    folder.mkdir()
    return folder


def render(builtin: Path, source: str, **context: object) -> str:
    write(builtin, "t.md.j2", source)
    return TemplateRenderer(builtin_dir=builtin).render("t.md.j2", context)


def render_error(renderer: TemplateRenderer, name: str, context: dict[str, object] | None = None) -> str:
    with pytest.raises(TemplateError) as info:
        renderer.render(name, context or {})
    message = str(info.value)
    assert "\n" not in message
    return message


# --- autoescaping ------------------------------------------------------------------------------


def test_data_is_escaped_for_markdown_by_default(builtin: Path) -> None:
    assert render(builtin, "# {{ name }}\n", name="*A* <b>") == "# \\*A\\* \\<b\\>\n"


def test_constants_are_escaped_for_markdown_not_html(builtin: Path) -> None:
    assert render(builtin, '{{ "a<b & *c*" }}') == "a\\<b \\& \\*c\\*"


def test_md_and_safe_mark_trusted_markdown(builtin: Path) -> None:
    assert render(builtin, "{{ x|md }} {{ x|safe }} {{ none|md }}.", x="**b**") == "**b** **b** ."


def test_macro_output_is_not_escaped_twice(builtin: Path) -> None:
    source = "{% macro strong(x) %}**{{ x }}**{% endmacro %}{{ strong(name) }}"
    assert render(builtin, source, name="a_b") == "**a\\_b**"


def test_macros_imported_from_another_template_are_markdown_too(builtin: Path) -> None:
    write(
        builtin,
        "_m.md.j2",
        "{% macro strong(x) %}**{{ x }}**{% endmacro %}{% macro em() %}_{{ caller() }}_{% endmacro %}",
    )
    source = '{% import "_m.md.j2" as m %}{{ m.strong(name) }} {% call m.em() %}{{ name }}{% endcall %}'
    assert render(builtin, source, name="<x>") == "**\\<x\\>** _\\<x\\>_"


def test_set_block_is_trusted_and_set_value_is_data(builtin: Path) -> None:
    source = "{% set b %}*{{ name }}*{% endset %}{% set v = name %}{{ b }} {{ v }}"
    assert render(builtin, source, name="_x_") == "*\\_x\\_* \\_x\\_"


def test_concatenation_escapes_data_and_keeps_markdown(builtin: Path) -> None:
    source = '{% macro strong(x) %}**{{ x }}**{% endmacro %}{{ strong("a") ~ " & " ~ name }}|{{ name ~ "!" }}'
    assert render(builtin, source, name="*n*") == "**a** \\& \\*n\\*|\\*n\\*!"


def test_join_escapes_items_and_separator_unless_trusted(builtin: Path) -> None:
    source = '{{ items|join(", ") }}|{{ [m, "_b"]|join(" | ") }}|{{ people|join(" / ", attribute="name") }}'
    people = [{"name": "A*"}, {"name": "B"}]
    out = render(builtin, source, items=["x*", "y"], m=_md("**a**"), people=people)
    assert out == "x\\*, y|**a** \\| \\_b|A\\* / B"


def test_escape_filters_escape_markdown(builtin: Path) -> None:
    out = render(builtin, "{{ x|e }} {{ x|escape }} {{ m|e }} {{ m|forceescape }}", x="<x>", m=_md("**m**"))
    assert out == "\\<x\\> \\<x\\> **m** \\*\\*m\\*\\*"


def test_none_prints_as_nothing(builtin: Path) -> None:
    assert render(builtin, "[{{ x }}]", x=None) == "[]"


def test_autoescape_cannot_be_switched_off(builtin: Path) -> None:
    write(builtin, "t.md.j2", "{% autoescape false %}{{ x }}{% endautoescape %}")
    message = render_error(TemplateRenderer(builtin_dir=builtin), "t.md.j2", {"x": "*"})
    assert message.startswith("t.md.j2 (built-in template), line 1: 'autoescape false' is not supported")


def test_html_and_random_filters_are_gone(builtin: Path) -> None:
    for source in ("{{ x|urlize }}", "{{ x|tojson }}", "{{ [1, 2]|random }}"):
        write(builtin, "t.md.j2", source)
        message = render_error(TemplateRenderer(builtin_dir=builtin), "t.md.j2", {"x": "a"})
        assert "No filter named" in message


def test_trim_blocks_and_trailing_newline(builtin: Path) -> None:
    source = "{% for x in xs %}\n- {{ x }}\n{% endfor %}\n"
    assert render(builtin, source, xs=["a", "b"]) == "- a\n- b\n"


def _md(text: str) -> object:
    from reviewgen.render.markup import Md

    return Md(text)


# --- lookup ------------------------------------------------------------------------------------


def test_user_template_overrides_one_builtin_and_the_rest_stay_builtin(builtin: Path, tmp_path: Path) -> None:
    write(builtin, "packet.md.j2", "built-in packet\n")
    write(builtin, "card.md.j2", "built-in card {% include '_part.md.j2' %}\n")
    write(builtin, "_part.md.j2", "built-in part")
    user = tmp_path / "mine"
    write(user, "packet.md.j2", "my packet\n")
    write(user, "_part.md.j2", "my part")
    renderer = TemplateRenderer(user, builtin_dir=builtin)
    assert renderer.render("packet.md.j2", {}) == "my packet\n"
    assert renderer.render("card.md.j2", {}) == "built-in card my part"  # trim_blocks
    assert renderer.names() == ["_part.md.j2", "card.md.j2", "packet.md.j2"]
    assert list_templates(user, builtin_dir=builtin) == [
        TemplateInfo("_part.md.j2", "user", user / "_part.md.j2"),
        TemplateInfo("card.md.j2", "built-in", builtin / "card.md.j2"),
        TemplateInfo("packet.md.j2", "user", user / "packet.md.j2"),
    ]


def test_builtin_templates_dir_is_the_repository_templates_folder_in_a_checkout() -> None:
    package = Path(reviewgen.__file__).resolve().parent
    expected = package / "templates" if (package / "templates").is_dir() else package.parent / "templates"
    assert builtin_templates_dir() == expected


def test_missing_user_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="the templates folder does not exist"):
        TemplateRenderer(tmp_path / "nope", builtin_dir=tmp_path)


def test_copy_template_copies_refuses_to_overwrite_and_lists_names(builtin: Path, tmp_path: Path) -> None:
    write(builtin, "packet.md.j2", "packet {{ x }}\n")
    write(builtin, "sub/card.md.j2", "card\n")
    dest = tmp_path / "mine"
    copied = copy_template("packet", dest, builtin_dir=builtin)
    assert copied == dest / "packet.md.j2"
    assert copied.read_text(encoding="utf-8") == "packet {{ x }}\n"
    assert copy_template("sub/card.md.j2", dest, builtin_dir=builtin).read_text(encoding="utf-8") == "card\n"
    with pytest.raises(OutputError, match="already exists; use --force to replace it"):
        copy_template("packet.md.j2", dest, builtin_dir=builtin)
    write(builtin, "packet.md.j2", "packet v2 {{ x }}\n")
    copy_template("packet.md.j2", dest, overwrite=True, builtin_dir=builtin)  # an unchanged copy: replaced
    assert copied.read_text(encoding="utf-8") == "packet v2 {{ x }}\n"
    copied.write_text("edited", encoding="utf-8")
    for overwrite in (False, True):  # an edited template is never replaced, whatever the flags
        with pytest.raises(OutputError, match="was not written by reviewgen or was changed since"):
            copy_template("packet.md.j2", dest, overwrite=overwrite, builtin_dir=builtin)
        assert copied.read_text(encoding="utf-8") == "edited"
    with pytest.raises(TemplateError) as info:
        copy_template("../packet.md.j2", dest, builtin_dir=builtin)
    assert str(info.value) == "there is no built-in template '../packet.md.j2'; available: packet.md.j2, sub/card.md.j2"


# --- errors ------------------------------------------------------------------------------------


def test_undefined_attribute_names_template_line_and_source(builtin: Path) -> None:
    write(builtin, "packet.md.j2", "# Review\n\n{{ person.nmae }}\n")
    message = render_error(TemplateRenderer(builtin_dir=builtin), "packet.md.j2", {"person": SCALE})
    assert (
        message == "packet.md.j2 (built-in template), line 3: 'Scale' has no attribute 'nmae' (in: {{ person.nmae }})"
    )


def test_undefined_variable_in_a_user_template_names_the_users_file(builtin: Path, tmp_path: Path) -> None:
    user = tmp_path / "templates"
    write(user, "packet.md.j2", "line 1\n{% if True %}\n  {{ persn }}\n{% endif %}\n")
    message = render_error(TemplateRenderer(user, builtin_dir=builtin), "packet.md.j2")
    assert (
        message == f"{user.as_posix()}/packet.md.j2 (your template), line 3: 'persn' is undefined (in: {{{{ persn }}}})"
    )


def test_error_inside_an_imported_macro_names_the_macro_file(builtin: Path) -> None:
    write(builtin, "_m.md.j2", "{% macro show(p) %}\n{{ p.missing }}\n{% endmacro %}\n")
    write(builtin, "t.md.j2", '{% import "_m.md.j2" as m %}\n\n{{ m.show({}) }}\n')
    message = render_error(TemplateRenderer(builtin_dir=builtin), "t.md.j2")
    assert message.startswith("_m.md.j2 (built-in template), line 2: 'dict' has no attribute 'missing'")


def test_syntax_error_names_template_and_line(builtin: Path) -> None:
    write(builtin, "t.md.j2", "ok\nok\n{% if x %}\nno end\n")
    message = render_error(TemplateRenderer(builtin_dir=builtin), "t.md.j2", {"x": 1})
    assert message.startswith("t.md.j2 (built-in template), line 4: Unexpected end of template.")


def test_syntax_error_in_an_included_template(builtin: Path) -> None:
    write(builtin, "_bad.md.j2", "{{ x | }}\n")
    write(builtin, "t.md.j2", "a\n{% include '_bad.md.j2' %}\n")
    message = render_error(TemplateRenderer(builtin_dir=builtin), "t.md.j2", {"x": 1})
    assert message.startswith("_bad.md.j2 (built-in template), line 1: ")


def test_unknown_template_lists_the_available_ones(builtin: Path) -> None:
    write(builtin, "a.md.j2", "a")
    write(builtin, "t.md.j2", "x\n{% include 'nope.md.j2' %}\n")
    renderer = TemplateRenderer(builtin_dir=builtin)
    assert render_error(renderer, "packet.md.j2") == (
        "template 'packet.md.j2' not found in the built-in templates; available: a.md.j2, t.md.j2"
    )
    assert render_error(renderer, "t.md.j2") == (
        "t.md.j2 (built-in template), line 2: there is no template 'nope.md.j2'; available: a.md.j2, t.md.j2"
        " (in: {% include 'nope.md.j2' %})"
    )


def test_template_that_is_not_utf8_is_reported(builtin: Path, tmp_path: Path) -> None:
    user = tmp_path / "mine"
    (user / "packet.md.j2").parent.mkdir()
    (user / "packet.md.j2").write_bytes("Caf\u00e9 {{ x }}".encode("latin-1"))
    write(builtin, "t.md.j2", "a\n{% include 'packet.md.j2' %}\n")
    renderer = TemplateRenderer(user, builtin_dir=builtin)
    assert render_error(renderer, "packet.md.j2") == (
        f"{user.as_posix()}/packet.md.j2 (your template): a template is not UTF-8 text;"
        " save it as UTF-8 (plain text) in your editor"
    )
    assert render_error(renderer, "t.md.j2").startswith("t.md.j2 (built-in template), line 2: a template is not UTF-8")


@pytest.mark.parametrize(
    "source", ["{{ ''.__class__ }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "{{ x.__globals__ }}"]
)
def test_sandbox_blocks_python_internals(builtin: Path, source: str) -> None:
    write(builtin, "t.md.j2", "\n" + source)
    message = render_error(TemplateRenderer(builtin_dir=builtin), "t.md.j2", {"x": format_date})
    assert message.startswith("t.md.j2 (built-in template), line 2: ")
    assert "unsafe" in message


def test_str_format_stays_sandboxed_once_attributes_are_judged_safe(builtin: Path) -> None:
    """The shortened attribute read leaves methods to the sandbox: str.format still cannot reach internals."""
    write(builtin, "t.md.j2", "{{ p.label }} {{ '{0}'.format(p.label) }}\n{{ '{0.__class__}'.format(p) }}\n")
    renderer = TemplateRenderer(builtin_dir=builtin)
    for _ in range(2):  # the second time every attribute read was judged before
        message = render_error(renderer, "t.md.j2", {"p": ScaleLevel(3, "Meets")})
        assert message.startswith("t.md.j2 (built-in template), line 2: ")
        assert "unsafe" in message
    assert render(builtin, "{{ p.label }} {{ '{0}-'.format(p.label) }}", p=ScaleLevel(3, "Meets")) == "Meets Meets-"


def test_exception_in_a_filter_names_the_line(builtin: Path) -> None:
    write(builtin, "t.md.j2", "a\n\n{{ x|number }}\n")
    message = render_error(TemplateRenderer(builtin_dir=builtin), "t.md.j2", {"x": "12 apples"})
    assert (
        message
        == "t.md.j2 (built-in template), line 3: number: expected a number, got '12 apples' (in: {{ x|number }})"
    )


# --- filters -----------------------------------------------------------------------------------


def test_date_filter() -> None:
    day = dt.date(2026, 12, 31)
    assert format_date(day) == "31 Dec 2026"
    assert format_date(dt.date(2026, 3, 5)) == "5 Mar 2026"
    assert format_date(dt.datetime(2026, 3, 5, 23, 59)) == "5 Mar 2026"
    assert format_date(day, "%A %d/%m/%y, %B %%") == "Thursday 31/12/26, December %"
    assert format_date(None) == "–"
    with pytest.raises(ValueError, match="unknown format code %H"):
        format_date(day, "%H")
    with pytest.raises(TypeError, match="expected a date"):
        format_date("2026-12-31")  # type: ignore[arg-type]


def test_number_filter() -> None:
    assert format_number(1234567.5) == "1,234,568"
    assert format_number(2.5) == "3"  # halves round up, not to even
    assert format_number(2.675, 2) == "2.68"
    assert format_number(-0.0001) == "0"
    assert format_number(1234.5, 1) == "1,234.5"
    assert format_number(None) == "–"
    assert format_number(float("nan")) == "–"
    with pytest.raises(TypeError):
        format_number(True)


def test_percent_filter_takes_a_fraction() -> None:
    assert format_percent(0.634) == "63 %"
    assert format_percent(0.635) == "64 %"
    assert format_percent(0.634, 1) == "63.4 %"
    assert format_percent(12.5) == "1,250 %"
    assert format_percent(None) == "–"


def test_rating_filter_labels_the_printed_number() -> None:
    assert format_rating(3.4, SCALE) == "3.4 – Meets"
    assert format_rating(3.45, SCALE) == "3.5 – Exceeds"
    assert format_rating(4, SCALE, 0) == "4 – Exceeds"
    assert format_rating(None, SCALE) == "–"
    with pytest.raises(TypeError, match="rating scale"):
        format_rating(3, "scale")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "bar"),
    [
        (0.6, "██████░░░░ 60 %"),
        (0, "░░░░░░░░░░ 0 %"),
        (1, "██████████ 100 %"),
        (0.04, "█░░░░░░░░░ 4 %"),
        (0.99, "█████████░ 99 %"),
        (1.2, "██████████ 120 %"),
        (-0.1, "░░░░░░░░░░ -10 %"),
        (None, "–"),
    ],
)
def test_progress_filter_is_ten_cells_and_a_percent(value: float | None, bar: str) -> None:
    assert progress_bar(value) == bar


def test_filters_in_a_template(builtin: Path) -> None:
    source = "{{ d|date }} · {{ n|number(1) }} · {{ f|percent }} · {{ r|rating(scale) }} · {{ f|progress }}"
    out = render(builtin, source, d=dt.date(2026, 12, 31), n=1234.56, f=0.6, r=3.4, scale=SCALE)
    assert out == "31 Dec 2026 · 1,234.6 · 60 % · 3.4 – Meets · ██████░░░░ 60 %"


def test_rating_label_from_data_is_escaped(builtin: Path) -> None:
    scale = Scale((ScaleLevel(1, "*Low*"), ScaleLevel(2, "High")))
    assert render(builtin, "{{ 1|rating(scale) }}", scale=scale) == "1.0 – \\*Low\\*"


def test_page_break_is_a_paragraph_of_its_own(builtin: Path) -> None:
    assert page_break() == "\n\\newpage\n"
    out = render(builtin, "Before\n{{ page_break() }}\nAfter\n")
    tokens = MarkdownIt("commonmark", {"html": False}).parse(out)
    assert [t.content for t in tokens if t.type == "inline"] == ["Before", "\\newpage", "After"]


# --- determinism and golden output --------------------------------------------------------------

GOLDEN_TEMPLATE = """\
{% macro row(g) %}| {{ g.title }} | {{ g.weight|number }} | {{ g.progress|progress }} | {{ g.note }} |{% endmacro %}
# Review: {{ person.name }}

## {{ person.title }} — {{ cycle }}

Manager: **{{ person.manager }}**. Rating: {{ overall|rating(scale) }}.

| Goal | Weight | Progress | Note |
| --- | ---: | --- | --- |
{% for goal in goals %}
{{ row(goal) }}
{% endfor %}

### Strengths

{% for item in strengths %}
- {{ item }}
{% endfor %}

{% for step in steps %}
{{ loop.index }}. {{ step }}
{% endfor %}

> {{ quote }}

{{ comment }}
{{ page_break() }}
Due {{ due|date }}; tags: {{ tags|join(", ") }}.
"""

GOLDEN_CONTEXT: dict[str, object] = {
    "person": {
        "name": HOSTILE_NAME,
        "title": "# Head of *Sales* ##",
        "manager": "**Grace** `Hopper`",
    },
    "cycle": "2026-Q4 {{ 7*7 }} {% if %}",
    "overall": 3.45,
    "scale": SCALE,
    "goals": [
        {"title": "Raise ARR | 9M → 12M", "weight": 60, "progress": 0.75, "note": "=SUM(A1)\nsecond line"},
        {"title": "- not a list", "weight": 40, "progress": 0.3, "note": "<script>alert(1)</script>"},
    ],
    "strengths": ["1. not numbered", "> not a quote", "---", "    not code", "emoji 👩‍💻 and עברית"],
    "steps": ["[link](http://x.y)", "![img](x.png)"],
    "quote": "> nested? no & &amp;",
    "comment": "===",
    "due": dt.date(2026, 12, 31),
    "tags": ["a_b", "<br>", "c\\d"],
}


def test_golden_markdown(builtin: Path) -> None:
    out = render(builtin, GOLDEN_TEMPLATE, **GOLDEN_CONTEXT)
    golden = GOLDEN / "hostile_packet.md"
    if os.environ.get("REVIEWGEN_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(out.encode("utf-8"))
    assert out == golden.read_bytes().decode("utf-8")
    # The hostile values changed nothing: the document has exactly the structure the template gives.
    tokens = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).parse(out)
    opened = [t.tag for t in tokens if t.nesting == 1]
    assert opened.count("h1") == opened.count("h3") == opened.count("h2") == 1
    assert opened.count("table") == 1 and opened.count("tr") == 3
    assert opened.count("ul") == 1 and opened.count("li") == 7 and opened.count("ol") == 1
    assert opened.count("blockquote") == 1
    assert opened.count("pre") == opened.count("code") == opened.count("a") == opened.count("img") == 0
    heading = next(t for t in tokens if t.type == "inline")
    assert "".join(c.content for c in heading.children or []) == f"Review: {HOSTILE_NAME}"


def test_rendering_is_deterministic(builtin: Path) -> None:
    write(builtin, "t.md.j2", GOLDEN_TEMPLATE)
    first = TemplateRenderer(builtin_dir=builtin)
    outputs = {first.render("t.md.j2", GOLDEN_CONTEXT) for _ in range(3)}
    outputs.add(TemplateRenderer(builtin_dir=builtin).render("t.md.j2", GOLDEN_CONTEXT))
    assert len(outputs) == 1


def test_copy_template_is_all_or_nothing(builtin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """templates copy goes through the one atomic write: a full disk leaves no half-written template."""
    import os

    write(builtin, "packet.md.j2", "packet {{ x }}\n")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError, match=r"packet\.md\.j2: cannot write the file \(No space left on device\)"):
        copy_template("packet", tmp_path / "mine", builtin_dir=builtin)
    assert list((tmp_path / "mine").iterdir()) == []


def test_no_builtin_template_uses_a_word_only_page_break() -> None:
    # A page break is a Word-only instruction: the built-in documents start their parts at level-1 headings.
    for template in sorted(builtin_templates_dir().glob("*.j2")):
        source = template.read_text(encoding="utf-8")
        assert "page_break(" not in source and "\\newpage" not in source, template.name
