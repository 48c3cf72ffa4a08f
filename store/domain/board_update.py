"""The next board after a few records changed, derived from the last one.

A keystroke changes one item; building the board again from the whole file
walks, parses and sorts every item. Here the new board starts from the last
board's views (shared until a change touches one, which is copied first: never
changed in place, the old board may still be on screen) and moves only the
changed items: each leaves the list it was in (found
by ``bisect`` on the list's own sort key) and its counts, as the old board saw
it, and enters where the new board places it. Both boards classify and order
items with the same ``Board`` methods a full build uses (``_slot``, ``_order``,
``_tally``), so the result is the full build's, item for item.

It is only done when that is plainly so. ``after`` returns None, and the caller
builds the board in full, unless

- the new data holds the same records as the old outside the given item ids
  (checked: one C-speed comparison of the tables with those ids taken out,
  where unchanged records are the very same objects), apart from tombstones
  dropped (those were not on the board) and the meta table (which the board
  does not read). The check is skipped only when the caller names the old
  board's own data as ``base``: the replica's word that the new data is a copy
  of it with only those items changed (its deferred save writes the file on
  the same word; the check was a walk over every record, 0.6 ms of a key at
  10,000 items);
- the old board had no unreadable item, and no changed record is unreadable.

The records (and the parsed items) do not depend on the time; where items sit
does. The views are carried over only when the settings are the same, the
clock is in the same minute and zone and has not gone back, and no put-away
item is due back yet (placements are kept per minute, as ``ParseCache`` does;
being put away is decided to the second). Otherwise the new board has the
records and works out its views in full, when asked.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from typing import Any, Iterable, Mapping

from chief.store.domain.board import ITEMS, TEAM, Board, ParseCache, _Groups, add_tally, arrival
from chief.store.domain.config import Settings
from chief.store.domain.lazy_pendulum import pendulum
from chief.store.sync.merge import is_live
from chief.store.domain.model import InvalidRecord, Item
from chief.store.domain import wallclock
from chief.store.domain.wallclock import utc_stamp
from chief.store.structs import replace


def after(
    old: Board,
    data: Mapping[str, Any],
    ids: Iterable[str],
    settings: Settings,
    now: pendulum.DateTime,
    cache: ParseCache | None = None,
    *,
    base: Mapping[str, Any] | None = None,
) -> Board | None:
    """The board of ``data`` at ``now``, from ``old``, when ``data`` differs from it only in items ``ids``.

    ``base``: the data that ``data`` was made from by changing only the items ``ids`` (the
    replica's word); when it is the old board's own, that is not checked again.
    """
    ids = set(ids)
    done = old.__dict__  # the views the old board has worked out (cached properties)
    if "items" not in done or old._item_problems:
        return None
    before, records = old._data.get(ITEMS, {}), data.get(ITEMS, {})
    if base is None or base is not old._data:
        if not (_same_except(before, records, ids) and _same_except(old._data.get(TEAM, {}), data.get(TEAM, {}), ())):
            return None

    new = Board(data, settings, now, cache=cache)
    raw, items = dict(old.raw_items), dict(old.items)
    changed: list[tuple[Item | None, Item | None]] = []
    for item_id in ids:
        record = records.get(item_id)
        fresh = None
        if record is not None and is_live(record):
            try:
                fresh = _parse(item_id, record, cache)
            except InvalidRecord:
                return None  # a problem to list: the full build does that
            raw[item_id], items[item_id] = record, fresh
        else:
            raw.pop(item_id, None)
            items.pop(item_id, None)
            if cache is not None:
                cache.items.pop(item_id, None)
        changed.append((old.items.get(item_id), fresh))

    new.__dict__.update(raw_items=raw, _parsed_items=(items, []), items=items, _item_problems=[])
    for name in ("_parsed_team", "members", "team", "_team_problems"):  # the same team records
        if name in done:
            new.__dict__[name] = done[name]
    if "_emergencies" in done:  # whether an item is an open emergency does not depend on the time
        kept = [item for item in done["_emergencies"] if item.id not in ids]
        kept.extend(came for _gone, came in changed if came is not None and came.emergency and came.is_open)
        new.__dict__["_emergencies"] = sorted(kept, key=arrival)
    if not _same_views(old, settings, now):
        return new  # the same records, but where they sit is worked out again (when asked)

    new._placements.update(old._placements)
    for item_id in ids:
        new._placements.pop(item_id, None)
    if "_groups" in done:
        # The lists are shared with the old board until a change touches one: that one is copied
        # first (``_own``). A list no item left or entered is the very same object, which tells
        # the panels showing it that nothing in it changed, without a look at its items.
        groups = replace(done["_groups"], lists=dict(done["_groups"].lists))
        copied: dict[int | str, tuple[list[Item], list[Item], list[Item], list[Item]]] = {}
        for gone, came in changed:
            if gone is not None and not _leave(groups, old, gone, copied):
                return None
            if came is not None:
                _enter(groups, new, came, copied)
        new.__dict__["_groups"] = groups
        new.__dict__["_list_changes"] = {id(change[0]): change for change in copied.values()}  # see Board.list_change
    if "_tallies" in done:
        tallies = {assignee: list(total) for assignee, total in done["_tallies"].items()}
        for gone, came in changed:
            for board, item, sign in ((old, gone, -1), (new, came, 1)):
                tally = board._tally(item) if item is not None else None
                if tally is not None:
                    add_tally(tallies, tally, sign)
        new.__dict__["_tallies"] = tallies
    return new


def _same_views(old: Board, settings: Settings, now: pendulum.DateTime) -> bool:
    """Whether every unchanged item sits where it sat on ``old``: same settings, same minute, none back yet."""
    return (
        settings == old.settings
        and wallclock.seconds(old.now) // 60 == wallclock.seconds(now) // 60
        and old.now <= now
        and wallclock.zone_name(old.now) == wallclock.zone_name(now)
        and ("_groups" not in old.__dict__ or utc_stamp(now) < old.__dict__["_groups"].wake)
    )


def _same_except(before: Mapping[str, Any], after: Mapping[str, Any], ids: set[str] | tuple) -> bool:
    """Whether two tables hold the same records outside ``ids`` (tombstones dropped from ``after`` aside)."""
    if before is after:
        return True
    a, b = dict(before), dict(after)
    for key in ids:
        a.pop(key, None)
        b.pop(key, None)
    if len(a) != len(b):  # tombstones collected: they were not on the board
        gone = a.keys() - b.keys()
        if any(is_live(a[key]) for key in gone):
            return False
        for key in gone:
            del a[key]
    return a == b  # unchanged records are the same objects: a pointer comparison each


def _parse(item_id: str, record: Any, cache: ParseCache | None) -> Item:
    known = cache.items.get(item_id) if cache is not None else None
    if known is not None and known[0] is record:
        return known[1]
    item = Item.from_record(item_id, record)
    if cache is not None:
        cache.items[item_id] = (record, item)
    return item


Copies = dict  # by slot: (the new list, the old list it was copied from, the items taken out, the items put in)


def _own(groups: _Groups, slot: int | str, copied: Copies) -> list[Item]:
    """The slot's list in ``groups``, copied the first time it is to change (the old board keeps its own)."""
    if slot not in copied:
        made = list(groups.lists[slot])
        copied[slot] = (made, groups.lists[slot], [], [])
        groups.lists[slot] = made
    return groups.lists[slot]


def _leave(groups: _Groups, board: Board, item: Item, copied: Copies) -> bool:
    """Take back the item's part in ``groups`` as ``board`` placed it; False if it is not where it should be."""
    slot = board._slot(item)
    if slot is None:
        groups.put_away -= item.is_open
        return True
    members, key = groups.lists[slot], board._order(slot)
    at = bisect_left(members, key(item), key=key)
    if at == len(members) or members[at] is not item:
        return False
    del _own(groups, slot, copied)[at]
    copied[slot][2].append(item)
    groups.overdue -= board.placement(item).overdue
    return True


def _enter(groups: _Groups, board: Board, item: Item, copied: Copies) -> None:
    """Add the item's part in ``groups`` as ``board`` places it."""
    slot = board._slot(item)
    if slot is None:
        groups.put_away += item.is_open
        groups.wake = min(groups.wake, board._back_at(item))
        return
    insort(_own(groups, slot, copied), item, key=board._order(slot))
    copied[slot][3].append(item)
    groups.overdue += board.placement(item).overdue
