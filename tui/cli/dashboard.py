"""The dashboard (no command, ``dashboard``, ``demo``): textual is imported only here."""

from __future__ import annotations

import argparse
import sys

from chief.store import paths
from chief.store import load_settings
from chief.store import _, ngettext
from chief.tui.cli.parser import Command, Parser


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    command("dashboard", _("open the dashboard (the same as no command)"))
    demo = command("demo", _("open the dashboard on a demo file (made fresh if missing)"))
    demo.add_argument("--reset", action="store_true", help=_("make the demo file fresh even if it exists"))


def cmd_dashboard(args: argparse.Namespace, demo: bool = False) -> int:
    from chief.store import Desk

    settings = load_settings(paths.config_file(args.config))
    path = paths.data_file(args.file)
    if demo:
        from chief.store import demo_path, seed

        path = paths.data_file(args.file) if args.file else demo_path()
        if getattr(args, "reset", False) or not path.exists():
            seed(Desk(path, settings))
    desk = Desk(path, settings)
    desk.board()  # refuse a bad file here, with a one-line message, before the screen opens
    from chief.tui.app import ChiefApp  # textual is loaded only now

    app = ChiefApp(desk)  # a bad theme or keymap in the config stops here, as one line
    try:
        app.run()
    except Exception as err:  # noqa: BLE001 - outside Textual's own loop, whose errors ChiefApp handles
        from chief.tui import crash

        app.crash_note = crash.crash_line(crash.write_log(err), None)
    if app.crash_note:  # said after the screen closed, never a traceback (see tui/crash.py)
        print(f"chief: {app.crash_note}", file=sys.stderr)
        return 2
    return 0


HANDLERS = {
    "dashboard": cmd_dashboard,
    "demo": lambda args: cmd_dashboard(args, demo=True),
    None: cmd_dashboard,
}
