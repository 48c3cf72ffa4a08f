"""Fairness: who carried how much over the last weeks, against what they can carry.

What the chief looks at before a staff talk. The period is the last ``weeks``
calendar weeks (Monday 00:00 to Monday 00:00, local, as the weekly review
counts), this week included, so far.

The rules, per member of the team (removed members are left out; those away
today are listed, marked):

- Load: the one load of Chief (``Board.load``, the Team panel's figure): the
  effort of their open items now, snoozed and waiting ones too, against their
  weekly capacity. Rows are in the Team panel's order, most loaded first.
- Assigned: the effort of every item of theirs that was open at some time in
  the period (created before it ended, and still open or closed after it
  began), each counted once; an item without an estimate counts the default
  effort. Items count for the member who has them now: the data file keeps no
  history of who had an item before. Shown in hours beside their capacity over
  the period (the weekly capacity times ``weeks``), never as a second "load".
- Done: items of theirs done in the period, and their effort.
- Late: their open items overdue now (the Team panel's count), and items of
  theirs done in the period after their deadline. A due time moved later is
  not recorded in the data file, so it does not count.
- Interrupts: interrupts assigned to them that arrived in the period.
- Spread: the most loaded member's load minus the least loaded one's (members
  with capacity), in percentage points.
- Above capacity two weeks running: members whose work in each of the last
  two weeks (this one and the one before: the effort of their items open in
  that week) was more than their weekly capacity.
"""

from __future__ import annotations

import datetime
from typing import Any, Iterable

import pendulum

from chief.store.domain.board import Board, Load, load_ratio, ratio_percent
from chief.store.domain.model import Item, Member
from chief.store.i18n import N_, _, ngettext
from chief.store.reports.chart import Line, cells, pad
from chief.store.reports.printable import printable
from chief.store.reports.stats import Period, moment, week_of, with_extra
from chief.store.structs import struct

MAX_WEEKS = 52
LOAD_NOTES = (  # what each figure counts, under the table on the screen and in `chief team report`
    N_("Load: the effort of their open items now (snoozed and waiting too) against their weekly capacity, as the Team panel counts it."),
    N_("Assigned h: the effort of their items open at some time in the period; capacity h: their weekly hours times the weeks."),
    N_("Late: their items overdue now, and those done in the period after their deadline."),
    N_("An item counts for whoever has it now; h: hours of estimated effort."),
)
RUNNING = 2  # weeks above capacity in a row that the report calls out


@struct(frozen=True)
class FairnessRow:
    """One member over the period."""

    member: Member
    away: bool
    load: Load  # now, as the Team panel counts it
    capacity: int  # minutes over the whole period
    assigned: int  # minutes
    done: int  # items
    done_effort: int  # minutes
    done_late: int  # items done in the period after their deadline
    interrupts: int
    weekly: tuple[float, ...]  # work against weekly capacity, oldest week first

    @property
    def percent(self) -> int | None:
        """Their load now in percent; None for someone with no capacity who has work."""
        return self.load.percent

    @property
    def overdue(self) -> int:
        return self.load.overdue

    @property
    def late(self) -> int:
        """Overdue now, or done late in the period."""
        return self.load.overdue + self.done_late

    @property
    def over_running(self) -> bool:
        """Above capacity in each of the last two weeks."""
        return len(self.weekly) >= RUNNING and all(r > 1.0 for r in self.weekly[-RUNNING:])


@struct(frozen=True)
class FairnessReport:
    period: Period
    weeks: int
    now: pendulum.DateTime
    rows: tuple[FairnessRow, ...]  # most loaded first (the Team panel's order)

    @property
    def spread(self) -> tuple[int, FairnessRow, FairnessRow] | None:
        """(percentage points, most loaded, least loaded) among members with capacity; None with fewer than two."""
        measured = [r for r in self.rows if r.percent is not None and r.member.capacity]
        if len(measured) < 2:
            return None
        most = max(measured, key=lambda r: r.load.ratio)
        least = min(measured, key=lambda r: r.load.ratio)
        return (most.percent or 0) - (least.percent or 0), most, least

    @property
    def over_running(self) -> list[FairnessRow]:
        return [r for r in self.rows if r.over_running]

    def to_json(self) -> dict[str, Any]:
        spread = self.spread
        return {
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            "weeks": self.weeks,
            "members": [
                {
                    "id": r.member.id, "name": r.member.name, "away": r.away,
                    "capacity_minutes": r.capacity, "assigned_minutes": r.assigned, "load_percent": r.percent,
                    "done": r.done, "done_minutes": r.done_effort, "late": r.late, "overdue": r.overdue,
                    "done_late": r.done_late, "interrupts": r.interrupts,
                    "weekly_percent_of_capacity": [ratio_percent(w) for w in r.weekly],
                    "above_capacity_two_weeks_running": r.over_running,
                }
                for r in self.rows
            ],
            "spread_points": spread[0] if spread else None,
            "most_loaded": spread[1].member.name if spread else None,
            "least_loaded": spread[2].member.name if spread else None,
            "above_capacity_two_weeks_running": [r.member.name for r in self.over_running],
        }


def fairness_period(weeks: int, now: pendulum.DateTime) -> Period:
    """The last ``weeks`` calendar weeks up to this one, Monday 00:00 to the next Monday 00:00, local."""
    check_weeks(weeks)
    this = week_of(now.date(), now.timezone)
    return Period(f"last {weeks} weeks", this.start.subtract(weeks=weeks - 1), this.end)


def check_weeks(weeks: int) -> int:
    from chief.store.errors import CommandError

    if not 1 <= weeks <= MAX_WEEKS:
        raise CommandError(_("--weeks must be between 1 and {most}, got {weeks}").format(most=MAX_WEEKS, weeks=weeks))
    return weeks


def fairness(board: Board, extra: Iterable[Item] = (), weeks: int = 4) -> FairnessReport:
    """The fairness report of the last ``weeks`` weeks as of ``board.now`` (``extra``: archived items)."""
    now, zone = board.now, board.now.timezone
    period = fairness_period(weeks, now)
    items = with_extra(board, extra) if extra else list(board.items.values())
    spans = [(period.start.add(weeks=n), period.start.add(weeks=n + 1)) for n in range(weeks)]
    if weeks < RUNNING:  # the last two weeks are looked at whatever the period
        spans = [(period.end.subtract(weeks=RUNNING - n), period.end.subtract(weeks=RUNNING - n - 1)) for n in range(RUNNING)]
    by_member: dict[str, list[Item]] = {}
    for item in items:
        if item.assignee in board.team:
            by_member.setdefault(item.assignee, []).append(item)

    rows = []
    for member in board.members_by_busiest():
        mine = by_member.get(member.id, [])
        assigned = done = done_effort = done_late = interrupts = 0
        weekly_effort = [0] * len(spans)
        for item in mine:
            effort = board.settings.minutes_counted(item.effort)
            created, closed = moment(item.created), (None if item.is_open else moment(item.done_at))
            if _open_during(created, closed, period.start, period.end):
                assigned += effort
            for n, (start, end) in enumerate(spans):
                if _open_during(created, closed, start, end):
                    weekly_effort[n] += effort
            if item.status == "done" and period.holds(closed):
                done += 1
                done_effort += effort
                deadline = _deadline(item, zone)
                if deadline is not None and closed is not None and closed > deadline:
                    done_late += 1
            if item.is_interrupt and period.holds(created):
                interrupts += 1
        rows.append(FairnessRow(
            member=member, away=board.is_away(member), load=board.load(member.id), capacity=member.capacity * weeks,
            assigned=assigned, done=done, done_effort=done_effort, done_late=done_late, interrupts=interrupts,
            weekly=tuple(load_ratio(e, member.capacity) for e in weekly_effort),
        ))
    return FairnessReport(period, weeks, now, tuple(rows))


def _open_during(created: datetime.datetime | None, closed: datetime.datetime | None, start: Any, end: Any) -> bool:
    """Whether an item made at ``created`` and closed at ``closed`` (None: still open) was open in [start, end)."""
    return (created is None or created < end) and (closed is None or closed >= start)


def _deadline(item: Item, zone: Any) -> pendulum.DateTime | None:
    from chief.store.domain.quadrant import parse_due

    due = parse_due(item)
    return due.deadline(zone) if due else None


# as text -------------------------------------------------------------------------------


def fairness_lines(report: FairnessReport, width: int = 80) -> list[Line]:
    """The report as lines for the command line and the dashboard (a table, then the spread and who is over)."""
    from chief.store.reports.in_words import load_percent, time_words

    weeks = ngettext("Fairness, the last week ({period})", "Fairness, the last {n} weeks ({period})", report.weeks)
    heading, as_of = weeks.format(n=report.weeks, period=report.period.label), _("  as of {when}").format(when=time_words(report.now))
    if cells(heading + as_of) <= width - 2:
        lines: list[Line] = [[(heading, "heading"), (as_of, "muted")], []]
    else:  # a narrow screen: the moment on a line of its own, never cut
        lines = [[(heading, "heading")], [(as_of, "muted")], []]
    if not report.rows:
        return lines + [[(_("  no team members yet: add one with  chief team add NAME --capacity HOURS"), "muted")]]
    name_width = max(8, min(16, max(cells(printable(r.member.name)) for r in report.rows) + 1))
    names = [_("member"), _("load"), _("assigned h"), _("capacity h"), _("done"), _("done h"), _("late"), _("interrupts")]
    table = [[load_percent(row), hours(row.assigned), hours(row.capacity), str(row.done), hours(row.done_effort),
              str(row.late), str(row.interrupts)] for row in report.rows]
    widest = [name_width] + [max(cells(figures[n]) for figures in table) for n in range(len(names) - 1)]
    heads = [(h, max(cells(h), w)) for h, w in zip(names, widest)]  # as wide as its heading or its widest figure
    lines.append([("  " + " ".join(_right(h, w) if n else pad(h, w) for n, (h, w) in enumerate(heads)), "muted")])
    for row, figures in zip(report.rows, table):
        role = "bad" if row.load.overloaded else "muted" if row.away else ""
        line: Line = [("  " + pad(printable(row.member.name), heads[0][1]) + " ", role),
                      (" ".join(_right(text, w) for text, (_h, w) in zip(figures, heads[1:])), role)]
        if row.away:
            line.append(("  " + _("away"), "muted"))
        lines.append(line)
    lines.append([])
    spread = report.spread
    if spread is not None:
        points, most, least = spread
        lines.append([(_("Spread: {points} points between the most loaded ({most}, {high}%) and the least ({least}, {low}%)").format(
            points=points, most=printable(most.member.name), high=most.percent, least=printable(least.member.name),
            low=least.percent), "")])
    over = report.over_running
    if over:
        names = _(", ").join(printable(r.member.name) for r in over)
        lines.append([(_("Above capacity two weeks running: {names}").format(names=names), "bad")])
    else:
        lines.append([(_("Nobody above capacity two weeks running"), "muted")])
    for note in LOAD_NOTES:  # what each figure counts, wrapped to the width (never cut: it is the definition)
        lines.extend([(part, "muted")] for part in _wrapped(_(note), max(40, width - 2)))
    return lines


def hours(minutes: int) -> str:
    """Minutes as hours for a table cell: "12", "2.5", "0"."""
    return f"{minutes / 60:.1f}".removesuffix(".0")


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells: between words, or between any two characters in Chinese."""
    lines, line = [], ""
    for word in (text.split(" ") if " " in text else list(text)):
        joined = f"{line} {word}" if line and " " in text else line + word
        if line and cells(joined) > width:
            lines.append(line)
            joined = ("  " if " " in text else "") + word  # a continued sentence is indented
        line = joined
    return lines + [line] if line else lines


def _right(text: str, width: int) -> str:
    return " " * max(0, width - cells(text)) + text


__all__ = ["FairnessRow", "check_weeks", "fairness", "fairness_lines", "fairness_period"]
