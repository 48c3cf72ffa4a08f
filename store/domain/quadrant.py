"""Where an item sits, and why: the quadrant is derived, never stored.

Importance is the chief's judgement (set by hand). Urgency comes from the
situation: the manual flag, a due time inside the urgency horizon, being
overdue, or being an interrupt nobody has taken yet.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from chief.store.domain import wallclock
from chief.store.domain.model import Item
from chief.store.domain.when import Due
from chief.store.i18n import _
from chief.store.structs import struct

QUADRANTS = {1: "Do now", 2: "Schedule", 3: "Delegate", 4: "Later"}


def quadrant_of(important: bool, urgent: bool) -> int:
    if important:
        return 1 if urgent else 2
    return 3 if urgent else 4


def flags_of(quadrant: int) -> tuple[bool, bool]:
    """(important, urgent) that put an item into ``quadrant``."""
    return quadrant in (1, 2), quadrant in (1, 3)


def horizon_end(now: datetime.datetime, days: int) -> datetime.datetime:
    """The end of the urgency horizon: the end of the day ``days`` after today (pendulum's
    ``now.start_of("day").add(days=days + 1)``, on the stdlib)."""
    tz = now.tzinfo
    start = wallclock.wall(now, 0, 0, tz, fold=now.fold)  # type: ignore[arg-type]
    return wallclock.wall(start + datetime.timedelta(days=days + 1), start.hour, start.minute, tz)  # type: ignore[arg-type]


def parse_due(item: Item) -> Due | None:
    """The item's due time, or None when it has none or it cannot be read."""
    return _due_from_stored(item.due) if item.due else None


@lru_cache(maxsize=16384)
def _due_from_stored(text: str) -> Due | None:
    """Parsing is costly and the same stored texts come back on every refresh."""
    try:
        return Due.from_stored(text)
    except ValueError:
        return None


@lru_cache(maxsize=16384)
def _deadline(due: Due, zone: str) -> int:
    """When a due time turns overdue, as a timestamp (cached: this runs per item per refresh)."""
    return int(due.deadline(wallclock.zone_named(zone)).timestamp())


@lru_cache(maxsize=16384)
def stored_deadline(text: str, zone: str) -> float:
    """The deadline of a stored due text (inf when unreadable), cached by the text: hashing a Due is slow."""
    due = _due_from_stored(text)
    return _deadline(due, zone) if due is not None else float("inf")


# Why an item is urgent, in the order the reasons are checked.
OVERDUE, MARKED, DUE_SOON, UNTAKEN = "overdue", "marked", "due", "untaken"


@struct(frozen=True, slots=True)
class Placement:
    """Where an item sits on the board, and why."""

    quadrant: int | None  # None in the inbox
    important: bool
    urgent_because: str | None  # one of the reasons above, None when not urgent
    due: Due | None
    now: datetime.datetime  # pendulum's on the dashboard, the stdlib's in a capture

    @property
    def urgent(self) -> bool:
        return self.urgent_because is not None

    @property
    def overdue(self) -> bool:
        return self.urgent_because == OVERDUE

    @property
    def name(self) -> str:
        """The quadrant's name in English (stable: the ``--json`` value)."""
        return QUADRANTS[self.quadrant] if self.quadrant else "Inbox"

    @property
    def name_said(self) -> str:
        """The quadrant's name in the user's language (the screens)."""
        return _(self.name)

    @property
    def reason(self) -> str:
        """Why the item sits where it sits, in English (stable: the ``--json`` value)."""
        return self._reason(lambda words: words)

    @property
    def reason_said(self) -> str:
        """Why the item sits where it sits, in the user's language (the detail strip, the triage card)."""
        return self._reason(_)

    @property
    def because_said(self) -> str:
        """The reason without the quadrant's name, in the user's language ("stays in Do now: <this>")."""
        return self._reason(_, labelled=False)

    def _reason(self, say, labelled: bool = True) -> str:  # type: ignore[no-untyped-def]
        """The reason in words, each phrase passed through ``say`` (made only when shown)."""
        if self.quadrant is None:
            return say("Inbox: captured, not triaged yet")
        importance = say("important") if self.important else say("not important")

        def when() -> str:
            """The due time in the words of the reason's language (the JSON's reason stays English)."""
            if say is _:
                from chief.store.reports.in_words import due_short  # the one home of due words (a cycle at import)

                return due_short(self.due, self.now)  # type: ignore[arg-type]
            return self.due.describe(self.now)  # type: ignore[union-attr]

        words = {
            OVERDUE: when,
            MARKED: lambda: say("marked urgent"),
            DUE_SOON: lambda: say("due {when}").format(when=when()),
            UNTAKEN: lambda: say("an interrupt not yet taken"),
        }
        why = say("urgent ({why})").format(why=words[self.urgent_because]()) if self.urgent_because else say("not urgent")
        if not labelled:
            return say("{importance}, {why}").format(importance=importance, why=why)
        return say("{quadrant}: {importance}, {why}").format(
            quadrant=say(QUADRANTS[self.quadrant]), importance=importance, why=why)


def urgency(item: Item, due: Due | None, now: datetime.datetime, horizon: datetime.datetime | None) -> str | None:
    """Why the item is urgent (one of the reasons above), or None if it is not."""
    deadline = _deadline(due, wallclock.zone_name(now)) if due is not None else None
    if deadline is not None and int(now.timestamp()) >= deadline:
        return OVERDUE
    if item.urgent:
        return MARKED
    # an all-day due ends exactly at midnight: tomorrow's date is inside a horizon ending then
    if deadline is not None and deadline < int(horizon.timestamp()) + due.all_day:  # type: ignore[union-attr]
        return DUE_SOON
    if item.in_interrupt_queue:
        return UNTAKEN
    return None


def place(item: Item, now: datetime.datetime, horizon: datetime.datetime | None) -> Placement:
    """The item's quadrant (or the inbox), and why (``horizon`` may be None for an item with no due).

    A closed item is urgent only if it was marked so: nothing is left to do by
    its due time, so it is never overdue (the review judges it at ``done_at``).
    """
    due = parse_due(item)
    if item.is_open:
        because = urgency(item, due, now, horizon)
    else:
        because = MARKED if item.urgent else None
    if item.status == "inbox" and not item.is_interrupt:
        return Placement(None, item.important, because, due, now)
    return Placement(quadrant_of(item.important, because is not None), item.important, because, due, now)
