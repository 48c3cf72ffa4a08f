"""This machine's command line, taken back: ``undo`` and ``redo``.

Every command that changes the data file leaves its step in the machine's
state folder (:class:`chief.store.SavedHistory`, per data file); ``chief undo``
takes back the last one, field by field, and ``chief redo`` makes it again. The
dashboard keeps its own undo (``u``) for its own session.
"""

from __future__ import annotations

import argparse

from chief.store import _
from chief.store import CommandError, SavedHistory
from chief.tui.cli.desks import open_desk
from chief.tui.cli.parser import Command, Parser
from chief.tui.text import printable


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    command("undo", _("take back the last change made from this machine's command line (the dashboard has its own: u)"))
    command("redo", _("make again the last change 'chief undo' took back"))


def cmd_undo(args: argparse.Namespace, undo: bool = True) -> int:
    desk = open_desk(args)
    saved = SavedHistory(desk.path)
    with saved.locked():
        history = saved.load()
        change = history.pop_undo() if undo else history.pop_redo()
        if change is None:
            raise CommandError(_("nothing to undo from this machine's command line") if undo
                               else _("nothing to redo: 'chief redo' makes again what 'chief undo' took back"))
        try:
            desk.replay_saved(change, undo=undo)
        except CommandError:
            saved.save(history)  # a step that can no longer be taken back leaves the list: the one before it is next
            raise
        (history.push_undone if undo else history.push_redone)(change)
        saved.save(history)
    said = _("Undone: {what}") if undo else _("Redone: {what}")
    print(said.format(what=printable(change.description)))
    return 0


HANDLERS = {
    "undo": cmd_undo,
    "redo": lambda args: cmd_undo(args, undo=False),
}
