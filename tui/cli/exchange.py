"""Items in and out: ``export`` (JSON, CSV, Markdown, iCalendar) and ``import``
(Taskwarrior, Chief's CSV)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chief.tui.cli.desks import desk_with_data, open_desk, write_output
from chief.store import _, ngettext
from chief.tui.cli.parser import Command, Parser
from chief.tui.text import printable


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    export = command("export", _("write the open items (--all: every item) as JSON, CSV, Markdown or iCalendar"))
    export.add_argument("--format", choices=("json", "csv", "md", "ics"), help=_("default: from the --output name's ending, else json"))
    export.add_argument("--all", action="store_true", help=_("also done and dropped items"))
    export.add_argument("--output", metavar="FILE", help=_("write to FILE instead of printing (- prints)"))
    importing = command("import", _("add the items of a Taskwarrior export (task export) or of Chief's CSV; nothing already here changes"))
    importing.add_argument("source", metavar="FILE", help=_("the file to import"))
    importing.add_argument("--format", choices=("taskwarrior", "csv"), help=_("default: told by the content"))


def cmd_export(args: argparse.Namespace) -> int:
    from chief.store import export_format, exported

    desk = desk_with_data(args)
    output = Path(args.output).expanduser().absolute() if args.output and args.output != "-" else None
    fmt = export_format(args.format, output)
    board = desk.board()
    text, items = exported(board, fmt, everything=args.all, for_terminal=output is None and sys.stdout.isatty(),
                           bom=output is not None)
    for problem in board.problems:
        print("chief: " + _("warning: set aside unreadable record {record} (kept in the file; see 'chief doctor')").format(record=printable(str(problem))), file=sys.stderr)
    if output is None:
        sys.stdout.write(text)
        return 0
    write_output(args, text)
    print(_("exported {n} item(s) as {format} to {path}").format(n=len(items), format=fmt, path=printable(str(output))))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from chief.store import import_file

    result = import_file(open_desk(args), Path(args.source).expanduser(), args.format, name=args.source)
    for member in result.members:
        print(_("added team member {name} ({id})").format(name=printable(member.name), id=printable(member.id)))
    for item in result.added:
        print(_("new  {id}  {title}").format(id=printable(item.id), title=printable(item.title)))
    skipped = _("; {n} recurring template(s) skipped (their tasks are imported)").format(n=result.templates) if result.templates else ""
    print(_("imported {n} new item(s) from {source} ({format}); {already} already here, left as they are").format(
        n=len(result.added), source=printable(args.source), format=result.format, already=result.already) + skipped)
    return 0


HANDLERS = {
    "export": cmd_export,
    "import": cmd_import,
}
