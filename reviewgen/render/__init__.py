"""Stage 4, render: typed contexts through Jinja templates to Markdown, data escaped by default."""

from __future__ import annotations

from reviewgen.render.markup import Md, escape_markdown
from reviewgen.render.templating import TemplateRenderer, copy_template, list_templates

__all__ = ["Md", "TemplateRenderer", "copy_template", "escape_markdown", "list_templates"]
