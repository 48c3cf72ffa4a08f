"""Find anything: a word in a title, a note or a step, of open, closed and archived items.

Every word typed must be found somewhere in the item (title, notes, step
texts), compared ignoring case and full-width forms (or spelled in pinyin:
"hy" finds 会议), so "budget 2027" finds
the item whose title says budget and whose note says 2027. Results say where
each item is now: on the board (which list), waiting, snoozed, done on which
day, dropped, or in the archive of which year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Iterable

from chief.store.domain.board import Board
from chief.store.domain.model import Item
from chief.store.domain.pinyin import has_han, is_pinyin_query, pinyin_find
from chief.store.domain.quickadd import fold
from chief.store.i18n import _

PLACES = ("board", "inbox", "interrupts", "waiting", "snoozed", "done", "dropped", "archived")


@dataclass(frozen=True)
class Found:
    """One item a search found, and where it is."""

    item: Item
    place: str  # one of PLACES
    quadrant: int | None  # on the board: the quadrant (1-4), else None
    day: datetime.date | None  # done, dropped or archived: the day it was closed (local)
    archived: int | None  # the year of the archive file it is in, or None
    matched: tuple[str, ...]  # where the words were found: "title", "notes", "steps"

    @property
    def is_open(self) -> bool:
        return self.item.is_open and self.archived is None


def _haystacks(item: Item) -> dict[str, str]:
    return {
        "title": fold(item.title),
        "notes": fold(item.notes),
        "steps": fold("\n".join(step.text for step in item.steps)),
    }


def matches(item: Item, words: Iterable[str]) -> tuple[str, ...] | None:
    """Where each of ``words`` is found in the item (title, notes, steps); None when one is missing."""
    wanted = [fold(w) for w in words if w.strip()]
    if not wanted:
        return None
    hay = _haystacks(item)
    found: list[str] = []
    for word in wanted:
        places = [name for name, text in hay.items() if word in text]
        if not places and is_pinyin_query(word):  # "hy" finds 会议, as the dashboard's / filter does
            places = [name for name, text in hay.items() if has_han(text) and pinyin_find(word, text) is not None]
        if not places:
            return None
        found.extend(p for p in places if p not in found)
    return tuple(name for name in hay if name in found)


def where(board: Board, item: Item, archived: int | None = None) -> tuple[str, int | None, datetime.date | None]:
    """(place, quadrant, day) of an item, as :class:`Found` says them."""
    day = None
    if item.done_at:
        try:
            day = datetime.datetime.fromisoformat(item.done_at).astimezone(board.now.timezone).date()
        except ValueError:
            day = None
    if archived is not None:
        return "archived", None, day
    if not item.is_open:
        return item.status, None, day
    if item.in_interrupt_queue:
        return "interrupts", None, None
    if not board.on_board(item):
        return ("waiting" if item.status == "waiting" else "snoozed"), None, None
    quadrant = board.placement(item).quadrant
    return ("inbox", None, None) if quadrant is None else ("board", quadrant, None)


def search(board: Board, words: Iterable[str], archived: Iterable[Any] = ()) -> list[Found]:
    """Every item of the board (open and closed) and of ``archived`` (``Archived`` records) holding all ``words``.

    Open items first (emergencies, then by quadrant), then closed ones, most
    recently closed first, then the archive.
    """
    words = list(words)
    found: list[Found] = []
    seen: set[str] = set()
    for item in board.items.values():
        hit = matches(item, words)
        if hit:
            place, quadrant, day = where(board, item)
            found.append(Found(item, place, quadrant, day, None, hit))
            seen.add(item.id)
    for entry in archived:
        item = entry.item
        if item.id in seen:
            continue
        hit = matches(item, words)
        if hit:
            place, quadrant, day = where(board, item, entry.year)
            found.append(Found(item, place, quadrant, day, entry.year, hit))

    def key(f: Found) -> tuple:
        if f.is_open:
            return (0, f.item.emergency is None, f.quadrant or 9, PLACES.index(f.place), f.item.created, f.item.id)
        return (1 if f.archived is None else 2, "".join(chr(0x10FFFF - ord(c)) for c in (f.item.done_at or "")), f.item.id)

    return sorted(found, key=key)


def place_words(found: Found) -> str:
    """Where a found item is, in words: "Do now", "waiting", "done 1 Dec", "archived 2025"."""
    from chief.store.reports.in_words import PLACE_NAMES, day_words

    if found.place == "board" and found.quadrant:
        return _(PLACE_NAMES[found.quadrant - 1])
    if found.place == "inbox":
        return _("Inbox")
    if found.place == "interrupts":
        return _("Interrupts")
    if found.place == "waiting":
        return _("waiting")
    if found.place == "snoozed":
        return _("snoozed")
    if found.place == "archived":
        return _("archived {year}").format(year=found.archived)
    day = day_words(found.day) if found.day else ""
    if found.place == "done":
        return _("done {day}").format(day=day).strip()
    return _("dropped {day}").format(day=day).strip()


def found_as(board: Board, item: Item, archived: int | None = None) -> Found:
    """An item with where it is, as a search would say it (nothing matched: the palette matched its title itself)."""
    place, quadrant, day = where(board, item, archived)
    return Found(item, place, quadrant, day, archived, ())
