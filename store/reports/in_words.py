"""Items in words, the same on the command line and in the dashboard.

Capture echoes back how the text was understood, so a misread due time or
the wrong colleague is caught at once, not a day later.
"""

from __future__ import annotations

import datetime
from typing import Any

from chief.store.domain.board import Board
from chief.store.domain.model import Item
from chief.store.domain.recur import Rule, RuleError, next_instance_id


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


def understood(board: Board, item: Item) -> list[str]:
    """The details as understood: due time in full, assignee, category, effort, source."""
    parts = []
    due = due_words(board, item)
    if due:
        parts.append(f"due {due}")
    if item.repeat:  # early: a narrow detail strip cuts from the end
        parts.append(repeat_words(item.repeat))
    if item.assignee:
        parts.append(f"@{board.member_name(item.assignee)}")
    if item.category:
        parts.append(f"#{item.category}")
    if item.effort:
        parts.append(f"~{format_effort(item.effort)}")
    if item.source:
        parts.append(f"from {item.source}")
    return parts


def local_time(board: Board, stamp: str | None) -> str:
    """A stored UTC time as the office's local "Wed 25 Nov 09:30" ("?" when unreadable)."""
    from chief.store.domain import wallclock

    try:
        moment = wallclock.in_pendulum(datetime.datetime.fromisoformat((stamp or "").replace("Z", "+00:00")))
    except ValueError:
        return "?"
    return moment.in_timezone(board.now.timezone).format("ddd D MMM HH:mm")


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


def repeat_words(stored: str) -> str:
    """A recurring duty's rule in words; a rule this version cannot read is shown as stored."""
    try:
        return Rule.from_stored(stored).describe()
    except RuleError:
        return f"repeats: {stored}"


def format_effort(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"


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
