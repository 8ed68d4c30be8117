"""The Jinja side of rendering: template search path, Markdown autoescaping, filters, errors.

One :class:`TemplateRenderer` is made per build. Templates (``*.md.j2``) render Markdown; every
value a template prints is escaped with :func:`reviewgen.render.markup.escape_markdown` unless it is
trusted Markdown (:class:`reviewgen.render.markup.Md`: macro output, ``{% set %}`` blocks, values marked
with ``|md`` or ``|safe``). How: autoescape is on and the environment's ``finalize`` turns every
value without ``__html__`` into escaped :class:`Md` *before* Jinja's own ``escape()``, which
leaves markup alone. Jinja's HTML-flavoured helpers in compiled templates (``Markup``,
``markup_join`` behind ``~``, macros) are swapped for Markdown ones, so trusted Markdown is never
escaped twice and data is never HTML-escaped. ``{% autoescape false %}`` is refused.

Filters: ``date``, ``number``, ``percent``, ``rating``, ``progress``, ``md``; ``e``/``escape``,
``forceescape``, ``join`` and ``safe`` work on Markdown. Filters that write HTML or are not
deterministic (``urlize``, ``xmlattr``, ``tojson``, ``random``, ``lipsum``) are removed.
Global: ``page_break()``.

Templates run in Jinja's sandbox with strict undefined variables; every problem becomes one
:class:`reviewgen.errors.TemplateError` line naming the template file and line.
"""

from __future__ import annotations

import os
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from reviewgen.errors import TemplateError
from reviewgen.files.guard import write_own_file
from reviewgen.load.limits import DEFAULT_LIMITS, Limits
from reviewgen.render.bounded import RenderLimitExceeded, render_bounded
from reviewgen.render.bounded import message as limit_message
from reviewgen.render.filters import (
    FORMAT_FILTERS,
    MISSING,
    format_date,
    format_number,
    format_percent,
    format_rating,
    page_break,
    progress_bar,
)
from reviewgen.render.markup import MARKDOWN_FILTERS, MarkdownTemplate, finalize_markdown

__all__ = [
    "MISSING",
    "TemplateInfo",
    "TemplateRenderer",
    "builtin_templates_dir",
    "copy_template",
    "format_date",
    "format_number",
    "format_percent",
    "format_rating",
    "list_templates",
    "progress_bar",
]

#: File name ending of a template.
TEMPLATE_SUFFIX = ".md.j2"

#: Filters and globals taken out of the environment (HTML output or not deterministic).
_REMOVED_FILTERS = ("urlize", "xmlattr", "tojson", "random")
_REMOVED_GLOBALS = ("lipsum",)


def builtin_templates_dir() -> Path:
    """The built-in templates: ``reviewgen/templates`` in a wheel, else the repository's ``templates/``."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "templates"
    if installed.is_dir():
        return installed
    return package.parent / "templates"


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """One template a build can use: its name, whether it is the user's or built-in, and its file."""

    name: str
    origin: str  # "user" or "built-in"
    path: Path


class _MarkdownEnvironment(SandboxedEnvironment):
    template_class = MarkdownTemplate

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Jinja's own rule, remembered per (type, name): the rule looks only at the object's type
        # and the attribute's name, and a build asks it a few hundred times per document.
        kind = type(obj)
        key = (kind, attr)
        safe = _SAFE_ATTRIBUTES.get(key)
        if safe is None:
            safe = super().is_safe_attribute(obj, attr, value)
            # An object whose __class__ lies about its type is judged afresh every time.
            if obj.__class__ is kind and len(_SAFE_ATTRIBUTES) < 4096:
                _SAFE_ATTRIBUTES[key] = safe
        return safe

    def getattr(self, obj: Any, attribute: str) -> Any:
        # ``x.name`` in a template: the sandbox's own steps (the value, str.format wrapped, the safety rule)
        # shortened for an attribute already judged safe whose value is not a method; anything else takes the
        # sandbox's path. A build reads hundreds of attributes per document.
        if _SAFE_ATTRIBUTES.get((type(obj), attribute)) is True:
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if not isinstance(value, _METHODS):
                    return value
        return super().getattr(obj, attribute)


_SAFE_ATTRIBUTES: dict[tuple[type, str], bool] = {}
#: What SandboxedEnvironment.wrap_str_format looks at (bound str.format and str.format_map).
_METHODS = (types.MethodType, types.BuiltinMethodType)


def _make_environment(loader: jinja2.BaseLoader) -> _MarkdownEnvironment:
    env = _MarkdownEnvironment(
        loader=loader,
        autoescape=True,
        finalize=finalize_markdown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    for name in _REMOVED_FILTERS:
        env.filters.pop(name, None)
    for name in _REMOVED_GLOBALS:
        env.globals.pop(name, None)
    env.filters.update(FORMAT_FILTERS)
    env.filters.update(MARKDOWN_FILTERS)
    env.globals["page_break"] = page_break
    return env


# --- Renderer ---------------------------------------------------------------------------------


class TemplateRenderer:
    """Renders named templates to Markdown: the user's folder first, then the built-in templates.

    Create one per build: compiled templates are cached for the renderer's lifetime.
    ``builtin_dir`` replaces the built-in templates folder (for tests).
    """

    def __init__(
        self, user_dir: Path | None = None, *, builtin_dir: Path | None = None, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.user_dir = user_dir
        self.limits = limits
        self.builtin_dir = builtin_dir if builtin_dir is not None else builtin_templates_dir()
        if user_dir is not None and not user_dir.is_dir():
            raise TemplateError(f"{user_dir}: the templates folder does not exist; check the path or create it")
        loaders: list[jinja2.BaseLoader] = []
        if user_dir is not None:
            loaders.append(FileSystemLoader(user_dir, encoding="utf-8"))
        loaders.append(FileSystemLoader(self.builtin_dir, encoding="utf-8"))
        self._env = _make_environment(ChoiceLoader(loaders))

    def names(self) -> list[str]:
        """Names of all templates (user and built-in), sorted."""
        return [info.name for info in list_templates(self.user_dir, builtin_dir=self.builtin_dir)]

    def render(self, name: str, context: Mapping[str, object]) -> str:
        """Render template ``name`` with ``context``; raises :class:`TemplateError` on any problem."""
        try:
            template = self._env.get_template(name)
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(self._not_found_message(name, exc)) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(self._syntax_message(exc)) from None
        except (OSError, UnicodeDecodeError) as exc:
            infos = {info.name: info.path for info in list_templates(self.user_dir, builtin_dir=self.builtin_dir)}
            raise TemplateError(f"{self._where(str(infos.get(name, '')), name)}: {_describe(exc)}") from None
        try:
            return render_bounded(template, context, self.limits)
        except RenderLimitExceeded as exc:
            raise TemplateError(
                f"{self._where(template.filename, name)}: {limit_message(self.limits, exc.what)}"
            ) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(self._syntax_message(exc)) from None
        except (RecursionError, Exception) as exc:
            raise TemplateError(self._runtime_message(name, exc)) from None

    # --- error messages -----------------------------------------------------------------------

    def _where(self, filename: str | None, fallback_name: str) -> str:
        """ "templates/packet.md.j2 (your template)" or "packet.md.j2 (built-in template)"."""
        if filename:
            path = Path(os.path.normpath(filename))
            if self.user_dir is not None and path.is_relative_to(os.path.normpath(self.user_dir)):
                return f"{path.as_posix()} (your template)"
            if path.is_relative_to(os.path.normpath(self.builtin_dir)):
                rel = path.relative_to(os.path.normpath(self.builtin_dir))
                return f"{rel.as_posix()} (built-in template)"
            return path.as_posix()
        return fallback_name

    def _not_found_message(self, name: str, exc: jinja2.TemplateNotFound) -> str:
        missing = exc.name if isinstance(exc.name, str) else name
        where = "your templates folder or the built-in templates" if self.user_dir else "the built-in templates"
        available = ", ".join(self.names()) or "none"
        return f"template {missing!r} not found in {where}; available: {available}"

    def _syntax_message(self, exc: jinja2.TemplateSyntaxError) -> str:
        where = self._where(exc.filename, exc.name or "template")
        hint = _source_hint(exc.filename, exc.lineno)
        return f"{where}, line {exc.lineno}: {_one_line(exc.message or 'syntax error')}{hint}"

    def _runtime_message(self, name: str, exc: BaseException) -> str:
        frames = _template_frames(exc.__traceback__)
        if not frames:
            return f"{name}: {_describe(exc)}"
        filename, lineno = frames[-1]
        message = f"{self._where(filename, name)}, line {lineno}: {_describe(exc)}"
        if isinstance(exc, jinja2.TemplateNotFound):
            message += f"; available: {', '.join(self.names()) or 'none'}"
        return message + _source_hint(filename, lineno)


def _template_frames(tb: TracebackType | None) -> list[tuple[str, int]]:
    """(file, line) of each template frame, outermost first.

    Jinja rewrites the traceback of an error raised while rendering (``jinja2.debug``): each frame
    of compiled template code is replaced by a fake one whose code has the template's file name
    and whose line is the template line, with ``__jinja_exception__`` in its globals.
    """
    frames: list[tuple[str, int]] = []
    while tb is not None:
        frame_globals = tb.tb_frame.f_globals
        if "__jinja_exception__" in frame_globals:
            frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames


_OBJECT_REPR_RE = re.compile(r"'(?:\w+\.)*(\w+) object'")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"there is no template {exc.name!r}"
    if isinstance(exc, RecursionError):
        return "templates include or call each other without end"
    if isinstance(exc, UnicodeDecodeError):
        return "a template is not UTF-8 text; save it as UTF-8 (plain text) in your editor"
    if isinstance(exc, OSError):
        return f"cannot read a template ({exc.strerror or exc}); check the file and its permissions"
    text = _one_line(str(exc)) or f"{type(exc).__name__} raised"
    # "'reviewgen.model.workbook.Person object' has no attribute 'nmae'" -> "'Person' has no attribute 'nmae'"
    return _OBJECT_REPR_RE.sub(r"'\1'", text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _source_hint(filename: str | None, lineno: int | None) -> str:
    """`` (in: {{ person.nmae }})``: the template line, so the user sees what to fix."""
    if not filename or not lineno:
        return ""
    try:
        lines = Path(filename).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    if not 1 <= lineno <= len(lines):
        return ""
    source = _one_line(lines[lineno - 1])
    if len(source) > 80:
        source = source[:77] + "..."
    return f" (in: {source})" if source else ""


# --- CLI helpers ------------------------------------------------------------------------------


def _template_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    loader = FileSystemLoader(folder)
    return {
        name: folder / name
        for name in loader.list_templates()
        if name.endswith(".j2") and not any(part.startswith(".") for part in name.split("/"))
    }


def list_templates(user_dir: Path | None, *, builtin_dir: Path | None = None) -> list[TemplateInfo]:
    """Every template by name; a user template that overrides a built-in one is listed as the user's."""
    builtin = _template_files(builtin_dir if builtin_dir is not None else builtin_templates_dir())
    user = _template_files(user_dir) if user_dir is not None else {}
    infos = {name: TemplateInfo(name, "built-in", path) for name, path in builtin.items()}
    infos.update({name: TemplateInfo(name, "user", path) for name, path in user.items()})
    return [infos[name] for name in sorted(infos)]


def copy_template(name: str, dest_dir: Path, *, overwrite: bool = False, builtin_dir: Path | None = None) -> Path:
    """Copy built-in template ``name`` into ``dest_dir`` (keeping sub-folders) so the user can edit it.

    ``name`` may omit the ``.md.j2`` ending. Raises :class:`TemplateError` for an unknown name
    (listing the available ones) and :class:`OutputError` when the file exists and ``overwrite``
    is false, when it exists and is not an unchanged copy of ours (an edited template is never
    replaced), or when it cannot be written.
    """
    builtin = _template_files(builtin_dir if builtin_dir is not None else builtin_templates_dir())
    if name not in builtin and name + TEMPLATE_SUFFIX in builtin:
        name += TEMPLATE_SUFFIX
    source = builtin.get(name)
    if source is None:
        available = ", ".join(sorted(builtin)) or "none"
        raise TemplateError(f"there is no built-in template {name!r}; available: {available}")
    target = dest_dir / name
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{source}: cannot read the built-in template ({exc.strerror or exc})") from None
    # One atomic write; a copy is replaced only while it is exactly as copied (never a template you edited).
    write_own_file(target, data, replace=overwrite, mode=0o644)
    return target
