"""The command palette's item search: type part of a title, a note or a step, land on the item.

Open items are found, and so are items closed in the last 14 days and those
in the yearly archives; each hit says where the item is. Enter puts the
cursor on an open item (bringing a put-away one back), and opens a closed or
archived one read-only, with "reopen" offered where it can be.

Titles are user data, so a hit is built as rich Text with the fuzzy match
highlighted by offset, never through markup (a title such as "[b]x" stays as
typed). In privacy mode confidential titles are masked, and matched as the
mask only: typing at the palette must not reveal what the mask hides.
Chinese titles are also found by pinyin (``hy`` finds 会议纪要), so nobody
switches input method to go to an item.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Callable, Sequence

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.fuzzy import FuzzySearch, Matcher
from textual.markup import escape
from textual.worker import WorkerCancelled, get_current_worker

from chief.store import Board
from chief.store import Query, found_as, keep_said, place_words, title_may_spell
from chief.store import due_words, fold, landing, marks, pinyin_find
from chief.store import Item
from chief.store import _
from chief.tui.host import chief_app
from chief.tui.text import printable
from chief.tui.widgets.item_list import shown_title

RECENT = 10  # items offered before anything is typed
PINYIN_WEIGHT = 0.8  # a title that has the typed letters themselves ranks above one found by pinyin
TEXT_WEIGHT = 0.6  # found in the notes or a step, not the title: below the title hits
CLOSED_WEIGHT = 0.9  # a closed item (still in the file: the last 14 days by default) ranks below an open one
SNIPPET = 40  # characters of a note or step shown around the word found
MAX_HITS = 50  # the best hits offered (the palette shows a dozen; typing more narrows them)
INLINE = 2000  # candidates matched right in the keystroke; more are matched in a thread worker
REMEMBERED = 8  # recent queries whose hits are kept: the next keystroke matches only those
SEARCH_GROUP = "item-search"
YIELD_S = 0  # the worker lets go of the GIL every 128 candidates: a waiting event loop takes it at once


def title_match(matcher: Matcher, title: str, item: Item | None = None) -> tuple[float, Sequence[int]]:
    """The palette's score for ``title`` and the offsets to highlight: fuzzy as typed, else by pinyin.

    With ``item`` (whose shown title this is), pinyin is tried only when the
    letters kept for its title say it may match.
    """
    score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    if score > 0:
        return score, offsets
    joined = "".join(matcher.query.split())
    if item is not None and not title_may_spell(item, joined):
        return 0, ()
    span = pinyin_find(joined, title)
    if span is None:
        return 0, ()
    start, end = span
    return (end - start) * PINYIN_WEIGHT, range(start, end)


def quote_of(query: str, item: Item, matched: tuple[str, ...]) -> str:
    """A few words around the first typed word in the notes or a step, to show why the item was found."""
    texts = ([item.notes] if "notes" in matched else []) + ([s.text for s in item.steps] if "steps" in matched else [])
    for word in fold(query).split():
        for text in texts:
            at = fold(text).find(word)
            if at >= 0:
                start = max(0, at - SNIPPET // 2)
                cut = " ".join(text[start:start + SNIPPET].split())
                return ("…" if start else "") + cut + ("…" if start + SNIPPET < len(text) else "")
    return ""


@dataclass(frozen=True, slots=True)
class _Scored:
    """An item the typed words found, before it is put into words (only the best few ever are)."""

    score: float
    item: Item
    archived: Any  # the ``Archived`` record it came from, or None for an item of the board
    title: str  # as shown: masked in privacy mode
    offsets: Sequence[int] | None  # the title's matched characters; None when found in the notes or steps
    places: tuple[str, ...]  # where the words were found, for the quote


def scored(candidates: Sequence[tuple[Item, Any]], matcher: Matcher, board: Board, privacy: bool,
           wanted: Callable[[], bool] = lambda: True, threaded: bool = False) -> list[_Scored] | None:
    """The candidates the query finds, with their scores; None when ``wanted()`` says a newer query replaced it.

    A title matches fuzzily as typed, else by pinyin; an item whose title does
    not is found by every word in its title, notes or steps (the store's
    ``Query``, as ``chief search`` and ``/`` find), unless privacy masks it.
    """
    query = Query(matcher.query.split())
    found: list[_Scored] = []
    for count, (item, archived) in enumerate(candidates):
        if not count % 128:
            if not wanted():
                return None
            if threaded:
                time.sleep(YIELD_S)  # the event loop first: a repaint never waits behind the search for the GIL
        weight = CLOSED_WEIGHT * 0.9 if archived is not None else 1.0 if item.is_open else CLOSED_WEIGHT
        title = shown_title(item, privacy, board)
        hidden = privacy and board.settings.is_private(item.category)  # matched as its mask only
        score, offsets = title_match(matcher, title, None if hidden else item)
        if score > 0:
            found.append(_Scored(score * weight, item, archived, title, offsets, ()))
        elif not hidden:  # a masked item's notes would tell what the mask hides
            places = query.matches(item)
            if places:
                found.append(_Scored(len(matcher.query) * TEXT_WEIGHT * weight, item, archived, title, None, places))
    return found


class _Fuzzy(FuzzySearch):
    """Textual's fuzzy search, with the word starts of many more titles remembered (its own 1,024 are one
    keystroke's worth at a few thousand items, so every keystroke found them again)."""

    @classmethod
    @lru_cache(maxsize=1 << 15)
    def get_first_letters(cls, candidate: str) -> frozenset[int]:
        return FuzzySearch.get_first_letters.__wrapped__(cls, candidate)  # type: ignore[attr-defined]


class ItemSearch(Provider):
    """Items by title, notes or steps; an open one gets the cursor, a closed one opens read-only.

    A keystroke matches only what it must: when the query extends one of the
    last few ("re" after "r", or "re" again after "rep"), only that query's hits
    can match, so only they are matched again. A search of many items runs in
    a thread worker, so the palette never freezes; a newer keystroke cancels it.
    Only the best :data:`MAX_HITS` are put into words and offered.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hits: dict[str, list[tuple[Item, Any]]] = {}  # the last queries' hits, newest last
        self._hits_of: tuple[Any, ...] = ()  # the board, privacy and archive they were found in

    @property
    def _board(self) -> Board:
        return chief_app(self).board

    @property
    def _privacy(self) -> bool:
        return chief_app(self).privacy

    def matcher(self, user_input: str, case_sensitive: bool = False) -> Matcher:
        matcher = super().matcher(user_input, case_sensitive)
        matcher.fuzzy_search = _Fuzzy(case_sensitive)
        return matcher

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        board = self._board
        privacy = self._privacy
        archived = chief_app(self).archived_items()
        candidates = self._candidates(query, board, privacy, archived)
        if len(candidates) <= INLINE:
            found = scored(candidates, matcher, board, privacy)
        else:
            found = await self._in_worker(candidates, matcher, board, privacy)
        if found is None:
            return  # a newer keystroke's search replaced this one
        self._remember(query, [(hit.item, hit.archived) for hit in found])
        found.sort(key=lambda hit: -hit.score)  # stable: equal scores keep the board's order, as the palette sorts them
        for hit in found[:MAX_HITS]:
            yield self._hit(matcher, hit, board)

    def _candidates(self, query: str, board: Board, privacy: bool, archived: list) -> Sequence[tuple[Item, Any]]:
        """The items the query can find: the hits of a query it extends, else every item and archived item."""
        now = (board, privacy, archived)
        if len(self._hits_of) != len(now) or any(was is not new for was, new in zip(self._hits_of, now)):
            self._hits_of, self._hits = now, {}  # another board (a change, a sync), privacy or archive: afresh
            keep_said([*board.items.values(), *(entry.item for entry in archived)])
        words = Query(query.split())
        extended = [was for was in self._hits if query.startswith(was) and words.narrows(Query(was.split()))]
        if extended:
            return self._hits[max(extended, key=len)]
        items: list[tuple[Item, Any]] = [(item, None) for item in board.items.values()]
        items += [(entry.item, entry) for entry in archived if entry.item.id not in board.items]
        return items

    def _remember(self, query: str, hits: list[tuple[Item, Any]]) -> None:
        self._hits.pop(query, None)
        self._hits[query] = hits
        while len(self._hits) > REMEMBERED:
            del self._hits[next(iter(self._hits))]

    async def _in_worker(self, candidates: Sequence[tuple[Item, Any]], matcher: Matcher, board: Board,
                         privacy: bool) -> list[_Scored] | None:
        def work() -> list[_Scored] | None:
            worker = get_current_worker()
            return scored(candidates, matcher, board, privacy, lambda: not worker.is_cancelled, threaded=True)

        worker = self.app.run_worker(work, name="item search", group=SEARCH_GROUP, exclusive=True, thread=True,
                                     exit_on_error=False)
        try:
            return await worker.wait()
        except WorkerCancelled:
            return None

    async def shutdown(self) -> None:
        self.app.workers.cancel_group(self.app, SEARCH_GROUP)  # the palette closed: a search under way stops

    def _hit(self, matcher: Matcher, hit: _Scored, board: Board) -> Hit:
        """A hit in words: where the item is worked out now, for the few hits shown, and escaped once."""
        item, title = hit.item, hit.title
        if hit.archived is not None:
            where = _("{status} {day} · in the {year} archive").format(  # the day it was closed, and where it is kept
                status=_(item.status), day=(item.done_at or "")[:10], year=hit.archived.year)
            go = partial(self._open_archived, hit.archived, where)
        elif item.is_open:
            where = self._where(board, item)
            go = partial(self._go, item.id)
        else:
            where = place_words(found_as(board, item))
            go = partial(self._open_closed, item.id, where)
        if hit.offsets is not None:
            return Hit(hit.score, self._display(title, hit.offsets, matcher), go, text=title, help=escape(where))
        quote = quote_of(matcher.query, item, hit.places)
        said = where + (" · " + _("found: {quote}").format(quote=printable(quote)) if quote else "")
        return Hit(hit.score, Text(title), go, text=title, help=escape(said))

    def _open_closed(self, item_id: str, where: str) -> None:
        from chief.tui.screens.item_view import ItemView

        item = self._board.items.get(item_id)
        if item is not None:
            self.app.push_screen(ItemView(self._board, item, where, privacy=self._privacy))

    def _open_archived(self, archived: Any, where: str) -> None:
        from chief.tui.screens.item_view import ItemView

        self.app.push_screen(ItemView(self._board, archived.item, where, archived=True, privacy=self._privacy))

    async def discover(self) -> Hits:
        board = self._board
        recent = sorted(board.open_items(), key=lambda i: (i.updated, i.id), reverse=True)[:RECENT]
        for item in recent:
            title = shown_title(item, self._privacy, self._board)
            yield DiscoveryHit(Text(title), partial(self._go, item.id), text=title, help=escape(self._where(board, item)))

    @staticmethod
    def _display(title: str, offsets: Sequence[int], matcher: Matcher) -> Text:
        """The title with the matched characters highlighted, built without markup."""
        text = Text(title)
        style = matcher.match_style.rich_style
        for offset in offsets:
            if not title[offset].isspace():
                text.stylize(style, offset, offset + 1)
        return text

    @staticmethod
    def _where(board: Board, item: Item) -> str:
        """Where the item is, in plain words (the palette reads help text as markup: escape it once, where the hit is made)."""
        words = [landing(board, item), *marks(board, item)]  # the marks its row shows
        due = due_words(board, item, full=False)
        if due:
            words.append(_("due {when}").format(when=due))
        if not board.on_board(item):
            words.append(_("put away until the snooze ends: Enter brings it back now") if item.snoozed_until
                         else _("put away until the follow-up: Enter brings it back now"))
        return " · ".join(words)

    def _go(self, item_id: str) -> None:
        item = self._board.items.get(item_id)
        if item is not None and not self._board.on_board(item):
            chief_app(self).bring_back(item_id)
        else:
            chief_app(self).go_to_item(item_id)
