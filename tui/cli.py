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
from typing import TYPE_CHECKING, Any, NoReturn, Sequence

from chief.store.datafile import paths
from chief.store.domain.board import Board, NotFound
from chief.store.domain.config import ConfigError, Settings, load_settings
from chief.store.reports.in_words import due_words, follow_up_words, item_json, landing, local_time, marks_in_full, repeat_words, understood
from chief.store.errors import CommandError, GitError
from chief.store.domain.model import Item
from chief.store.domain.quickadd import QuickAddError
from chief.store.reports.printable import inert_json, not_text
from chief.store.datafile.storage import CorruptFile, DataFileError, newest_good_backup
from chief.store.domain.ids import shown_width
from chief.store.domain.when import WhenError
from chief.tui import __version__
from chief.tui.text import fit, printable, printable_lines

if TYPE_CHECKING:
    from chief.store.desk import Desk

USER_ERRORS = (QuickAddError, WhenError, NotFound, CommandError, DataFileError, ConfigError, GitError)  # one line each


class UsageError(Exception):
    pass


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, told the terminal's width: asking shutil for it costs every command 2 ms."""

    def __init__(self, prog: str, **options: Any) -> None:
        try:
            columns = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (ValueError, OSError, AttributeError):
            columns = 80
        super().__init__(prog, width=options.pop("width", None) or max(columns - 2, 20), **options)


class Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line and exit status 2 like every other error."""

    def __init__(self, *args: Any, **options: Any) -> None:
        options.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **options)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _common(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument("--file", metavar="PATH", default=default, help="the data file (default: $CHIEF_FILE or the user data dir)")
    parser.add_argument("--config", metavar="PATH", default=default, help="the config file (default: $CHIEF_CONFIG or the user config dir)")


class _Skipped:
    """Stands in for the parser of a subcommand this run does not use: whatever is added to it is dropped."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


def command_named(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names (after --file and --config and their values); None when unsure."""
    words = iter(argv)
    for word in words:
        if word in ("--file", "--config"):
            next(words, None)
        elif not word.startswith(("--file=", "--config=")):
            return None if word.startswith("-") else word
    return None


def build_parser(only: str | None = None) -> Parser:
    """The whole command line, or with ``only`` just that subcommand's part.

    ``chief add`` runs from scripts all day: building the other twenty
    subcommands' parsers would cost it 3 ms for nothing.
    """
    parser = Parser(prog="chief", description="Chief: the secretariat's triage dashboard. With no command, opens the dashboard.")
    parser.add_argument("--version", action="version", version=f"chief {__version__}")
    _common(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    shared = Parser(add_help=False)
    _common(shared, argparse.SUPPRESS)

    def command(name: str, help_text: str) -> Parser:
        if only is not None and name != only:
            return _Skipped()  # type: ignore[return-value]
        return sub.add_parser(name, help=help_text, description=help_text, parents=[shared])

    syntax = ("quick-add syntax: * important, ! urgent, @member, #category, ^WHEN or due:WHEN, ~30m effort, from:WHO, "
              "every:RULE a recurring duty (every:weekday 9:00, every:mon,thu, every:1st, every:3d-after); the rest is the title")
    add = command("add", "capture an item (it lands in the inbox unless it has *, ! or a due time)")
    add.add_argument("text", nargs="+", metavar="TEXT", help=syntax)
    interrupt = command("interrupt", "capture an interrupt: an urgent item that arrived unannounced")
    interrupt.add_argument("text", nargs="+", metavar="TEXT", help=syntax)
    listing = command("list", "list the open items")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument("--all", action="store_true", help="also done and dropped items")
    listing.add_argument("--archived", action="store_true", help="the items in the yearly archive files instead")
    waiting = command("waiting", "list the items waiting on someone, the longest waiting first")
    waiting.add_argument("--json", action="store_true", help="print a JSON array")
    command("archive", "move items done or dropped long ago (archive_after_days, default 14) to the yearly archive")
    for name, help_text in (("done", "mark an item done"), ("drop", "drop an item (a recurring duty: this time only)"),
                            ("resume", "bring an item back on the board now: end its wait or its snooze")):
        decision = command(name, help_text)
        decision.add_argument("id", metavar="ID", help="an item id or any unique prefix of it")
    snooze = command("snooze", "put an item away until a time; it comes back by itself (sooner if it falls due)")
    snooze.add_argument("id", metavar="ID", help="an item id or any unique prefix of it")
    snooze.add_argument("when", nargs="+", metavar="WHEN", help="tomorrow, mon 9:00, in 3d, 2026-12-01, ...")
    wait = command("wait", "the item waits on someone until a follow-up (default: two working days on)")
    wait.add_argument("id", metavar="ID", help="an item id or any unique prefix of it")
    wait.add_argument("who", nargs="+", metavar="WHO", help="a leader, a colleague, a department")
    follow = wait.add_mutually_exclusive_group()
    follow.add_argument("--follow-up", nargs="+", metavar="WHEN", help="when it comes back: fri, in 3d, mon 10:00, ...")
    follow.add_argument("--no-follow-up", action="store_true", help="no follow-up: it stays on the board, marked waiting")
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

    stats = command("stats", "interrupt statistics: how many, how fast taken and resolved, by source, by hour")
    stats.add_argument("--week", action="store_true", help="the week (Monday to Sunday) instead of the day")
    stats.add_argument("--date", metavar="WHEN", help="that day, or with --week the week holding it: yesterday, "
                                                      "last week, 2026-11-20, ... (default: today)")
    stats.add_argument("--json", action="store_true", help="print JSON")
    brief = command("brief", "the daily brief for the leaders, in Markdown")
    brief.add_argument("--date", metavar="WHEN", help="the day: yesterday, today, 2026-11-20, ... (default: today)")
    brief.add_argument("--output", metavar="FILE", help="write it to FILE instead of printing it")
    review = command("review", "the weekly review: done, slipped, quadrant mix, throughput, put off 3+ times")
    review.add_argument("--date", metavar="WHEN", help="the week holding that day: last week, 2026-11-20, ... (default: this week)")
    review.add_argument("--json", action="store_true", help="print JSON")

    export = command("export", "write the open items (--all: every item) as JSON, CSV, Markdown or iCalendar")
    export.add_argument("--format", choices=("json", "csv", "md", "ics"), help="default: from the --output name's ending, else json")
    export.add_argument("--all", action="store_true", help="also done and dropped items")
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of printing (- prints)")
    importing = command("import", "add the items of a Taskwarrior export (task export) or of Chief's CSV; nothing already here changes")
    importing.add_argument("source", metavar="FILE", help="the file to import")
    importing.add_argument("--format", choices=("taskwarrior", "csv"), help="default: told by the content")

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
    line = f"{printable(item.id)}  {landing(board, item)}: {printable(item.title)}"
    return f"{line}  ({details})" if details else line


def json_text(value: Any, **options: Any) -> str:
    """JSON for scripts: Chinese stays readable, but no raw control character gets out."""
    return inert_json(json.dumps(value, **options))


def _group(board: Board, item: Item) -> tuple[int, str]:
    if not item.is_open:
        return (7 if item.status == "done" else 8), item.status.capitalize()
    if item.in_interrupt_queue:
        return 0, "Interrupts"
    placement = board.placement(item)
    return (placement.quadrant or 6), placement.name


def _marks(board: Board, item: Item) -> str:
    """The marks in full, then the rule of a recurring duty (the list's columns say the rest)."""
    marks = marks_in_full(board, item, text=printable)
    if item.repeat:
        marks.append(repeat_words(item.repeat, text=printable))  # an unreadable rule is shown as stored, inert
    return ", ".join(marks)


def print_list(board: Board, items: list[Item]) -> None:
    if not items:
        print("No items." if board.raw_items else "No items yet: capture one with  chief add \"...\"")
        return
    ordered = sorted(items, key=lambda i: (_group(board, i)[0], board.placement(i).overdue is False, i.created))
    width = shown_width(board.raw_items)
    current = None
    for item in ordered:
        group = _group(board, item)[1]
        if group != current:
            print(("" if current is None else "\n") + group)
            current = group
        cells = [
            printable(item.id[:width]),
            fit(due_words(board, item, full=False), 15),
            fit("@" + printable(board.member_name(item.assignee) or "") if item.assignee else "", 10),
            fit("#" + printable(item.category) if item.category else "", 14),
            printable(item.title),
        ]
        marks = _marks(board, item)
        print("  " + "  ".join(cells) + (f"  [{marks}]" if marks else ""))


# commands ------------------------------------------------------------------


def _open_desk(args: argparse.Namespace) -> Desk:
    from chief.store.desk import Desk  # the full store: not needed by a capture into a file we wrote

    settings: Settings = load_settings(paths.config_file(args.config))
    desk = Desk(paths.data_file(args.file), settings)
    _OPENED.append(desk)
    return desk


_OPENED: list[Desk] = []  # the desks this command opened, whose notices are said when it ends


def _say_notices() -> None:
    """What a command's replica had to say once (meta values quarantined, a file written again), on stderr."""
    while _OPENED:
        replica = _OPENED.pop().replica
        for notice in replica.notices:
            print(f"chief: warning: {printable(notice)}", file=sys.stderr)
        replica.notices.clear()


def _desk_with_data(args: argparse.Namespace) -> Desk:
    """The desk for a report or an export: an empty brief from a mistyped path must not go to the leaders."""
    desk = _open_desk(args)
    if not desk.path.exists():
        raise CommandError(f"no data file at {printable(str(desk.path))}: nothing to report (check --file or $CHIEF_FILE)")
    return desk


def cmd_add(args: argparse.Namespace, kind: str = "task") -> int:
    from chief.store.datafile.capture import capture_known_file

    settings = load_settings(paths.config_file(args.config))
    found = capture_known_file(paths.data_file(args.file), settings, args.text, kind)
    item, board = found if found is not None else _open_desk(args).capture(args.text, kind=kind)
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
    width = shown_width(a.item.id for a in archived)
    for a in archived:
        closed = (a.item.done_at or "")[:10]
        print(f"{printable(a.item.id[:width])}  {a.year}  {a.item.status:7}  {closed}  {printable(a.item.title)}")
    if not archived:
        print("No archived items.")
    return 0


def cmd_waiting(args: argparse.Namespace) -> int:
    from chief.store.reports.in_words import waiting_items

    board = _open_desk(args).board()
    items = waiting_items(board)
    if args.json:
        print(json_text([item_json(board, i) | {"waiting_since": i.waiting_since or i.updated} for i in items],
                        ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("Nothing is waiting on anyone.")
    width = shown_width(board.raw_items)
    for item in items:
        since = local_time(board, item.waiting_since or item.updated)
        follow = follow_up_words(board, item)
        who = fit(printable(item.waiting_on or "?"), 14)
        print(f"{printable(item.id[:width])}  {who}  since {since}  {fit(follow, 30)}  {printable(item.title)}")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    moved = desk.archive_old()
    print(f"archived {moved} item(s) closed more than {desk.settings.archive_after_days} days ago")
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    """done, drop, resume: one decision about one item, said back with what follows from it."""
    from chief.store.reports.in_words import next_one_words

    desk = _open_desk(args)
    decide = {"done": desk.done, "drop": desk.drop, "resume": desk.resume}[args.command]
    item = decide(args.id)
    said = {"done": "done", "drop": "dropped", "resume": "back on the board"}[args.command]
    print(f"{printable(item.id)}  {said}: {printable(item.title)}{printable(next_one_words(desk.board(), item))}")
    return 0


def _but(board: Board, item: Item, back: str | None) -> str:
    from chief.store.reports.in_words import falls_due_first

    note = falls_due_first(board, item, back)
    return f" ({note})" if note else ""


def _when(desk: Desk, words: list[str]) -> Any:
    """A WHEN typed on the command line, read against the user's working day."""
    from chief.store.domain import wallclock
    from chief.store.domain.when import parse_when

    return parse_when(" ".join(words), wallclock.now(), day_start=desk.settings.day_start, day_end=desk.settings.day_end)


def cmd_snooze(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    item = desk.snooze(args.id, _when(desk, args.when))
    board = desk.board()
    print(f"{printable(item.id)}  snoozed until {local_time(board, item.snoozed_until)} "
          f"({item.deferrals}x put off): {printable(item.title)}{_but(board, item, item.snoozed_until)}")
    return 0


def cmd_wait(args: argparse.Namespace) -> int:
    from chief.store.domain import wallclock
    from chief.store.desk import default_follow_up

    desk = _open_desk(args)
    if args.no_follow_up:
        follow_up = None
    elif args.follow_up:
        follow_up = _when(desk, args.follow_up)
    else:
        follow_up = default_follow_up(desk.settings, wallclock.now())
    item = desk.wait(args.id, " ".join(args.who), follow_up)
    board = desk.board()
    back = f"follow up {local_time(board, item.follow_up)}" if item.follow_up else "no follow-up"
    print(f"{printable(item.id)}  waiting on {printable(item.waiting_on or '')}, {back}: {printable(item.title)}"
          f"{_but(board, item, item.follow_up)}")
    return 0


def cmd_team(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    if args.team_command == "add":
        member = desk.team_add(" ".join(args.name), capacity_hours=args.capacity, role=args.role, categories=args.category)
        print(f"{printable(member.id)}  added {printable(member.name)} ({member.capacity / 60:g} h a week)")
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
    width = shown_width(board.team)
    for m in members:
        load = board.load(m.id)
        away = "  (away)" if m.away else ""
        print(f"{printable(m.id[:width])}  {fit(printable(m.name), 16)}  {load.percent:>4}%  {load.open:>3} open  {load.overdue:>2} overdue{away}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from chief.store.exchange.doctor import doctor, restore

    desk_path = paths.data_file(args.file)
    if args.restore:
        print(printable_lines(restore(desk_path, Path(args.restore))))
        return 0
    report, healthy = doctor(desk_path, load_settings(paths.config_file(args.config)))
    print(report)
    return 0 if healthy else 1


def cmd_merge(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    came = desk.merge_file(Path(args.other))
    if not came:
        print(f"nothing new in {printable(args.other)}")
        return 0
    board = desk.board()
    for label, ids in (("new", came.new), ("changed", came.changed), ("deleted", came.deleted)):
        for item_id in ids:
            title = board.items[item_id].title if item_id in board.items else ""
            print(f"{label:8} {printable(item_id)}  {printable(title)}")
    print(f"merged {printable(args.other)}: {len(came.new)} new, {len(came.changed)} changed, {len(came.deleted)} deleted")
    return 0


def cmd_git_setup(args: argparse.Namespace) -> int:
    from chief.store.sync.git_driver import git_setup

    data_file = paths.data_file(args.file)
    if not_text(str(data_file.absolute())) is not None:  # git's answers and .gitattributes are UTF-8 text
        raise CommandError(f"{printable(str(data_file))} is not a UTF-8 path: git-setup cannot name it in "
                           ".gitattributes; move the data file to a folder whose path is UTF-8")
    for line in git_setup(data_file, entry=f"{__spec__.name}:{main.__name__}"):  # the console script
        print(printable(line))  # it names the data file: any bytes a file name may hold
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from chief.store.sync.git_driver import merge_driver

    merge_driver(Path(args.base), Path(args.ours), Path(args.theirs))
    return 0


def cmd_forget_device(args: argparse.Namespace) -> int:
    if _open_desk(args).forget_device(args.device):
        print(f"forgot device {printable(args.device)}: its tombstones no longer wait for it")
        return 0
    raise CommandError(f"no device '{printable(args.device)}' in this file (see 'chief doctor')")


# reports -------------------------------------------------------------------


def _report_width() -> int:
    import shutil

    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))


def _report_board(args: argparse.Namespace, period_of: Any) -> tuple[Board, list[Item]]:
    """The board, and the archived items too when the period reaches past ``archive_after_days``."""
    from chief.store.reports.stats import needs_archive

    desk = _desk_with_data(args)
    board = desk.board()
    for problem in board.problems:
        print(f"chief: warning: left out unreadable record {printable(str(problem))} (see 'chief doctor')", file=sys.stderr)
    period = period_of(board.now)
    archived = [a.item for a in desk.archived()] if needs_archive(period, desk.settings, board.now) else []
    return board, archived


def _asked_period(args: argparse.Namespace, week: bool) -> Any:
    """The period a report asks for, as a function of now: today or this week, or the day/week of --date."""
    from chief.store.domain import wallclock
    from chief.store.reports.brief import parse_day
    from chief.store.reports.stats import day_period, this_week, today, week_of

    if not args.date:
        return this_week if week else today
    day = parse_day(args.date, wallclock.now())  # a bad date: before the file is read
    return lambda now: (week_of if week else day_period)(day, now.timezone)


def cmd_stats(args: argparse.Namespace) -> int:
    from chief.store.reports.chart import duration_words, plain
    from chief.store.reports.stats import interrupt_stats, stats_lines, this_week

    period_of = _asked_period(args, args.week)
    board, archived = _report_board(args, period_of if args.date else this_week)
    stats = interrupt_stats(board, period_of(board.now), archived)
    if args.json:
        print(json_text(stats.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(plain(stats_lines(stats, board.settings, _report_width())))
    if not args.week and not args.date:
        week = interrupt_stats(board, this_week(board.now), archived)
        print(f"\nThis week so far ({week.period.label}): {week.arrived} arrived, median time to take "
              f"{duration_words(week.median_take_s)}, to resolve {duration_words(week.median_resolve_s)} "
              "(chief stats --week)")
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from chief.store.domain import wallclock
    from chief.store.reports.brief import daily_brief, parse_day
    from chief.store.reports.stats import day_period

    day = parse_day(args.date, wallclock.now()) if args.date else None  # a bad date: before the file is read
    board, archived = _report_board(args, lambda now: day_period(day or now.date(), now.timezone))
    day = day or board.now.date()
    text = daily_brief(board, day, archived)
    if args.output is None or args.output == "-":
        sys.stdout.write(text)
        return 0
    _write_output(args, text)
    print(f"wrote the brief for {day.format('ddd D MMM YYYY')} to {printable(args.output)}")
    return 0


def _write_output(args: argparse.Namespace, text: str) -> Path:
    """--output FILE: atomically, private, and never over the data file or anything else of Chief's."""
    from chief.store.exchange.output_files import write_output

    return write_output(args.output, text, paths.data_file(args.file), config=paths.config_file(args.config))


def cmd_review(args: argparse.Namespace) -> int:
    from chief.store.reports.chart import plain
    from chief.store.reports.review import review_lines, weekly_review

    period_of = _asked_period(args, week=True)
    board, archived = _report_board(args, period_of)
    review = weekly_review(board, archived, period_of(board.now))
    if args.json:
        print(json_text(review.to_json(board), ensure_ascii=False, indent=2))
    else:
        print(plain(review_lines(review, board, _report_width())))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from chief.store.exchange.export import export_json, export_text

    desk = _desk_with_data(args)
    output = Path(args.output).expanduser().absolute() if args.output and args.output != "-" else None
    fmt = args.format or {".csv": "csv", ".md": "md", ".ics": "ics"}.get(output.suffix.lower() if output else "", "json")
    board = desk.board()
    items = list(board.items.values()) if args.all else board.open_items()
    if fmt == "json":  # the records of  chief list --json
        text = export_json(board, items)
    else:
        to_terminal = output is None and sys.stdout.isatty()
        text = export_text(board, items, fmt, everything=args.all, for_terminal=to_terminal, bom=output is not None)
    for problem in board.problems:
        print(f"chief: warning: set aside unreadable record {printable(str(problem))} (kept in the file; see 'chief doctor')", file=sys.stderr)
    if output is None:
        sys.stdout.write(text)
        return 0
    _write_output(args, text)
    print(f"exported {len(items)} item(s) as {fmt} to {printable(str(output))}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from chief.store.exchange.importing import import_file

    result = import_file(_open_desk(args), Path(args.source).expanduser(), args.format, name=args.source)
    for member in result.members:
        print(f"added team member {printable(member.name)} ({printable(member.id)})")
    for item in result.added:
        print(f"new  {printable(item.id)}  {printable(item.title)}")
    skipped = f"; {result.templates} recurring template(s) skipped (their tasks are imported)" if result.templates else ""
    print(f"imported {len(result.added)} new item(s) from {printable(args.source)} ({result.format}); "
          f"{result.already} already here, left as they are{skipped}")
    return 0


def cmd_dashboard(args: argparse.Namespace, demo: bool = False) -> int:
    from chief.store.desk import Desk

    settings = load_settings(paths.config_file(args.config))
    path = paths.data_file(args.file)
    if demo:
        from chief.store.exchange.demo import demo_path, seed

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


COMMANDS = {
    "add": cmd_add,
    "interrupt": lambda args: cmd_add(args, kind="interrupt"),
    "list": cmd_list,
    "done": cmd_done,
    "drop": cmd_done,
    "resume": cmd_done,
    "snooze": cmd_snooze,
    "wait": cmd_wait,
    "archive": cmd_archive,
    "waiting": cmd_waiting,
    "team": cmd_team,
    "doctor": cmd_doctor,
    "merge": cmd_merge,
    "git-setup": cmd_git_setup,
    "merge-driver": cmd_merge_driver,
    "forget-device": cmd_forget_device,
    "export": cmd_export,
    "import": cmd_import,
    "stats": cmd_stats,
    "brief": cmd_brief,
    "review": cmd_review,
    "dashboard": cmd_dashboard,
    "demo": lambda args: cmd_dashboard(args, demo=True),
    None: cmd_dashboard,
}


def _explain(err: Exception, args: argparse.Namespace | None) -> str:
    message = str(err)
    if isinstance(err, CorruptFile) and args is not None and err.path == paths.data_file(args.file):
        good = newest_good_backup(paths.data_file(args.file))
        if good:
            from chief.store.exchange.doctor import restore_command

            message += f"; nothing was changed. Newest good backup: {good} (restore it: {restore_command(good)})"
        else:
            message += "; nothing was changed, and there is no backup to restore"
    return message


CAPTURES = frozenset({"add", "interrupt"})  # run from scripts all day: every millisecond counts


def _exit_now(code: int) -> NoReturn:
    """End a capture process without the interpreter's teardown (5 ms of freeing modules).

    Its work is done: the file is written, fsynced and unlocked, and what it
    has to say is flushed here. Only for a real process, never an in-process call.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = 141
    os._exit(code)


# Arguments that name files: a Linux file name is bytes, not text, and one that
# is not UTF-8 is still a real file the user may mean. Python hands it over as
# surrogate escapes, which the os functions turn back into the same bytes; it is
# printed with those bytes as \xNN escapes. Every other argument becomes data
# (a title, a name, an id, a time) and must be text.
PATH_ARGUMENTS = frozenset({"file", "config", "output", "source", "other", "restore", "base", "ours", "theirs"})


def refuse_non_text(args: argparse.Namespace) -> None:
    """Stop before anything is read or written when a text argument holds bytes that are not UTF-8.

    Python decodes the command line with surrogate escapes, so ``chief add
    $'caf\\xe9'`` arrives as a string that cannot be saved, printed or sent to
    JSON. It is refused here, where the command line enters, for every
    subcommand at once.
    """
    for name, value in vars(args).items():
        bad = None if name in PATH_ARGUMENTS else not_text(value)
        if bad is not None:
            raise UsageError(f"{name.replace('_', '-').upper()} '{printable(bad)}' is not valid UTF-8 text: "
                             "nothing was changed (set the terminal or the script to UTF-8)")


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(signal, "SIGXFSZ"):  # past a file size limit: an error to report, not a silent death
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    args = None
    try:
        words = sys.argv[1:] if argv is None else list(argv)
        named = command_named(words)
        args = build_parser(only=named if named in COMMANDS else None).parse_args(words)
        refuse_non_text(args)
        code = COMMANDS[args.command](args)
        _say_notices()
        if argv is None and args.command in CAPTURES:
            _exit_now(code)
        return code
    except UsageError as err:
        print(f"chief: {printable(str(err))}", file=sys.stderr)
    except USER_ERRORS as err:
        _OPENED.clear()  # one line: the reason the command did not run
        print(f"chief: {printable(_explain(err, args))}", file=sys.stderr)  # one line, whatever was typed
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `chief list | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 2


if __name__ == "__main__":
    sys.exit(main())
