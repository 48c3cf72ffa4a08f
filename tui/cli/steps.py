"""Steps, search, edit and the emergency flow from the command line.

``chief steps ID`` lists an item's steps; ``chief step ID add|done|undone|edit|move|remove|proc|report-back``
changes them; ``chief search WORDS`` finds items open, closed or archived;
``chief edit ID --title ...`` does what the dashboard's editor does;
``chief emergency ID`` starts the emergency flow.
"""

from __future__ import annotations

import argparse
import sys

from chief.store import N_, _, CommandError, KEEP
from chief.store import Board, Item, KINDS, STATUSES, RuleError, wallclock
from chief.store import due_short, local_time, place_words, step_due, step_info, step_json
from chief.tui.cli.desks import open_desk
from chief.tui.cli.output import json_text, said_line, summary
from chief.tui.cli.parser import Command, Parser
from chief.tui.text import fit, printable

ID_HELP = N_("an item id or any unique prefix of it")
MATCHED = {"notes": N_("notes"), "steps": N_("steps")}  # where a search found the words, when not in the title


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    listing = command("steps", _("list an item's steps"))
    listing.add_argument("id", metavar="ID", help=_(ID_HELP))
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))

    step = command("step", _("change an item's steps: add, done, undone, edit, move, remove, proc, report-back"))
    step.add_argument("id", metavar="ID", help=_(ID_HELP))
    actions = step.add_subparsers(dest="step_command", metavar="ACTION", parser_class=Parser, required=True)
    add = actions.add_parser("add", help=_("add a step (@name: who does it, ^WHEN: its due time)"), parents=[shared])
    add.add_argument("text", nargs="+", metavar="TEXT")
    add.add_argument("--at", type=int, metavar="N", help=_("put it at position N (default: last)"))
    for name, help_text in (("done", _("tick a step done")), ("undone", _("untick a step")),
                            ("remove", _("remove a step"))):
        one = actions.add_parser(name, help=help_text, parents=[shared])
        one.add_argument("number", metavar="N", help=_("the step's number, as 'chief steps' lists it"))
    edit = actions.add_parser("edit", help=_("change a step's text (@name and ^WHEN too)"), parents=[shared])
    edit.add_argument("number", metavar="N", help=_("the step's number, as 'chief steps' lists it"))
    edit.add_argument("text", nargs="*", metavar="TEXT")
    edit.add_argument("--no-who", action="store_true", help=_("nobody in particular does it"))
    edit.add_argument("--no-due", action="store_true", help=_("no due time"))
    move = actions.add_parser("move", help=_("move a step to another position"), parents=[shared])
    move.add_argument("number", metavar="N", help=_("the step's number, as 'chief steps' lists it"))
    move.add_argument("to", type=int, metavar="TO", help=_("its new position"))
    proc = actions.add_parser("proc", help=_("add the steps of a standard procedure"), parents=[shared])
    proc.add_argument("name", nargs="+", metavar="NAME")
    actions.add_parser("report-back", help=_("add 'report back' as the last step"), parents=[shared])

    search = command("search", _("find items by words in their title, notes or steps: open, closed and archived"))
    search.add_argument("words", nargs="+", metavar="WORDS")
    search.add_argument("--json", action="store_true", help=_("print a JSON array"))

    editing = command("edit", _("change an item's fields, as the dashboard's editor does"))
    editing.add_argument("id", metavar="ID", help=_(ID_HELP))
    editing.add_argument("--title", metavar="TEXT")
    editing.add_argument("--notes", metavar="TEXT", help=_("the notes (replaces them; '' clears them)"))
    editing.add_argument("--due", nargs="+", metavar="WHEN", help=_("tomorrow, fri 15:00, 2026-12-01, ..."))
    editing.add_argument("--no-due", action="store_true", help=_("no due time"))
    editing.add_argument("--category", metavar="NAME")
    editing.add_argument("--no-category", action="store_true", help=_("no category"))
    editing.add_argument("--assignee", metavar="NAME", help=_("a team member (name or id prefix)"))
    editing.add_argument("--no-assignee", action="store_true", help=_("back to the chief"))
    editing.add_argument("--source", metavar="WHO", help=_("who raised it ('' clears it)"))
    editing.add_argument("--effort", metavar="TIME", help=_("30m, 2h, 1d; '' clears it"))
    editing.add_argument("--kind", choices=KINDS, help=_("task or interrupt"))
    editing.add_argument("--status", choices=STATUSES, help=_("the item's status"))
    editing.add_argument("--waiting-on", metavar="WHO", help=_("who it waits on ('' ends the wait)"))
    editing.add_argument("--follow-up", nargs="+", metavar="WHEN", help=_("when a wait comes back: fri, in 3d, ..."))
    editing.add_argument("--no-follow-up", action="store_true", help=_("no follow-up"))
    editing.add_argument("--repeat", metavar="RULE", help=_("a recurring duty's rule: weekday 9:00, mon,thu, 1st; '' stops it"))
    for flag in ("important", "urgent"):
        group = editing.add_mutually_exclusive_group()
        group.add_argument(f"--{flag}", dest=flag, action="store_true", default=None)
        group.add_argument(f"--not-{flag}", dest=flag, action="store_false")

    emergency = command("emergency", _("turn an item into an emergency: first in Do now, with the emergency steps"))
    emergency.add_argument("id", metavar="ID", help=_(ID_HELP))


# listing ---------------------------------------------------------------------------------------


def step_lines(board: Board, item: Item) -> list[str]:
    """An item's steps as ``chief steps`` prints them: number, tick, text, who, due, when ticked."""
    lines = []
    for number, step in enumerate(item.steps, 1):
        tick = "[x]" if step.done else "[ ]"
        parts = [f"{number:>2} {tick} {printable(step.text)}"]
        if step.who:
            parts.append("@" + printable(board.member_name(step.who) or step.who))
        due = step_due(step)
        if due is not None and not step.done:
            parts.append(printable(due_short(due, board.now)))
        if step.done and step.done_at:
            parts.append(_("done {when}").format(when=local_time(board, step.done_at, day=board.now.date())))
        if step.is_report:
            parts.append(_("(report back)"))
        lines.append("  ".join(parts))
    return lines


def cmd_steps(args: argparse.Namespace) -> int:
    board = open_desk(args).board()
    item = board.find_item(args.id)
    if args.json:
        print(json_text([step_json(board, s, n) for n, s in enumerate(item.steps, 1)], ensure_ascii=False, indent=2))
        return 0
    info = step_info(board, item)
    head = said_line(item, _("{progress} steps done").format(progress=info.progress) if info else _("no steps"))
    print(head)
    for line in step_lines(board, item):
        print("  " + line)
    if not item.steps:
        print("  " + _("add one with  chief step {id} add TEXT").format(id=printable(item.id[:10])))
    return 0


def cmd_step(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    action = args.step_command
    if action == "add":
        change = desk.step_add(args.id, " ".join(args.text), at=args.at)
    elif action == "done":
        change = desk.step_tick(args.id, args.number)
    elif action == "undone":
        change = desk.step_untick(args.id, args.number)
    elif action == "remove":
        change = desk.step_remove(args.id, args.number)
    elif action == "move":
        change = desk.step_move(args.id, args.number, args.to)
    elif action == "edit":
        if not args.text and not args.no_who and not args.no_due:
            raise CommandError(_("say what to change: new text, --no-who or --no-due"))
        change = desk.step_edit(args.id, args.number, " ".join(args.text) if args.text else None,
                                who=None if args.no_who else KEEP, due=None if args.no_due else KEEP)
    elif action == "proc":
        change = desk.apply_procedure(args.id, " ".join(args.name))
    else:
        change = desk.report_back(args.id)
    board = desk.board()
    item = change.item
    info = step_info(board, item)
    print(said_line(item, _("{progress} steps done").format(progress=info.progress) if info else _("no steps")))
    for line in step_lines(board, item):
        print("  " + line)
    if change.all_done:
        print(_("Every step is done: mark the item done with  chief done {id}").format(id=printable(item.id[:10])))
    return 0


# search ----------------------------------------------------------------------------------------


def cmd_search(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    found = desk.search(args.words)
    board = desk.board()
    if args.json:
        from chief.store import item_json

        rows = [{**item_json(board, f.item), "place": f.place, "place_words": place_words(f),
                 "closed_day": f.day.isoformat() if f.day else None, "archive_year": f.archived,
                 "matched": list(f.matched)} for f in found]
        print(json_text(rows, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(_("Nothing found for {words}.").format(words=printable(" ".join(args.words))))
        return 1
    for f in found:
        where = fit(printable(place_words(f)), 24)
        matched = _(", ").join(_(MATCHED[m]) for m in f.matched if m in MATCHED)
        tail = "  " + _("(in {where})").format(where=matched) if matched else ""
        print(f"{printable(f.item.id[:10])}  {where}  {printable(f.item.title)}{tail}")
    return 0


# edit ------------------------------------------------------------------------------------------


def cmd_edit(args: argparse.Namespace) -> int:
    from chief.store import read_effort, read_repeat

    desk = open_desk(args)
    board = desk.board()
    changes: dict = {}
    if args.title is not None:
        title = " ".join(args.title.split())
        if not title:
            raise CommandError(_("the title is empty"))
        changes["title"] = title
    if args.notes is not None:
        changes["notes"] = args.notes
    if args.due and args.no_due:
        raise CommandError(_("give --due or --no-due, not both"))
    if args.due:
        changes["due"] = desk.read_when(args.due).stored()
    elif args.no_due:
        changes["due"] = None
    if args.category is not None and args.no_category:
        raise CommandError(_("give --category or --no-category, not both"))
    if args.category is not None:
        changes["category"] = desk.category(args.category)
    elif args.no_category:
        changes["category"] = None
    if args.source is not None:
        changes["source"] = " ".join(args.source.split()) or None
    if args.effort is not None:
        changes["effort"] = read_effort(args.effort)
    for flag in ("important", "urgent"):
        if getattr(args, flag) is not None:
            changes[flag] = getattr(args, flag)
    for name in ("kind", "status"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.waiting_on is not None:
        changes["waiting_on"] = " ".join(args.waiting_on.split()) or None
    if args.follow_up and args.no_follow_up:
        raise CommandError(_("give --follow-up or --no-follow-up, not both"))
    if args.follow_up:
        due = desk.read_when(args.follow_up)
        changes["follow_up"] = wallclock.utc_stamp(due.moment(desk.settings.day_start, board.now.timezone))
    elif args.no_follow_up:
        changes["follow_up"] = None
    if args.repeat is not None:
        try:
            changes["repeat"] = read_repeat(args.repeat)
        except RuleError as err:
            raise CommandError(str(err)) from None
    if args.assignee is not None and args.no_assignee:
        raise CommandError(_("give --assignee or --no-assignee, not both"))
    if not changes and args.assignee is None and not args.no_assignee:
        raise CommandError(_("say what to change: --title, --notes, --due, --category, --assignee, ..."))
    if changes.get("follow_up") and changes["follow_up"] <= wallclock.utc_stamp(board.now):
        raise CommandError(_("cannot follow up {value}: that is not in the future").format(value=" ".join(args.follow_up)))
    item = board.find_item(args.id)
    assignee = (None if args.no_assignee else args.assignee) if args.assignee is not None or args.no_assignee else KEEP
    item = desk.edit(item.id, changes, assignee=assignee)  # one step for 'chief undo'
    print(summary(desk.board(), item))
    return 0


def cmd_emergency(args: argparse.Namespace) -> int:
    from chief.store import away_warnings

    desk = open_desk(args)
    change = desk.make_emergency(args.id)
    board = desk.board()
    print(said_line(change.item, _("emergency")))
    for line in step_lines(board, change.item):
        print("  " + line)
    for line in away_warnings(board, [change.item.assignee, *(s.who for s in change.item.steps if not s.done)]):
        print("chief: " + line, file=sys.stderr)
    return 0


HANDLERS = {"steps": cmd_steps, "step": cmd_step, "search": cmd_search, "edit": cmd_edit, "emergency": cmd_emergency}
