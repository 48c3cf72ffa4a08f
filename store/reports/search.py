"""Find anything: a word in a title, a note or a step, of open, closed and archived items.

Every word typed must be found somewhere in the item (title, notes, step
texts), compared ignoring case and full-width forms (or spelled in pinyin:
"hy" finds 会议), so "budget 2027" finds
the item whose title says budget and whose note says 2027. :class:`Query` is
the one matcher: the dashboard's ``/`` filter, the command palette, ``chief
search`` and ``chief done WORDS`` all find with it. Results say where
each item is now: on the board (which list), waiting, snoozed, done on which
day, dropped, or in the archive of which year.
"""

from __future__ import annotations

import datetime
from typing import Any, Iterable

from chief.store.domain.board import Board
from chief.store.domain.model import Item
from chief.store.domain.pinyin import has_han, is_pinyin_query, pinyin_find, syllables
from chief.store.domain.quickadd import fold
from chief.store.i18n import _
from chief.store.structs import struct

PLACES = ("board", "inbox", "interrupts", "waiting", "snoozed", "done", "dropped", "archived")


@struct(frozen=True)
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


PINYIN_REACH = 2000  # characters of the notes, and of the steps, spelled out in pinyin: a huge note costs no more per keystroke
_PLACES = ("title", "notes", "steps")


class _Said:
    """What an item says, folded once (an item never changes in place: a change makes a new ``Item``).

    The pinyin letters (what a spelling of each text can start with) are
    worked out on the first pinyin-shaped word only: a board nobody searches by
    pinyin never spells its texts out. The notes and steps are folded on the
    first search that looks there (``chief done WORDS`` reads titles only).
    """

    __slots__ = ("item", "_texts", "letters")

    def __init__(self, item: Item) -> None:
        self.item = item
        self._texts: list[str | None] = [_fold(item.title), None, None]
        self.letters: list[str | None] = [None, None, None]

    def text(self, place: int) -> str:
        """The folded title (0), notes (1) or steps (2)."""
        text = self._texts[place]
        if text is None:
            item = self.item
            raw = item.notes if place == 1 else "\n".join(step.text for step in item.steps) if item.steps else ""
            self._texts[place] = text = _fold(raw)
        return text

    def spelled(self, place: int) -> str:
        """The text at ``place`` as far as pinyin reaches: the title, the first PINYIN_REACH characters of the others."""
        return self.text(place) if place == 0 else self.text(place)[:PINYIN_REACH]

    def first_letters(self, place: int) -> str:
        """The letters a pinyin spelling of a run of that text can start with ("" without Han characters)."""
        letters = self.letters[place]
        if letters is None:
            text = self.spelled(place)
            letters = "".join(sorted({r[0] for ch in syllables(text) for r in ch if r})) if has_han(text) else ""
            self.letters[place] = letters = _LETTERS.setdefault(letters, letters)
        return letters

    def by_pinyin(self, place: int, word: str) -> bool:
        """``word`` (pinyin-shaped) spells a run of the text at ``place``."""
        if word[0] not in self.first_letters(place):  # a word starting with another letter cannot match
            return False
        return len(word) == 1 or pinyin_find(word, self.spelled(place)) is not None  # one letter: the letters say it exactly


_LETTERS: dict[str, str] = {}  # one string per set of letters, shared by every item that has it
_SAID: dict[int, _Said] = {}  # by id() of the item; the item is kept in its _Said, so that no id is reused while here


def _fold(text: str) -> str:
    folded = fold(text)
    return text if folded == text else folded  # most texts are already folded: keep one string, not two


def _said(item: Item) -> _Said:
    said = _SAID.get(id(item))
    if said is None or said.item is not item:
        said = _SAID[id(item)] = _Said(item)
    return said


def keep_said(items: Iterable[Item], room: int = 1000) -> None:
    """Forget the folded texts of items other than ``items`` when more than twice as many (plus ``room``) are kept.

    Callers that hold a whole board call it: the items of boards gone by (every
    change makes new items) are let go, the board's own stay folded.
    """
    live = {id(item): item for item in items}
    if len(_SAID) > 2 * len(live) + room:
        kept = dict(_SAID)  # a copy in one step: a search in a worker thread may add to it meanwhile
        _SAID.clear()
        _SAID.update({key: said for key, said in kept.items() if live.get(key) is said.item})


class Query:
    """Typed words, folded once: every one must be in the title, the notes or the steps, as typed or by pinyin.

    Words are compared ignoring case and full-width forms (``fold``); a word of
    Latin letters only is also looked for as pinyin (``hy`` finds 会议), in the
    title and in the first :data:`PINYIN_REACH` characters of the notes and of
    the steps. The one matcher of ``/``, the palette, ``chief search`` and
    ``chief done WORDS`` (titles only).
    """

    __slots__ = ("words", "pinyin")

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(folded for folded in map(fold, words) if folded)
        self.pinyin = tuple(is_pinyin_query(word) for word in self.words)

    def __bool__(self) -> bool:
        return bool(self.words)

    def narrows(self, other: "Query") -> bool:
        """Whatever this query finds, ``other`` finds too: each of its words starts one of these ("re" -> "repo")."""
        return all(any(word.startswith(old) for word in self.words) for old in other.words)

    def matches(self, item: Item) -> tuple[str, ...] | None:
        """Where the words are found ("title", "notes", "steps", in that order); None when one is missing."""
        if not self.words:
            return None
        said = _said(item)
        texts = [said.text(place) for place in (0, 1, 2)]
        found = [False, False, False]
        for word, pinyin in zip(self.words, self.pinyin):
            places = [place for place in (0, 1, 2) if word in texts[place]]
            if not places and pinyin:  # "hy" finds 会议
                places = [place for place in (0, 1, 2) if texts[place] and said.by_pinyin(place, word)]
            if not places:
                return None
            for place in places:
                found[place] = True
        return tuple(name for name, hit in zip(_PLACES, found) if hit)

    def in_title(self, item: Item, pinyin: bool = True) -> bool:
        """Every word is in the title, as typed or (``pinyin``) by pinyin."""
        if not self.words:
            return False
        said = _said(item)
        title = said.text(0)
        return all(word in title or (pinyin and spelled and said.by_pinyin(0, word)) for word, spelled in zip(self.words, self.pinyin))


def title_may_spell(item: Item, word: str) -> bool:
    """Whether ``word`` may spell a run of the item's title in pinyin: False is sure, True is worth a ``pinyin_find``.

    The first letters of the title's spellings are kept per item, so that a
    query is checked against thousands of titles without spelling them again.
    """
    word = fold(word)
    return is_pinyin_query(word) and word[0] in _said(item).first_letters(0)


def matches(item: Item, words: Iterable[str] | Query) -> tuple[str, ...] | None:
    """Where each of ``words`` is found in the item (title, notes, steps); None when one is missing (see :class:`Query`)."""
    return (words if isinstance(words, Query) else Query(words)).matches(item)


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
    words = Query(words)
    archived = list(archived)
    keep_said([*board.items.values(), *(entry.item for entry in archived)])
    found: list[Found] = []
    seen: set[str] = set()
    for item in board.items.values():
        hit = words.matches(item)
        if hit:
            place, quadrant, day = where(board, item)
            found.append(Found(item, place, quadrant, day, None, hit))
            seen.add(item.id)
    for entry in archived:
        item = entry.item
        if item.id in seen:
            continue
        hit = words.matches(item)
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
