"""The daily brief: one page of Markdown for the leaders.

For a day D (default today, local time): what the section does that day
(Today), what was done that day, what is in progress, what is overdue, what
waits on a decision, the interrupts of the day, the team's load, and what is
planned for the day after.

The rules:

- "Done" and "Interrupts" are read from the times items carry, so they are
  right for any D. The other sections are the board *as it is when the brief is
  written* (Chief keeps no history of states); the brief says so in its first
  line. "Planned" lists what is due on D + 1 and still open (it may repeat an
  item in progress: it looks forward, the others look at now).
- Each open item appears once among Overdue, Waiting, Today and In progress,
  in the first that claims it, in that order; Planned leaves out what Today
  shows (its line says when it is due). An overdue item that
  waits on someone says so in its line; a wait due on D says when. An
  interrupt being handled is in Today or In progress, and also in the day's
  interrupts (the log of the day).
- Today (for a brief of today): what is due on D, the Do now quadrant, and
  what was snoozed but falls due on D, each with who has it (no name: the
  chief's own). For another day: what is due on D.
- An item put off again and again says so, in the words of its mark ("snoozed 3x").
- An item's notes add their first line under it as a sub-line (open items
  only: the leaders read what is still to do), never for a private category.
- In progress: status "doing" (taken, being handled), or an open item
  delegated to a team member; not snoozed (put away), not an interrupt still
  in the queue.
- Done lists the tasks done on D (the interrupts have their own section);
  dropped items are counted in its heading, not listed.
- The team table has the most loaded first, away members last.
- Every piece of user text (titles, names, sources) is Markdown-escaped and
  made one printable line, so a title cannot open a heading, a table, a link
  or HTML, or break a line.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Callable, Iterable, TYPE_CHECKING

import pendulum

from chief.store.domain.board import Board
from chief.store.domain.calendar import near_days_note
from chief.store.reports.chart import duration_words
from chief.store.i18n import _, language
from chief.store.reports.in_words import (
    due_date, due_short, local_moment, local_time, md_text, snoozed_words, time_words, zh_day, zh_full_date, zh_weekday,
)
from chief.store.domain.model import Item
from chief.store.reports.stats import (
    Period,
    day_period,
    interrupt_stats,
    interrupts_arrived,
    moment,
    this_week,
    today,
    week_of,
    with_extra,
)
from chief.store.exchange.output_files import make_output_folder, write_output
from chief.store.domain.when import english, parse_when

if TYPE_CHECKING:
    from chief.store.desk import Desk

TITLE_MAX = 500  # no report shows more of a title
BRIEF_DIR = "briefs"


def md(text: str | None, limit: int = TITLE_MAX) -> str:
    """User text as literal Markdown (see ``in_words.md_text``), cut at the longest a report shows."""
    return md_text(text, limit)


# Days a report may look back to, which the WHEN grammar (always forward) has no words for.
PAST_DAYS = {"yesterday": 1, "last week": 7, "昨天": 1, "昨日": 1, "前天": 2, "上周": 7, "上星期": 7, "上礼拜": 7}


def parse_day(text: str, now: pendulum.DateTime) -> datetime.date:
    """The day a report is for: "yesterday"/昨天, "last week"/上周 (this day a week ago), or any WHEN ("2026-11-20").

    A WHEN with a time of day ("tomorrow 9:00") means its local date. Raises
    WhenError, one line, for what cannot be read.
    """
    days_back = PAST_DAYS.get(text.strip().lower())
    if days_back is not None:
        return now.date().subtract(days=days_back)
    day = parse_when(text, now).local_day(now.timezone)
    return pendulum.Date(day.year, day.month, day.day)


# the sections --------------------------------------------------------------


def asked_period(words: str | None, *, week: bool, now: pendulum.DateTime) -> Callable[[pendulum.DateTime], Period]:
    """The period a report asks for, as a function of the board's now.

    Without ``words``: today, or with ``week`` this week. With them, the day
    they name (``parse_day``), or the week holding it. A bad date is refused
    here, before any file is read.
    """
    if not words:
        return this_week if week else today
    day = parse_day(words, now)
    return lambda at: (week_of if week else day_period)(day, at.timezone)


def _who(board: Board, item: Item) -> str:
    return f"@{md(board.member_name(item.assignee))}" if item.assignee else ""


def _due_words(board: Board, item: Item) -> str:
    due = board.due(item)
    if due is None:
        return ""
    shown = due_date(due, board.now.timezone)
    if due.is_overdue(board.now):
        return _("due {when} ({overdue})").format(when=shown, overdue=due_short(due, board.now))
    return _("due {when}").format(when=shown)


def _line(title: str, *details: str) -> str:
    kept = [d for d in details if d]
    return f"- {title}" + (_(" ({details})").format(details=_(", ").join(kept)) if kept else "")


ZH_ORDINALS = "一二三四五六七八九十"


def _section(heading: str, lines: list[str], empty: str | None = None, number: int = 0) -> list[str]:
    """A section: its heading (numbered 一、二、... in a Chinese brief, as an office numbers them), its lines."""
    if number and language() == "zh":
        heading = f"{ZH_ORDINALS[number - 1]}、{heading}"
    nothing = _("none") if empty is None else empty
    return [f"## {heading}", "", *(lines or [f"_{nothing}_"]), ""]


def _by_due(board: Board):
    zone = board.now.timezone

    def key(item: Item) -> tuple:
        due = board.due(item)
        return (int(due.deadline(zone).timestamp()) if due else float("inf"), item.created, item.id)

    return key


def _waiting_since(item: Item) -> str:
    return item.waiting_since or item.updated


def daily_brief(board: Board, day: datetime.date | None = None, extra: Iterable[Item] = ()) -> str:
    """The brief for ``day`` (default: today in the board's zone), as Markdown.

    ``extra``: archived items, for a day further back than ``archive_after_days``
    (see :func:`chief.store.reports.stats.needs_archive`); they count for done and interrupts only.
    """
    now = board.now
    day = pendulum.Date(day.year, day.month, day.day) if day else now.date()
    period = day_period(day, now.timezone)
    ahead = board.settings.next_working_day(day)  # Friday's brief plans Monday (and the weekend between)
    open_items = sorted((i for i in board.items.values() if i.is_open), key=_by_due(board))

    overdue = [i for i in open_items if board.placement(i).overdue]
    claimed = {i.id for i in overdue}
    waiting = sorted((i for i in open_items if i.status == "waiting" and i.id not in claimed), key=lambda i: (_waiting_since(i), i.id))
    claimed |= {i.id for i in waiting}
    on_day = _on_day(board, open_items, day, claimed)
    today_ids = {i.id for i in on_day}
    claimed |= today_ids
    doing = [
        i for i in open_items
        if i.id not in claimed and not i.in_interrupt_queue and board.on_board(i)
        and (i.status == "doing" or (i.status == "open" and i.assignee is not None))
    ]
    every = with_extra(board, extra) if extra else list(board.items.values())
    closed_on_day = [i for i in every if not i.is_open and period.holds(moment(i.done_at))]
    done = sorted((i for i in closed_on_day if i.status == "done"), key=lambda i: (i.done_at or "", i.id))
    dropped = sum(1 for i in closed_on_day if i.status == "dropped")
    planned = [i for i in open_items if day < (_due_day(board, i) or day) <= ahead and i.id not in today_ids]

    lines = [
        *_title(period.start),
        _("Written {when} ({zone}). Done and interrupts are for the day; "
          "the other sections are the state at the time of writing.").format(when=time_words(now, year=True), zone=now.timezone_name),
        "",
    ]
    days_note = near_days_note(board.settings, day, is_today=day == now.date())
    if days_note:  # a holiday or a make-up working day on the day or the next: the leaders plan by it
        lines += [f"_{days_note}_", ""]
    lines += emergency_sections(board, every, period, day)  # first, and only when there is something to say
    lines += _today(board, on_day, day)
    heading = (_("Done ({n}), and {dropped} dropped") if dropped else _("Done ({n})")).format(n=len(done), dropped=dropped)
    lines += _section(heading, [
        _line(md(i.title), _("interrupt") if i.is_interrupt else "", _who(board, i), md(i.category),
              _("done {when}").format(when=local_time(board, i.done_at, day=day)))
        for i in done
    ], number=2)
    lines += _section(_("In progress ({n})").format(n=len(doing)), _noted(board, doing, lambda i: _line(
        md(i.title), _("doing") if i.status == "doing" else "", _who(board, i), _due_words(board, i), snoozed_words(i))), number=3)
    lines += _section(_("Overdue ({n})").format(n=len(overdue)), _noted(board, overdue, lambda i: _line(
        md(i.title), _due_words(board, i), _who(board, i),
        _("waiting on {who}").format(who=md(i.waiting_on)) if i.status == "waiting" and i.waiting_on else "", snoozed_words(i))), number=4)
    lines += _section(_("Waiting on a decision ({n})").format(n=len(waiting)),
                      _noted(board, waiting, lambda i: _waiting_line(board, i, day)), number=5)
    lines += _interrupts(board, every, period, day)
    lines += _team(board)
    lines += _section(_planned_heading(day, ahead, len(planned)), _noted(board, planned, lambda i: _line(
        md(i.title), _due_time(board, i, ahead != day.add(days=1)), _who(board, i), md(i.category))), empty=_("nothing due"), number=8)
    return "\n".join(lines).rstrip() + "\n"


def emergency_sections(board: Board, every: list[Item], period: Period, day: datetime.date) -> list[str]:
    """The emergencies of the day, step by step with the time each was done, and the reports owed to leaders.

    Both sections come before the numbered ones and only when they have
    something in them: an emergency is what a leader reads first.
    """
    lines: list[str] = []
    emergencies = sorted(
        (i for i in every if i.emergency and (i.is_open or period.holds(moment(i.done_at)) or period.holds(moment(i.emergency)))),
        key=lambda i: (i.created, i.id))
    if emergencies:
        rows: list[str] = []
        for item in emergencies:
            details = [_("from {who}").format(who=md(item.source)) if item.source else "",
                       _("arrived {when}").format(when=local_time(board, item.created, day=day))]
            if not item.is_open:
                closed = _("resolved {when}") if item.status == "done" else _("dropped {when}")
                details.append(closed.format(when=local_time(board, item.done_at, day=day)))
            rows.append(_line(md(item.title), *details))
            for step in item.steps:
                when = local_time(board, step.done_at, day=day) if step.done and step.done_at else _("not done yet")
                rows.append(f"  - {when}: {md(step.text)}")
        lines += _section(_("Emergencies ({n})").format(n=len(emergencies)), rows)
    owed = [i for i in every if i.status != "dropped" and _report_owed(i)]
    if owed:
        lines += _section(_("To report back ({n})").format(n=len(owed)), [
            _line(md(i.title), _("to {who}").format(who=md(i.source)) if i.source else "",
                  _("done {when}").format(when=local_time(board, i.done_at, day=day)) if i.status == "done" else _("work done"))
            for i in sorted(owed, key=lambda i: (i.created, i.id))
        ])
    return lines


def _report_owed(item: Item) -> bool:
    """The work is done (every other step ticked, or the item itself done) but reporting back is not."""
    report = [s for s in item.steps if s.is_report]
    if not report or all(s.done for s in report):
        return False
    return item.status == "done" or all(s.done for s in item.steps if not s.is_report)


# today ---------------------------------------------------------------------

NOTE_MAX = 120  # the first line of an item's notes, as far as a sub-line shows it


def _on_day(board: Board, open_items: list[Item], day: datetime.date, claimed: set[str]) -> list[Item]:
    """Today's work, in due order: due on ``day``, snoozed or not; and, in a brief of today, the Do now quadrant.

    Not what an earlier section claimed (overdue, waiting), nor an interrupt
    still in the queue (the interrupts say it is not taken yet).
    """
    do_now = {i.id for i in board.quadrant(1)} if day == board.now.date() else set()
    return [
        i for i in open_items
        if i.id not in claimed and not i.in_interrupt_queue and (_due_day(board, i) == day or i.id in do_now)
    ]


def _today(board: Board, items: list[Item], day: datetime.date) -> list[str]:
    """The first section: what the section is doing on the day, who has it, and when each is due."""
    if day == board.now.date():
        heading = _("Today ({n})").format(n=len(items))
    else:
        heading = _("Due {day} ({n})").format(day=_short_day(day), n=len(items))
    def line(item: Item) -> str:
        state = _("doing") if item.status == "doing" else ""
        if item.is_snoozed(board.now_stamp) and not board.on_board(item):
            state = _("snoozed until {when}").format(when=local_time(board, item.snoozed_until, day=day))
        return _line(md(item.title), state, _due_on(board, item, day), _who(board, item), md(item.category), snoozed_words(item))

    return _section(heading, _noted(board, items, line), empty=_("nothing due"), number=1)


def _due_on(board: Board, item: Item, day: datetime.date) -> str:
    """When an item is due, said from the brief's day: "due 15:00" on it ("due today" for the whole of today), else in full."""
    if _due_day(board, item) != day:
        return _due_words(board, item)
    due = board.due(item)
    if due is not None and due.all_day:
        return _("due today") if day == board.now.date() else _("all day")
    return _("due {when}").format(when=_due_time(board, item, False))


def _short_day(day: datetime.date) -> str:
    """"Tue 24 Nov"; 11月24日 周二."""
    if language() == "zh":
        return zh_day(day)
    return pendulum.Date(day.year, day.month, day.day).format("ddd D MMM")


def _noted(board: Board, items: list[Item], line: Callable[[Item], str]) -> list[str]:
    """Each item's line, and under it the first line of its notes where it has any (never of a private category)."""
    lines = []
    for item in items:
        lines.append(line(item))
        first = next((part.strip() for part in (item.notes or "").splitlines() if part.strip()), "")
        if first and not board.settings.is_private(item.category):
            lines.append("  - " + md(first, NOTE_MAX))
    return lines


def _title(day: pendulum.Date) -> list[str]:
    """The brief's title: "# Daily brief: Wednesday 2 December 2026"; in Chinese the title, then the date centred below it."""
    if language() == "zh":
        return ["# " + _("Daily brief"), "", f"**{zh_full_date(day)}**", ""]
    return [f"# Daily brief: {day.format('dddd D MMMM YYYY')}", ""]


def _planned_heading(day: pendulum.Date, ahead: pendulum.Date, count: int) -> str:
    """"Planned for Thu 3 Dec (2)"; Friday's brief plans Monday and the weekend between. 明日计划 / 下一工作日计划."""
    if language() == "zh":
        if ahead == day.add(days=1):
            return _("Planned for tomorrow ({n})").format(n=count)
        return _("Planned for {first} to {last} ({n})").format(first=zh_day(day.add(days=1), weekday=False), last=zh_day(ahead), n=count)
    until = ahead.format("ddd D MMM") if ahead == day.add(days=1) else f"{day.add(days=1).format('ddd D')} to {ahead.format('ddd D MMM')}"
    return f"Planned for {until} ({count})"


def _due_day(board: Board, item: Item) -> datetime.date | None:
    due = board.due(item)
    if due is None:
        return None
    return due.local_day(board.now.timezone)


def _due_time(board: Board, item: Item, with_day: bool) -> str:
    """When the item is due on the planned days: "09:00", or with the day when they are several."""
    due = board.due(item)
    if due is None:
        return ""
    local = due.local(board.now.timezone)
    time = _("all day") if due.all_day else english(local, "HH:mm")
    if with_day and language() == "zh":
        return f"{zh_weekday(local)} {time}"
    return f"{english(local, 'ddd')}{',' if due.all_day else ''} {time}" if with_day else time


def _waiting_line(board: Board, item: Item, day: datetime.date) -> str:
    """On whom, since when, how long so far, the follow-up, and the due time when it falls on the brief's day."""
    since = local_moment(board, _waiting_since(item))
    waited = _("{span} so far").format(span=duration_words((board.now - since).total_seconds())) if since else ""
    follow = _("follow up {when}").format(when=local_time(board, item.follow_up)) if item.follow_up else ""
    since_words = local_time(board, _waiting_since(item))
    if item.waiting_on:
        who = _("on {who} since {when}").format(who=md(item.waiting_on), when=since_words)
    else:
        who = _("on someone since {when}").format(when=since_words)
    due = _due_on(board, item, day) if _due_day(board, item) == day else ""
    return _line(md(item.title), who, waited, follow, due, _who(board, item))


def _interrupts(board: Board, every: list[Item], period: Period, day: datetime.date) -> list[str]:
    stats = interrupt_stats(board, period, every)
    arrived = interrupts_arrived(every, period)
    resolved_today = sorted(
        (i for i in every if i.is_interrupt and not i.is_open and period.holds(moment(i.done_at))),
        key=lambda i: (i.done_at or "", i.id),
    )
    if stats.waiting:
        heading = _("Interrupts ({arrived} arrived, {resolved} resolved, {waiting} not taken yet)")
    else:
        heading = _("Interrupts ({arrived} arrived, {resolved} resolved)")
    heading = heading.format(arrived=stats.arrived, resolved=len(resolved_today), waiting=stats.waiting)
    lines = []
    if stats.arrived:
        lines += [
            _("Of those that arrived: median time to take {take}, to resolve {resolve}.").format(
                take=duration_words(stats.median_take_s), resolve=duration_words(stats.median_resolve_s)),
            "",
        ]
    shown = {i.id: i for i in [*resolved_today, *arrived]}  # the day's, and older ones resolved today
    for item in sorted(shown.values(), key=lambda i: (i.created, i.id)):  # in the order they arrived
        steps = [_("arrived {when}").format(when=local_time(board, item.created, day=day))]
        if item.taken_at:
            steps.append(_("taken {when}").format(when=local_time(board, item.taken_at, day=day)))
        if not item.is_open:
            closed = _("resolved {when}") if item.status == "done" else _("dropped {when}")
            steps.append(closed.format(when=local_time(board, item.done_at, day=day)))
        elif item.in_interrupt_queue:
            steps.append(_("not taken yet"))
        else:
            steps.append(_("being handled"))
        source = _("from {who}").format(who=md(item.source)) if item.source else ""
        lines.append(_line(md(item.title), source, *steps))
    return _section(heading, lines, number=6)


def _team(board: Board) -> list[str]:
    from chief.store.reports.in_words import away_words, load_percent

    members = sorted(board.members_by_busiest(), key=board.is_away)  # most loaded first, those away last (stable)
    if not members:
        return _section(_("Team load"), [], empty=_("no team members"), number=7)
    rows = [_("| member | load | open | overdue | waiting |"), "|---|---:|---:|---:|---:|"]
    for member in members:
        load = board.load(member.id)
        away = away_words(board, member)  # "away until Fri": still listed, last, so nobody is looked for who is not in
        name = md(member.name) + (_(" ({away})").format(away=md(away)) if away else "")
        rows.append(f"| {name} | {load_percent(load)} | {load.open} | {load.overdue} | {load.waiting} |")
    return _section(_("Team load"), rows, number=7)


# the file ------------------------------------------------------------------


def brief_dir(data_file: Path) -> Path:
    """Where the dashboard writes briefs: a ``briefs`` folder beside the data file."""
    return data_file.parent / BRIEF_DIR


def write_brief(desk: "Desk", directory: Path | None = None, day: datetime.date | None = None) -> Path:
    """Write the brief for ``day`` (default today) to ``brief-YYYY-MM-DD.md``; returns the path.

    The default folder is :func:`brief_dir`: the brief travels with the data
    file to the chief's other machines, and it is found where the data is.
    Written the safe way (a temp file, then a rename), private like the data
    file; writing again the same day replaces that day's brief. A folder or
    file that cannot be written raises OutputNotWritten, one line.
    """
    board = desk.board()
    day = day or board.now.date()
    folder = Path(directory) if directory is not None else brief_dir(desk.path)
    path = folder / f"brief-{day.isoformat()}.md"
    make_output_folder(path, desk.path)
    return write_output(path, daily_brief(board, day), desk.path, follow=False)
