"""Everything a user may be told, as one tree, kept light to import.

Every error the store raises for the user is a :class:`ChiefError`: the command line
prints it as one line and exits with its :attr:`~ChiefError.exit_code`; the dashboard
shows it as one toast. A face catches ``ChiefError`` and nothing narrower, so a new
kind of error can never slip past one face and not the other.
"""

from __future__ import annotations



class ExitCode:
    """The exit statuses of ``chief``, named, so that scripts can rely on them.

    Plain ``int`` constants, not an ``IntEnum``: nothing asks a code its name or
    iterates them, and ``enum`` (with ``re``, which it imports) was a tenth of a
    ``chief add``'s imports (issue 17)."""

    OK = 0
    UNHEALTHY = 1  # `chief doctor` found a problem
    FAILED = 2  # a user's error or a refused command: nothing was changed
    OUTPUT_LOST = 3  # the command was carried out, but what it printed could not be written (a full disk)
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # the reader of our output went away (`chief list | head`)


class ChiefError(Exception):
    """A problem to tell the user in one line; nothing was changed."""

    exit_code: int = ExitCode.FAILED


class CommandError(ChiefError, ValueError):
    """A command that cannot be carried out as asked; one line for the user."""


class GitError(ChiefError):
    """git could not be used as asked; one line."""
