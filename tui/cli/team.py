"""The team: ``chief team add`` and ``chief team list``."""

from __future__ import annotations

import argparse

from chief.tui.cli.desks import open_desk
from chief.tui.cli.output import json_text
from chief.store import _, ngettext
from chief.tui.cli.parser import Command, Parser
from chief.store import shown_width
from chief.store import member_json, team_members
from chief.tui.text import fit, printable


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    team = command("team", _("the team members"))
    team_sub = team.add_subparsers(dest="team_command", metavar="COMMAND", parser_class=Parser, required=True)
    team_add = team_sub.add_parser("add", help=_("add a team member"), parents=[shared])
    team_add.add_argument("name", nargs="+", metavar="NAME")
    team_add.add_argument("--capacity", type=float, default=40, metavar="HOURS", help=_("hours of work a week (default 40)"))
    team_add.add_argument("--role", default="", metavar="ROLE")
    team_add.add_argument("--category", action="append", default=[], metavar="CATEGORY", help=_("a category they usually handle (repeatable)"))
    team_list = team_sub.add_parser("list", help=_("list the team with their load"), parents=[shared])
    team_list.add_argument("--json", action="store_true", help=_("print a JSON array"))


def cmd_team(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    if args.team_command == "add":
        member = desk.team_add(" ".join(args.name), capacity_hours=args.capacity, role=args.role, categories=args.category)
        print(f"{printable(member.id)}  " + _("added {name} ({hours:g} h a week)").format(name=printable(member.name), hours=member.capacity / 60))
        return 0
    board = desk.board()
    members = team_members(board)
    if args.json:
        print(json_text([member_json(board, m) for m in members], ensure_ascii=False, indent=2))
        return 0
    if not members:
        print(_("No team members yet: add one with  chief team add NAME --capacity HOURS"))
    width = shown_width(board.team)
    for m in members:
        load = board.load(m.id)
        away = _("  (away)") if m.away else ""
        counts = _("{open:>3} open  {overdue:>2} overdue").format(open=load.open, overdue=load.overdue)
        print(f"{printable(m.id[:width])}  {fit(printable(m.name), 16)}  {load.percent:>4}%  {counts}{away}")
    return 0


HANDLERS = {"team": cmd_team}
