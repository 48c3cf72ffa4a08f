"""Capture from any shell: ``chief add`` and ``chief interrupt``, the path that runs all day.

Nothing here may load textual, pendulum or the full store when the data file is one
this machine wrote: ``capture_known_file`` splices the new record into its bytes."""

from __future__ import annotations

from chief.store import paths
from chief.store import load_settings
from chief.tui.cli.desks import say_lines
from chief.tui.cli.output import summary
from chief.store import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from chief.tui.cli.parser import Command, Parser


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    syntax = _("quick-add syntax: * important, ! urgent, @member, #category, ^WHEN or due:WHEN, ~30m effort, from:WHO, "
              "every:RULE a recurring duty (every:weekday 9:00, every:mon,thu, every:1st, every:3d-after); the rest is the title")
    wait = _("answer only once the data file itself holds the item (by default the answer comes once it is "
             "safe in this machine's journal, and the file holds it some milliseconds later)")
    add = command("add", _("capture an item (it lands in the inbox unless it has *, ! or a due time)"))
    add.add_argument("--wait", action="store_true", help=wait)
    add.add_argument("text", nargs="+", metavar="TEXT", help=syntax)
    interrupt = command("interrupt", _("capture an interrupt: an urgent item that arrived unannounced"))
    interrupt.add_argument("--wait", action="store_true", help=wait)
    interrupt.add_argument("text", nargs="+", metavar="TEXT", help=syntax)


def cmd_add(args: argparse.Namespace, kind: str = "task") -> int:
    from chief.store import SavedHistory, capture_change, capture_notes, quick_capture

    settings = load_settings(paths.config_file_text(args.config))  # the places as text: a capture loads no pathlib
    path = paths.data_file_text(args.file)
    item, board, notices = quick_capture(path, settings, args.text, kind, later=args.own_process and not args.wait)
    SavedHistory(path).remember([capture_change(item)])  # for 'chief undo'
    notes = capture_notes(board, item)
    print(summary(board, item) + (_("  [{notes}]").format(notes=_(", ").join(notes)) if notes else ""))
    say_lines(notices)
    return 0


HANDLERS = {
    "add": cmd_add,
    "interrupt": lambda args: cmd_add(args, kind="interrupt"),
}
