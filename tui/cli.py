"""The ``chief`` command: capture and look-up from any shell, or the dashboard.

Only the dashboard path imports textual; ``chief add`` and ``chief list`` stay
fast because they never do. Every problem ends as one line on stderr and exit
status 2, with the data file untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any, NoReturn, Sequence

from store import paths
from store.board import Board, NotFound
from store.config import ConfigError, Settings, load_settings
from store.describe import landing, understood
from store.desk import CommandError, Desk
from store.model import Item
from store.quickadd import QuickAddError
from store.storage import CorruptFile, DataFileError, escape_unsafe, newest_good_backup
from store.errors import GitError
from store.when import WhenError
from tui import __version__
from tui.text import fit, printable

USER_ERRORS = (QuickAddError, WhenError, NotFound, CommandError, DataFileError, ConfigError, GitError)  # one line each


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line and exit status 2 like every other error."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _common(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument("--file", metavar="PATH", default=default, help="the data file (default: $CHIEF_FILE or the user data dir)")
    parser.add_argument("--config", metavar="PATH", default=default, help="the config file (default: $CHIEF_CONFIG or the user config dir)")


def build_parser() -> Parser:
    parser = Parser(prog="chief", description="Chief: the secretariat's triage dashboard. With no command, opens the dashboard.")
    parser.add_argument("--version", action="version", version=f"chief {__version__}")
    _common(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    shared = Parser(add_help=False)
    _common(shared, argparse.SUPPRESS)

    def command(name: str, help_text: str) -> Parser:
        return sub.add_parser(name, help=help_text, description=help_text, parents=[shared])

    syntax = "quick-add syntax: * important, ! urgent, @member, #category, ^WHEN or due:WHEN, ~30m effort, from:WHO; the rest is the title"
    add = command("add", "capture an item (it lands in the inbox unless it has *, ! or a due time)")
    add.add_argument("text", nargs="+", metavar="TEXT", help=syntax)
    interrupt = command("interrupt", "capture an interrupt: an urgent item that arrived unannounced")
    interrupt.add_argument("text", nargs="+", metavar="TEXT", help=syntax)
    listing = command("list", "list the open items")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument("--all", action="store_true", help="also done and dropped items")
    listing.add_argument("--archived", action="store_true", help="the items in the yearly archive files instead")
    command("archive", "move items done or dropped long ago (archive_after_days, default 14) to the yearly archive")
    done = command("done", "mark an item done")
    done.add_argument("id", metavar="ID", help="an item id or any unique prefix of it")
    command("dashboard", "open the dashboard (the same as no command)")
    demo = command("demo", "open the dashboard on a demo file (made fresh if missing)")
    demo.add_argument("--reset", action="store_true", help="make the demo file fresh even if it exists")
    doctor = command("doctor", "check the data file, list backups, restore one")
    doctor.add_argument("--restore", metavar="BACKUP", help="restore this backup (the current file is kept aside)")

    merge = command("merge", "merge another copy of the data file into this one, and say what came in")
    merge.add_argument("other", metavar="OTHER.json")
    command("git-setup", "register Chief's merge driver in the git repository that holds the data file")
    driver = command("merge-driver", "the git merge driver (git calls it: chief merge-driver %%O %%A %%B)")
    driver.add_argument("base", metavar="BASE")
    driver.add_argument("ours", metavar="OURS")
    driver.add_argument("theirs", metavar="THEIRS")
    forget = command("forget-device", "stop waiting for a machine that will never sync again")
    forget.add_argument("device", metavar="DEVICE")

    team = command("team", "the team members")
    team_sub = team.add_subparsers(dest="team_command", metavar="COMMAND", parser_class=Parser, required=True)
    team_add = team_sub.add_parser("add", help="add a team member", parents=[shared])
    team_add.add_argument("name", nargs="+", metavar="NAME")
    team_add.add_argument("--capacity", type=float, default=40, metavar="HOURS", help="hours of work a week (default 40)")
    team_add.add_argument("--role", default="", metavar="ROLE")
    team_add.add_argument("--category", action="append", default=[], metavar="CATEGORY", help="a category they usually handle (repeatable)")
    team_list = team_sub.add_parser("list", help="list the team with their load", parents=[shared])
    team_list.add_argument("--json", action="store_true", help="print a JSON array")
    return parser


# output --------------------------------------------------------------------


def _summary(board: Board, item: Item) -> str:
    """One line: id, where the item landed, its title, and the details as understood."""
    details = ", ".join(printable(part) for part in understood(board, item))
    line = f"{item.id}  {landing(board, item)}: {printable(item.title)}"
    return f"{line}  ({details})" if details else line


def json_text(value: Any, **options: Any) -> str:
    """JSON for scripts: Chinese stays readable, but no raw control character gets out."""
    return escape_unsafe(json.dumps(value, **options))


def item_json(board: Board, item: Item) -> dict[str, Any]:
    placement = board.placement(item)
    return {
        "id": item.id,
        "title": item.title,
        "notes": item.notes,
        "kind": item.kind,
        "status": item.status,
        "quadrant": placement.quadrant,
        "quadrant_name": placement.name,
        "reason": placement.reason,
        "overdue": placement.overdue,
        "important": item.important,
        "urgent": item.urgent,
        "due": item.due,
        "assignee": board.member_name(item.assignee),
        "assignee_id": item.assignee,
        "category": item.category,
        "effort": item.effort,
        "source": item.source,
        "created": item.created,
        "updated": item.updated,
        "done_at": item.done_at,
        "taken_at": item.taken_at,
        "snoozed_until": item.snoozed_until,
        "waiting_on": item.waiting_on,
        "follow_up": item.follow_up,
        "deferrals": item.deferrals,
    }


def _group(board: Board, item: Item) -> tuple[int, str]:
    if not item.is_open:
        return 7, item.status.capitalize()
    if item.in_interrupt_queue:
        return 0, "Interrupts"
    placement = board.placement(item)
    return (placement.quadrant or 6), placement.name


def _marks(board: Board, item: Item) -> str:
    marks = []
    if item.status == "waiting":
        marks.append(f"waiting on {printable(item.waiting_on)}" if item.waiting_on else "waiting")
    if item.snoozed_until and not board.on_board(item) and item.status != "waiting":
        marks.append(f"snoozed until {item.snoozed_until[:16].replace('T', ' ')} UTC")
    if item.deferrals:
        marks.append(f"put off {item.deferrals}x")
    return ", ".join(marks)


def print_list(board: Board, items: list[Item]) -> None:
    if not items:
        print("No items." if board.raw_items else "No items yet: capture one with  chief add \"...\"")
        return
    ordered = sorted(items, key=lambda i: (_group(board, i)[0], board.placement(i).overdue is False, i.created))
    current = None
    for item in ordered:
        group = _group(board, item)[1]
        if group != current:
            print(("" if current is None else "\n") + group)
            current = group
        due = board.due(item)
        cells = [
            printable(item.id[:10]),
            fit(due.describe(board.now) if due else "", 13),
            fit("@" + printable(board.member_name(item.assignee) or "") if item.assignee else "", 10),
            fit("#" + printable(item.category) if item.category else "", 14),
            printable(item.title),
        ]
        marks = _marks(board, item)
        print("  " + "  ".join(cells) + (f"  [{marks}]" if marks else ""))


# commands ------------------------------------------------------------------


def _open_desk(args: argparse.Namespace) -> Desk:
    settings: Settings = load_settings(paths.config_file(args.config))
    return Desk(paths.data_file(args.file), settings)


def cmd_add(args: argparse.Namespace, kind: str = "task") -> int:
    item, board = _open_desk(args).capture(args.text, kind=kind)
    print(_summary(board, item))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    board = desk.board()
    if args.archived:
        return print_archived(board, desk.archived(), as_json=args.json)
    items = list(board.items.values()) if args.all else board.open_items()
    if args.json:
        ordered = sorted(items, key=lambda i: (i.created, i.id))
        print(json_text([item_json(board, i) for i in ordered], ensure_ascii=False, indent=2))
    else:
        print_list(board, items)
    for problem in board.problems:
        print(f"chief: warning: set aside unreadable record {printable(str(problem))} (kept in the file; see 'chief doctor')", file=sys.stderr)
    return 0


def print_archived(board: Board, archived: list, *, as_json: bool) -> int:
    if as_json:
        rows = [{**item_json(board, a.item), "archive_year": a.year} for a in archived]
        print(json_text(rows, ensure_ascii=False, indent=2))
        return 0
    for a in archived:
        closed = (a.item.done_at or "")[:10]
        print(f"{a.item.id[:10]}  {a.year}  {a.item.status:7}  {closed}  {printable(a.item.title)}")
    if not archived:
        print("No archived items.")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    moved = desk.archive_old()
    print(f"archived {moved} item(s) closed more than {desk.settings.archive_after_days} days ago")
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    item = desk.done(args.id)
    print(f"{item.id}  done: {printable(item.title)}")
    return 0


def cmd_team(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    if args.team_command == "add":
        member = desk.team_add(" ".join(args.name), capacity_hours=args.capacity, role=args.role, categories=args.category)
        print(f"{member.id}  added {printable(member.name)} ({member.capacity / 60:g} h a week)")
        return 0
    board = desk.board()
    members = sorted(board.team.values(), key=lambda m: m.name.casefold())
    if args.json:
        rows = []
        for m in members:
            load = board.load(m.id)
            rows.append({
                "id": m.id, "name": m.name, "role": m.role, "capacity_hours": m.capacity / 60,
                "categories": list(m.categories), "away": m.away, "open": load.open, "overdue": load.overdue,
                "waiting": load.waiting, "load_percent": load.percent, "open_effort_minutes": load.effort,
            })
        print(json_text(rows, ensure_ascii=False, indent=2))
        return 0
    if not members:
        print("No team members yet: add one with  chief team add NAME --capacity HOURS")
    for m in members:
        load = board.load(m.id)
        away = "  (away)" if m.away else ""
        print(f"{m.id[:10]}  {fit(printable(m.name), 16)}  {load.percent:>4}%  {load.open:>3} open  {load.overdue:>2} overdue{away}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from store.doctor import doctor, restore

    desk_path = paths.data_file(args.file)
    if args.restore:
        print(restore(desk_path, Path(args.restore)))
        return 0
    report, healthy = doctor(desk_path, load_settings(paths.config_file(args.config)))
    print(report)
    return 0 if healthy else 1


def cmd_merge(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    came = desk.merge_file(Path(args.other))
    if not came:
        print(f"nothing new in {args.other}")
        return 0
    board = desk.board()
    for label, ids in (("new", came.new), ("changed", came.changed), ("deleted", came.deleted)):
        for item_id in ids:
            title = board.items[item_id].title if item_id in board.items else ""
            print(f"{label:8} {item_id}  {printable(title)}")
    print(f"merged {args.other}: {len(came.new)} new, {len(came.changed)} changed, {len(came.deleted)} deleted")
    return 0


def cmd_git_setup(args: argparse.Namespace) -> int:
    from store.gitmerge import git_setup

    for line in git_setup(paths.data_file(args.file)):
        print(line)
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from store.gitmerge import merge_driver

    merge_driver(Path(args.base), Path(args.ours), Path(args.theirs))
    return 0


def cmd_forget_device(args: argparse.Namespace) -> int:
    if _open_desk(args).forget_device(args.device):
        print(f"forgot device {args.device}: its tombstones no longer wait for it")
        return 0
    raise CommandError(f"no device '{args.device}' in this file (see 'chief doctor')")


def cmd_dashboard(args: argparse.Namespace, demo: bool = False) -> int:
    settings = load_settings(paths.config_file(args.config))
    path = paths.data_file(args.file)
    if demo:
        from store.demo import demo_path, seed

        path = paths.data_file(args.file) if args.file else demo_path()
        if getattr(args, "reset", False) or not path.exists():
            seed(Desk(path, settings))
    desk = Desk(path, settings)
    desk.board()  # refuse a bad file here, with a one-line message, before the screen opens
    from tui.app import ChiefApp  # textual is loaded only now

    ChiefApp(desk).run()  # a bad theme or keymap in the config stops here, as one line
    return 0


COMMANDS = {
    "add": cmd_add,
    "interrupt": lambda args: cmd_add(args, kind="interrupt"),
    "list": cmd_list,
    "done": cmd_done,
    "archive": cmd_archive,
    "team": cmd_team,
    "doctor": cmd_doctor,
    "merge": cmd_merge,
    "git-setup": cmd_git_setup,
    "merge-driver": cmd_merge_driver,
    "forget-device": cmd_forget_device,
    "dashboard": cmd_dashboard,
    "demo": lambda args: cmd_dashboard(args, demo=True),
    None: cmd_dashboard,
}


def _explain(err: Exception, args: argparse.Namespace | None) -> str:
    message = str(err)
    if isinstance(err, CorruptFile) and args is not None and err.path == paths.data_file(args.file):
        good = newest_good_backup(paths.data_file(args.file))
        if good:
            message += f"; nothing was changed. Newest good backup: {good} (restore it: chief doctor --restore '{good}')"
        else:
            message += "; nothing was changed, and there is no backup to restore"
    return message


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(signal, "SIGXFSZ"):  # past a file size limit: an error to report, not a silent death
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    args = None
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except UsageError as err:
        print(f"chief: {printable(str(err))}", file=sys.stderr)
    except USER_ERRORS as err:
        print(f"chief: {printable(_explain(err, args))}", file=sys.stderr)  # one line, whatever was typed
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `chief list | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 2


if __name__ == "__main__":
    sys.exit(main())
