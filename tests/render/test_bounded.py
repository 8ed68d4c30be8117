"""A user's template cannot loop forever or build a huge text (issue 9 item 11): rendering stops at a time and a
size limit, and the error names the template and the setting that raises the limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reviewgen.errors import TemplateError
from reviewgen.load.limits import Limits
from reviewgen.render.templating import TemplateRenderer


def renderer(tmp_path: Path, text: str, limits: Limits) -> TemplateRenderer:
    (tmp_path / "packet.md.j2").write_text(text, encoding="utf-8")
    return TemplateRenderer(tmp_path, limits=limits)


def test_a_template_that_never_ends_is_stopped_and_named(tmp_path: Path) -> None:
    forever = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    started = time.monotonic()
    with pytest.raises(TemplateError) as err:
        renderer(tmp_path, forever, Limits(render_seconds=1)).render("packet.md.j2", {})
    assert time.monotonic() - started < 5
    assert err.value.message == (
        f"{(tmp_path / 'packet.md.j2').as_posix()} (your template): rendering took longer than 1 s, the limit (a loop "
        "that never ends?): fix the template, or raise it with [limits] render_seconds = 10 in reviewgen.toml"
    )


def test_a_template_that_grows_without_bound_is_stopped_and_named(tmp_path: Path) -> None:
    huge = "{% for a in range(100000) %}{% for b in range(100000) %}{{ 'x' * 1000 }}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateError) as err:
        renderer(tmp_path, huge, Limits(render_mb=1)).render("packet.md.j2", {})
    assert err.value.message.endswith(
        "(your template): the document grew beyond 1 MB, the limit (a loop that repeats too often?): fix the "
        "template, or raise it with [limits] render_mb = 10 in reviewgen.toml"
    )


def test_a_normal_template_renders_as_before(tmp_path: Path) -> None:
    assert renderer(tmp_path, "# {{ name }}\n", Limits()).render("packet.md.j2", {"name": "Ada"}) == "# Ada\n"
