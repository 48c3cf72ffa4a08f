"""The dashboard (no command, ``dashboard``, ``demo``): textual is imported only here."""

from __future__ import annotations

import gc
import sys

from chief.store import paths
from chief.store import load_settings
from chief.store import _, ngettext

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from chief.tui.cli.parser import Command, Parser


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    command("dashboard", _("open the dashboard (the same as no command)"))
    demo = command("demo", _("open the dashboard on a demo file (made fresh if missing)"))
    demo.add_argument("--reset", action="store_true", help=_("make the demo file fresh even if it exists"))


def cmd_dashboard(args: argparse.Namespace, demo: bool = False) -> int:
    # No garbage collection until the first board is painted (the app then freezes what it built
    # and collects again): the imports, the file's records and the first board are hundreds of
    # thousands of objects that live all day, and full passes over them only delay the first paint.
    gc.disable()
    try:
        return _dashboard(args, demo)
    finally:
        gc.enable()  # the app did already, unless it never painted


def _dashboard(args: argparse.Namespace, demo: bool) -> int:
    from chief.store import Desk  # pendulum is loaded after the first paint, by the full board (lazy_pendulum.py)

    settings = load_settings(paths.config_file(args.config))
    path = paths.data_file(args.file)
    if demo:
        from chief.store import demo_path, seed

        path = paths.data_file(args.file) if args.file else demo_path()
        if getattr(args, "reset", False) or not path.exists():
            seed(Desk(path, settings))
    desk = Desk(path, settings)
    first = desk.first_board(_first_rows())  # what this machine kept of this very file after writing it, or None
    if first is None:
        desk.board()  # refuse a bad file here, with a one-line message, before the screen opens
    from chief.tui.app import ChiefApp  # textual is loaded only now
    from chief.tui.css_cache import use_kept_rules

    use_kept_rules()  # the stylesheets as this machine parsed them last time (tui/css_cache.py)

    app = ChiefApp(desk, first=first)  # a bad theme or keymap in the config stops here, as one line
    try:
        app.run()
    except Exception as err:  # noqa: BLE001 - outside Textual's own loop, whose errors ChiefApp handles
        from chief.tui import crash

        app.crash_note = crash.crash_line(crash.write_log(err), None)
    if app.crash_note:  # said after the screen closed, never a traceback (see tui/crash.py)
        print(f"chief: {app.crash_note}", file=sys.stderr)
        return 2
    return 0


def _first_rows() -> Any:
    """The most rows each panel can show, worked out from the lists' counts for the terminal's lines as Textual's
    driver will find them (``shutil.get_terminal_size``: $LINES, else stdout's terminal); None when those are not
    known. A terminal resized taller before the first paint reads the file then (ChiefApp.first_board_fits)."""
    import shutil  # Textual's driver imports it next in any case

    lines = shutil.get_terminal_size(fallback=(0, 0)).lines
    if not lines:
        return None
    from chief.tui.layout import first_rows  # textual is loaded here, a moment sooner: the app needs it next

    return first_rows(lines)


HANDLERS = {
    "dashboard": cmd_dashboard,
    "demo": lambda args: cmd_dashboard(args, demo=True),
    None: cmd_dashboard,
}
