"""The Jinja side of rendering: template search path, Markdown autoescaping, filters, errors.

One :class:`TemplateRenderer` is made per build. Templates (``*.md.j2``) render Markdown; every
value a template prints is escaped with :func:`reviewgen.markup.escape_markdown` unless it is
trusted Markdown (:class:`reviewgen.markup.Md`: macro output, ``{% set %}`` blocks, values marked
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

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from reviewgen.errors import OutputError, TemplateError
from reviewgen.markup import MARKDOWN_FILTERS, MarkdownTemplate, Md, finalize_markdown
from reviewgen.model import Scale

__all__ = ["TemplateInfo", "TemplateRenderer", "builtin_templates_dir", "copy_template", "list_templates"]

#: File name ending of a template.
TEMPLATE_SUFFIX = ".md.j2"

#: Filters and globals taken out of the environment (HTML output or not deterministic).
_REMOVED_FILTERS = ("urlize", "xmlattr", "tojson", "random")
_REMOVED_GLOBALS = ("lipsum",)


def builtin_templates_dir() -> Path:
    """The built-in templates: ``reviewgen/templates`` in a wheel, else the repository's ``templates/``."""
    package = Path(__file__).resolve().parent
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


# --- Filters ----------------------------------------------------------------------------------

#: What the formatting filters print for a missing value.
MISSING = "–"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATE_CODE_RE = re.compile(r"%(-?)(.)")
#: Full progress bar cells and empty ones (the Word writer shades these characters as a bar).
PROGRESS_DONE, PROGRESS_TODO, PROGRESS_CELLS = "\u2588", "\u2591", 10


def _date_code(day: dt.date, pad: bool, code: str) -> str:
    match code:
        case "d":
            return f"{day.day:02d}" if pad else str(day.day)
        case "m":
            return f"{day.month:02d}" if pad else str(day.month)
        case "Y":
            return f"{day.year:04d}"
        case "y":
            return f"{day.year % 100:02d}"
        case "B":
            return _MONTHS[day.month - 1]
        case "b":
            return _MONTHS[day.month - 1][:3]
        case "A":
            return _WEEKDAYS[day.weekday()]
        case "a":
            return _WEEKDAYS[day.weekday()][:3]
        case "%":
            return "%"
    raise ValueError(f"date: unknown format code %{code}; use %d %-d %m %-m %Y %y %b %B %a %A")


def format_date(value: dt.date | None, format: str = "%-d %b %Y") -> str:
    """``|date``: "31 Dec 2026" by default; ``format`` takes %d %-d %m %-m %Y %y %b %B %a %A.

    Month and day names are English whatever the machine's locale, so output is the same
    everywhere. ``None`` prints "–".
    """
    if value is None:
        return MISSING
    if not isinstance(value, dt.date):
        raise TypeError(f"date: expected a date, got {value!r}")
    day = value.date() if isinstance(value, dt.datetime) else value
    return _DATE_CODE_RE.sub(lambda m: _date_code(day, m.group(1) != "-", m.group(2)), format)


def _decimal(value: object, filter_name: str) -> Decimal | None:
    """``value`` as an exact Decimal (from its shortest repr), None for None and NaN."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"{filter_name}: expected a number, got {value!r}")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number.is_nan():
        return None
    if number.is_infinite():
        raise ValueError(f"{filter_name}: cannot print an infinite number")
    return number


def _rounded(number: Decimal, decimals: int) -> Decimal:
    # Half up, as people round (2.5 -> 3), not Python's half-to-even; never "-0".
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded == 0 else rounded


def format_number(value: float | None, decimals: int = 0) -> str:
    """``|number``: 1234.5 -> "1,235"; ``decimals`` digits after the point, halves round up; None -> "–"."""
    number = _decimal(value, "number")
    if number is None:
        return MISSING
    return f"{_rounded(number, decimals):,.{decimals}f}"


def format_percent(value: float | None, decimals: int = 0) -> str:
    """``|percent``: a fraction in, a percentage out: 0.634 -> "63 %" (0.634 is 63.4 %). None -> "–"."""
    number = _decimal(value, "percent")
    if number is None:
        return MISSING
    return f"{_rounded(number * 100, decimals):,.{decimals}f} %"


def format_rating(value: float | None, scale: Scale, decimals: int = 1) -> str:
    """``|rating(scale)``: 3.4 -> "3.4 – Meets", with the label of the level nearest the printed number.

    ``None`` prints "–".
    """
    if not isinstance(scale, Scale):
        raise TypeError(f"rating: the second argument must be the rating scale, got {scale!r}")
    number = _decimal(value, "rating")
    if number is None:
        return MISSING
    # The label follows the number as printed, so "3.5" always reads with the same label.
    return f"{format_number(value, decimals)} – {scale.label_for(float(_rounded(number, decimals)))}"


def progress_bar(value: float | None) -> Md:
    """``|progress``: a fraction (0..1) as 10 cells and a percentage, 0.6 -> "██████░░░░ 60 %".

    Cells are U+2588 FULL BLOCK (done) and U+2591 LIGHT SHADE (to do); the Word writer shades
    them as a bar. Cells round to the nearest tenth, but a bar is only full at 100 % and only
    empty at 0 %. Values beyond 0..1 fill the bar or leave it empty and print their percentage.
    None prints "–".
    """
    number = _decimal(value, "progress")
    if number is None:
        return Md(MISSING)
    cells = int(_rounded(number * PROGRESS_CELLS, 0))
    if 0 < number < 1:
        cells = min(max(cells, 1), PROGRESS_CELLS - 1)
    cells = min(max(cells, 0), PROGRESS_CELLS)
    return Md(PROGRESS_DONE * cells + PROGRESS_TODO * (PROGRESS_CELLS - cells) + " " + format_percent(value))


def page_break() -> Md:
    """Global ``page_break()``: a paragraph that is exactly ``\\newpage`` (pandoc's convention).

    Put ``{{ page_break() }}`` on a line of its own; the blank lines around the marker make it a
    paragraph of its own. The Word writer turns an ``inline`` token whose content is exactly
    ``\\newpage`` into a page break; data never produces one (it is escaped to ``\\\\newpage``).
    """
    return Md("\n\\newpage\n")


FORMAT_FILTERS: dict[str, Callable[..., Any]] = {
    "date": format_date,
    "number": format_number,
    "percent": format_percent,
    "rating": format_rating,
    "progress": progress_bar,
}


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


_SAFE_ATTRIBUTES: dict[tuple[type, str], bool] = {}


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

    def __init__(self, user_dir: Path | None = None, *, builtin_dir: Path | None = None) -> None:
        self.user_dir = user_dir
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
            return template.render(dict(context))
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
    # "'reviewgen.model.Person object' has no attribute 'nmae'" -> "'Person' has no attribute 'nmae'"
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
    is false, or cannot be written.
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
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(source, "rb") as src, open(target, "wb" if overwrite else "xb") as dst:
            shutil.copyfileobj(src, dst)
    except FileExistsError:
        raise OutputError(f"{target}: already exists; edit it, or pass --force to replace it") from None
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot write the template copy ({exc.strerror or exc}); check the folder"
        ) from None
    return target
