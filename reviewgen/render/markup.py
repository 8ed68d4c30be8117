"""Trusted Markdown (:class:`Md`) and the escaping that makes any data value print as plain text.

Every document is Markdown rendered by Jinja (see :mod:`reviewgen.render.templating`) and parsed with
markdown-it-py as ``MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])``.
Data is untrusted: a name such as ``*Ada* <script>`` or a comment starting with ``1.`` must come
out as exactly that text, without changing the document's structure.

:func:`escape_markdown` guarantees that, for any string, in any of these places of a template:
mid-paragraph, at the start of a line, in a list item, a heading, a GFM table cell, a block quote
or between ``**`` markers. Everything markdown-it-py reads back from the escaped value (with the
``text_join`` core rule on) is the original text, with ``<br>`` where the value had a line break.

Contract with the Word writer (:mod:`reviewgen.docx.writer`):

* **Line breaks.** A value is always one source line: each line break in it (``\\r\\n``, ``\\r``
  or ``\\n``) becomes the literal characters ``<br>``. Raw HTML is off in the parser, so ``<br>``
  reaches the writer as text; the writer turns it into a hard line break. Templates may write
  ``<br>`` themselves for the same effect. A ``<br>`` typed by a user in the data is escaped to
  ``\\<br\\>`` and must stay text: the writer therefore parses with the ``text_join`` core rule
  disabled (``md.disable("text_join")``), where an escaped character arrives as its own
  ``text_special`` token (always literal text) and only a ``<br>`` inside one ``text`` token is a
  line break. ``<small>...</small>`` works the same way: small print in Word (a note under a line, such
  as the cell a finding points at), HTML's small print where a Markdown viewer shows HTML; escaped
  (``\\<small\\>``, as data always is) it stays text.
* **Page breaks.** A paragraph whose raw inline source (``Token.content`` of the ``inline``
  token) is exactly ``\\newpage`` is a page break (pandoc's convention). Data cannot produce it:
  a value ``\\newpage`` is escaped to ``\\\\newpage``.
* **Whitespace.** Leading and trailing whitespace of a value is written as numeric character
  references (``&#32;``) so that Markdown neither strips it nor reads indentation as a code block.
* **Characters XML cannot hold** (C0/C1 control characters other than tab and line breaks,
  U+FFFE, U+FFFF, lone surrogates) are dropped, as pandoc does; Word could not store them anyway.

Jinja integration (used by :mod:`reviewgen.render.templating`): :func:`finalize_markdown` is the
environment's ``finalize``, :class:`MarkdownTemplate` its template class, and
:data:`MARKDOWN_FILTERS` replaces Jinja's HTML-escaping filters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, MutableMapping
from types import CodeType
from typing import Any, cast

import jinja2
import markupsafe
from jinja2 import pass_eval_context
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.nodes import EvalContext
from jinja2.runtime import Macro

__all__ = [
    "LINE_BREAK",
    "MARKDOWN_FILTERS",
    "MarkdownTemplate",
    "Md",
    "escape_fragments",
    "escape_markdown",
    "finalize_markdown",
    "strip_unprintable",
]

#: What a line break inside a value becomes (see the module docstring for the contract).
LINE_BREAK = "<br>"

# Characters that can start an inline construct (code span, emphasis, strikethrough, link,
# autolink, entity, escape) or a block anywhere on a line (ATX heading closing sequence, table
# cell delimiter, block quote). Escaping them everywhere is what keeps the rules simple: a
# backslash before ASCII punctuation is always removed by CommonMark.
_ALWAYS_ESCAPED = frozenset("\\`*_[]<>|~&#")
_ALWAYS_RE = re.compile(r"[\\`*_\[\]<>|~&#]")
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
# Control characters XML 1.0 forbids (and C1 controls), non-characters and lone surrogates.
_UNPRINTABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# At the start of a line: an ordered-list marker ("1." / "1)") followed by a blank or the end.
_LINE_START_CANDIDATES = frozenset("-+=0123456789")
_ORDERED_MARKER_RE = re.compile(r"([0-9]+)([.)])(?=[ \t\n\r]|$)")


def strip_unprintable(text: str) -> str:
    """``text`` without the characters a Word document cannot hold (tab and line breaks stay)."""
    return _UNPRINTABLE_RE.sub("", text)


def _whitespace_ref(ch: str) -> str:
    return f"&#{ord(ch)};"


def _escape_line_start(escaped: str, original: str) -> str:
    """Neutralise block constructs that only count at the start of a line.

    ``escaped`` is ``original`` after the always-escaped characters were handled; both start with
    the same character unless that character was escaped (then nothing is left to do here).
    """
    if not original or original[0] in _ALWAYS_ESCAPED:
        return escaped
    first = original[0]
    if first in "-+=":
        # Bullet marker ("- x", "+ x"), thematic break ("- - -", "---"), setext underline
        # ("===", "-"): all need a blank, the end, or the same character after the first one.
        following = original[1:2]
        if following == "" or following == first or following.isspace():
            return "\\" + escaped
        return escaped
    match = _ORDERED_MARKER_RE.match(escaped)
    if match is not None:
        return f"{match.group(1)}\\{match.group(2)}{escaped[match.end() :]}"
    return escaped


def escape_markdown(value: object) -> Md:
    """``value`` as Markdown that prints as exactly its text, wherever a template puts it.

    ``None`` becomes the empty string (templates decide how a missing value reads, e.g. with
    ``{{ x or "–" }}``; the number and date filters print "–"). Objects that are already
    Markdown (anything with ``__html__``, such as :class:`Md`) are returned unchanged. Any
    other value is converted with ``str()`` first. See the module docstring for the rules.
    """
    kind = type(value)
    if kind is str:
        # Only short values recur (labels, ratings, dates, names); a long comment kept would only take memory.
        text = cast(str, value)  # (mypy does not narrow on type(value) is str)
        return _escaped(text) if len(text) <= _REMEMBERED_CHARS else Md(_escape_text(text))
    if kind is int:  # bool is not int here: str(True) is "True"
        return _escaped(str(value))
    if kind is Md:
        return value  # type: ignore[return-value]  # (mypy does not narrow on type(value) is Md)
    if value is None:
        return Md("")
    if hasattr(value, "__html__"):
        return Md(value)
    return Md(_escape_text(str(value)))


#: The longest value :func:`_escaped` remembers: at most 16,384 of them, a few MB however hostile the data.
_REMEMBERED_CHARS = 200


@functools.lru_cache(maxsize=16_384)
def _escaped(text: str) -> Md:
    """``text`` escaped, remembered: a build prints about 250 values per document, and at 1,000 people only
    about 11,000 distinct ones (labels, ratings, dates, names), so most are escaped once per process."""
    return Md(_escape_text(text))


def escape_markdown_line(value: object) -> str:
    """``value`` as Markdown that prints as its text on ONE line (line breaks become spaces): for the
    table cells and lines of reports, where a ``<br>`` would be out of place. The same rules as
    :func:`escape_markdown` otherwise: this is the one escaper, in two shapes."""
    return _escape_text(_NEWLINE_RE.sub(" ", "" if value is None else str(value)))


def _escape_text(text: str, *, at_start: bool = True, at_end: bool = True) -> str:
    """Escape ``text``; ``at_start``/``at_end``: whether its edges may be the edges of a line."""
    text = _UNPRINTABLE_RE.sub("", text)
    if not text:
        return ""
    lead = trail = ""
    body = text
    if text[0].isspace() or text[-1].isspace():
        # Leading and trailing whitespace would be stripped by the parser (or read as a code block).
        body = text.strip()
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :] if body else ""
    escaped = _ALWAYS_RE.sub(r"\\\g<0>", body) if _ALWAYS_RE.search(body) else body
    if "![" in body:
        escaped = escaped.replace("!\\[", "\\!\\[")
    if not lead and body and body[0] in _LINE_START_CANDIDATES:
        escaped = _escape_line_start(escaped, body)
    if "\n" in escaped or "\r" in escaped:
        escaped = _NEWLINE_RE.sub(LINE_BREAK, escaped)
    if lead or trail:
        return _edge_whitespace(lead, at_start) + escaped + _edge_whitespace(trail, at_end)
    return escaped


def escape_fragments(pieces: Iterable[object]) -> Md:
    """``pieces`` concatenated into one value: trusted ones as they are, the others escaped.

    Unlike escaping each piece on its own, whitespace between pieces stays plain: only the start
    of the first piece and the end of the last can be the edges of a line.
    """
    items = list(pieces)
    out: list[str] = []
    for i, item in enumerate(items):
        if hasattr(item, "__html__"):
            out.append(item.__html__())
        elif item is not None:
            out.append(_escape_text(str(item), at_start=i == 0, at_end=i == len(items) - 1))
    return Md("".join(out))


def _edge_whitespace(space: str, at_edge: bool) -> str:
    # Line breaks at the edges still become <br>; other whitespace becomes a character reference
    # where it may be the edge of a line, else stays as it is.
    parts = _NEWLINE_RE.split(space)
    if not at_edge:
        return LINE_BREAK.join(parts)
    return LINE_BREAK.join("".join(_whitespace_ref(ch) for ch in part) for part in parts)


class Md(markupsafe.Markup):
    """A string of trusted Markdown: printed as is by templates, never escaped again.

    It behaves like :class:`markupsafe.Markup` except that the escaping is Markdown's: ``Md +
    str``, ``Md.join(...)``, ``Md % x`` and ``Md.format(...)`` escape the plain-string operands
    with :func:`escape_markdown`, and leave :class:`Md` (or any ``__html__`` object) alone.
    """

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any, /) -> Md:
        """``s`` escaped for Markdown, unless it is already trusted markup."""
        if isinstance(s, cls):
            return s
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(escape_markdown(s))

    def unescape(self) -> str:
        """The text with Markdown backslash escapes removed (an approximation for plain text)."""
        text = re.sub(r"&#([0-9]+);", lambda m: chr(int(m.group(1))), str(self).replace(LINE_BREAK, "\n"))
        return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


# --- Jinja integration -------------------------------------------------------------------------
# Read with jinja2/compiler.py (visit_Output, visit_Concat, visit_AssignBlock) and
# jinja2/runtime.py (markup_join, Macro._invoke): compiled templates call
# ``escape(environment.finalize(value))`` for every printed value, ``markup_join`` for ``~``,
# ``Markup(...)`` around ``{% set %}`` blocks, and ``Macro`` for macros and ``caller()``.


@pass_eval_context
def finalize_markdown(eval_ctx: EvalContext, value: object) -> Md:
    """The environment's ``finalize``: every printed value that is not trusted Markdown is escaped.

    Taking the eval context also stops Jinja from folding constants at compile time, which it
    would do with HTML escaping. ``{% autoescape false %}`` is refused rather than silently
    letting data through as Markdown.
    """
    if not eval_ctx.autoescape:
        raise SecurityError("'autoescape false' is not supported: mark trusted Markdown with |md instead")
    return escape_markdown(value)


def _markdown_join(seq: Any) -> str:
    """``a ~ b`` in a template: like Jinja's ``markup_join`` but escaping for Markdown."""
    items = [item if hasattr(item, "__html__") else str(item) for item in seq]
    if any(hasattr(item, "__html__") for item in items):
        return escape_fragments(items)
    return "".join(items)


class _MarkdownMacro(Macro):
    """Macros and ``caller()`` return :class:`Md`, so their output is Markdown, not HTML."""

    def _invoke(self, arguments: list[Any], autoescape: bool) -> str:
        rv = super()._invoke(arguments, autoescape)
        return Md(rv) if autoescape else rv


class MarkdownTemplate(jinja2.Template):
    """A template whose compiled code uses Markdown versions of Jinja's HTML escaping helpers."""

    @classmethod
    def from_code(
        cls,
        environment: jinja2.Environment,
        code: CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> jinja2.Template:
        """Compile as Jinja does, then swap ``Markup``, ``Macro``, ``markup_join`` and ``escape``."""
        template = super().from_code(environment, code, globals, uptodate)
        # The compiled module imports these names from jinja2.runtime; its functions look them up
        # in the module namespace at call time, so replacing them here is enough.
        namespace = template.root_render_func.__globals__
        namespace.update(Markup=Md, Macro=_MarkdownMacro, markup_join=_markdown_join, escape=Md.escape)
        return template


@pass_eval_context
def _join_filter(eval_ctx: EvalContext, value: Iterable[Any], d: str = "", attribute: str | int | None = None) -> str:
    """``|join``: items and separator escaped for Markdown unless they are trusted Markdown."""
    items = list(value)
    if attribute is not None:
        getter = make_attrgetter(eval_ctx.environment, attribute)
        items = [getter(item) for item in items]
    if not hasattr(d, "__html__") and not any(hasattr(item, "__html__") for item in items):
        # Plain text throughout: one string, escaped as a whole when it is printed.
        return str(d).join(str(item) for item in items)
    pieces: list[object] = []
    for i, item in enumerate(items):
        if i:
            pieces.append(d)
        pieces.append(item)
    return escape_fragments(pieces)


def _md_filter(value: object) -> Md:
    """``|md`` (and ``|safe``): the value is trusted Markdown and printed as is."""
    return Md("") if value is None else Md(value)


def _forceescape_filter(value: object) -> Md:
    return escape_markdown("" if value is None else str(value))


#: Filters that replace Jinja's HTML ones: ``md``/``safe`` trust, ``e``/``escape``/``forceescape``/``join`` escape.
MARKDOWN_FILTERS: dict[str, Callable[..., Any]] = {
    "md": _md_filter,
    "safe": _md_filter,
    "e": Md.escape,
    "escape": Md.escape,
    "forceescape": _forceescape_filter,
    "join": _join_filter,
}
