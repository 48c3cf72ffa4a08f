"""The command line's parser, built only as far as the command asks.

``chief add`` runs from scripts all day: building the other twenty subcommands'
parsers (and importing their modules) would cost it for nothing, so each group
of commands declares its own parsers beside its handlers, and :func:`build_parser`
asks only the group that holds the named command.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module
from typing import Any, Callable, NoReturn

from chief.store import N_, _, language, ngettext
from chief.tui import __version__
from chief.tui.text import wrap
from chief.tui.cli.words import (GROUPS, PATH_ARGUMENTS, UsageError, command_named, config_named,  # noqa: F401  (read
                                  handler_for, opens_dashboard)                                  # without argparse)


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, told the terminal's width: asking shutil for it costs every command 2 ms."""

    def __init__(self, prog: str, **options: Any) -> None:
        try:
            columns = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (ValueError, OSError, AttributeError):
            columns = 80
        super().__init__(prog, width=options.pop("width", None) or max(columns - 2, 20), **options)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """Chinese help wrapped by cells (``tui.text.wrap``); English as argparse wraps it."""
        if text.isascii():
            return super()._split_lines(text, width)
        return wrap(self._whitespace_matcher.sub(" ", text).strip(), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.isascii():
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))


# argparse's own words ("usage:", "options", "show this help message and exit", its
# errors) are looked up through gettext's global "messages" domain, which Chief does
# not use. They are marked here so the CLI's catalog holds them, and argparse is
# pointed at Chief's translation while the language is Chinese (see _speak).
ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("show program's version number and exit"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"), N_("expected one argument"), N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"), N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("ignored explicit argument %r"),
    N_("expected %s argument"), N_("expected %s arguments"),
)


def _speak() -> None:
    """argparse in the user's language: its module-level gettext names are Chief's while Chinese is spoken."""
    if language() == "en":
        import gettext

        argparse._ = gettext.gettext  # type: ignore[attr-defined]
        argparse.ngettext = gettext.ngettext  # type: ignore[attr-defined]
    else:
        argparse._ = _  # type: ignore[attr-defined]
        argparse.ngettext = ngettext  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line and exit status 2 like every other error."""

    def __init__(self, *args: Any, **options: Any) -> None:
        options.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **options)

    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{message} (see '{prog} --help')").format(message=message, prog=self.prog))


def _common(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument("--file", metavar="PATH", default=default, help=_("the data file (default: $CHIEF_FILE or the user data dir)"))
    parser.add_argument("--config", metavar="PATH", default=default, help=_("the config file (default: $CHIEF_CONFIG or the user config dir)"))


class _Skipped:
    """Stands in for the parser of a subcommand this run does not use: whatever is added to it is dropped."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


Command = Callable[[str, str], "Parser"]  # command(name, help) -> that subcommand's parser


def groups_for(only: str | None) -> list[str]:
    """The modules whose parsers a run needs: the named command's, or all of them for help."""
    if only in GROUPS:
        return [GROUPS[only]]
    return list(dict.fromkeys(GROUPS.values()))


def build_parser(only: str | None = None) -> Parser:
    """The whole command line, or with ``only`` just that subcommand's part."""
    _speak()
    parser = Parser(prog="chief", description=_("Chief: the secretariat's triage dashboard. With no command, opens the dashboard."),
                    epilog=_("Language: English or Chinese, from the config's language = \"zh\" (or \"en\"), "
                             "else CHIEF_LANG=zh, else the locale (LANG=zh_CN.UTF-8)."))
    parser.add_argument("--version", action="version", version=f"chief {__version__}", help=_("show program's version number and exit"))
    _common(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    shared = Parser(add_help=False)
    _common(shared, argparse.SUPPRESS)

    def command(name: str, help_text: str) -> Parser:
        if only is not None and name != only:
            return _Skipped()  # type: ignore[return-value]
        return sub.add_parser(name, help=help_text, description=help_text, parents=[shared])

    for group in groups_for(only):
        import_module(f"chief.tui.cli.{group}").add_parsers(command, shared)
    return parser
