"""Rendering a template within a time and size limit: a user's template can loop forever or build a huge text.

The limits are reviewgen.load.limits.Limits.render_seconds and render_mb ([limits] in reviewgen.toml); the
defaults are far above what any real template needs (the company scorecard of a 20,000-person cycle is about
6 MB of Markdown and renders in seconds). Time is kept with SIGALRM where the platform and thread allow
(build workers render in their main thread); the size is counted as the template's output is generated.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import jinja2

from reviewgen.load.limits import Limits


class RenderLimitExceeded(Exception):
    """Raised (and turned into a TemplateError naming the template) when a limit is hit; ``what`` says which."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def message(limits: Limits, what: str) -> str:
    """What the user reads after the template's name."""
    if what == "time":
        return (
            f"rendering took longer than {limits.render_seconds} s, the limit (a loop that never ends?): fix the "
            f"template, or raise it with [limits] render_seconds = {limits.render_seconds * 10} in reviewgen.toml"
        )
    return (
        f"the document grew beyond {limits.render_mb} MB, the limit (a loop that repeats too often?): fix the "
        f"template, or raise it with [limits] render_mb = {limits.render_mb * 10} in reviewgen.toml"
    )


@contextlib.contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield  # no timer here: the size limit still holds
        return

    def expired(_signum: int, _frame: object) -> None:
        raise RenderLimitExceeded("time")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_bounded(template: jinja2.Template, context: Mapping[str, Any], limits: Limits) -> str:
    """``template`` rendered with ``context``; RenderLimitExceeded when it takes too long or grows too big."""
    budget = limits.render_mb * 1_000_000
    parts: list[str] = []
    size = 0
    with _alarm(limits.render_seconds):
        for chunk in template.generate(dict(context)):
            size += len(chunk)
            if size > budget:
                raise RenderLimitExceeded("size")
            parts.append(chunk)
    return "".join(parts)
