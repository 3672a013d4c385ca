"""Errors the user sees. Each names the file (and line) and the reason in one line."""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error that is shown to the user as a message, not a traceback."""


class InputError(NewsdeskError):
    """A file or record that cannot be imported. ``str()`` is the one-line message."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class StoreError(NewsdeskError):
    """The database cannot be opened or written (locked, read-only, not a database)."""


class ActionRefused(NewsdeskError):
    """A user action that would break a rule (e.g. overlapping entity spans)."""


class ConflictError(ActionRefused):
    """An action was based on a state that someone else changed since (another window,
    the command line, a background task). Nothing was written."""


class InputWarning(UserWarning):
    """Something in an imported file that was read, but not as the file may have meant (an unknown
    sidecar key, an alias). Importers ``warnings.warn`` it; the import report lists each one."""
