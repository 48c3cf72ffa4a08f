"""Items in and out: ``export`` (JSON, CSV, Markdown, iCalendar) and ``import``
(Taskwarrior, Chief's CSV)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chief.tui.cli.desks import desk_with_data, open_desk, write_output
from chief.tui.cli.parser import Command, Parser
from chief.tui.text import printable


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    export = command("export", "write the open items (--all: every item) as JSON, CSV, Markdown or iCalendar")
    export.add_argument("--format", choices=("json", "csv", "md", "ics"), help="default: from the --output name's ending, else json")
    export.add_argument("--all", action="store_true", help="also done and dropped items")
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of printing (- prints)")
    importing = command("import", "add the items of a Taskwarrior export (task export) or of Chief's CSV; nothing already here changes")
    importing.add_argument("source", metavar="FILE", help="the file to import")
    importing.add_argument("--format", choices=("taskwarrior", "csv"), help="default: told by the content")


def cmd_export(args: argparse.Namespace) -> int:
    from chief.store import export_format, exported

    desk = desk_with_data(args)
    output = Path(args.output).expanduser().absolute() if args.output and args.output != "-" else None
    fmt = export_format(args.format, output)
    board = desk.board()
    text, items = exported(board, fmt, everything=args.all, for_terminal=output is None and sys.stdout.isatty(),
                           bom=output is not None)
    for problem in board.problems:
        print(f"chief: warning: set aside unreadable record {printable(str(problem))} (kept in the file; see 'chief doctor')", file=sys.stderr)
    if output is None:
        sys.stdout.write(text)
        return 0
    write_output(args, text)
    print(f"exported {len(items)} item(s) as {fmt} to {printable(str(output))}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from chief.store import import_file

    result = import_file(open_desk(args), Path(args.source).expanduser(), args.format, name=args.source)
    for member in result.members:
        print(f"added team member {printable(member.name)} ({printable(member.id)})")
    for item in result.added:
        print(f"new  {printable(item.id)}  {printable(item.title)}")
    skipped = f"; {result.templates} recurring template(s) skipped (their tasks are imported)" if result.templates else ""
    print(f"imported {len(result.added)} new item(s) from {printable(args.source)} ({result.format}); "
          f"{result.already} already here, left as they are{skipped}")
    return 0


HANDLERS = {
    "export": cmd_export,
    "import": cmd_import,
}
