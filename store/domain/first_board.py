"""The first screen's board: what the dashboard shows at launch, from a few hundred records.

A full board reads every record of the file; the dashboard's first screen shows
only the first rows of each list, the lists' lengths, the header's counts and
the team's loads. :func:`first_screen` takes from a full board the inputs of
that screen which stay true for a while whatever the clock says, and
:class:`FirstBoard` puts the screen together again from them at another moment,
with that moment's clock: placement, overdue colours, relative times and the
date are worked out at paint, exactly as the full board would.

An open item "stays" until ``until`` when nothing the board derives from the
clock can change for it before then: it has no due time that turns overdue or
enters the urgency horizon before then, and it is not put away until a moment
before then. Such items are kept as sums (each list's length, the overdue and
put-away counts, each assignee's load) and as the first :data:`ROWS` of each
list, in order (their order never depends on the clock). The others, the
"movers" (typically the items due in the next few days), are kept whole and
placed at paint. A moment outside ``[written, until)`` cannot be shown from
these inputs: :class:`FirstBoard` is then never made (``first_screen`` users
check :func:`fits`). tests/unit/test_first_board.py holds the result to the
full board's for random boards and moments.
"""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Any, Mapping

from chief.store.domain.board import INBOX, INTERRUPTS, ITEMS, META, NEVER, TEAM, Board, Problem, _Groups, add_tally
from chief.store.domain.config import Settings
from chief.store.domain.lazy_pendulum import pendulum
from chief.store.domain.model import Item
from chief.store.domain.quadrant import stored_deadline
from chief.store.domain.steps import emergencies
from chief.store.domain.wallclock import utc_stamp
from chief.store.structs import field_defaults
from chief.store.sync.merge import STAMPS

KEEP_S = 4 * 86_400  # a first screen kept holds this long (a Friday evening's, on Tuesday morning)
ROWS = 200  # rows kept of each list: more than a panel shows, and as many as set a panel's column widths
DAY_S = 86_400
SLOTS: tuple[int | str, ...] = (1, 2, 3, 4, INBOX, INTERRUPTS)


# The fields a record may leave out when they hold None: the item reads the same without them.
_NONE_BY_DEFAULT = frozenset(name for name, value in field_defaults(Item).items() if value is None)


def _kept_record(record: Any) -> Any:
    """A record as the first screen reads it: without its stamps (nothing is merged from it) and the fields that
    hold their default None. At 5,000 items that is 430 KB instead of 730, read in 14 ms instead of 20."""
    if not isinstance(record, dict):
        return record
    return {k: v for k, v in record.items() if k != STAMPS and not (v is None and k in _NONE_BY_DEFAULT)}


def _slot_name(slot: int | str) -> str:
    return str(slot)


def movers(board: Board, until: int) -> set[str]:
    """The open items the board may see otherwise (list, overdue, put away) at some moment before ``until``.

    A due time turns an item overdue at its deadline, and urgent when the
    horizon (the end of the day ``horizon_days`` after today) passes it, which
    happens at the latest ``horizon_days + 1`` days before the deadline: a day
    more covers the daylight-saving days and the all-day rule. A put-away item
    comes back at its earliest reason (``Board._back_at``). Nothing else of a
    board moves with the clock.
    """
    now, zone = board.now.int_timestamp, board.now.timezone_name
    soon = until + (board.settings.horizon_days + 2) * DAY_S
    back_by = utc_stamp(datetime.datetime.fromtimestamp(until, datetime.timezone.utc))
    found = set()
    for item in board.items.values():
        if not item.is_open:
            continue
        if item.due and now < stored_deadline(item.due, zone) < soon:
            found.add(item.id)
        elif (item.snoozed_until or item.follow_up) and not board.on_board(item):
            back = board._back_at(item)
            if back != NEVER and back < back_by:
                found.add(item.id)
    return found


def first_screen(board: Board, until: int) -> dict[str, Any]:
    """What ``board``'s first screen needs, true from its moment until ``until`` (UTC seconds): JSON-ready.

    The board is a full one, whose lists and loads are already worked out (the dashboard showed it):
    what stays is the whole less the movers.
    """
    groups = board._groups
    moving = movers(board, until)
    kept: dict[str, Any] = {}
    lists: dict[str, dict[str, Any]] = {}
    for slot in SLOTS:
        staying = [i for i in groups.lists[slot] if i.id not in moving] if moving else groups.lists[slot]
        lists[_slot_name(slot)] = {"count": len(staying), "top": [i.id for i in staying[:ROWS]]}
        for item in staying[:ROWS]:
            kept[item.id] = _kept_record(board.raw_items[item.id])
    overdue, put_away = groups.overdue, groups.put_away
    tallies = {key: list(value) for key, value in board._tallies.items()}
    for key in moving:
        item = board.items[key]
        kept[key] = _kept_record(board.raw_items[key])
        if board.on_board(item):
            overdue -= board.placement(item).overdue
        else:
            put_away -= 1
        tally = board._tally(item)
        if tally is not None:
            add_tally(tallies, tally, -1)
    for item in emergencies(board):
        kept[item.id] = _kept_record(board.raw_items[item.id])  # every open emergency: the header's clock runs for the oldest
    return {
        "moment": board.now.int_timestamp,
        "until": until,
        "items": kept,
        "movers": sorted(moving),
        "team": dict(board._data.get(TEAM, {})),
        "meta": dict(board._data.get(META, {})),
        "lists": lists,
        "overdue": overdue,
        "put_away": put_away,
        "tallies": tallies,
        "problems": [[p.table, p.id, p.reason] for p in board.problems],
    }


def fits(inputs: Mapping[str, Any], now: pendulum.DateTime) -> bool:
    """Whether ``inputs`` can show the board at ``now``: between when they were taken and until when they hold."""
    moment, until = inputs.get("moment"), inputs.get("until")
    return isinstance(moment, int) and isinstance(until, int) and moment <= now.int_timestamp < until


class FirstBoard(Board):
    """The first screen's board: the first rows of each list, every count, at ``now`` (see the module's docstring).

    It lists only the first rows of each list; :meth:`listed` says how many the
    list holds. It is for painting only: the dashboard replaces it with the full
    board before any key acts (``partial``).
    """

    partial = True

    def __init__(self, inputs: Mapping[str, Any], settings: Settings, now: pendulum.DateTime) -> None:
        data = {ITEMS: inputs["items"], TEAM: inputs["team"], META: inputs["meta"]}
        super().__init__(data, settings, now)
        self._inputs = inputs

    @classmethod
    def made(cls, inputs: Mapping[str, Any], settings: Settings, now: pendulum.DateTime) -> "FirstBoard | None":
        """The first board of ``inputs`` at ``now``; None when they do not hold then or do not read whole."""
        if not fits(inputs, now):
            return None
        board = cls(inputs, settings, now)
        if board._item_problems or board._team_problems:  # every record kept was read once: it must read again
            return None
        if any(key not in board.items for spec in inputs["lists"].values() for key in spec["top"]):
            return None
        return board

    @cached_property
    def _groups(self) -> _Groups:
        inputs = self._inputs
        lists: dict[int | str, list[Item]] = {slot: [] for slot in SLOTS}
        counts: dict[int | str, int] = {}
        movers = [self.items[key] for key in inputs["movers"] if key in self.items]
        groups = _Groups(lists, inputs["overdue"], inputs["put_away"])
        by_slot: dict[int | str, list[Item]] = {slot: [] for slot in SLOTS}
        for item in movers:
            slot = self._slot(item)
            if slot is None:
                groups.put_away += item.is_open
            else:
                groups.overdue += self.placement(item).overdue
                by_slot[slot].append(item)
        for slot in SLOTS:
            spec = inputs["lists"][_slot_name(slot)]
            staying = [self.items[key] for key in spec["top"]]
            order = self._order(slot)
            merged = sorted([*staying, *by_slot[slot]], key=order)
            if spec["count"] > len(staying) and staying:  # more stay than are kept: true only up to the last one kept
                last = order(staying[-1])
                merged = [item for item in merged if order(item) <= last]
            lists[slot] = merged
            counts[slot] = spec["count"] + len(by_slot[slot])
        self._counts = counts
        return groups

    @property
    def moment(self) -> int:
        """When the inputs were taken (UTC seconds)."""
        return self._inputs["moment"]

    def listed(self, slot: int | str) -> int:
        self._groups
        return self._counts[slot]

    @cached_property
    def _tallies(self) -> dict[str, list[int]]:
        self._groups
        tallies = {key: list(value) for key, value in self._inputs["tallies"].items()}
        for key in self._inputs["movers"]:
            item = self.items.get(key)
            tally = self._tally(item) if item is not None else None
            if tally is not None:
                add_tally(tallies, tally, 1)
        return tallies

    @property
    def problems(self) -> list[Problem]:
        return [Problem(*found) for found in self._inputs["problems"]]
