"""What the interrupts cost: how many arrived, how fast they were taken and resolved.

An interrupt (``kind == "interrupt"``) records when it arrived (``created``),
when it was taken (``taken_at``: the first decision about it) and when it was
resolved (``done_at``: done or dropped), and who raised it (``source``).

The rules:

- A period counts the interrupts that *arrived* in it; their taking and
  resolving count with them even when they happened later. So "today" is a
  cohort, and the medians say how today's interrupts were dealt with.
- "Today" is local midnight to midnight (the zone of ``board.now``). "This
  week" is the calendar week, Monday 00:00 to the next Monday 00:00: the week
  the weekly review covers too, so the two always agree.
- Time to take is ``taken_at - created``; time to resolve is ``done_at -
  created`` (from arrival, not from taking: that is what the person who raised
  it waited). Each median is over the interrupts that have the time; a time
  before the arrival (two machines with clocks apart) counts as zero.
- Items closed more than ``archive_after_days`` (at least 1, default 14) ago
  leave the live file; pass them as ``extra`` (``desk.archived()``) when a
  period reaches back further than that (see :func:`needs_archive`).
"""

from __future__ import annotations

import datetime
from typing import Any, Iterable, Sequence

from chief.store.domain.lazy_pendulum import pendulum

from chief.store.domain.board import Board
from chief.store.reports.chart import Line, cells, duration_words, hour_chart, pad
from chief.store.domain.config import Settings
from chief.store.domain.model import Item
from chief.store.domain.quickadd import fold
from chief.store.i18n import N_, _, language
from chief.store.reports.printable import printable
from chief.store.structs import struct

NO_SOURCE = N_("(not said)")


@struct(frozen=True)
class Period:
    """A stretch of local time, start included, end excluded."""

    name: str  # "today", "this week", or a date
    start: pendulum.DateTime
    end: pendulum.DateTime

    def holds(self, moment: datetime.datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    @property
    def label(self) -> str:
        """"Wed 25 Nov 2026" for a day, "Mon 23 - Sun 29 Nov 2026" for a week."""
        last = self.end.subtract(days=1)
        from chief.store.i18n import language

        if language() == "zh":
            from chief.store.reports.in_words import zh_day

            if last.date() == self.start.date():
                return zh_day(self.start.date(), year=True)
            return f"{zh_day(self.start.date(), year=True)}至{zh_day(last.date(), year=last.year != self.start.year)}"
        if last.date() == self.start.date():
            return self.start.format("ddd D MMM YYYY")
        first = self.start.format("ddd D" if self.start.month == last.month else "ddd D MMM")
        return f"{first} - {last.format('ddd D MMM YYYY')}"


def day_period(day: datetime.date, zone: Any, name: str | None = None) -> Period:
    """The local day ``day``, midnight to midnight (23 or 25 hours on a clock-change day)."""
    start = pendulum.datetime(day.year, day.month, day.day, tz=zone)
    return Period(name or day.isoformat(), start, start.add(days=1))


def today(now: pendulum.DateTime) -> Period:
    return day_period(now.date(), now.timezone, "today")


def week_of(day: datetime.date, zone: Any, name: str = "that week") -> Period:
    """The calendar week holding ``day``: Monday 00:00 to the next Monday 00:00, local."""
    monday = day - datetime.timedelta(days=day.weekday())
    start = pendulum.datetime(monday.year, monday.month, monday.day, tz=zone)
    return Period(name, start, start.add(weeks=1))


def this_week(now: pendulum.DateTime) -> Period:
    return week_of(now.date(), now.timezone, "this week")


def is_current(period: Period) -> bool:
    """Whether ``period`` is today or this week (the words "so far" apply to it)."""
    return period.name in ("today", "this week")


def needs_archive(period: Period, settings: Settings, now: pendulum.DateTime) -> bool:
    """Whether items closed in ``period`` may already have moved to the archive files."""
    return period.start < now.subtract(days=settings.archive_after_days)


def moment(stamp: str | None) -> datetime.datetime | None:
    """A stored UTC stamp as an aware datetime; None when absent or not a real time."""
    if not stamp:
        return None
    try:
        return datetime.datetime.fromisoformat(stamp)  # Python 3.11 reads the "Z"
    except ValueError:
        return None


def with_extra(board: Board, extra: Iterable[Item]) -> list[Item]:
    """The board's items and the archived ones, each id once (the board's copy wins)."""
    items = dict(board.items)
    for item in extra:
        items.setdefault(item.id, item)
    return list(items.values())


@struct(frozen=True)
class InterruptStats:
    period: Period
    arrived: int
    taken: int  # of those that arrived, how many were taken (resolved ones included)
    resolved: int  # done or dropped
    waiting: int  # still in the queue: nobody has taken them
    median_take_s: float | None
    median_resolve_s: float | None
    by_source: tuple[tuple[str | None, int], ...]  # most first, then by name; None: no source given
    by_hour: tuple[int, ...]  # 24 counts: arrivals by local hour of the day

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period.name,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "arrived": self.arrived,
            "taken": self.taken,
            "resolved": self.resolved,
            "waiting": self.waiting,
            "median_take_seconds": self.median_take_s,
            "median_resolve_seconds": self.median_resolve_s,
            "by_source": [{"source": source, "count": count} for source, count in self.by_source],
            "by_hour": list(self.by_hour),
        }

    def hours(self, settings: Settings) -> list[int]:
        """The hours a chart shows: the working day, widened to every hour that had an interrupt."""
        first = settings.day_start.hour
        last = settings.day_end.hour - (settings.day_end.minute == 0)
        busy = [hour for hour, count in enumerate(self.by_hour) if count]
        if busy:
            first, last = min(first, busy[0]), max(last, busy[-1])
        return list(range(first, max(first, last) + 1))


def _median(values: Sequence[float]) -> float | None:
    import statistics  # the reports' only; the dashboard's age column takes ``moment`` from here before its first paint

    return float(statistics.median(values)) if values else None


def interrupts_arrived(items: Iterable[Item], period: Period) -> list[Item]:
    """The interrupts that arrived in ``period``, oldest first."""
    found = [i for i in items if i.is_interrupt and period.holds(moment(i.created))]
    return sorted(found, key=lambda i: (i.created, i.id))


def interrupt_stats(board: Board, period: Period, extra: Iterable[Item] = ()) -> InterruptStats:
    """The figures for the interrupts that arrived in ``period``."""
    arrived = interrupts_arrived(with_extra(board, extra) if extra else board.items.values(), period)
    zone = period.start.timezone
    take: list[float] = []
    resolve: list[float] = []
    sources: dict[str | None, int] = {}
    spelled: dict[str | None, str | None] = {}
    by_hour = [0] * 24
    waiting = 0
    for item in arrived:
        came = moment(item.created)
        assert came is not None  # interrupts_arrived kept only those with a time
        taken, closed = moment(item.taken_at), moment(item.done_at)
        if taken is not None:
            take.append(max(0.0, (taken - came).total_seconds()))
        if closed is not None and not item.is_open:
            resolve.append(max(0.0, (closed - came).total_seconds()))
        waiting += item.in_interrupt_queue
        source = " ".join(item.source.split()) if item.source and item.source.strip() else None
        key = fold(source) if source else None  # "Director", "director", "ｄｉｒｅｃｔｏｒ": one person, as @names are matched
        spelled.setdefault(key, source)  # shown as first spelled
        sources[key] = sources.get(key, 0) + 1
        by_hour[pendulum.instance(came).in_timezone(zone).hour] += 1
    ranked = sorted(((spelled[k], n) for k, n in sources.items()), key=lambda kv: (-kv[1], kv[0] is None, (kv[0] or "").casefold()))
    return InterruptStats(
        period=period,
        arrived=len(arrived),
        taken=len(take),
        resolved=len(resolve),
        waiting=waiting,
        median_take_s=_median(take),
        median_resolve_s=_median(resolve),
        by_source=tuple(ranked),
        by_hour=tuple(by_hour),
    )


# as text -------------------------------------------------------------------


def summary_lines(stats: InterruptStats) -> list[Line]:
    """The counts and the medians, two lines."""
    counts: Line = []
    for label, value in ((N_("arrived"), stats.arrived), (N_("taken"), stats.taken),
                         (N_("resolved"), stats.resolved), (N_("waiting"), stats.waiting)):
        if counts:
            counts.append(("  ·  ", "muted"))
        # "waiting" here is an interrupt nobody has taken: English says it in one word, Chinese needs its own (尚未接手).
        shown = _("not taken yet") if label == "waiting" and language() == "zh" else _(label)
        counts += [(_("{label} ").format(label=shown), "muted"), (str(value), "bad" if label == "waiting" and value else "")]
    medians: Line = [
        (_("median time to take "), "muted"), (duration_words(stats.median_take_s), ""),
        (_("  ·  to resolve "), "muted"), (duration_words(stats.median_resolve_s), ""),
    ]
    return [counts, medians]


def source_lines(stats: InterruptStats, width: int) -> list[Line]:
    """Who raised them: one line per source, most first."""
    if not stats.by_source:
        return [[(_("no interrupts"), "muted")]]
    names = [printable(source) if source else _(NO_SOURCE) for source, _count in stats.by_source]
    name_width = max(8, min(24, width - 8, max(cells(name) for name in names)))
    digits = len(str(stats.by_source[0][1]))
    return [
        [(pad(name, name_width), "" if source else "muted"), (f"  {count:>{digits}}", "")]
        for name, (source, count) in zip(names, stats.by_source)
    ]


def stats_lines(stats: InterruptStats, settings: Settings, width: int = 72) -> list[Line]:
    """The whole report as lines: heading, counts, medians, by hour (a bar chart), by source."""
    if is_current(stats.period):
        heading = (_("Interrupts today, {period}") if stats.period.name == "today" else _("Interrupts this week, {period}"))
    else:
        heading = _("Interrupts, {period}")
    lines: list[Line] = [[(heading.format(period=stats.period.label), "heading")]]
    lines += summary_lines(stats)
    lines += [[], [(_("By hour of arrival"), "heading")]]
    lines += hour_chart(stats.by_hour, stats.hours(settings), min(width, 60))
    lines += [[], [(_("By source"), "heading")]]
    lines += source_lines(stats, width)
    return lines
