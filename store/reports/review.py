"""The weekly review: what got done, what slipped, where the effort went, who carried it.

The week is the calendar week holding ``board.now``, Monday 00:00 to the next
Monday 00:00 in local time (the same week ``chief stats --week`` counts).

The rules:

- Done: items with status done whose ``done_at`` falls in the week; dropped
  items are counted, not listed.
- Slipped: open items whose due deadline fell in the week and has passed
  (due passed while open), and items done this week after their deadline.
  Open items overdue since before the week are only counted.
- Quadrant mix: each item done this week is put in the quadrant it sat in when
  it was done: important is its flag; urgent if it was marked urgent, was an
  interrupt, or its deadline fell inside the urgency horizon as seen at
  ``done_at`` (overdue included) - the same rule the board uses, read at that
  moment. Effort is the estimate, or the default for items without one.
  Schedule (important, not urgent) is the share a review wants to see grow.
- Throughput: done items this week by assignee; every team member is listed,
  with zero too, and work nobody was assigned is the chief's own, "me (the chief)".
- Put off: open items snoozed 3 or more times (``deferrals >= 3``).
- Items closed more than ``archive_after_days`` ago leave the live file. With
  the default (14) the live file holds the whole week; with a setting under 7
  pass ``desk.archived()`` items as ``extra`` (see :func:`chief.store.reports.stats.needs_archive`).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

import pendulum

from chief.store.domain.board import Board
from chief.store.domain.calendar import week_note
from chief.store.reports.chart import Line, bar, cells, duration_words, pad
from chief.store.i18n import N_, _, language
from chief.store.reports.in_words import due_date, due_short, time_words, zh_day
from chief.store.domain.model import Item
from chief.store.domain.quadrant import QUADRANTS, horizon_end, parse_due, quadrant_of, urgency
from chief.store.reports.printable import printable
from chief.store.reports.stats import Period, is_current, moment, this_week, with_extra
from chief.store.domain.when import Due
from chief.store.structs import struct

PUT_OFF_AT = 3
UNASSIGNED = N_("me (the chief)")  # work nobody was given: the chief's own, as the assign dialog says
TITLE_MAX = 500


@struct(frozen=True)
class Slip:
    item: Item
    due: Due
    deadline: pendulum.DateTime
    late_s: float  # how late: by now if still open, at done_at if done
    done: bool


@struct(frozen=True)
class Share:
    quadrant: int
    count: int
    effort: int  # minutes


@struct(frozen=True)
class Throughput:
    member_id: str | None
    name: str
    done: int
    away: bool = False


@struct(frozen=True)
class WeeklyReview:
    period: Period
    now: pendulum.DateTime
    done: tuple[Item, ...]  # oldest first
    quadrant_of_done: dict[str, int]  # item id -> where it sat when done
    dropped: int
    slipped: tuple[Slip, ...]
    overdue_before: int  # open, overdue since before the week
    mix: tuple[Share, ...]  # quadrants 1 to 4
    throughput: tuple[Throughput, ...]  # most first
    put_off: tuple[Item, ...]  # most deferrals first

    @property
    def schedule(self) -> Share:
        return self.mix[1]

    def share(self, quadrant: int) -> tuple[float, float]:
        """(share of the done items, share of their effort) in ``quadrant``, 0 to 1."""
        count = sum(s.count for s in self.mix)
        effort = sum(s.effort for s in self.mix)
        found = self.mix[quadrant - 1]
        return (found.count / count if count else 0.0, found.effort / effort if effort else 0.0)

    def to_json(self, board: Board) -> dict[str, Any]:
        def brief(item: Item) -> dict[str, Any]:
            return {"id": item.id, "title": item.title, "assignee": board.member_name(item.assignee)}

        return {
            "week_start": self.period.start.isoformat(),
            "week_end": self.period.end.isoformat(),
            "done": [{**brief(i), "done_at": i.done_at, "quadrant": self.quadrant_of_done[i.id]} for i in self.done],
            "dropped": self.dropped,
            "slipped": [
                {**brief(s.item), "due": s.item.due, "deadline": s.deadline.isoformat(), "late_seconds": round(s.late_s),
                 "done": s.done}
                for s in self.slipped
            ],
            "overdue_before_week": self.overdue_before,
            "quadrant_mix": [
                {"quadrant": s.quadrant, "name": QUADRANTS[s.quadrant], "done": s.count, "effort_minutes": s.effort}
                for s in self.mix
            ],
            "throughput": [{"member": t.name, "member_id": t.member_id, "done": t.done} for t in self.throughput],
            "put_off": [{**brief(i), "deferrals": i.deferrals} for i in self.put_off],
        }


def quadrant_when_done(item: Item, done: pendulum.DateTime, horizon_days: int) -> int:
    """The quadrant the item sat in at the moment ``done`` (local time)."""
    urgent = item.is_interrupt or urgency(item, parse_due(item), done, horizon_end(done, horizon_days)) is not None
    return quadrant_of(item.important, urgent)


def weekly_review(board: Board, extra: Iterable[Item] = (), period: Period | None = None) -> WeeklyReview:
    """The review of the week holding ``board.now`` (or of ``period``)."""
    now = board.now
    zone = now.timezone
    week = period or this_week(now)
    items = with_extra(board, extra) if extra else list(board.items.values())
    settings = board.settings

    done: list[tuple[pendulum.DateTime, Item]] = []
    dropped = 0
    slipped: list[Slip] = []
    overdue_before = 0
    for item in items:
        due = parse_due(item)
        deadline = due.deadline(zone) if due else None
        closed = moment(item.done_at)
        if item.status == "done" and week.holds(closed):
            local = pendulum.instance(closed).in_timezone(zone)  # type: ignore[arg-type]
            done.append((local, item))
            if deadline is not None and local > deadline:
                slipped.append(Slip(item, due, deadline, (local - deadline).total_seconds(), True))  # type: ignore[arg-type]
        elif item.status == "dropped" and week.holds(closed):
            dropped += 1
        elif item.is_open and deadline is not None and deadline <= now:
            if deadline >= week.start:
                slipped.append(Slip(item, due, deadline, (now - deadline).total_seconds(), False))  # type: ignore[arg-type]
            else:
                overdue_before += 1
    done.sort(key=lambda pair: (pair[0], pair[1].id))

    where = {item.id: quadrant_when_done(item, local, settings.horizon_days) for local, item in done}
    counts = {q: [0, 0] for q in QUADRANTS}
    for _when_done, item in done:
        share = counts[where[item.id]]
        share[0] += 1
        share[1] += settings.minutes_counted(item.effort)

    per_member: dict[str | None, int] = {member_id: 0 for member_id in board.team}
    for _when_done, item in done:
        per_member[item.assignee] = per_member.get(item.assignee, 0) + 1
    throughput = [
        Throughput(
            member_id,
            board.member_name(member_id) or UNASSIGNED,
            count,
            away=bool(member_id in board.team and board.is_away(board.team[member_id])),
        )
        for member_id, count in per_member.items()
        if member_id is not None or count
    ]
    throughput.sort(key=lambda t: (-t.done, t.member_id is None, t.name.casefold()))

    put_off = sorted(
        (i for i in items if i.is_open and i.deferrals >= PUT_OFF_AT), key=lambda i: (-i.deferrals, i.created, i.id)
    )
    return WeeklyReview(
        period=week,
        now=now,
        done=tuple(item for _when_done, item in done),
        quadrant_of_done=where,
        dropped=dropped,
        slipped=tuple(sorted(slipped, key=lambda s: (s.deadline, s.item.id))),
        overdue_before=overdue_before,
        mix=tuple(Share(q, *counts[q]) for q in QUADRANTS),
        throughput=tuple(throughput),
        put_off=tuple(put_off),
    )


# as text -------------------------------------------------------------------


def plain_title(item: Item) -> str:
    return printable(item.title[:TITLE_MAX])


def _effort(minutes: int) -> str:
    return duration_words(minutes * 60) if minutes else _("0h")


def review_lines(
    review: WeeklyReview,
    board: Board,
    width: int = 80,
    title: Callable[[Item], str] = plain_title,
) -> list[Line]:
    """The review as lines for the command line and the dashboard.

    ``title`` says how an item's title is shown (the dashboard masks
    confidential ones in privacy mode). Titles come last on their line, so the
    columns before them line up whatever the titles' script.
    """
    zone = review.now.timezone

    def who(item: Item) -> str:
        return pad("@" + printable(board.member_name(item.assignee) or "") if item.assignee else "", 10)

    bar_width = max(4, min(30, width - 34))
    as_of = time_words(review.now)
    lines: list[Line] = [[(_("Weekly review, {period}").format(period=review.period.label), "heading"),
                          (_("  as of {when}").format(when=as_of), "muted")], []]
    short_week = week_note(board.settings, review.period.start.date())  # a holiday week reads as short, not slow
    if short_week:
        lines[0].append(("  " + short_week, "muted"))

    current = is_current(review.period)
    dropped = _("  (and {n} dropped)").format(n=review.dropped) if review.dropped else ""
    done_heading = _("Done this week: {n}") if current else _("Done that week: {n}")
    lines.append([(done_heading.format(n=len(review.done)), "heading"), (dropped, "muted")])
    for item in review.done:
        local = pendulum.instance(moment(item.done_at)).in_timezone(zone)  # type: ignore[arg-type]
        day = f"{zh_day(local.date())} {local.format('HH:mm')}" if language() == "zh" else local.format("ddd D HH:mm")
        lines.append([
            ("  " + day + "  ", "muted"),
            (pad(_(QUADRANTS[review.quadrant_of_done[item.id]]), 9) + " ", "muted"),
            (who(item) + " ", "muted"),
            (title(item), ""),
        ])
    if not review.done:
        lines.append([(_("  nothing done yet this week") if current else _("  nothing done that week"), "muted")])

    lines += [[], [(_("Slipped: {n}").format(n=len(review.slipped)), "heading"), (_("  (due passed while open, or done late)"), "muted")]]
    for slip in review.slipped:
        if slip.done:
            late = _("done {span} late").format(span=duration_words(slip.late_s))
        else:
            late = _("open, {due}").format(due=due_short(slip.due, review.now))
        lines.append([
            (_("  due {when} ").format(when=pad(due_date(slip.due, zone), 16)), "muted"),
            (pad(late, 20) + " ", "bad" if not slip.done else ""),
            (who(slip.item) + " ", "muted"),
            (title(slip.item), ""),
        ])
    if not review.slipped:
        lines.append([(_("  nothing slipped this week") if current else _("  nothing slipped that week"), "muted")])
    if review.overdue_before:
        before = _("  and {n} still overdue from before this week") if current else _("  and {n} still overdue from before that week")
        lines.append([(before.format(n=review.overdue_before), "bad")])

    lines += [[], [(_("Quadrant mix of finished work"), "heading"), (_("  (where each item sat when it was done)"), "muted")]]
    top = max((s.count for s in review.mix), default=0)
    for share in review.mix:
        part, _effort_part = review.share(share.quadrant)
        drawn = bar(share.count, top, bar_width)
        lines.append([
            (f"  {share.quadrant} " + pad(_(QUADRANTS[share.quadrant]), 9) + " ", ""),
            (drawn + " " * (bar_width - len(drawn)), "bar"),
            (f" {share.count:>3}  {part:>4.0%}  {_effort(share.effort):>7}", "muted" if not share.count else ""),
        ])
    count_share, effort_share = review.share(2)
    total = sum(s.count for s in review.mix)
    total_effort = sum(s.effort for s in review.mix)
    what = _("  Schedule, the important and not urgent:")
    figures = _("{count} of {total} done items ({count_share}), {effort} of {total_effort} estimated effort ({effort_share})").format(
        count=review.schedule.count, total=total, count_share=f"{count_share:.0%}",
        effort=_effort(review.schedule.effort), total_effort=_effort(total_effort), effort_share=f"{effort_share:.0%}")
    if cells(what) + 1 + cells(figures) <= width:
        lines.append([(f"{what} {figures}", "muted")])
    else:
        lines += [[(what, "muted")], [(f"    {figures}", "muted")]]

    lines += [[], [(_("Throughput"), "heading"),
                   (_("  (done this week, by who had the item)") if current else _("  (done that week, by who had the item)"), "muted")]]
    most = max((t.done for t in review.throughput), default=0)
    for row in review.throughput:
        drawn = bar(row.done, most, bar_width)
        name = printable(_(row.name) if row.member_id is None else row.name) + (_(" (away)") if row.away else "")
        lines.append([
            ("  " + pad(name, 16) + " ", "muted" if row.member_id is None or row.away else ""),
            (drawn + " " * (bar_width - len(drawn)), "bar"),
            (f" {row.done:>3}", "muted" if not row.done else ""),
        ])
    if not review.throughput:
        lines.append([(_("  no team members and nothing done"), "muted")])

    lines += [[], [(_("Put off {times} or more times: {n}").format(times=PUT_OFF_AT, n=len(review.put_off)), "heading"),
                   (_("  (still open)"), "muted")]]
    for item in review.put_off:
        lines.append([("  " + _("{n}x").format(n=f"{item.deferrals:>2}") + "  ", "bad"), (who(item) + " ", "muted"), (title(item), "")])
    if not review.put_off:
        lines.append([(_("  nothing put off again and again"), "muted")])
    return lines
