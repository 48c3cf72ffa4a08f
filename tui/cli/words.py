"""The command line read without argparse: which command, which config, and a plain capture.

Light on purpose: ``chief add`` and ``chief interrupt`` run from scripts all day,
and in their plain form (``[--file PATH] [--config PATH] add TEXT...``) they are
read here, without building a parser (argparse and its help texts cost a capture
more than its own work); so is the dashboard's ``chief [--file PATH] [--config PATH]``. Anything else, or anything unusual (``--help``, an
option among the words, a missing text), goes to the parser, which answers it.
"""

from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace

from chief.store import ChiefError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Sequence

# Arguments that name a file: not checked as text (refuse_non_text) and completed as paths by the shells.
PATH_ARGUMENTS = frozenset({"file", "config", "output", "source", "other", "restore", "base", "ours", "theirs"})

# Each command, in the order ``chief --help`` lists them, and the module that holds it.
GROUPS: dict[str, str] = {
    "add": "capture", "interrupt": "capture",
    "list": "items", "waiting": "items", "archive": "items", "done": "items", "drop": "items",
    "resume": "items", "snooze": "items", "wait": "items", "assign": "items",
    "dashboard": "dashboard", "demo": "dashboard", "serve": "serve",
    "doctor": "files", "merge": "files", "git-setup": "files", "merge-driver": "files", "forget-device": "files",
    "stats": "reports", "brief": "reports", "review": "reports",
    "export": "exchange", "import": "exchange",
    "team": "team",
    "steps": "steps", "step": "steps", "search": "steps", "edit": "steps", "emergency": "steps",
    "undo": "history", "redo": "history",
    "completion": "shell", "man": "shell",
}

CAPTURES = frozenset({"add", "interrupt"})  # run from scripts all day: every millisecond counts


class UsageError(ChiefError):
    """The command line itself is wrong (an unknown command, a missing argument); one line."""


def config_named(argv: Sequence[str]) -> str | None:
    """The --config PATH (or --config=PATH) given before the subcommand, if any."""
    words = iter(argv)
    for word in words:
        if word == "--config":
            return next(words, None)
        if word.startswith("--config="):
            return word.split("=", 1)[1]
        if not word.startswith("-") or word == "--":
            break
        if word == "--file":
            next(words, None)
    return None


def command_named(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names (after --file and --config and their values); None when unsure."""
    words = iter(argv)
    for word in words:
        if word in ("--file", "--config"):
            next(words, None)
        elif not word.startswith(("--file=", "--config=")):
            return None if word.startswith("-") else word
    return None


def opens_dashboard(argv: Sequence[str]) -> bool:
    """Whether ``argv`` is only --file and --config with their values: the dashboard, and no other parser needed."""
    words = iter(argv)
    for word in words:
        if word in ("--file", "--config"):
            if next(words, None) is None:
                return False
        elif not word.startswith(("--file=", "--config=")):
            return False
    return True


def _leading_options(argv: Sequence[str]) -> tuple[dict[str, str | None], int] | None:
    """The --file and --config before the command, and where the command starts; None for anything unusual there."""
    found: dict[str, str | None] = {"file": None, "config": None}
    at = 0
    while at < len(argv) and argv[at].startswith("-"):
        word = argv[at]
        if word in ("--file", "--config"):
            if at + 1 >= len(argv) or argv[at + 1].startswith("-"):
                return None
            found[word[2:]] = argv[at + 1]
            at += 2
        elif word.startswith(("--file=", "--config=")) and not word.endswith("="):
            name, value = word[2:].split("=", 1)
            found[name] = value
            at += 1
        else:
            return None
    return found, at


def plain_dashboard(argv: Sequence[str]) -> SimpleNamespace | None:
    """``chief [--file PATH] [--config PATH]`` read as the parser would (the dashboard needs no parser); else None."""
    leading = _leading_options(argv)
    if leading is None or leading[1] != len(argv):
        return None
    return SimpleNamespace(command=None, **leading[0])


def plain_capture(argv: Sequence[str]) -> SimpleNamespace | None:
    """``[--file PATH] [--config PATH] add|interrupt TEXT...`` read as the parser would; None for any other line.

    The arguments are what the parser's would be (command, file, config, text).
    A word that starts with '-' anywhere (``--help``, ``--file`` after the
    command, an abbreviation, ``--``), an option without its value, or no text
    at all is not a plain capture: the parser reads it, and says what is wrong
    in its words.
    """
    leading = _leading_options(argv)
    if leading is None:
        return None
    found, at = leading
    if at >= len(argv) or argv[at] not in CAPTURES:
        return None
    text = list(argv[at + 1 :])
    if not text or any(word.startswith("-") for word in text):
        return None
    return SimpleNamespace(command=argv[at], text=text, wait=False, **found)


def handler_for(name: str | None) -> Callable[[Any], int]:
    """The function that runs command ``name`` (None: the dashboard)."""
    return import_module(f"chief.tui.cli.{GROUPS.get(name, 'dashboard')}").HANDLERS[name]
