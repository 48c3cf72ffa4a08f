"""The team as the chief leads it: names, who is away, each member's plate, whom to offer work to.

Pure views of one :class:`~chief.store.domain.board.Board`; the commands that
change the team are the desk's (``team_add``, ``team_edit``, ``team_remove``,
``team_away``, ``team_back``, ``assign_many``).

- Names are one person ignoring case, width and spacing (``name_key``): "Li Na",
  "li  na" and "Ｌｉ Ｎａ" are the same member.
- A member's plate is every open item assigned to them, wherever it sits,
  snoozed and waiting ones included, grouped as the board groups them,
  overdue first in each group.
- Delegation offers the members who are in, have spare capacity and usually
  handle the item's category first; then the others in by load; members who
  take no new work (capacity 0) after them; those away today last.
"""

from __future__ import annotations

import datetime
import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterable, Mapping, NamedTuple

from chief.store.domain.board import INBOX, INTERRUPTS, Board, load_ratio
from chief.store.domain.model import Item, Member
from chief.store.domain.quadrant import QUADRANTS
from chief.store.domain.quickadd import fold
from chief.store.errors import CommandError
from chief.store.i18n import N_, _

if TYPE_CHECKING:
    from chief.store.domain.config import Settings
    from chief.store.domain.lazy_pendulum import pendulum

ME, TO_INBOX = "me", "inbox"  # where a removed member's items may go besides another member
AWAY_REASONS = {"leave": N_("on leave"), "trip": N_("on a trip"), "sick": N_("off sick")}
_REASON_WORDS = {  # what the chief may type for the usual reasons, either language
    "leave": "leave", "vacation": "leave", "holiday": "leave", "请假": "leave", "休假": "leave", "年假": "leave",
    "trip": "trip", "business trip": "trip", "travel": "trip", "出差": "trip",
    "sick": "sick", "ill": "sick", "病假": "sick", "生病": "sick",
}
AWAY_RESET: Mapping[str, Any] = MappingProxyType({"away": False, "away_until": None, "away_reason": ""})  # in, at work
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def name_key(name: str) -> str:
    """A member's name as compared: case, full/half width and spacing ignored (NFKC + casefold)."""
    return " ".join(fold(name).split())


def named(board: Board, name: str, *, removed: bool | None = None) -> Member | None:
    """The member (by default removed or not) whose name is ``name`` ignoring case and width, or None."""
    key = name_key(name)
    for member in board.members.values():
        if name_key(member.name) == key and (removed is None or member.removed == removed):
            return member
    return None


def reason_code(text: str) -> str:
    """An away reason as stored: "leave", "trip", "sick" for the usual words (请假, 出差, 病假 too), else as typed."""
    text = " ".join(text.split())
    return _REASON_WORDS.get(fold(text), text)


def return_day(text: str, settings: "Settings", now: "pendulum.DateTime") -> datetime.date:
    """The day an away member is back: an ISO day, or WHEN text ("fri", "下周一", "12/7") in the office's calendar."""
    from chief.store.domain.when import parse_when

    text = text.strip()
    if _ISO_DAY.fullmatch(text):
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(_("not a day: {text}").format(text=text)) from None
    else:
        due = parse_when(text, now, day_start=settings.day_start, day_end=settings.day_end,
                         working_day=settings.is_working_day)
        at = due.local_day(now.tzinfo)  # type: ignore[arg-type]
        day = datetime.date(at.year, at.month, at.day)
    if day <= datetime.date(now.year, now.month, now.day):
        raise CommandError(_("the day they are back must be after today"))
    return day


# views -----------------------------------------------------------------------------------


def open_items_of(board: Board, member_id: str) -> list[Item]:
    """Every open item assigned to ``member_id`` (snoozed, waiting and in the inbox too), oldest first."""
    return [i for i in board.open_items() if i.assignee == member_id]


def due_before_return(board: Board, member_id: str, today: datetime.date | None = None) -> list[Item]:
    """An away member's open items that fall due before the day they are back, soonest first.

    With no return day, every dated open item of theirs (nobody knows when they
    are back). Nothing for a member who is not away ``today``.
    """
    member = board.members.get(member_id)
    if member is None or not member.is_away(today or board.today):
        return []
    found = []
    for item in open_items_of(board, member_id):
        due = board.due(item)
        if due is None:
            continue
        at = due.local_day(board.now.tzinfo)  # type: ignore[arg-type]
        if member.away_until is None or datetime.date(at.year, at.month, at.day).isoformat() < member.away_until:
            found.append(item)
    return sorted(found, key=lambda i: (board.deadline_stamp(i), i.created, i.id))


class PlateGroup(NamedTuple):
    """One group of a member's plate: its label (translated) and its items."""

    label: str
    items: list[Item]


_PLATE_ORDER: tuple[int | str, ...] = (INTERRUPTS, 1, 2, 3, 4, INBOX)
_PLATE_LABELS = {INTERRUPTS: N_("Interrupts"), INBOX: N_("Inbox"), **QUADRANTS}


def member_plate(board: Board, member_id: str | None) -> list[PlateGroup]:
    """Every open item of a member (``None``: the chief's own), grouped as the board shows them.

    Groups in the board's order (interrupts, quadrants 1-4, inbox), only those
    with items; in each, overdue first, then the board's own order. Snoozed and
    waiting items are there too (``Item.is_snoozed``, ``status == "waiting"``
    say which, for a mark). The chief's own plate holds the items of removed
    members as well (``Board.holder``).
    """
    groups: dict[int | str, list[Item]] = {}
    for item in board.open_items():
        if board.holder(item) == member_id:
            groups.setdefault(board.slot_of(item), []).append(item)
    plate = []
    for slot in _PLATE_ORDER:
        if slot in groups:
            items = sorted(groups[slot], key=lambda i: (not board.placement(i).overdue, board.order_key(i)))
            plate.append(PlateGroup(_(_PLATE_LABELS[slot]), items))
    return plate


def assign_offers(board: Board, item: Item | None = None, today: datetime.date | None = None,
                  extra: Mapping[str, int] | None = None) -> list[Member]:
    """The team in the order to offer when delegating ``item``.

    First the members in today with spare capacity who usually handle the
    item's category, then the others with spare capacity, then the rest in by
    load (least loaded first); then those who take no new work (capacity 0);
    those away today last. Ties by name, then id: the order is stable.
    ``extra``: minutes of work about to be given to some (by id), counted in
    their load (handing on several items spreads them).
    """
    day = today or board.today
    category = item.category if item is not None else None
    extra = extra or {}

    def key(member: Member) -> tuple:
        load = board.load(member.id)
        ratio = load_ratio(load.effort + extra.get(member.id, 0), load.capacity, load.open + (member.id in extra))
        if member.is_away(day):
            tier = 4
        elif not member.capacity:
            tier = 3
        elif ratio < 1.0:
            tier = 0 if category is not None and category in member.categories else 1
        else:
            tier = 2
        return tier, ratio, name_key(member.name), member.id

    return sorted(board.team.values(), key=key)


def hand_on_plan(board: Board, items: Iterable[Item], leaving: str) -> list[tuple[Item, Member | None]]:
    """Whom to recommend for each of a leaving (or away) member's items: the best offer for it, in turn.

    Each item goes to the first of :func:`assign_offers` who is in today and
    takes work, counting what the items before it already gave them, so the
    work is spread rather than piled on one desk; None (the chief) when nobody
    in can take it.
    """
    given: dict[str, int] = {}
    plan: list[tuple[Item, Member | None]] = []
    for item in items:
        offers = [m for m in assign_offers(board, item, extra=given)
                  if m.id != leaving and not board.is_away(m) and m.capacity]
        taker = offers[0] if offers else None
        if taker is not None:
            effort = board.settings.minutes_counted(item.effort)
            given[taker.id] = given.get(taker.id, 0) + effort
        plan.append((item, taker))
    return plan


def is_me(word: str) -> bool:
    """Whether ``word`` means the chief ("me", in either language; "@me" too), wherever a member may be named."""
    word = fold(word).removeprefix("@")  # (NFKC made a full-width ＠ plain)
    return word in (ME, fold(_("me")))


__all__ = [
    "AWAY_REASONS", "AWAY_RESET", "ME", "TO_INBOX", "PlateGroup", "assign_offers", "due_before_return", "hand_on_plan", "is_me",
    "member_plate", "name_key", "named", "open_items_of", "reason_code", "return_day",
]
