"""The team: ``chief team add | edit | remove | away | back | show | list | report``."""

from __future__ import annotations

import argparse
import sys

from chief.store import Board, Member
from chief.tui.cli.desks import desk_with_data, open_desk
from chief.tui.cli.output import json_text, print_list
from chief.store import _, ngettext
from chief.tui.cli.parser import Command, Parser
from chief.store import shown_width
from chief.store import away_words, capacity_words, holder_words, load_percent, load_words, member_json
from chief.tui.text import fit, printable

HAND_TO = "MEMBER|me|inbox"


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    team = command("team", _("the team members"))
    team_sub = team.add_subparsers(dest="team_command", metavar="COMMAND", parser_class=Parser, required=True)

    def sub(name: str, help_text: str) -> Parser:
        found = team_sub.add_parser(name, help=help_text, parents=[shared])
        found.add_argument("name", nargs="+", metavar="NAME", help=_("a member's name, id or unique prefix"))
        return found

    team_add = sub("add", _("add a team member (the name of a removed member brings them back)"))
    team_add.add_argument("--capacity", type=float, metavar="HOURS", help=_("hours of work a week (default 40; 0: takes no new work)"))
    team_add.add_argument("--role", metavar="ROLE")
    team_add.add_argument("--category", action="append", metavar="CATEGORY", help=_("a category they usually handle (repeatable)"))
    edit = sub("edit", _("change a member's name, role, capacity or usual categories"))
    edit.add_argument("--name", dest="new_name", metavar="NEW", help=_("the new name (their items stay theirs)"))
    edit.add_argument("--role", metavar="ROLE")
    edit.add_argument("--capacity", type=float, metavar="HOURS", help=_("hours of work a week (0: takes no new work)"))
    edit.add_argument("--category", action="append", metavar="CATEGORY", help=_("the categories they usually handle, all of them (repeatable)"))
    edit.add_argument("--no-category", action="store_true", help=_("no usual categories"))
    remove = sub("remove", _("take a member off the team; their open items go to --to first"))
    remove.add_argument("--to", dest="hand_to", metavar=HAND_TO, help=_("who takes their open items: a member, me, or inbox"))
    away = sub("away", _("mark a member away (leave, trip, sick); they are back by themselves on --until"))
    away.add_argument("--until", nargs="+", metavar="WHEN", help=_("the day they are back: mon, 下周一, 2026-12-07, ..."))
    away.add_argument("--reason", metavar="REASON", help=_("leave, trip, sick, or your own words"))
    away.add_argument("--hand-to", metavar=HAND_TO, help=_("hand their items due before they are back to a member, me, or inbox"))
    sub("back", _("a member who was away is back"))
    sub("show", _("a member and their plate: every open item of theirs, snoozed and waiting too"))
    team_list = team_sub.add_parser("list", help=_("list the team, most loaded first"), parents=[shared])
    team_list.add_argument("--json", action="store_true", help=_("print a JSON array"))
    report = team_sub.add_parser("report", help=_("fairness over the last weeks: load, effort against capacity, done, late, interrupts"),
                                 parents=[shared])
    report.add_argument("--weeks", type=int, default=4, metavar="N", help=_("how many weeks, this one included (default 4)"))
    report.add_argument("--json", action="store_true", help=_("print JSON"))


def _name(args: argparse.Namespace) -> str:
    return " ".join(args.name)


def cmd_add(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    before = set(desk.board().members)
    member = desk.team_add(_name(args), capacity_hours=args.capacity, role=args.role, categories=args.category)
    if member.id in before:  # a removed member, back under the same id: what was not typed is as it was
        print(f"{printable(member.id)}  " + _("brought back {name}, the same member as before: {facts}").format(
            name=printable(member.name), facts=_facts(member)))
    else:
        print(f"{printable(member.id)}  " + _("added {name} ({hours})").format(
            name=printable(member.name), hours=capacity_words(member.capacity)))
    return 0


def _facts(member: Member) -> str:
    """Role, capacity and usual categories in words: "科员, 30h a week, usually documents"."""
    return _("{role}, {hours}, usually {categories}").format(
        role=printable(member.role) or _("no role"), hours=capacity_words(member.capacity),
        categories=_(", ").join(printable(c) for c in member.categories) or _("any category"))


def cmd_edit(args: argparse.Namespace) -> int:
    from chief.store import CommandError

    categories = [] if args.no_category else args.category
    if args.new_name is None and args.role is None and args.capacity is None and categories is None:
        raise CommandError(_("say what to change: --name, --role, --capacity, --category or --no-category"))
    member = open_desk(args).team_edit(_name(args), name=args.new_name, role=args.role, capacity_hours=args.capacity,
                                       categories=categories)
    print(f"{printable(member.id)}  " + _("{name}: {facts}").format(name=printable(member.name), facts=_facts(member)))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    before = desk.board()
    member = desk.team_remove(_name(args), hand_to=args.hand_to)
    moved = [i for i in before.open_items() if i.assignee == member.id]
    print(f"{printable(member.id)}  " + _("removed {name} from the team").format(name=printable(member.name)))
    if moved:
        after = desk.board()
        print("  " + ngettext("{n} open item went to {who}", "{n} open items went to {who}", len(moved)).format(
            n=len(moved), who=holder_words(after, after.item(moved[0].id))))
    return 0


def cmd_away(args: argparse.Namespace) -> int:
    from chief.store import due_before_return

    desk = open_desk(args)
    before = desk.board()
    member = desk.team_away(_name(args), until=" ".join(args.until) if args.until else None, reason=args.reason,
                            hand_to=args.hand_to)
    board = desk.board()
    print(f"{printable(member.id)}  " + _("{name}: {away}").format(name=printable(member.name), away=printable(away_words(board, member))))
    if args.hand_to is not None:
        handed = [i for i in before.open_items() if i.assignee == member.id and board.item(i.id).assignee != member.id]
        if handed:
            print("  " + ngettext("{n} item due before they are back went to {who}:",
                                  "{n} items due before they are back went to {who}:", len(handed)).format(
                n=len(handed), who=holder_words(board, board.item(handed[0].id))))
            print_list(board, [board.item(i.id) for i in handed])
        else:
            print("  " + _("nothing of theirs falls due before they are back"))
        return 0
    due = due_before_return(board, member.id)
    if not due:
        print("  " + _("nothing of theirs falls due before they are back"))
        return 0
    print("  " + ngettext("{n} item of theirs falls due before they are back:",
                          "{n} items of theirs fall due before they are back:", len(due)).format(n=len(due)))
    print_list(board, due)
    print(_("Hand them on:  chief team away {name} --until ... --hand-to MEMBER|me|inbox  (or  chief assign ID ... --to MEMBER)").format(
        name=printable(_quoted(member.name))))
    return 0


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def cmd_back(args: argparse.Namespace) -> int:
    member = open_desk(args).team_back(_name(args))
    print(f"{printable(member.id)}  " + _("{name} is back").format(name=printable(member.name)))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    board = desk.board()
    member = desk.member(_name(args), removed_too=True)
    _print_member(board, member)
    if member.removed:
        left = [i for i in board.orphaned() if i.assignee == member.id]
        print(_("removed from the team"))
        if left:
            print(ngettext("{n} open item was given to them on another machine: hand it on with  chief team remove {name} --to MEMBER|me|inbox",
                           "{n} open items were given to them on another machine: hand them on with  chief team remove {name} --to MEMBER|me|inbox",
                           len(left)).format(n=len(left), name=printable(_quoted(member.name))))
            print_list(board, left)
        return 0
    items = [i for i in board.open_items() if board.holder(i) == member.id]
    print(_("Plate: {load}").format(load=load_words(board.load(member.id))))
    if items:
        print_list(board, items)
    else:
        print(_("  nothing open"))
    return 0


def _print_member(board: Board, member: Member) -> None:
    print(f"{printable(member.name)}  {printable(member.id)}")
    facts = [printable(member.role) or _("no role"), capacity_words(member.capacity)]
    if not member.removed:
        facts.append(_("load {percent}").format(percent=load_percent(board.load(member.id))))
    if member.categories:
        facts.append(_("usually {categories}").format(categories=_(", ").join(printable(c) for c in member.categories)))
    away = away_words(board, member)
    if away:
        facts.append(printable(away))
    print("  " + _(", ").join(facts))


def cmd_list(args: argparse.Namespace) -> int:
    board = open_desk(args).board()
    members = board.members_by_busiest()
    if args.json:
        print(json_text([member_json(board, m) for m in members], ensure_ascii=False, indent=2))
        return 0
    if not members:
        print(_("No team members yet: add one with  chief team add NAME --capacity HOURS"))
    width = shown_width(board.members)
    for m in members:
        load = board.load(m.id)
        hours = capacity_words(m.capacity, short=True)
        line = (f"{printable(m.id[:width])}  {fit(printable(m.name), 16)}  {fit(printable(m.role), 12)}  {hours:>5}  "
                f"{load_percent(load):>5}  {load_words(load)}")
        away = away_words(board, m)
        print(line + (f"  [{printable(away)}]" if away else ""))
    orphaned = board.orphaned()
    if orphaned:
        names = sorted({printable(board.member_name(i.assignee) or "") for i in orphaned})
        print("chief: " + ngettext(
            "{n} open item is assigned to someone no longer on the team ({names}): it is yours until you hand it on "
            "(chief team remove NAME --to MEMBER|me|inbox)",
            "{n} open items are assigned to someone no longer on the team ({names}): they are yours until you hand them on "
            "(chief team remove NAME --to MEMBER|me|inbox)", len(orphaned)).format(n=len(orphaned), names=_(", ").join(names)),
            file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from chief.store import fairness, fairness_lines, fairness_period, plain
    from chief.tui.cli.reports import _report_width

    weeks = args.weeks
    board, archived = desk_with_data(args).report_data(lambda now: fairness_period(weeks, now))
    report = fairness(board, archived, weeks)
    if args.json:
        print(json_text(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(plain(fairness_lines(report, _report_width())))
    return 0


_COMMANDS = {"add": cmd_add, "edit": cmd_edit, "remove": cmd_remove, "away": cmd_away, "back": cmd_back,
             "show": cmd_show, "list": cmd_list, "report": cmd_report}


def cmd_team(args: argparse.Namespace) -> int:
    return _COMMANDS[args.team_command](args)


HANDLERS = {"team": cmd_team}
