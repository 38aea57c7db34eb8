"""The errors tda raises for people: each carries its exit code and a message to print.

Library code raises these; the command line prints the message and exits with the code in one
place. Anything else that escapes is a bug in tda and is reported as one.
"""

from __future__ import annotations

from typing import IO, Any

import click

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class TdaError(click.ClickException):
    """A problem the user can fix: bad arguments, a missing file, a refused operation."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def format_message(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"tda: error: {self.format_message()}", err=True, file=file)


class UsageError(TdaError):
    """The command was asked for something that cannot be: an unknown id, a missing folder."""


class InputError(TdaError):
    """A file could not be read, or a result could not be written."""

    @classmethod
    def from_os_error(cls, error: OSError) -> InputError:
        path = error.filename or ""
        reason = error.strerror or str(error)
        if error.filename2:
            return cls(f"{path} -> {error.filename2}: {reason}")
        return cls(f"{path}: {reason}" if path else reason)


class FindingsError(TdaError):
    """The catalogue has errors, and the command was asked to stop on them."""

    exit_code = EXIT_FINDINGS


class StoreError(TdaError):
    """A decision record cannot be written as asked."""


class RenderError(TdaError):
    """A template expression cannot be rendered."""


class ScaffoldError(TdaError):
    """A template run cannot go on; nothing was moved into place."""


class BuildError(TdaError):
    """The site could not be built; the last good site is left as it was."""
