"""A snapshot of the data file, with the views the dashboard and the CLI share.

The board is built from the raw tables once per read. Records that cannot be
read are not dropped: they are listed as problems (and stay in the file), so a
bad record from another machine is seen and never silently lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

import pendulum

from store.config import Settings
from store.model import InvalidRecord, Item, Member
from store.quadrant import Placement, horizon_end, parse_due, place
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


def _read_records(table: Mapping[str, Any], cls: type, name: str, problems: list[Problem]) -> dict:
    records = {}
    for record_id, record in table.items():
        try:
            records[record_id] = cls.from_record(record_id, record)
        except InvalidRecord as err:
            problems.append(Problem(name, record_id, str(err)))
    return records


@dataclass
class Board:
    items: dict[str, Item]
    team: dict[str, Member]
    problems: list[Problem]
    meta: dict[str, Any]
    settings: Settings
    now: pendulum.DateTime
    _placements: dict[str, Placement] = field(default_factory=dict, repr=False)

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None, settings: Settings, now: pendulum.DateTime) -> "Board":
        data = data or {}
        problems: list[Problem] = []
        items = _read_records(data.get(ITEMS, {}), Item, ITEMS, problems)
        team = _read_records(data.get(TEAM, {}), Member, TEAM, problems)
        meta = dict(data.get(META, {}).get("chief", {}))
        return cls(items, team, problems, meta, settings, now)

    @cached_property
    def horizon(self) -> pendulum.DateTime:
        return horizon_end(self.now, self.settings.horizon_days)

    def placement(self, item: Item) -> Placement:
        found = self._placements.get(item.id)
        if found is None:
            found = self._placements[item.id] = place(item, self.now, self.horizon)
        return found

    def due(self, item: Item) -> Due | None:
        return parse_due(item)

    def on_board(self, item: Item) -> bool:
        """Open and not put away: snoozed, or waiting with a follow-up still to come."""
        if not item.is_open:
            return False
        stamp = self.now.in_timezone("UTC").format("YYYY-MM-DDTHH:mm:ss[Z]")
        if item.snoozed_until and item.snoozed_until > stamp:
            return False
        if item.status == "waiting" and item.follow_up and item.follow_up > stamp:
            return False
        return True

    def _sort_key(self, item: Item) -> tuple:
        due = parse_due(item)
        deadline = due.deadline(self.now.timezone).int_timestamp if due else float("inf")
        return (deadline, item.created, item.id)

    def quadrant(self, number: int) -> list[Item]:
        """The items shown in a quadrant: soonest due first, then oldest first."""
        chosen = [
            i for i in self.items.values()
            if self.on_board(i) and not i.in_interrupt_queue and self.placement(i).quadrant == number
        ]
        return sorted(chosen, key=self._sort_key)

    def inbox(self) -> list[Item]:
        chosen = [i for i in self.items.values() if self.on_board(i) and i.status == "inbox" and not i.is_interrupt]
        return sorted(chosen, key=lambda i: (i.created, i.id))

    def interrupts(self) -> list[Item]:
        """The interrupt queue, oldest first."""
        chosen = [i for i in self.items.values() if i.in_interrupt_queue and self.on_board(i)]
        return sorted(chosen, key=lambda i: (i.created, i.id))

    def open_items(self) -> list[Item]:
        return sorted((i for i in self.items.values() if i.is_open), key=lambda i: (i.created, i.id))

    def overdue_count(self) -> int:
        return sum(1 for i in self.items.values() if self.on_board(i) and self.placement(i).overdue)

    def load(self, member_id: str) -> Load:
        member = self.team[member_id]
        mine = [i for i in self.items.values() if i.assignee == member_id and i.is_open]
        effort = sum(i.effort if i.effort is not None else self.settings.default_effort for i in mine)
        return Load(
            effort=effort,
            capacity=member.capacity,
            open=len(mine),
            overdue=sum(1 for i in mine if self.placement(i).overdue),
            waiting=sum(1 for i in mine if i.status == "waiting"),
        )

    def members_by_load(self) -> list[Member]:
        """The team, least loaded first (the order to offer when delegating)."""
        return sorted(self.team.values(), key=lambda m: (m.away, self.load(m.id).ratio, m.name.casefold()))

    def member_name(self, member_id: str | None) -> str | None:
        if member_id is None:
            return None
        member = self.team.get(member_id)
        return member.name if member else f"? {member_id[:8]}"

    def find_item(self, prefix: str) -> Item:
        return find(self.items, prefix, "item")

    def find_member(self, prefix: str) -> Member:
        return find(self.team, prefix, "member")


def find(records: Mapping[str, Any], prefix: str, what: str) -> Any:
    """The record whose id starts with ``prefix`` (case-insensitive); it must be unique."""
    wanted = prefix.strip().upper()
    if not wanted:
        raise NotFound(f"no {what} id given")
    if wanted in records:
        return records[wanted]
    matches = [key for key in records if key.upper().startswith(wanted)]
    if not matches:
        raise NotFound(f"no {what} with id '{prefix}'")
    if len(matches) > 1:
        shown = ", ".join(sorted(matches)[:5]) + (", ..." if len(matches) > 5 else "")
        raise NotFound(f"ambiguous {what} id '{prefix}' (matches: {shown})")
    return records[matches[0]]
