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
import re
from typing import TYPE_CHECKING, Any, Callable

from chief.store.domain.board import Board
from chief.store.domain.model import Item, Member
from chief.store.domain.recur import Rule, RuleError, next_instance_id
from chief.store.reports.printable import printable

if TYPE_CHECKING:
    import pendulum

    from chief.store.domain.when import Due


def landing(board: Board, item: Item) -> str:
    """Where the item sits: the interrupt queue, a quadrant, or the inbox."""
    if item.in_interrupt_queue:
        return "Interrupts"
    return board.placement(item).name


def due_words(board: Board, item: Item, *, full: bool = True) -> str:
    """The due time in words ("" for none): in full, or short for a table cell.

    An open item's is relative to now ("2d overdue", "fri"); a closed item's is
    the date alone, since it can no longer be late.
    """
    due = board.due(item)
    if due is None:
        return ""
    if item.is_open:
        return due.echo(board.now) if full else due.describe(board.now)
    return due.plain(board.now) if full else due.short(board.now)


def due_date(due: Due, zone: Any) -> str:
    """A due date as the reports list it: "Tue 24 Nov" for a whole day, "Tue 24 Nov 15:00" for a moment (local)."""
    if due.all_day:
        return due.at.format("ddd D MMM")
    return due.at.in_timezone(zone).format("ddd D MMM HH:mm")  # type: ignore[union-attr]


def understood(board: Board, item: Item, *, text: Callable[[str], str] = str) -> list[str]:
    """The details as understood: due time in full, rule, assignee, category, effort, source.

    ``text`` makes the user's own text safe where it goes (the Markdown export
    passes :func:`md_text`); Chief's words and marks around it stay as they are.
    """
    parts = []
    due = due_words(board, item)
    if due:
        parts.append(f"due {due}")
    if item.repeat:  # early: a narrow detail strip cuts from the end
        parts.append(repeat_words(item.repeat, text=text))
    if item.assignee:
        parts.append(f"@{text(board.member_name(item.assignee) or '')}")
    if item.category:
        parts.append(f"#{text(item.category)}")
    if item.effort:
        parts.append(f"~{format_effort(item.effort)}")
    if item.source:
        parts.append(f"from {text(item.source)}")
    return parts


# times ----------------------------------------------------------------------


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


def time_words(moment: pendulum.DateTime, *, day: datetime.date | None = None, year: bool = False) -> str:
    """A local moment as "Wed 25 Nov 09:30"; "09:30" alone on ``day``; with the year for a file kept for later."""
    if day is not None and moment.date() == day:
        return moment.format("HH:mm")
    return moment.format("ddd D MMM YYYY HH:mm" if year else "ddd D MMM HH:mm")


def local_time(board: Board, stamp: str | None, *, day: datetime.date | None = None, year: bool = False) -> str:
    """A stored UTC time as the office's local "Wed 25 Nov 09:30" ("?" when unreadable); see :func:`time_words`."""
    moment = local_moment(board, stamp)
    return "?" if moment is None else time_words(moment, day=day, year=year)


def follow_up_words(board: Board, item: Item) -> str:
    """When a waiting item comes back: "follow up Tue 1 Dec 10:00", "follow up now", "snoozed until ..."."""
    if item.is_snoozed(board.now_stamp) and not board.on_board(item):
        return "snoozed until " + local_time(board, item.snoozed_until)
    if not item.follow_up:
        return "no follow-up"
    if item.follow_up <= board.now_stamp:
        return "follow up now"
    return "follow up " + local_time(board, item.follow_up)


def falls_due_first(board: Board, item: Item, back: str | None) -> str:
    """When the item falls due before ``back`` (a stored time), that it comes back then, overdue; else ""."""
    due = board.due(item)
    if due is None or back is None or board.deadline_stamp(item) >= back:
        return ""
    if board.placement(item).overdue:
        return f"but it is {due.describe(board.now)} already: it stays on the board, marked waiting"
    return f"but it is due {due.describe(board.now)}, and comes back then"


def next_one_words(board: Board, item: Item) -> str:
    """For a recurring duty just closed, when its next one is due ("; the next one is due tue"); "" otherwise."""
    follows = board.items.get(next_instance_id(item.id)) if item.repeat else None
    due = board.due(follows) if follows is not None else None
    return f"; the next one is due {due.describe(board.now)}" if due is not None else ""


def repeat_words(stored: str, *, text: Callable[[str], str] = str) -> str:
    """A recurring duty's rule in words; a rule this version cannot read is shown as stored (through ``text``)."""
    try:
        return Rule.from_stored(stored).describe()
    except RuleError:
        return f"repeats: {text(stored)}"


# marks ----------------------------------------------------------------------


def snoozed_words(item: Item, *, short: bool = False) -> str:
    """How often the item was snoozed: "snoozed 3x" ("3x" where the room is short); "" for never."""
    if not item.deferrals:
        return ""
    return f"{item.deferrals}x" if short else f"snoozed {item.deferrals}x"


def marks(board: Board, item: Item, *, short: bool = False) -> list[str]:
    """The marks at a glance (a dashboard row, the detail strip, the triage card, the palette).

    doing; waiting, or "follow up" once its follow-up has come; how often it
    was snoozed; "↻" for a recurring duty (the details say the rule).
    ``short`` where a title needs the room ("wait", "f/u", "4x").
    """
    found = []
    if item.status == "doing":
        found.append("doing")
    if item.status == "waiting":
        if item.follow_up and item.follow_up <= board.now_stamp:  # back for its follow-up (not only for being late)
            found.append("f/u" if short else "follow up")
        else:
            found.append("wait" if short else "waiting")
    if item.deferrals:
        found.append(snoozed_words(item, short=short))
    if item.repeat:
        found.append("↻")
    return found


def marks_in_full(board: Board, item: Item, *, year: bool = False, text: Callable[[str], str] = str) -> list[str]:
    """The marks spelled out, for a list or a file (``chief list``, the Markdown export).

    Who it waits on and until when, when a snooze ends, doing, how often it
    was snoozed, and when a closed item was closed; ``year`` in the times for
    a file kept for later; ``text`` as in :func:`understood`.
    """
    found = []
    if item.status == "waiting":
        who = f"waiting on {text(item.waiting_on)}" if item.waiting_on else "waiting"
        found.append(who + (f" until {local_time(board, item.follow_up, year=year)}" if item.follow_up else ""))
    elif item.snoozed_until and item.is_open and not board.on_board(item):
        found.append(f"snoozed until {local_time(board, item.snoozed_until, year=year)}")
    if item.status == "doing":
        found.append("doing")
    if item.deferrals:
        found.append(snoozed_words(item))
    if item.done_at and not item.is_open:
        found.append(f"{item.status} {local_time(board, item.done_at, year=year)}")
    return found


def format_effort(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"


# Markdown -------------------------------------------------------------------

# Every ASCII mark that can mean something inside a line of Markdown (CommonMark,
# GFM, and the renderers a brief is read in): code, emphasis, links, HTML, tables,
# strike-through, entity references (&amp;) and headings, issue links and tags (#).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
# What means something only at the start of a line and is not escaped above: a list, a setext rule.
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def md_line(line: str) -> str:
    """A line already printable as literal Markdown: every mark escaped, and a start that would open a block."""
    line = _MD_INLINE.sub(r"\\\1", line)
    return _MD_LINE_START.sub(lambda m: m.group(1) + re.sub(r"(\D)", r"\\\1", m.group(2)), line)


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
    }


def team_members(board: Board) -> list[Member]:
    """The team in the order people read it: by name, case folded."""
    return sorted(board.team.values(), key=lambda m: m.name.casefold())


def member_json(board: Board, member: Member) -> dict[str, Any]:
    """One team member for scripts: who they are, and their load as the Team panel counts it."""
    load = board.load(member.id)
    return {
        "id": member.id, "name": member.name, "role": member.role, "capacity_hours": member.capacity / 60,
        "categories": list(member.categories), "away": member.away, "open": load.open, "overdue": load.overdue,
        "waiting": load.waiting, "load_percent": load.percent, "open_effort_minutes": load.effort,
    }
