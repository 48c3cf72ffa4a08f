"""Where an item sits, and why: the quadrant is derived, never stored.

Importance is the chief's judgement (set by hand). Urgency comes from the
situation: the manual flag, a due time inside the urgency horizon, being
overdue, or being an interrupt nobody has taken yet.
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from store.model import Item
from store.when import Due

QUADRANTS = {1: "Do now", 2: "Schedule", 3: "Delegate", 4: "Later"}


def quadrant_of(important: bool, urgent: bool) -> int:
    if important:
        return 1 if urgent else 2
    return 3 if urgent else 4


def flags_of(quadrant: int) -> tuple[bool, bool]:
    """(important, urgent) that put an item into ``quadrant``."""
    return quadrant in (1, 2), quadrant in (1, 3)


def horizon_end(now: pendulum.DateTime, days: int) -> pendulum.DateTime:
    """The end of the urgency horizon: the end of the day ``days`` after today."""
    return now.start_of("day").add(days=days + 1)


def parse_due(item: Item) -> Due | None:
    """The item's due time, or None when it has none or it cannot be read."""
    if not item.due:
        return None
    try:
        return Due.from_stored(item.due)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Placement:
    quadrant: int | None  # None in the inbox
    urgent: bool
    overdue: bool
    reason: str

    @property
    def name(self) -> str:
        return QUADRANTS[self.quadrant] if self.quadrant else "Inbox"


def urgency(item: Item, now: pendulum.DateTime, horizon: pendulum.DateTime) -> tuple[str | None, bool]:
    """Why the item is urgent (None if it is not), and whether it is overdue."""
    due = parse_due(item)
    overdue = due is not None and due.is_overdue(now)
    if overdue:
        return f"overdue ({due.describe(now)})", True  # type: ignore[union-attr]
    if item.urgent:
        return "marked urgent", False
    if due is not None and due.deadline(now.timezone) <= horizon:
        return f"due {due.describe(now)}", False
    if item.in_interrupt_queue:
        return "an interrupt not yet taken", False
    return None, False


def place(item: Item, now: pendulum.DateTime, horizon: pendulum.DateTime) -> Placement:
    """The item's quadrant (or the inbox) with the reason in words."""
    reason, overdue = urgency(item, now, horizon)
    urgent = reason is not None
    if item.status == "inbox" and not item.is_interrupt:
        return Placement(None, urgent, overdue, "Inbox: captured, not triaged yet")
    quadrant = quadrant_of(item.important, urgent)
    importance = "important" if item.important else "not important"
    why = f"urgent ({reason})" if urgent else "not urgent"
    return Placement(quadrant, urgent, overdue, f"{QUADRANTS[quadrant]}: {importance}, {why}")
