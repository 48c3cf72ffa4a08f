"""A snapshot of the data file, with the views the dashboard and the CLI share.

The board is built from the raw tables of one read. Records are parsed only
when asked for, and the views (quadrants, queue, inbox, loads) are derived in
one pass and kept, so a capture that touches one item does not pay for five
thousand; after a command, the desk derives the next board from the last one
by moving only the changed items (store/domain/board_update.py). Records that cannot
be read are not dropped: they are listed as problems (and stay in the file),
so a bad record from another machine is seen and never silently lost.
"""

from __future__ import annotations

import datetime
from functools import cached_property

from chief.store.domain.lazy_pendulum import pendulum
from chief.store.i18n import N_, _

from chief.store.domain.config import Settings
from chief.store.sync.merge import is_live
from chief.store.domain.model import InvalidRecord, Item, Member, reading_many
from chief.store.domain.quadrant import Placement, horizon_end, parse_due, place, stored_deadline
from chief.store.domain import wallclock
from chief.store.domain.wallclock import utc_stamp
from chief.store.domain.when import Due
from chief.store.errors import ChiefError
from chief.store.structs import struct

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Mapping


ITEMS, TEAM, META = "items", "team", "meta"
COLUMNS_FROM = 200  # a list's first rows whose due, assignee and category set its panel's column widths (tui/widgets/item_list.py)
_PROBLEM_WORDS = {ITEMS: N_("items {id}: {reason}"), TEAM: N_("team {id}: {reason}")}  # the tables' names as English has always said them


class NotFound(ChiefError, LookupError):
    """An id or prefix that names no record, or more than one; one line."""


class AmbiguousTitle(NotFound):
    """Words found in the titles of several open items: the line says so, and ``matches`` which they are."""

    def __init__(self, message: str, matches: list[Item], width: int = 26) -> None:
        super().__init__(message)
        self.matches = matches
        self.width = width  # as many characters of each id as tell it from every other in the file


def by_title(items: Any, words: str) -> list[Item]:
    """The open items whose title holds every one of ``words``; a title that is exactly the words wins alone.

    Found as the dashboard's ``/`` and ``chief search`` find (``Query``: full-width
    forms and case ignored, pinyin for Latin letters), but in the title only: a
    command taken on an item by its words is never taken on words in its notes.
    Pinyin is tried only when no title has the words as typed: ``chief done why``
    is the item saying "why", not also every 会议, and a command line spells no
    title out in pinyin when the words are there as typed.
    """
    from chief.store.domain.quickadd import fold
    from chief.store.reports.search import Query

    query = Query(words.split())
    if not query:
        return []
    open_items = [i for i in items if i.is_open]
    found = [i for i in open_items if query.in_title(i, pinyin=False)] or [i for i in open_items if query.in_title(i)]
    wanted = " ".join(query.words)
    exact = [i for i in found if " ".join(fold(i.title).split()) == wanted]
    return exact if len(exact) == 1 else found


@struct(frozen=True, slots=True)
class Problem:
    """A record the board could not read: its table, its id and why."""

    table: str
    id: str
    reason: str

    def __str__(self) -> str:
        said = _PROBLEM_WORDS.get(self.table)
        if said is None:
            return _("{table} {id}: {reason}").format(table=self.table, id=self.id, reason=self.reason)
        return _(said).format(id=self.id, reason=self.reason)


def load_ratio(effort: int, capacity: int, count: int = 0) -> float:
    """Work against capacity, the one rule: capacity 0 (someone who takes no new work) is at 0 with nothing
    (no effort and no items, ``count``) and over with anything (infinite)."""
    if capacity:
        return effort / capacity
    return float("inf") if effort or count else 0.0


def ratio_percent(ratio: float) -> int | None:
    """A load ratio in percent; None for infinite (capacity 0 and some work): no stand-in number."""
    return None if ratio == float("inf") else round(ratio * 100)


@struct(frozen=True, slots=True)
class Load:
    """A member's open work against their weekly capacity: what "load" means everywhere.

    Every open item assigned to them counts, wherever it sits: on the board,
    in the inbox, snoozed or waiting (``snoozed`` and ``waiting`` say how many
    of ``open`` are put away or wait on someone), each by its effort estimate
    (the default effort without one). Capacity 0 is someone who takes no new
    work: with nothing on their plate they are at 0%, with anything they are
    over (``ratio`` is infinite, ``percent`` None; see :func:`load_ratio`).
    """

    effort: int  # open effort, minutes
    capacity: int
    open: int
    overdue: int
    waiting: int
    snoozed: int = 0

    @property
    def ratio(self) -> float:
        return load_ratio(self.effort, self.capacity, self.open)

    @property
    def percent(self) -> int | None:
        return ratio_percent(self.ratio)

    @property
    def spare(self) -> int:
        """Minutes of capacity left this week (0 when full or over)."""
        return max(0, self.capacity - self.effort)

    @property
    def overloaded(self) -> bool:
        return self.ratio > 1.0


INBOX, INTERRUPTS = "inbox", "interrupts"  # the board's lists besides the quadrants 1-4
Slot = int | str | None  # which list an item is shown in; None: not shown (closed, or put away)
NEVER = "~"  # sorts after every stored time


@struct
class _Groups:
    """Where every item on the board sits (computed in one pass, or updated from the last board)."""

    lists: dict[int | str, list[Item]]  # by slot, each in its order (see ``Board._order``)
    overdue: int
    put_away: int  # open, but snoozed or waiting until a follow-up: off the board, never forgotten
    wake: str = NEVER  # no put-away item comes back before this stamp (it may be earlier than needed)


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


MANY_RECORDS = 64  # more records than a capture reads: worth compiling the stamps' patterns for


def _parse_table(
    table: Mapping[str, Any], cls: type, name: str, cache: dict[str, tuple[Any, Any]] | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    records, problems = {}, []
    fresh: dict[str, tuple[Any, Any]] = {}
    if len(table) > MANY_RECORDS:
        reading_many()  # the stamps' forms by compiled patterns: a capture's one record is checked by hand
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


def _by_age(item: Item) -> tuple[str, str]:
    return item.created, item.id


def add_tally(tallies: dict[str, list[int]], tally: tuple[str, tuple[int, ...]], sign: int) -> None:
    """Add (sign 1) or take back (sign -1) one item's part of its assignee's load."""
    assignee, part = tally
    total = tallies.setdefault(assignee, [0] * len(part))
    total[:] = [t + sign * p for t, p in zip(total, part)]
    if not total[1]:  # no open item left: as if never counted
        del tallies[assignee]


def _with_capacity(tally: list[int] | None, capacity: int) -> tuple[int, int, int, int, int, int]:
    effort, open_, overdue, waiting, snoozed = tally or (0, 0, 0, 0, 0)
    return effort, capacity, open_, overdue, waiting, snoozed


def arrival(item: Item) -> tuple[str, str]:
    """The order emergencies arrived in: the oldest first (the header's clock runs from ``item.created``)."""
    return item.created, item.id


def distinct_values(board: Board, items: Iterable[Item]) -> tuple[list[Due], list[str], list[str]]:
    """The different dues (read), assignees and categories of ``items``, each once (see ``Board.column_values``)."""
    dues: dict[str, Item] = {}
    who: dict[str, None] = {}
    categories: dict[str, None] = {}
    for item in items:
        if item.due and item.due not in dues:
            dues[item.due] = item
        if item.assignee:
            who[item.assignee] = None
        if item.category:
            categories[item.category] = None
    read = [board.due(item) for item in dues.values()]
    return [due for due in read if due is not None], list(who), list(categories)


def _live(table: Any) -> dict[str, Any]:
    if not isinstance(table, dict):
        return {}
    return {key: record for key, record in table.items() if is_live(record)}


def find_key(keys: Any, prefix: str, what: str) -> str:
    """The one key that ``prefix`` names (case-insensitive), or a one-line NotFound."""
    wanted = prefix.strip().upper()
    what = _(what)  # N_("item") or N_("member"), said in the user's language
    if not wanted:
        raise NotFound(_('no {what} id given').format(what=what))
    if wanted in keys:
        return wanted
    matches = [key for key in keys if key.upper().startswith(wanted)]
    if not matches:
        raise NotFound(_("no {what} with id '{prefix}'").format(what=what, prefix=prefix))
    if len(matches) > 1:
        shown = ", ".join(sorted(matches)[:5]) + (", ..." if len(matches) > 5 else "")
        raise NotFound(_("ambiguous {what} id '{prefix}' (matches: {shown})").format(what=what, prefix=prefix, shown=shown))
    return matches[0]


class Board:
    """The items and the team as of one read, seen at the moment ``now``."""

    partial = False  # True for the first screen's board (store/domain/first_board.py): its lists hold only their first rows

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
            minute = wallclock.seconds(now) // 60
            if cache.minute != minute:
                cache.placements.clear()
                cache.minute = minute
        if parsed is not None:  # same records, another moment: reuse the parsing
            for name in ("items", "members", "team", "_item_problems", "_team_problems"):
                if name in parsed.__dict__:
                    self.__dict__[name] = parsed.__dict__[name]

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any] | None, settings: Settings, now: pendulum.DateTime, cache: ParseCache | None = None
    ) -> "Board":
        return cls(data, settings, now, cache=cache)

    def list_change(self, items: list[Item]) -> tuple[list[Item], list[Item], list[Item]] | None:
        """How ``items``, one of this board's lists, was made from the board it was derived from
        after a command (store/domain/board_update.py): that board's list, the items taken out of
        it and the items put in, each in its place by the list's order; None for a list made afresh
        (or shared as it was: then it is the old board's very list)."""
        change = self.__dict__.get("_list_changes", {}).get(id(items))
        return change[1:] if change is not None and change[0] is items else None

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
    def members(self) -> dict[str, Member]:
        """Every member record, the removed ones too (their closed items keep a name)."""
        return self._parsed_team[0]

    @cached_property
    def team(self) -> dict[str, Member]:
        """The team as it is: the members not removed."""
        return {key: member for key, member in self.members.items() if not member.removed}

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
            raise NotFound(_("no item with id '{item_id}'").format(item_id=item_id))
        try:
            return Item.from_record(item_id, record)
        except InvalidRecord as err:
            raise NotFound(_("item {item_id} cannot be read ({err}); see 'chief doctor'").format(item_id=item_id, err=err)) from None

    def find_item(self, prefix: str) -> Item:
        """The item with this id, or unique id prefix; when no id starts so, the open item with these words in its title.

        Several titles holding the words is :class:`AmbiguousTitle` (which lists
        them): a decision about an item is never taken on a guess.
        """
        whole = prefix.strip().upper()
        if whole in self._data.get(ITEMS, {}) and is_live(self._data[ITEMS][whole]):
            return self.item(whole)  # a full id, as the dashboard passes: no search
        if not whole or any(key.upper().startswith(whole) for key in self.raw_items):
            return self.item(find_key(self.raw_items, prefix, N_("item")))
        found = sorted(by_title(self.items.values(), prefix), key=lambda i: (i.created, i.id))
        if len(found) == 1:
            return found[0]
        if found:
            from chief.store.domain.ids import shown_width

            said = _("'{words}' is in the titles of {n} open items: say which by id").format(words=prefix, n=len(found))
            raise AmbiguousTitle(said, found, shown_width(self.raw_items))
        raise NotFound(_("no item with id '{prefix}', nor an open item with it in its title").format(prefix=prefix))

    def find_member(self, prefix: str) -> Member:
        return self.team[find_key(self.team, prefix, N_("member"))]

    def member_name(self, member_id: str | None) -> str | None:
        """The name of an item's assignee, a removed member's too; "? 01KB..." for an id nobody has."""
        if member_id is None:
            return None
        member = self.members.get(member_id)
        return member.name if member else f"? {member_id[:8]}"

    def holder(self, item: Item) -> str | None:
        """Who holds the item: a member of the team by id, or None for the chief.

        An item assigned to a removed member (another machine assigned it while
        apart from the removal), or to an id no record has, is the chief's: it
        is counted in nobody's load and shown with a mark that says whose it
        was (``orphaned``), never left with nobody.
        """
        return item.assignee if item.assignee in self.team else None

    def orphaned(self) -> list[Item]:
        """Open items assigned to someone who is not in the team (removed, or unknown), oldest first."""
        return [i for i in self.open_items() if i.assignee is not None and i.assignee not in self.team]

    @property
    def today(self) -> datetime.date:
        """The office's day at ``now``."""
        return datetime.date(self.now.year, self.now.month, self.now.day)

    def is_away(self, member: Member) -> bool:
        """Away today (back by themselves on their return day)."""
        return member.is_away(self.today)

    # where things sit ------------------------------------------------------

    @cached_property
    def horizon(self) -> datetime.datetime:
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

    def column_values(self, items: list[Item]) -> tuple[list[Due], list[str], list[str]]:
        """What sets the widths of the columns of a panel showing ``items``: the different dues, assignees and
        categories of its first :data:`COLUMNS_FROM` items (the panel works out how wide their words are)."""
        return distinct_values(self, items[:COLUMNS_FROM])

    def on_board(self, item: Item) -> bool:
        """Open and not put away (snoozed, or waiting with a follow-up still to come).

        An overdue item is never put away: its deadline is someone else's, and
        a snooze or a wait must not hide it once it is late.
        """
        if not item.is_open:
            return False
        snoozed = item.is_snoozed(self.now_stamp)
        waiting = item.status == "waiting" and item.follow_up and item.follow_up > self.now_stamp
        return not (snoozed or waiting) or self.deadline_stamp(item) <= self.now_stamp

    def deadline_stamp(self, item: Item) -> str:
        """When the item turns overdue, as a stored time; NEVER without a (readable) due."""
        deadline = stored_deadline(item.due, wallclock.zone_name(self.now)) if item.due else float("inf")
        if deadline == float("inf"):  # no due, or one this version cannot read
            return NEVER
        return utc_stamp(datetime.datetime.fromtimestamp(deadline, datetime.timezone.utc))

    def _slot(self, item: Item) -> Slot:
        """The list the item is shown in: a quadrant, the inbox or the interrupt queue; None if none."""
        if not self.on_board(item):
            return None
        if item.in_interrupt_queue:
            return INTERRUPTS
        quadrant = self.placement(item).quadrant
        return INBOX if quadrant is None else quadrant

    def _order(self, slot: int | str) -> Callable[[Item], tuple]:
        """The sort key of a list: quadrants soonest due first, then oldest first; the others oldest first."""
        if slot in (INBOX, INTERRUPTS):
            return _by_age
        zone = wallclock.zone_name(self.now)
        # an emergency comes first, whatever its due time; then soonest due, then oldest
        return lambda item: (item.emergency is None, stored_deadline(item.due, zone) if item.due else float("inf"), item.created, item.id)

    def slot_of(self, item: Item) -> int | str:
        """The list ``item`` belongs to, put away or not: the interrupt queue, its quadrant, else the inbox."""
        return INTERRUPTS if item.in_interrupt_queue else self.placement(item).quadrant or INBOX

    def order_key(self, item: Item) -> tuple:
        """Where ``item`` sorts in the list it belongs to, as the dashboard sorts it (put away or not): see :meth:`_order`."""
        return self._order(self.slot_of(item))(item)

    def _back_at(self, item: Item) -> str:
        """When an item put away may come back (the earliest of its reasons); NEVER for a closed one."""
        if not item.is_open:
            return NEVER
        reasons = (item.snoozed_until, item.follow_up if item.status == "waiting" else None, self.deadline_stamp(item))
        return min((s for s in reasons if s and s > self.now_stamp), default=NEVER)

    @cached_property
    def _groups(self) -> _Groups:
        lists: dict[int | str, list[Item]] = {1: [], 2: [], 3: [], 4: [], INBOX: [], INTERRUPTS: []}
        groups = _Groups(lists, 0, 0)
        for item in self.items.values():
            slot = self._slot(item)
            if slot is None:
                groups.put_away += item.is_open
                groups.wake = min(groups.wake, self._back_at(item))
            else:
                groups.overdue += self.placement(item).overdue
                lists[slot].append(item)
        for slot, items in lists.items():
            items.sort(key=self._order(slot))
        return groups

    def quadrant(self, number: int) -> list[Item]:
        """The items shown in a quadrant: soonest due first, then oldest first."""
        return self._groups.lists[number]

    def inbox(self) -> list[Item]:
        return self._groups.lists[INBOX]

    def interrupts(self) -> list[Item]:
        """The interrupt queue, oldest first."""
        return self._groups.lists[INTERRUPTS]

    def listed(self, slot: int | str) -> int:
        """How many items the list ``slot`` (a quadrant's number, INBOX or INTERRUPTS) holds."""
        return len(self._groups.lists[slot])

    def overdue_count(self) -> int:
        return self._groups.overdue

    def put_away_count(self) -> int:
        return self._groups.put_away

    def open_items(self) -> list[Item]:
        return sorted((i for i in self.items.values() if i.is_open), key=_by_age)

    # the team --------------------------------------------------------------

    def _tally(self, item: Item) -> tuple[str, tuple[int, int, int, int, int]] | None:
        """What the item adds to its assignee's load: (effort, open, overdue, waiting, snoozed); None for nobody."""
        if item.assignee is None or not item.is_open:
            return None
        effort = self.settings.minutes_counted(item.effort)
        waiting = item.status == "waiting"
        snoozed = not waiting and not self.on_board(item)  # put away by a snooze (a late one is back on the board)
        return item.assignee, (effort, 1, int(self.placement(item).overdue), int(waiting), int(snoozed))

    @cached_property
    def _emergencies(self) -> list[Item]:
        """The open emergencies, the one that arrived first first (see ``steps.emergencies``; carried over by board_update)."""
        return sorted((i for i in self.items.values() if i.emergency and i.is_open), key=arrival)

    @cached_property
    def _tallies(self) -> dict[str, list[int]]:
        """Each assignee's (effort, open, overdue, waiting, snoozed), summed over their open items.

        The groups are worked out first: their ``wake`` tells the next board when a
        snooze ends, so counts carried over to it (board_update) are still right.
        """
        self._groups
        tallies: dict[str, list[int]] = {}
        for item in self.items.values():
            tally = self._tally(item)
            if tally is not None:
                add_tally(tallies, tally, 1)
        return tallies

    @cached_property
    def _loads(self) -> dict[str, Load]:
        return {m.id: Load(*_with_capacity(self._tallies.get(m.id), m.capacity)) for m in self.members.values()}

    def load(self, member_id: str) -> Load:
        return self._loads[member_id]

    def members_by_load(self) -> list[Member]:
        """The team, least loaded first, those away today last (see ``team.assign_offers`` for delegating)."""
        return sorted(self.team.values(), key=lambda m: (self.is_away(m), self.load(m.id).ratio, m.name.casefold(), m.id))

    def members_by_busiest(self) -> list[Member]:
        """The team, most loaded first (who is overloaded); ties by name, then id, so the order is stable."""
        return sorted(self.team.values(), key=lambda m: (-self.load(m.id).ratio, m.name.casefold(), m.id))
