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
put-away counts, each assignee's load), as the first :data:`ROWS` of each list,
in order (their order never depends on the clock), and as what sets the widths
of a panel's columns among the first ``COLUMNS_FROM`` (200) rows: each
different due, assignee and category with the first row it is on (the dues'
words, which depend on the clock, are worked out at paint). The others, the
"movers" (typically the items due in the next few days), are kept whole, each
with the place it takes in every list (how many of the list's staying items
sort before it: its order never depends on the clock either), and placed at
paint. A moment outside ``[written, until)`` cannot be shown from these
inputs: :class:`FirstBoard` is then never made (``first_screen`` users check
:func:`fits`). A panel never shows more rows than the terminal has lines: a
terminal taller than :data:`ROWS` lines is shown the full board at once
(tui/app.py). tests/unit/test_first_board.py holds the result to the full
board's for random boards and moments.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left
from functools import cached_property
from typing import Any, Callable, Mapping, Union

from chief.store.domain.board import (COLUMNS_FROM, INBOX, INTERRUPTS, ITEMS, META, NEVER, TEAM, Board, Problem, _Groups,
                                      _live, add_tally)
from chief.store.domain.config import Settings
from chief.store.domain.lazy_pendulum import pendulum
from chief.store.domain.model import Item
from chief.store.domain.quadrant import _due_from_stored, stored_deadline
from chief.store.domain.when import Due
from chief.store.domain.steps import emergencies
from chief.store.domain.wallclock import seconds, utc_stamp, zone_name
from chief.store.structs import field_defaults
from chief.store.sync.merge import STAMPS

KEEP_S = 4 * 86_400  # a first screen kept holds this long (a Friday evening's, on Tuesday morning)
ROWS = 60  # rows kept of each list, as records: as many as a panel shows on a terminal of ROWS lines (taller: the full board)
DAY_S = 86_400
SLOTS: tuple[int | str, ...] = (1, 2, 3, 4, INBOX, INTERRUPTS)
# The rows read of each list: one number for all, one per list (SLOTS), or what works them out from each list's
# fewest and most items at paint (:func:`count_bounds`): the dashboard's panels share the terminal's rows by them.
Rows = Union[int, Mapping[Any, int], Callable[[Mapping[Any, tuple[int, int]]], Mapping[Any, int]], None]


# The fields a record may leave out when they hold their default (None, "", False, 0, "task"): the item reads the same.
_DEFAULTS = {name: value for name, value in field_defaults(Item).items() if type(value) in (type(None), str, bool, int)}


def _kept_record(record: Any) -> Any:
    """A record as the first screen reads it: without its stamps (nothing is merged from it) and the fields that
    hold their default. At 5,000 items that is 430 KB instead of 730, read in 14 ms instead of 20."""
    if not isinstance(record, dict):
        return record
    defaults = _DEFAULTS
    return {k: v for k, v in record.items()
            if k != STAMPS and not (k in defaults and type(v) is type(defaults[k]) and v == defaults[k])}


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
    now, zone = seconds(board.now), zone_name(board.now)
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


def _columns(board: Board, items: list[Item]) -> dict[str, list[list[Any]]]:
    """What sets a panel's column widths among ``items`` (a list's first staying rows): each different due (as
    stored; only those that read), assignee and category, with the first row it is on."""
    dues: dict[str, int] = {}
    who: dict[str, int] = {}
    categories: dict[str, int] = {}
    for row, item in enumerate(items):
        if item.due and item.due not in dues and board.due(item) is not None:
            dues[item.due] = row
        if item.assignee and item.assignee not in who:
            who[item.assignee] = row
        if item.category and item.category not in categories:
            categories[item.category] = row
    return {"dues": [[row, due] for due, row in dues.items()], "who": [[row, key] for key, row in who.items()],
            "categories": [[row, category] for category, row in categories.items()]}


def _stamp_seconds(stamp: str) -> int:
    return int(datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp())


def _states(board: Board, item: Item, until: int) -> list[list[Any]] | None:
    """Where a mover is from the board's moment until ``until``: [from (UTC seconds), its list (an index in SLOTS,
    -1 when put away), overdue (0 or 1), its part of its assignee's load (or None)], one entry per change.

    Nothing of it changes but at a local midnight (the urgency horizon), at its deadline, or when its snooze or
    follow-up ends: it is worked out at each of those moments. None when a time of it cannot be read.
    """
    start = seconds(board.now)
    moments = {start}
    day = board.now.start_of("day")
    while day.int_timestamp < until:
        day = day.add(days=1)
        moments.add(day.int_timestamp)
    try:
        if item.due:
            deadline = stored_deadline(item.due, zone_name(board.now))
            moments.add(int(deadline) if deadline != float("inf") else start)
        moments.update(_stamp_seconds(stamp) for stamp in (item.snoozed_until, item.follow_up) if stamp)
    except (ValueError, OverflowError, OSError):
        return None
    states: list[list[Any]] = []
    for at in sorted(moment for moment in moments if start <= moment < until):
        seen = board if at == start else board.at(pendulum.from_timestamp(at, tz=zone_name(board.now)))
        slot = seen._slot(item)
        tally = seen._tally(item)
        state = [at, -1 if slot is None else SLOTS.index(slot), int(slot is not None and seen.placement(item).overdue),
                 None if tally is None else [tally[0], list(tally[1])]]
        if not states or states[-1][1:] != state[1:]:
            states.append(state)
    return states


def first_screen(board: Board, until: int) -> dict[str, Any]:
    """What ``board``'s first screen needs, true from its moment until ``until`` (UTC seconds): JSON-ready.

    The board is a full one, whose lists and loads are already worked out (the dashboard showed it):
    what stays is the whole less the movers.
    """
    groups = board._groups
    moving = movers(board, until)
    kept: dict[str, Any] = {}
    lists: dict[str, dict[str, Any]] = {}
    keys: dict[int | str, list[tuple]] = {}  # the order of each list's staying items (for the movers' places)
    for slot in SLOTS:
        staying = [i for i in groups.lists[slot] if i.id not in moving] if moving else groups.lists[slot]
        lists[_slot_name(slot)] = {"count": len(staying), "top": [i.id for i in staying[:ROWS]],
                                   "columns": _columns(board, staying[:COLUMNS_FROM])}
        for item in staying[:ROWS]:
            kept[item.id] = _kept_record(board.raw_items[item.id])
        if moving:
            order = board._order(slot)
            keys[slot] = [order(item) for item in staying]
    overdue, put_away = groups.overdue, groups.put_away
    tallies = {key: list(value) for key, value in board._tallies.items()}
    by_quadrant = {key: n for n, key in enumerate(sorted(moving, key=lambda key: board._order(1)(board.items[key])))}
    by_age = {key: n for n, key in enumerate(sorted(moving, key=lambda key: board._order(INBOX)(board.items[key])))}
    emergency = {item.id for item in emergencies(board)}
    kept_movers: dict[str, dict[str, Any]] = {}
    for key in sorted(moving):
        item = board.items[key]
        places = [bisect_left(keys[slot], board._order(slot)(item)) for slot in SLOTS]
        mover: dict[str, Any] = {"places": places, "order": [by_quadrant[key], by_age[key]]}
        states = None if key in emergency else _states(board, item, until)
        if states is None or any(n >= 0 and (places[n] < ROWS or lists[_slot_name(SLOTS[n])]["count"] <= ROWS)
                                 for _at, n, _overdue, _tally in states):
            kept[key] = _kept_record(board.raw_items[key])  # a panel may show it: kept whole, placed at paint
        else:  # never among the rows kept: its states over the window, and what it adds to the column widths
            mover["states"] = states
            mover["columns"] = [item.due if item.due and board.due(item) is not None else None, item.assignee, item.category]
        kept_movers[key] = mover
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
        "moment": seconds(board.now),
        "until": until,
        "items": kept,
        "movers": kept_movers,
        "team": dict(board._data.get(TEAM, {})),
        "meta": dict(board._data.get(META, {})),
        "lists": lists,
        "overdue": overdue,
        "put_away": put_away,
        "tallies": tallies,
        "problems": [[p.table, p.id, p.reason] for p in board.problems],
    }


def count_bounds(inputs: Mapping[str, Any]) -> dict[int | str, tuple[int, int]]:
    """Each list's fewest and most items at any moment ``inputs`` hold: its staying items, and as many more as
    there are movers (each is in one list, or put away, at a given moment); and ``TEAM``: the members shown
    (exact: a first board is made only when every member record reads)."""
    movers = len(inputs["movers"])
    bounds = {slot: (count, count + movers) for slot in SLOTS for count in [inputs["lists"][_slot_name(slot)]["count"]]}
    members = sum(1 for record in _live(inputs["team"]).values() if isinstance(record, Mapping) and not record.get("removed"))
    bounds[TEAM] = (members, members)
    return bounds


def _rows_of(rows: Rows, inputs: Mapping[str, Any]) -> dict[int | str, int]:
    """The rows read of each list (1 to :data:`ROWS`), from what :class:`FirstBoard` was given."""
    if callable(rows):
        rows = rows(count_bounds(inputs))
    if rows is None or isinstance(rows, int):
        return dict.fromkeys(SLOTS, ROWS if rows is None else max(1, min(rows, ROWS)))
    return {slot: max(1, min(int(rows.get(slot, ROWS)), ROWS)) for slot in SLOTS}


def _records_for(inputs: Mapping[str, Any], rows: Mapping[int | str, int]) -> Mapping[str, Any]:
    """The records kept, less the rows of each list past its first ``rows[list]`` (never a mover or an emergency)."""
    records = inputs["items"]
    if min(rows.values()) >= ROWS:
        return records
    lists = [(inputs["lists"][_slot_name(slot)]["top"], rows[slot]) for slot in SLOTS]
    past = {key for top, n in lists for key in top[n:]}
    past.difference_update(key for top, n in lists for key in top[:n])
    past.difference_update(inputs["movers"])
    if not past:
        return records
    return {key: record for key, record in records.items()
            if key not in past or isinstance(record, Mapping) and record.get("emergency")}


def _count(value: Any) -> bool:
    return type(value) is int and value >= 0


def _counts_read(inputs: Mapping[str, Any]) -> bool:
    """Whether the counts the first screen shows are counts: whole, never negative, a list's no fewer than its rows
    kept; the loads too. A note that says otherwise is not one this machine wrote: the file is read instead."""
    lists = [inputs["lists"][_slot_name(slot)] for slot in SLOTS]
    return (all(_count(spec["count"]) and spec["count"] >= len(spec["top"]) for spec in lists)
            and _count(inputs["overdue"]) and _count(inputs["put_away"])
            and all(isinstance(load, list) and all(map(_count, load)) for load in inputs["tallies"].values()))


def fits(inputs: Mapping[str, Any], now: pendulum.DateTime) -> bool:
    """Whether ``inputs`` can show the board at ``now``: between when they were taken and until when they hold."""
    moment, until = inputs.get("moment"), inputs.get("until")
    return isinstance(moment, int) and isinstance(until, int) and moment <= seconds(now) < until


class FirstBoard(Board):
    """The first screen's board: the first rows of each list, every count, at ``now`` (see the module's docstring).

    It lists only the first rows of each list; :meth:`listed` says how many the
    list holds. It is for painting only: the dashboard replaces it with the full
    board before any key acts (``partial``).
    """

    partial = True

    def __init__(self, inputs: Mapping[str, Any], settings: Settings, now: pendulum.DateTime,
                 rows: Rows = None) -> None:
        self._rows = _rows_of(rows, inputs)
        data = {ITEMS: _records_for(inputs, self._rows), TEAM: inputs["team"], META: inputs["meta"]}
        super().__init__(data, settings, now)
        self._inputs = inputs

    @classmethod
    def made(cls, inputs: Mapping[str, Any], settings: Settings, now: pendulum.DateTime,
             rows: Rows = None) -> "FirstBoard | None":
        """The first board of ``inputs`` at ``now``; None when they do not hold then or do not read whole.

        ``rows``: how many rows of each list to read (:data:`Rows`; None: :data:`ROWS`), each list's rows past them are
        not: the terminal's lines, or better the most rows each panel can have, which the dashboard works out from
        the lists' counts (tui/layout.py). At 5,000 items and 40 lines that is some 170 records of the 455 kept
        (335 by the lines alone): the movers and emergencies, and each panel's rows.
        """
        if not fits(inputs, now) or not _counts_read(inputs):
            return None
        board = cls(inputs, settings, now, rows)
        if board._item_problems or board._team_problems:  # every record read was read once: it must read again
            return None
        if any(key not in board.items for slot in SLOTS for key in inputs["lists"][_slot_name(slot)]["top"][:board._rows[slot]]):
            return None
        board._groups, board._tallies  # worked out here: a note that is not what we write fails here, not at paint
        return board

    @cached_property
    def _groups(self) -> _Groups:
        inputs = self._inputs
        lists: dict[int | str, list[Item]] = {slot: [] for slot in SLOTS}
        counts: dict[int | str, int] = {}
        groups = _Groups(lists, inputs["overdue"], inputs["put_away"])
        by_slot: dict[int | str, list[tuple[int, int, Item | None, Any]]] = {slot: [] for slot in SLOTS}
        self._passing: list[list[Any]] = []  # the tallies of the movers not kept whole, as they are now
        now = seconds(self.now)
        for key, mover in inputs["movers"].items():
            places, order = mover["places"], mover["order"]
            item = self.items.get(key)
            if item is None:  # never among the rows kept: where it is now, from its states
                state = mover["states"][0]
                for later in mover["states"]:
                    if later[0] > now:
                        break
                    state = later
                _at, n, overdue, tally = state
                if tally is not None:
                    self._passing.append(tally)
                if n < 0:
                    groups.put_away += 1
                    continue
                slot, columns = SLOTS[n], mover["columns"]
                groups.overdue += overdue
            else:
                slot = self._slot(item)
                if slot is None:
                    groups.put_away += item.is_open
                    continue
                columns = None
                groups.overdue += self.placement(item).overdue
            by_slot[slot].append((places[SLOTS.index(slot)], order[0 if slot in (1, 2, 3, 4) else 1], item, columns))
        self._columns_of: dict[int, tuple[list[Item], dict[str, Any], int, list[Item]]] = {}
        for slot in SLOTS:
            spec = inputs["lists"][_slot_name(slot)]
            staying = [self.items[key] for key in spec["top"][:self._rows[slot]]]
            moving = by_slot[slot]
            moving.sort(key=lambda mover: mover[:2])  # by place, then as the list orders them (worked out when kept)
            # the movers among the staying rows (the staying rows are in order: no sort); while more stay than
            # are kept, the list is true only up to the last one kept: a mover placed after it is left out
            cut = len(staying) if spec["count"] > len(staying) else None
            merged: list[Item] = []
            taken = 0
            for place, _order, item, _columns in moving:
                if cut is not None and place >= cut:
                    break
                if item is None:
                    raise LookupError("a mover not kept whole among the rows kept")  # not a note we write
                merged.extend(staying[taken:place])
                merged.append(item)
                taken = place
            merged.extend(staying[taken:])
            lists[slot] = merged
            counts[slot] = spec["count"] + len(moving)
            # the first COLUMNS_FROM rows of the whole list: the movers placed in them, the staying rows before
            shown = [mover for n, mover in enumerate(moving) if mover[0] + n < COLUMNS_FROM]
            self._columns_of[id(merged)] = (merged, spec["columns"], min(spec["count"], COLUMNS_FROM - len(shown)), shown)
        self._counts = counts
        return groups

    def column_values(self, items: list[Item]) -> tuple[list[Due], list[str], list[str]]:
        """A list's column values from the inputs: its first rows, as kept, and the movers among them."""
        self._groups
        found = self._columns_of.get(id(items))
        if found is None or found[0] is not items:  # not one of the lists (a filter's part of one): its own rows
            return super().column_values(items)
        _list, columns, staying, moving = found
        values = [[i.due, i.assignee, i.category] if i is not None else kept for _place, _order, i, kept in moving]
        texts = dict.fromkeys([*(text for row, text in columns["dues"] if row < staying), *(due for due, _w, _c in values if due)])
        dues = [due for due in map(_due_from_stored, texts) if due is not None]
        who = list(dict.fromkeys([*(key for row, key in columns["who"] if row < staying), *(w for _d, w, _c in values if w)]))
        categories = list(dict.fromkeys([*(name for row, name in columns["categories"] if row < staying),
                                         *(c for _d, _w, c in values if c)]))
        return dues, who, categories

    def fits_lines(self, lines: int) -> bool:
        """Whether a terminal of ``lines`` lines shows only rows this board holds: a panel shows fewer rows than
        the terminal has lines, and each list holds its first :data:`ROWS` (or all of them), or the rows it was
        made for."""
        return lines <= min(self._rows.values())

    def holds(self, slot: int | str, rows: int) -> bool:
        """Whether a panel of ``rows`` rows shows only rows this board holds of the list ``slot``: as many were read,
        or the whole list was."""
        held = self._rows[slot]
        return rows <= held or self._inputs["lists"][_slot_name(slot)]["count"] <= held

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
        for tally in self._passing:
            add_tally(tallies, tally, 1)
        return tallies

    @property
    def problems(self) -> list[Problem]:
        return [Problem(*found) for found in self._inputs["problems"]]
