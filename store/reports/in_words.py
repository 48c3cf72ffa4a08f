"""Items in words: the one place that says an item, its times and its marks.

The command line, the dashboard, the reports and the exports all say an item
the same way, so a wording is decided here once. Capture echoes back how the
text was understood, so a misread due time or the wrong colleague is caught
at once, not a day later.

The words returned are plain text with the user's own text in them as typed:
each face makes them safe for where they go (``printable`` for a terminal,
:func:`md_text` for Markdown).
"""

from __future__ import annotations

import datetime

from chief.store.domain.board import Board
from chief.store.domain.model import Item, Member
from chief.store.i18n import N_, _, language, ngettext
from chief.store.reports.printable import printable
from chief.store.domain.when import elapsed, english

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable
    import pendulum

    from chief.store.domain.recur import Rule
    from chief.store.domain.when import Due


# Where an item sits, as store.domain.quadrant names it: said through _() where shown.
PLACE_NAMES = (N_("Do now"), N_("Schedule"), N_("Delegate"), N_("Later"), N_("Inbox"))
# An item's status, as stored (model.STATUSES): said through _() where a person reads it.
STATUS_NAMES = (N_("inbox"), N_("open"), N_("doing"), N_("waiting"), N_("done"), N_("dropped"))


def landing(board: Board, item: Item) -> str:
    """Where the item sits: the interrupt queue, a quadrant, or the inbox."""
    if item.in_interrupt_queue:
        return _("Interrupts")
    return _(board.placement(item).name)


def capture_notes(board: Board, item: Item) -> list[str]:
    """What capture must say beyond where the item landed: an interrupt marked important; a due time already past.

    A past due time is allowed (a task the chief forgot to note this morning),
    but it is said, so that a slip ("today 9" typed at 10:00) is caught at once.
    """
    notes = []
    if item.is_interrupt and item.important:
        notes.append(_("important"))
    if item.is_open and board.placement(item).overdue:
        notes.append(_("already overdue"))
    due = board.due(item)
    if due is not None and (rolled := next_year_day(due, board.now)):
        notes.append(_("next year: {day} is past this year").format(
            day=zh_day(rolled, weekday=False) if language() == "zh" else english(rolled, "D MMM")))
    return notes


def next_year_day(due: Due, now: pendulum.DateTime) -> pendulum.Date | None:
    """The due's day when it is next year's because this year's has passed ("^11-27" typed on 2 December); else None.

    The WHEN grammar reads a month and day without a year as the next one to come;
    when that is a year away, capture says so. A day in the next few weeks (1 January
    typed in December) is what anyone means, and needs no word.
    """
    day = due.local_day(now.tzinfo)  # type: ignore[arg-type]
    today = now.date()
    if day.year == today.year + 1 and (day.month, day.day) < (today.month, today.day) and day.toordinal() - today.toordinal() > 31:
        return day  # type: ignore[return-value]
    return None


def due_words(board: Board, item: Item, *, full: bool = True) -> str:
    """The due time in words ("" for none): in full, or short for a table cell.

    An open item's is relative to now ("2d overdue", "fri"); a closed item's is
    the date alone, since it can no longer be late.
    """
    due = board.due(item)
    if due is None:
        return ""
    if item.is_open:
        return due_echo(due, board.now) if full else due_short(due, board.now)
    if language() == "zh":
        return zh_plain(due, board.now) if full else zh_when(due, board.now, weekday=False)
    return due.plain(board.now) if full else due.short(board.now)


def due_short(due: Due, now: pendulum.DateTime) -> str:
    """An open item's due time in a few words, relative to now: "today 15:00", "fri", "2d overdue" (今天 15:00, 周五, 逾期2天)."""
    return zh_describe(due, now) if language() == "zh" else due.describe(now)


def due_echo(due: Due, now: pendulum.DateTime) -> str:
    """The understood due time in full, and how far off it is, so a misread time is caught at once."""
    return f"{zh_plain(due, now)}（{zh_relative(due, now)}）" if language() == "zh" else due.echo(now)


def due_date(due: Due, zone: Any) -> str:
    """A due date as the reports list it: "Tue 24 Nov" for a whole day, "Tue 24 Nov 15:00" for a moment (local)."""
    if language() == "zh":
        return zh_day(due.at) if due.all_day else zh_day(due.local(zone)) + english(due.local(zone), " HH:mm")
    return english(due.local(zone), "ddd D MMM" if due.all_day else "ddd D MMM HH:mm")


# Chinese dates and durations --------------------------------------------------
# Written as a Chinese office writes them: 12月5日 周五, 2026年12月2日 星期三,
# 今天 15:00, 逾期2天, 等了3小时. Small tables rather than a locale's guesses,
# so the words are the same on every machine.

ZH_WEEKDAYS = "一二三四五六日"  # Monday first, as date.weekday() counts


def zh_weekday(day: datetime.date, *, formal: bool = False) -> str:
    """周五; formally (a brief's date line) 星期五."""
    return ("星期" + ZH_WEEKDAYS[day.weekday()]) if formal else zh_weekday_name(day.weekday())


def zh_day(day: datetime.date, *, weekday: bool = True, year: bool = False) -> str:
    """12月5日 周五 (with ``year``: 2026年12月5日 周五)."""
    words = (f"{day.year}年" if year else "") + f"{day.month}月{day.day}日"
    return f"{words} {zh_weekday(day)}" if weekday else words


def zh_full_date(day: datetime.date) -> str:
    """A brief's date line: 2026年12月2日 星期三."""
    return f"{day.year}年{day.month}月{day.day}日 {zh_weekday(day, formal=True)}"


_ZH_UNITS = {"m": "分钟", "h": "小时", "d": "天"}


def zh_span(delta: datetime.timedelta, *, rounded: bool = False) -> str:
    """A length of time in its largest unit: 25分钟, 3小时, 2天 (at least 1分钟); see when.span_parts.

    ``rounded`` for how far off a time is (2小时后 for 1h59m59s), whole units for an age.
    """
    from chief.store.domain.when import span_parts

    count, unit = span_parts(delta, rounded=rounded)
    return f"{count}{_ZH_UNITS[unit]}"


def _zh_local(due: Due, now: pendulum.DateTime) -> Any:
    return due.local(now.tzinfo)  # type: ignore[arg-type]


def _day(moment: datetime.date) -> datetime.date:
    """The calendar day of a moment, as a stdlib date (pendulum's own subtraction gives its Interval)."""
    return datetime.date(moment.year, moment.month, moment.day)


def zh_overdue(due: Due, now: pendulum.DateTime) -> str:
    """逾期2天 (a whole day late by days), 逾期3小时 (a moment late by its span)."""
    if due.all_day:
        return f"逾期{(_day(now) - due.at).days}天"
    return f"逾期{zh_span(elapsed(now, due.at), rounded=True)}"  # type: ignore[arg-type]


def zh_describe(due: Due, now: pendulum.DateTime) -> str:
    """A table cell: 今天 15:00, 明天 9:00, 周五 15:00, 12月15日, 逾期2天.

    Past tomorrow the weekday, as the English cell says "fri": a chief plans the
    week by its days, and 后天 would make them count.
    """
    if due.is_overdue(now):
        return zh_overdue(due, now)
    local = _zh_local(due, now)
    day = local if due.all_day else local.date()
    days = (day - _day(now)).days
    words = {0: "今天", 1: "明天"}.get(days) or (zh_weekday(day) if days <= 6 else zh_day(day, weekday=False))
    return words if due.all_day else f"{words} {english(local, 'H:mm')}"


def zh_relative(due: Due, now: pendulum.DateTime) -> str:
    """How far off: 逾期2天, 3小时后, 今天, 明天, 5天后."""
    if due.is_overdue(now):
        return zh_overdue(due, now)
    if not due.all_day:
        return f"{zh_span(elapsed(due.at, now), rounded=True)}后"  # type: ignore[arg-type]
    days = (due.at - _day(now)).days
    return {0: "今天", 1: "明天"}.get(days, f"{days}天后")


def zh_plain(due: Due, now: pendulum.DateTime) -> str:
    """The date in full: 2026年12月4日 周五 15:00, or for a whole day 2026年12月4日 周五 全天."""
    local = _zh_local(due, now)
    if due.all_day:
        return f"{zh_day(local, year=True)} 全天"
    return f"{zh_day(local, year=True)} {english(local, 'HH:mm')}"


def zh_when(due: Due, now: pendulum.DateTime, *, weekday: bool = True) -> str:
    """A closed item's date, short: 11月27日, 11月27日 15:00."""
    local = _zh_local(due, now)
    if due.all_day:
        return zh_day(local, weekday=weekday)
    return f"{zh_day(local.date(), weekday=weekday)} {english(local, 'H:mm')}"


def understood(board: Board, item: Item, *, text: Callable[[str], str] = str) -> list[str]:
    """The details as understood: due time in full, rule, assignee, category, effort, source.

    ``text`` makes the user's own text safe where it goes (the Markdown export
    passes :func:`md_text`); Chief's words and marks around it stay as they are.
    """
    parts = []
    due = due_words(board, item)
    if due:
        parts.append(_("due {when}").format(when=due))
    if item.repeat:  # early: a narrow detail strip cuts from the end
        parts.append(repeat_words(item.repeat, text=text))
    if item.assignee:
        parts.append(f"@{text(board.member_name(item.assignee) or '')}")
    if item.category:
        parts.append(f"#{text(item.category)}")
    if item.effort:
        parts.append(f"~{format_effort(item.effort)}")
    if item.source:
        parts.append(_("from {who}").format(who=text(item.source)))
    return parts


# times ----------------------------------------------------------------------


def day_words(day: datetime.date) -> str:
    """A day in full, as a report names it: "Tue 24 Nov 2026"; 2026年11月24日 星期二."""
    if language() == "zh":
        return zh_full_date(day)
    import pendulum

    return pendulum.Date(day.year, day.month, day.day).format("ddd D MMM YYYY")


def local_moment(board: Board, stamp: str | None) -> pendulum.DateTime | None:
    """A stored UTC time in the office's zone; None when absent or unreadable (a time without a zone is UTC)."""
    from chief.store.domain import wallclock

    try:
        moment = datetime.datetime.fromisoformat((stamp or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return wallclock.in_pendulum(moment).in_timezone(board.now.timezone)


def time_words(moment: datetime.datetime, *, day: datetime.date | None = None, year: bool = False) -> str:
    """A local moment as "Wed 25 Nov 09:30"; "09:30" alone on ``day``; with the year for a file kept for later."""
    if day is not None and moment.date() == day:
        return english(moment, "HH:mm")
    if language() == "zh":
        return f"{zh_day(moment.date(), year=year)} {english(moment, 'HH:mm')}"
    return english(moment, "ddd D MMM YYYY HH:mm" if year else "ddd D MMM HH:mm")


def local_time(board: Board, stamp: str | None, *, day: datetime.date | None = None, year: bool = False) -> str:
    """A stored UTC time as the office's local "Wed 25 Nov 09:30" ("?" when unreadable); see :func:`time_words`."""
    moment = local_moment(board, stamp)
    return "?" if moment is None else time_words(moment, day=day, year=year)


def follow_up_words(board: Board, item: Item) -> str:
    """When a waiting item comes back: "follow up Tue 1 Dec 10:00", "follow up now", "snoozed until ..."."""
    if item.is_snoozed(board.now_stamp) and not board.on_board(item):
        return _("snoozed until {when}").format(when=local_time(board, item.snoozed_until))
    if not item.follow_up:
        return _("no follow-up")
    if item.follow_up <= board.now_stamp:
        return _("follow up now")
    return _("follow up {when}").format(when=local_time(board, item.follow_up))


def falls_due_first(board: Board, item: Item, back: str | None) -> str:
    """When the item falls due before ``back`` (a stored time), that it comes back then, overdue; else ""."""
    due = board.due(item)
    if due is None or back is None or board.deadline_stamp(item) >= back:
        return ""
    if board.placement(item).overdue:
        return _("but it is {due} already: it stays on the board, marked waiting").format(due=due_short(due, board.now))
    return _("but it is due {due}, and comes back then").format(due=due_short(due, board.now))


def next_one_words(board: Board, item: Item) -> str:
    """For a recurring duty just closed, when its next one is due ("; the next one is due tue"); "" otherwise."""
    if not item.repeat:
        return ""
    from chief.store.domain.recur import next_instance_id  # recurrence loads only for a recurring duty

    follows = board.items.get(next_instance_id(item.id))
    due = board.due(follows) if follows is not None else None
    return _("; the next one is due {due}").format(due=due_short(due, board.now)) if due is not None else ""


def repeat_words(stored: str, *, text: Callable[[str], str] = str) -> str:
    """A recurring duty's rule in words; a rule this version cannot read is shown as stored (through ``text``)."""
    from chief.store.domain.recur import Rule, RuleError  # recurrence loads only for a recurring duty

    try:
        rule = Rule.from_stored(stored)
        return zh_repeat(rule) if language() == "zh" else rule.describe()
    except RuleError:
        return _("repeats: {rule}").format(rule=text(stored))


def zh_repeat(rule: Rule) -> str:
    """:meth:`Rule.describe` in Chinese: 每个工作日 9:00, 每周一、周四, 每月15日, 上次办结后3天."""
    at = f" {rule.at.hour}:{rule.at.minute:02d}" if rule.at else ""
    if rule.after_days:
        unit = f"{rule.after_days // 7}周" if rule.after_days % 7 == 0 else f"{rule.after_days}天"
        return f"上次办结后{unit}{at}"
    if rule.monthday:
        return f"每月{rule.monthday}日{at}"
    named = {"day": "每天", "weekday": "每个工作日"}.get(rule.stored().split()[0])
    return (named or "每" + "、".join(zh_weekday_name(d) for d in rule.weekdays)) + at


def zh_weekday_name(number: int) -> str:
    """周一 for 0 (Monday) .. 周日 for 6."""
    return "周" + ZH_WEEKDAYS[number]


# marks ----------------------------------------------------------------------


def snoozed_words(item: Item, *, short: bool = False) -> str:
    """How often the item was snoozed: "snoozed 3x" ("3x" where the room is short); "" for never."""
    if not item.deferrals:
        return ""
    if short:
        return _("{n}x").format(n=item.deferrals)
    return _("snoozed {n}x").format(n=item.deferrals)


def marks(board: Board, item: Item, *, short: bool = False) -> list[str]:
    """The marks at a glance (a dashboard row, the detail strip, the triage card, the palette).

    doing; waiting, or "follow up" once its follow-up has come; how often it
    was snoozed; "↻" for a recurring duty (the details say the rule).
    ``short`` where a title needs the room ("wait", "f/u", "4x").
    """
    found = []
    if item.in_interrupt_queue and item.important:  # a quadrant says it for every other item
        found.append(_("important"))
    if item.status == "doing":
        found.append(_("doing"))
    if item.status == "waiting":
        if item.follow_up and item.follow_up <= board.now_stamp:  # back for its follow-up (not only for being late)
            found.append(_("f/u") if short else _("follow up"))
        else:
            found.append(_("wait") if short else _("waiting"))
    if item.deferrals:
        found.append(snoozed_words(item, short=short))
    if item.repeat:
        found.append("↻")
    if orphan_words(board, item):
        found.append(orphan_words(board, item))
    return found


def marks_in_full(board: Board, item: Item, *, year: bool = False, text: Callable[[str], str] = str) -> list[str]:
    """The marks spelled out, for a list or a file (``chief list``, the Markdown export).

    Who it waits on and until when, when a snooze ends, doing, how often it
    was snoozed, and when a closed item was closed; ``year`` in the times for
    a file kept for later; ``text`` as in :func:`understood`.
    """
    found = []
    if item.emergency and item.is_open:
        found.append(_("emergency"))
    found.extend(steps_words(board, item))
    if item.status == "waiting":
        until = local_time(board, item.follow_up, year=year) if item.follow_up else ""
        if item.waiting_on:
            who = (_("waiting on {who} until {when}") if until else _("waiting on {who}")).format(who=text(item.waiting_on), when=until)
        else:
            who = _("waiting until {when}").format(when=until) if until else _("waiting")
        found.append(who)
    elif item.snoozed_until and item.is_open and not board.on_board(item):
        found.append(_("snoozed until {when}").format(when=local_time(board, item.snoozed_until, year=year)))
    if item.status == "doing":
        found.append(_("doing"))
    if item.deferrals:
        found.append(snoozed_words(item))
    if item.done_at and not item.is_open:
        closed = _("done {when}") if item.status == "done" else _("dropped {when}")
        found.append(closed.format(when=local_time(board, item.done_at, year=year)))
    if orphan_words(board, item):
        found.append(text(orphan_words(board, item)))
    return found


def steps_words(board: Board, item: Item) -> list[str]:
    """An item's steps in words: "steps 2/5", and whether an open step is overdue."""
    from chief.store.domain.steps import step_info

    info = step_info(board, item)
    if info is None:
        return []
    found = [_("steps {progress}").format(progress=info.progress)]
    if info.overdue and item.is_open:
        found.append(_("a step is overdue"))
    return found


def format_effort(minutes: int) -> str:
    """An effort as typed after ~: "30m", "1h30m", "2h" (the same in both languages: it is quick-add syntax)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"


# Markdown -------------------------------------------------------------------

# Every ASCII mark that can mean something inside a line of Markdown (CommonMark,
# GFM, and the renderers a brief is read in): code, emphasis, links, HTML, tables,
# strike-through, entity references (&amp;) and headings, issue links and tags (#).
_MD_INLINE = r"([\\`*_\[\]<>#|~&])"  # text: re compiles it when a brief first needs it, not every command
# What means something only at the start of a line and is not escaped above: a list, a setext rule.
_MD_LINE_START = r"^(\s*)([-+=]|\d+[.)])"


def md_line(line: str) -> str:
    """A line already printable as literal Markdown: every mark escaped, and a start that would open a block."""
    import re  # a brief's: not imported by the commands that write none (a capture)

    line = re.sub(_MD_INLINE, r"\\\1", line)
    return re.sub(_MD_LINE_START, lambda m: m.group(1) + re.sub(r"(\D)", r"\\\1", m.group(2)), line)


def md_text(text: str | None, limit: int | None = None) -> str:
    """User text as literal Markdown: one line, controls visible, outer spaces off, cut at ``limit`` ("…")."""
    text = text or ""
    line = printable(text[:limit] if limit is not None else text).strip()
    if limit is not None and len(text) > limit:
        line += "…"
    return md_line(line)


# for scripts ----------------------------------------------------------------


def waiting_items(board: Board) -> list[Item]:
    """Every open item waiting on someone, the longest waiting first (the Waiting view's order)."""
    waiting = [i for i in board.items.values() if i.status == "waiting"]
    return sorted(waiting, key=lambda i: (i.waiting_since or i.updated, i.id))


def procedure_words(capture: Any, item: Item, settings: Any) -> list[str]:
    """What quick-add's preview says of the steps a new item gets: "adds 6 steps of reception"."""
    if not item.steps:
        return []
    from chief.store.datafile.capture import capture_procedure

    procedure = capture_procedure(capture, item.category, settings)
    if procedure is None:
        return []
    count = len(item.steps)
    return [ngettext("adds {count} step of {name}", "adds {count} steps of {name}", count).format(count=count, name=procedure.name)]


def step_json(board: Board, step: Any, number: int) -> dict[str, Any]:
    """A step for scripts: its number in the list, its fields, who by name."""
    return {
        "number": number,
        "id": step.id,
        "text": step.text,
        "done": step.done,
        "done_at": step.done_at,
        "who": board.member_name(step.who),
        "who_id": step.who,
        "due": step.due,
        "report": step.is_report,
    }


def item_json(board: Board, item: Item) -> dict[str, Any]:
    """An item for scripts (list --json, export json): every field, names resolved, where it sits."""
    placement = board.placement(item)
    return {
        "id": item.id,
        "title": item.title,
        "notes": item.notes,
        "kind": item.kind,
        "status": item.status,
        "quadrant": placement.quadrant,
        "quadrant_name": placement.name,
        "reason": placement.reason,
        "overdue": placement.overdue,
        "important": item.important,
        "urgent": item.urgent,
        "due": item.due,
        "assignee": board.member_name(item.assignee),
        "assignee_id": item.assignee,
        "category": item.category,
        "effort": item.effort,
        "source": item.source,
        "created": item.created,
        "updated": item.updated,
        "done_at": item.done_at,
        "taken_at": item.taken_at,
        "snoozed_until": item.snoozed_until,
        "waiting_on": item.waiting_on,
        "follow_up": item.follow_up,
        "deferrals": item.deferrals,
        "waiting_since": item.waiting_since,
        "repeat": item.repeat,
        "series": item.series,
        "emergency": item.emergency,
        "steps": [step_json(board, step, n) for n, step in enumerate(item.steps, 1)],
    }


# the team ---------------------------------------------------------------------


def back_day_words(day: datetime.date, today: datetime.date) -> str:
    """The day an away member is back, as the chief reads it: "tomorrow", "Fri", "Mon 7 Dec" (明天, 周五, 12月7日 周一)."""
    days = (day - today).days
    if language() == "zh":
        return "明天" if days == 1 else zh_weekday(day) if 1 < days <= 6 else zh_day(day)
    if days == 1:
        return _("tomorrow")
    import pendulum

    shown = pendulum.Date(day.year, day.month, day.day)
    return shown.format("ddd") if 1 < days <= 6 else shown.format("ddd D MMM")


def away_words(board: Board, member: Member) -> str:
    """Why and until when a member is away today: "away until Fri", "on leave until Fri" (请假，周五返岗); "" if in."""
    if not board.is_away(member):
        return ""
    from chief.store.domain.team import AWAY_REASONS

    # a reason of one's own is data from the file: printable here, for every screen and line that shows it
    reason = _(AWAY_REASONS[member.away_reason]) if member.away_reason in AWAY_REASONS else printable(member.away_reason)
    if member.away_until is None:
        return reason or _("away")
    day = back_day_words(datetime.date.fromisoformat(member.away_until), board.today)
    if reason:
        return _("{reason} until {day}").format(reason=reason, day=day)
    return _("away until {day}").format(day=day)


def away_warnings(board: Board, member_ids: Iterable[str | None]) -> list[str]:
    """One line for each member among ``member_ids`` who is away today (each once, in order), given work all the same:
    "note: 张伟 is away (on leave until Fri); assigned all the same". Nothing for members who are in, or the chief."""
    lines = []
    for member_id in dict.fromkeys(member_ids):
        member = board.team.get(member_id) if member_id is not None else None
        if member is not None and board.is_away(member):
            lines.append(_("note: {name} is away ({away}); assigned all the same").format(
                name=printable(member.name), away=away_words(board, member)))
    return lines


def orphan_words(board: Board, item: Item) -> str:
    """The mark of an open item whose assignee left the team (or is unknown): "was 张伟's (removed)"; else ""."""
    if not item.is_open or item.assignee is None or board.holder(item) is not None:
        return ""
    return _("was {name}'s (removed)").format(name=board.member_name(item.assignee))


def load_percent(load: Any) -> str:
    """A load (a ``Load``, or anything with ``percent``) for a table: "85%"; "∞" for someone with no capacity who has work."""
    return "∞" if load.percent is None else f"{load.percent}%"


def capacity_words(capacity: int, *, short: bool = False) -> str:
    """A weekly capacity (minutes): "40h a week" (每周40h), "takes no new work" for 0; ``short`` for a table cell: "40h"."""
    if short:
        return format_effort(capacity) if capacity else "0h"
    return _("{hours} a week").format(hours=format_effort(capacity)) if capacity else _("takes no new work")


def holder_words(board: Board, item: Item) -> str:
    """Who has an item now, in words: the member's name (printable), "you" (the chief), or "the inbox"."""
    if item.assignee is not None:
        return printable(board.member_name(item.assignee) or "")
    return _("the inbox") if item.status == "inbox" else _("you")


def load_words(load: Any) -> str:
    """What a load counts, in words: "3 open (1 snoozed, 1 waiting), 1 overdue" (every open item, put away or not)."""
    parts = [_("{n} snoozed").format(n=load.snoozed)] if load.snoozed else []
    parts += [_("{n} waiting").format(n=load.waiting)] if load.waiting else []
    words = _("{n} open").format(n=load.open) + (_(" ({parts})").format(parts=_(", ").join(parts)) if parts else "")
    return words + (_(", {n} overdue").format(n=load.overdue) if load.overdue else "")


def team_members(board: Board) -> list[Member]:
    """The team in the order people read it: by name, case folded."""
    return sorted(board.team.values(), key=lambda m: m.name.casefold())


def member_json(board: Board, member: Member) -> dict[str, Any]:
    """One team member for scripts: who they are, and their load as the Team panel counts it."""
    load = board.load(member.id)
    return {
        "id": member.id, "name": member.name, "role": member.role, "capacity_hours": member.capacity / 60,
        "categories": list(member.categories), "away": board.is_away(member), "away_until": member.away_until,
        "away_reason": member.away_reason, "open": load.open, "overdue": load.overdue, "waiting": load.waiting,
        "snoozed": load.snoozed, "load_percent": load.percent,
        "open_effort_minutes": load.effort,
    }
