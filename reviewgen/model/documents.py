"""The vocabulary of the documents a cycle gets, defined once: kinds, editions, scorecard scopes, file formats,
paper sizes. The build plans with these words, the render contexts are built for them, the CLI offers them."""

from __future__ import annotations

from typing import Literal

DocumentKind = Literal["packet", "scorecard", "one-pager", "handout"]
#: Who a review packet is for: the employee's edition, or the manager's (adds coaching and findings).
Edition = Literal["employee", "manager"]
#: Whose people a scorecard covers: one manager's team, a department, or the company.
Scope = Literal["manager", "department", "company"]
#: The file formats of a built document.
DocumentFormat = Literal["docx", "md"]
Paper = Literal["a4", "letter"]

#: Document kinds in build order.
KINDS: tuple[DocumentKind, ...] = ("packet", "scorecard", "one-pager", "handout")
EDITIONS: tuple[Edition, ...] = ("employee", "manager")
SCOPES: tuple[Scope, ...] = ("manager", "department", "company")
DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = ("docx", "md")
PAPERS: tuple[Paper, ...] = ("a4", "letter")
