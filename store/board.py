"""A snapshot of the data file, with the views the dashboard and the CLI share.

The board is built from the raw tables of one read. Records are parsed only
when asked for, and the views (quadrants, queue, inbox, loads) are derived in
one pass and kept, so a capture that touches one item does not pay for five
thousand. Records that cannot be read are not dropped: they are listed as
problems (and stay in the file), so a bad record from another machine is
seen and never silently lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Mapping

from store.lazy import pendulum

from store.config import Settings
from store.merge import is_live
from store.model import InvalidRecord, Item, Member
from store.quadrant import Placement, horizon_end, parse_due, place, stored_deadline
from store.timebase import utc_stamp
from store.when import Due

ITEMS, TEAM, META = "items", "team", "meta"


class NotFound(LookupError):
    """An id or prefix that names no record, or more than one; one line."""


@dataclass(frozen=True, slots=True)
class Problem:
    table: str
    id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.table} {self.id}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Load:
    """A member's open work against their weekly capacity."""

    effort: int  # open effort, minutes
    capacity: int
    open: int
    overdue: int
    waiting: int

    @property
    def ratio(self) -> float:
        return self.effort / self.capacity if self.capacity else float("inf")

    @property
    def percent(self) -> int:
        return round(self.ratio * 100) if self.capacity else 999

    @property
    def overloaded(self) -> bool:
        return self.ratio > 1.0


@dataclass
class _Groups:
    """Where every item on the board sits, computed in one pass."""

    quadrants: dict[int, list[Item]]
    inbox: list[Item]
    interrupts: list[Item]
    overdue: int
    put_away: int  # open, but snoozed or waiting until a follow-up: off the board, never forgotten


class ParseCache:
    """What earlier boards already worked out, for the next board of the same process.

    Records are never changed in place (a change makes a new record), so an
    item parsed from the very same record object is still right, and so is its
    placement within the same minute. A refresh after a one-item change then
    parses one item, not five thousand.
    """

    def __init__(self) -> None:
        self.items: dict[str, tuple[Any, Item]] = {}
        self.placements: dict[str, tuple[Item, Placement]] = {}
        self.minute: int | None = None


def _parse_table(
    table: Mapping[str, Any], cls: type, name: str, cache: dict[str, tuple[Any, Any]] | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    records, problems = {}, []
    fresh: dict[str, tuple[Any, Any]] = {}
    for record_id, record in table.items():
        known = cache.get(record_id) if cache is not None else None
        if known is not None and known[0] is record:
            records[record_id] = known[1]
            fresh[record_id] = known
            continue
        try:
            records[record_id] = parsed = cls.from_record(record_id, record)
            fresh[record_id] = (record, parsed)
        except InvalidRecord as err:
            problems.append(Problem(name, record_id, str(err)))
    if cache is not None:
        cache.clear()
        cache.update(fresh)
    return records, problems


def _first_three(row: tuple) -> tuple:
    return row[:3]


def _live(table: Any) -> dict[str, Any]:
    if not isinstance(table, dict):
        return {}
    return {key: record for key, record in table.items() if is_live(record)}


def find_key(keys: Any, prefix: str, what: str) -> str:
    """The one key that ``prefix`` names (case-insensitive), or a one-line NotFound."""
    wanted = prefix.strip().upper()
    if not wanted:
        raise NotFound(f"no {what} id given")
    if wanted in keys:
        return wanted
    matches = [key for key in keys if key.upper().startswith(wanted)]
    if not matches:
        raise NotFound(f"no {what} with id '{prefix}'")
    if len(matches) > 1:
        shown = ", ".join(sorted(matches)[:5]) + (", ..." if len(matches) > 5 else "")
        raise NotFound(f"ambiguous {what} id '{prefix}' (matches: {shown})")
    return matches[0]


class Board:
    """The items and the team as of one read, seen at the moment ``now``."""

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        settings: Settings,
        now: pendulum.DateTime,
        *,
        parsed: "Board | None" = None,
        cache: ParseCache | None = None,
    ) -> None:
        self._data = data or {}
        self.settings = settings
        self.now = now
        self._cache = cache
        self._placements: dict[str, Placement] = {}
        if cache is not None:
            minute = now.int_timestamp // 60
            if cache.minute != minute:
                cache.placements.clear()
                cache.minute = minute
        if parsed is not None:  # same records, another moment: reuse the parsing
            for name in ("items", "team", "_item_problems", "_team_problems"):
                if name in parsed.__dict__:
                    self.__dict__[name] = parsed.__dict__[name]

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any] | None, settings: Settings, now: pendulum.DateTime, cache: ParseCache | None = None
    ) -> "Board":
        return cls(data, settings, now, cache=cache)

    def at(self, now: pendulum.DateTime) -> "Board":
        """The same records seen at another moment (for the clock tick)."""
        return Board(self._data, self.settings, now, parsed=self)

    # records ---------------------------------------------------------------

    @cached_property
    def raw_items(self) -> Mapping[str, Any]:
        """The item records that are not deleted (tombstones stay in the file, unseen)."""
        return _live(self._data.get(ITEMS, {}))

    @cached_property
    def _parsed_items(self) -> tuple[dict[str, Item], list[Problem]]:
        return _parse_table(self.raw_items, Item, ITEMS, self._cache.items if self._cache else None)

    @cached_property
    def items(self) -> dict[str, Item]:
        return self._parsed_items[0]

    @cached_property
    def _item_problems(self) -> list[Problem]:
        return self._parsed_items[1]

    @cached_property
    def _parsed_team(self) -> tuple[dict[str, Member], list[Problem]]:
        return _parse_table(_live(self._data.get(TEAM, {})), Member, TEAM)

    @cached_property
    def team(self) -> dict[str, Member]:
        return self._parsed_team[0]

    @cached_property
    def _team_problems(self) -> list[Problem]:
        return self._parsed_team[1]

    @property
    def problems(self) -> list[Problem]:
        return [*self._item_problems, *self._team_problems]

    @cached_property
    def meta(self) -> dict[str, Any]:
        return dict(self._data.get(META, {}).get("chief", {}))

    def item(self, item_id: str) -> Item:
        """One item by its full id, parsed on its own (no need to read the others)."""
        if "items" in self.__dict__ and item_id in self.items:
            return self.items[item_id]
        record = self._data.get(ITEMS, {}).get(item_id)  # one record: no need to look at the others
        if record is None or not is_live(record):
            raise NotFound(f"no item with id '{item_id}'")
        try:
            return Item.from_record(item_id, record)
        except InvalidRecord as err:
            raise NotFound(f"item {item_id} cannot be read ({err}); see 'chief doctor'") from None

    def find_item(self, prefix: str) -> Item:
        whole = prefix.strip().upper()
        if whole in self._data.get(ITEMS, {}) and is_live(self._data[ITEMS][whole]):
            return self.item(whole)  # a full id, as the dashboard passes: no search
        return self.item(find_key(self.raw_items, prefix, "item"))

    def find_member(self, prefix: str) -> Member:
        return self.team[find_key(self.team, prefix, "member")]

    def member_name(self, member_id: str | None) -> str | None:
        if member_id is None:
            return None
        member = self.team.get(member_id)
        return member.name if member else f"? {member_id[:8]}"

    # where things sit ------------------------------------------------------

    @cached_property
    def horizon(self) -> pendulum.DateTime:
        return horizon_end(self.now, self.settings.horizon_days)

    @cached_property
    def now_stamp(self) -> str:
        return utc_stamp(self.now)

    def placement(self, item: Item) -> Placement:
        found = self._placements.get(item.id)
        if found is None or "items" not in self.__dict__ or self.items.get(item.id) is not item:
            shared = self._cache.placements.get(item.id) if self._cache is not None else None
            if shared is not None and shared[0] is item:
                found = shared[1]
            else:
                found = place(item, self.now, self.horizon if item.due else None)  # no date work without a due
                if self._cache is not None and self.items.get(item.id) is item:
                    self._cache.placements[item.id] = (item, found)
            self._placements[item.id] = found
        return found

    def due(self, item: Item) -> Due | None:
        return parse_due(item)

    def on_board(self, item: Item) -> bool:
        """Open and not put away: snoozed, or waiting with a follow-up still to come."""
        if not item.is_open:
            return False
        if item.snoozed_until and item.snoozed_until > self.now_stamp:
            return False
        if item.status == "waiting" and item.follow_up and item.follow_up > self.now_stamp:
            return False
        return True

    @cached_property
    def _groups(self) -> _Groups:
        quadrants: dict[int, list[tuple]] = {1: [], 2: [], 3: [], 4: []}
        inbox: list[Item] = []
        interrupts: list[Item] = []
        overdue = put_away = 0
        zone_name = self.now.timezone_name
        for item in self.items.values():
            if not self.on_board(item):
                put_away += item.is_open
                continue
            placement = self.placement(item)
            overdue += placement.overdue
            if item.in_interrupt_queue:
                interrupts.append(item)
            elif placement.quadrant is None:
                inbox.append(item)
            else:
                deadline = stored_deadline(item.due, zone_name) if item.due else float("inf")
                quadrants[placement.quadrant].append((deadline, item.created, item.id, item))
        by_age = lambda i: (i.created, i.id)  # noqa: E731
        return _Groups(
            quadrants={q: [row[-1] for row in sorted(rows, key=_first_three)] for q, rows in quadrants.items()},
            inbox=sorted(inbox, key=by_age),
            interrupts=sorted(interrupts, key=by_age),
            overdue=overdue,
            put_away=put_away,
        )

    def quadrant(self, number: int) -> list[Item]:
        """The items shown in a quadrant: soonest due first, then oldest first."""
        return self._groups.quadrants[number]

    def inbox(self) -> list[Item]:
        return self._groups.inbox

    def interrupts(self) -> list[Item]:
        """The interrupt queue, oldest first."""
        return self._groups.interrupts

    def overdue_count(self) -> int:
        return self._groups.overdue

    def put_away_count(self) -> int:
        return self._groups.put_away

    def open_items(self) -> list[Item]:
        return sorted((i for i in self.items.values() if i.is_open), key=lambda i: (i.created, i.id))

    # the team --------------------------------------------------------------

    @cached_property
    def _loads(self) -> dict[str, Load]:
        effort: dict[str, int] = {}
        counts: dict[str, list[int]] = {}
        for item in self.items.values():
            if item.assignee is None or not item.is_open:
                continue
            effort[item.assignee] = effort.get(item.assignee, 0) + (
                item.effort if item.effort is not None else self.settings.default_effort
            )
            open_, late, waiting = counts.setdefault(item.assignee, [0, 0, 0])
            counts[item.assignee] = [open_ + 1, late + self.placement(item).overdue, waiting + (item.status == "waiting")]
        return {
            m.id: Load(effort.get(m.id, 0), m.capacity, *counts.get(m.id, [0, 0, 0])) for m in self.team.values()
        }

    def load(self, member_id: str) -> Load:
        return self._loads[member_id]

    def members_by_load(self) -> list[Member]:
        """The team, least loaded first (the order to offer when delegating)."""
        return sorted(self.team.values(), key=lambda m: (m.away, self.load(m.id).ratio, m.name.casefold()))
