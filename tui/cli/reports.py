"""Reports for the chief and the leaders: ``stats``, ``brief`` and ``review``, of any day
or week."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from chief.store import Board
from chief.store import Item
from chief.tui.cli.desks import desk_with_data, write_output
from chief.tui.cli.output import json_text
from chief.store import _, ngettext
from chief.tui.cli.parser import Command, Parser
from chief.tui.text import printable


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    stats = command("stats", _("interrupt statistics: how many, how fast taken and resolved, by source, by hour"))
    stats.add_argument("--week", action="store_true", help=_("the week (Monday to Sunday) instead of the day"))
    stats.add_argument("--date", metavar="WHEN", help=_("that day, or with --week the week holding it: yesterday, "
                                                      "last week, 2026-11-20, ... (default: today)"))
    stats.add_argument("--json", action="store_true", help=_("print JSON"))
    brief = command("brief", _("the daily brief for the leaders, in Markdown"))
    brief.add_argument("--date", metavar="WHEN", help=_("the day: yesterday, today, 2026-11-20, ... (default: today)"))
    brief.add_argument("--output", metavar="FILE", help=_("write it to FILE instead of printing it"))
    review = command("review", _("the weekly review: done, slipped, quadrant mix, throughput, put off 3+ times"))
    review.add_argument("--date", metavar="WHEN", help=_("the week holding that day: last week, 2026-11-20, ... (default: this week)"))
    review.add_argument("--json", action="store_true", help=_("print JSON"))


def _report_width() -> int:
    import shutil

    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))


def _report_board(args: argparse.Namespace, period_of: Any) -> tuple[Board, list[Item]]:
    """The board and, when the period needs them, the archived items; unreadable records said on stderr."""
    board, archived = desk_with_data(args).report_data(period_of)
    for problem in board.problems:
        print("chief: " + _("warning: left out unreadable record {record} (see 'chief doctor')").format(record=printable(str(problem))), file=sys.stderr)
    return board, archived


def _asked_period(args: argparse.Namespace, week: bool) -> Any:
    """The period --date asks for (a bad date is refused before the file is read)."""
    from chief.store import wallclock
    from chief.store import asked_period

    return asked_period(args.date, week=week, now=wallclock.now())


def cmd_stats(args: argparse.Namespace) -> int:
    from chief.store import duration_words, plain
    from chief.store import interrupt_stats, stats_lines, this_week

    period_of = _asked_period(args, args.week)
    board, archived = _report_board(args, period_of if args.date else this_week)
    stats = interrupt_stats(board, period_of(board.now), archived)
    if args.json:
        print(json_text(stats.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(plain(stats_lines(stats, board.settings, _report_width())))
    if not args.week and not args.date:
        week = interrupt_stats(board, this_week(board.now), archived)
        print("\n" + _("This week so far ({period}): {arrived} arrived, median time to take {take}, to resolve {resolve} "
                        "(chief stats --week)").format(period=week.period.label, arrived=week.arrived,
                                                       take=duration_words(week.median_take_s), resolve=duration_words(week.median_resolve_s)))
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from chief.store import wallclock
    from chief.store import daily_brief, parse_day
    from chief.store import day_period

    day = parse_day(args.date, wallclock.now()) if args.date else None  # a bad date: before the file is read
    board, archived = _report_board(args, lambda now: day_period(day or now.date(), now.timezone))
    day = day or board.now.date()
    text = daily_brief(board, day, archived)
    if args.output is None or args.output == "-":
        sys.stdout.write(text)
        return 0
    write_output(args, text)
    from chief.store import day_words

    print(_("wrote the brief for {day} to {path}").format(day=day_words(day), path=printable(args.output)))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from chief.store import plain
    from chief.store import review_lines, weekly_review

    period_of = _asked_period(args, week=True)
    board, archived = _report_board(args, period_of)
    review = weekly_review(board, archived, period_of(board.now))
    if args.json:
        print(json_text(review.to_json(board), ensure_ascii=False, indent=2))
    else:
        print(plain(review_lines(review, board, _report_width())))
    return 0


HANDLERS = {
    "stats": cmd_stats,
    "brief": cmd_brief,
    "review": cmd_review,
}
