"""The one exception hierarchy of reviewgen.

Library code raises these; only the CLI turns them into a message and an exit code.
Every message is one line a non-programmer can act on: it names the file (and where it
can, the sheet, row and column) and says what to do.
"""

from __future__ import annotations


class ReviewgenError(Exception):
    """Raised when reviewgen cannot do what it was asked; the base of every error it raises."""

    #: Exit code the CLI uses for this error.
    exit_code: int = 2

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: Further lines (one per problem) when several problems were found at once.
        self.details: list[str] = list(details or [])

    def __str__(self) -> str:
        return self.message


class InputError(ReviewgenError):
    """Raised when an input file is missing, unreadable or not a usable workbook or CSV."""


class LimitError(InputError):
    """Raised when an input is bigger than one of reviewgen's size limits (reviewgen.load.limits) allows."""


class ConfigError(ReviewgenError):
    """Raised when reviewgen.toml or a command-line option has a value reviewgen cannot use."""


class TemplateError(ReviewgenError):
    """Raised when a template is missing, has a syntax error or uses an undefined variable."""


class RenderError(ReviewgenError):
    """Raised when rendered Markdown holds a construct the Word writer does not support."""


class WorkerError(ReviewgenError):
    """Raised when a worker process (build, collect, forms) stops before its work is done (killed by the system)."""


class OutputError(ReviewgenError):
    """Raised when an output file or folder cannot be written, or would overwrite something."""


class ChecksFailed(ReviewgenError):
    """Raised when the workbook has error findings and the command refuses to go on."""

    exit_code = 1


class FormError(ReviewgenError):
    """Raised when a returned manager form cannot be read at all (not a single row of it can be used)."""
