"""Items from the command line: list, waiting, archive, and one decision about one item
(done, drop, resume, snooze, wait), said back with what follows from it."""

from __future__ import annotations

import argparse
import sys

from chief.store import shown_width
from chief.store import Board
from chief.store import Item
from chief.store import follow_up_words, item_json, local_time, snoozed_words
from chief.tui.cli.desks import open_desk
from chief.tui.cli.output import json_text, print_archived, print_list, said_line
from chief.store import _, ngettext
from chief.tui.cli.parser import Command, Parser
from chief.tui.text import fit, printable


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    listing = command("list", _("list the open items"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))
    listing.add_argument("--all", action="store_true", help=_("also done and dropped items"))
    listing.add_argument("--archived", action="store_true", help=_("the items in the yearly archive files instead"))
    listing.add_argument("who", nargs="?", metavar="@NAME", help=_("only the items of this member (@me: your own)"))
    listing.add_argument("--assignee", metavar="NAME|me", help=_("only the items of this member; me: your own"))
    waiting = command("waiting", _("list the items waiting on someone, the longest waiting first"))
    waiting.add_argument("--json", action="store_true", help=_("print a JSON array"))
    command("archive", _("move items done or dropped long ago (archive_after_days, default 14) to the yearly archive"))
    for name, help_text in (("done", _("mark an item done")), ("drop", _("drop an item (a recurring duty: this time only)")),
                            ("resume", _("bring an item back on the board now: end its wait or its snooze"))):
        decision = command(name, help_text)
        decision.add_argument("id", metavar="ID", help=_("an item id or any unique prefix of it"))
    assign = command("assign", _("give items to a team member, or back to you (--to me); several at once are one change"))
    assign.add_argument("ids", nargs="+", metavar="ID", help=_("an item id or any unique prefix of it"))
    assign.add_argument("--to", dest="member", required=True, metavar="MEMBER|me", help=_("a member's name, id or unique prefix; me: yourself"))
    snooze = command("snooze", _("put an item away until a time; it comes back by itself (sooner if it falls due)"))
    snooze.add_argument("id", metavar="ID", help=_("an item id or any unique prefix of it"))
    snooze.add_argument("when", nargs="+", metavar="WHEN", help=_("tomorrow, mon 9:00, in 3d, 2026-12-01, ..."))
    wait = command("wait", _("the item waits on someone until a follow-up (default: two working days on)"))
    wait.add_argument("id", metavar="ID", help=_("an item id or any unique prefix of it"))
    wait.add_argument("who", nargs="+", metavar="WHO", help=_("a leader, a colleague, a department"))
    follow = wait.add_mutually_exclusive_group()
    follow.add_argument("--follow-up", nargs="+", metavar="WHEN", help=_("when it comes back: fri, in 3d, mon 10:00, ..."))
    follow.add_argument("--no-follow-up", action="store_true", help=_("no follow-up: it stays on the board, marked waiting"))


def cmd_list(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    board = desk.board()
    if args.archived:
        return print_archived(board, desk.archived(), as_json=args.json)
    items = list(board.items.values()) if args.all else board.open_items()
    wanted = _whose(args)
    if wanted is not None:
        items = _of(desk, board, items, wanted)
    if args.json:
        ordered = sorted(items, key=lambda i: (i.created, i.id))
        print(json_text([item_json(board, i) for i in ordered], ensure_ascii=False, indent=2))
    else:
        print_list(board, items)
    for problem in board.problems:
        print("chief: " + _("warning: set aside unreadable record {record} (kept in the file; see 'chief doctor')").format(record=printable(str(problem))), file=sys.stderr)
    return 0


def _whose(args: argparse.Namespace) -> str | None:
    """The member asked for by @NAME or --assignee (not both), or None for everyone."""
    from chief.store import CommandError

    if args.who is not None and not args.who.startswith(("@", "＠")):
        raise CommandError(_("'{word}': name a member as @NAME (or use --assignee NAME)").format(word=printable(args.who)))
    if args.who is not None and args.assignee is not None:
        raise CommandError(_("name the member once: @NAME or --assignee NAME"))
    wanted = args.who[1:] if args.who is not None else args.assignee
    if wanted is not None and not wanted.strip():
        raise CommandError(_("say whose items: @NAME, or @me for your own"))
    return wanted


def _of(desk, board: Board, items: list[Item], wanted: str) -> list[Item]:
    """The items of one member (a removed one too, by name or id), or the chief's own for "me".

    An open item counts for whoever holds it (``Board.holder``): the chief holds
    those of members no longer on the team. A closed item, for its assignee.
    """
    from chief.store import is_me

    if is_me(wanted):
        return [i for i in items if (board.holder(i) if i.is_open else i.assignee) is None]
    member = desk.member(wanted, removed_too=True)
    return [i for i in items if i.assignee == member.id and (not i.is_open or board.holder(i) == member.id or member.removed)]


def cmd_assign(args: argparse.Namespace) -> int:
    from chief.store import away_warnings, holder_words

    desk = open_desk(args)
    items = desk.assign_many(args.ids, args.member)
    board = desk.board()
    for item in items:
        print(said_line(item, _("assigned to {who}").format(who=holder_words(board, item))))
    for line in away_warnings(board, (item.assignee for item in items)):  # allowed: the chief knows best, but is told
        print("chief: " + line, file=sys.stderr)
    return 0


def cmd_waiting(args: argparse.Namespace) -> int:
    from chief.store import waiting_items

    board = open_desk(args).board()
    items = waiting_items(board)
    if args.json:
        print(json_text([item_json(board, i) | {"waiting_since": i.waiting_since or i.updated} for i in items],
                        ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(_("Nothing is waiting on anyone."))
    width = shown_width(board.raw_items)
    for item in items:
        since = local_time(board, item.waiting_since or item.updated)
        follow = follow_up_words(board, item)
        who = fit(printable(item.waiting_on or "?"), 14)
        since = _("since {when}").format(when=since)
        print(f"{printable(item.id[:width])}  {who}  {since}  {fit(follow, 30)}  {printable(item.title)}")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    moved = desk.archive_old()
    print(_("archived {n} item(s) closed more than {days} days ago").format(n=moved, days=desk.settings.archive_after_days))
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    """done, drop, resume: one decision about one item, said back with what follows from it."""
    from chief.store import next_one_words

    desk = open_desk(args)
    decide = {"done": desk.done, "drop": desk.drop, "resume": desk.resume}[args.command]
    item = decide(args.id)
    said = {"done": _("done"), "drop": _("dropped"), "resume": _("back on the board")}[args.command]
    print(said_line(item, said) + printable(next_one_words(desk.board(), item)))
    return 0


def _but(board: Board, item: Item, back: str | None) -> str:
    from chief.store import falls_due_first

    note = falls_due_first(board, item, back)
    return _(" ({note})").format(note=note) if note else ""


def cmd_snooze(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    item = desk.snooze(args.id, desk.read_when(args.when))
    board = desk.board()
    said = _("snoozed until {when} ({marks})").format(when=local_time(board, item.snoozed_until), marks=snoozed_words(item, short=True))
    print(said_line(item, said) + _but(board, item, item.snoozed_until))
    return 0


def cmd_wait(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    if args.no_follow_up:
        follow_up = None
    elif args.follow_up:
        follow_up = desk.read_when(args.follow_up)
    else:
        follow_up = desk.default_follow_up()
    item = desk.wait(args.id, " ".join(args.who), follow_up)
    board = desk.board()
    back = _("follow up {when}").format(when=local_time(board, item.follow_up)) if item.follow_up else _("no follow-up")
    said = _("waiting on {who}, {follow}").format(who=printable(item.waiting_on or ""), follow=back)
    print(said_line(item, said) + _but(board, item, item.follow_up))
    return 0


HANDLERS = {
    "list": cmd_list,
    "waiting": cmd_waiting,
    "archive": cmd_archive,
    "done": cmd_done,
    "drop": cmd_done,
    "resume": cmd_done,
    "snooze": cmd_snooze,
    "wait": cmd_wait,
    "assign": cmd_assign,
}
