"""The ``chief`` command: capture and look-up from any shell, or the dashboard.

One module per group of commands, each declaring its parsers beside its handlers:
``capture`` (add, interrupt), ``items`` (list, waiting, archive, done, drop, resume,
snooze, wait), ``team``, ``reports`` (stats, brief, review), ``exchange`` (export,
import), ``files`` (doctor, merge, git), ``dashboard`` (dashboard, demo), ``history``
(undo, redo), ``shell`` (completion, man). Around them: ``parser`` builds only the
named command's part, ``run`` holds ``main``, ``desks`` opens the desk (and keeps what
it changed for ``chief undo``), ``output`` prints items.

Only the dashboard path imports textual; ``chief add`` and ``chief list`` stay
fast because they never do. Every problem ends as one line on stderr and exit
status 2, with the data file untouched.
"""

from __future__ import annotations

from chief.tui.cli.run import main

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["build_parser", "command_named", "main"]


def __getattr__(name: str) -> Any:
    """``build_parser`` and ``command_named`` on first use: a plain capture builds no parser."""
    if name == "command_named":
        from chief.tui.cli.words import command_named  # the words read without a parser

        return command_named
    if name == "build_parser":
        from chief.tui.cli.parser import build_parser

        return build_parser
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
