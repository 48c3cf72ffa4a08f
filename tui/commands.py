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

from functools import partial
from typing import Sequence

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.fuzzy import Matcher
from textual.markup import escape

from chief.store import wallclock
from chief.store import Board
from chief.store import due_words, landing, local_time, marks, pinyin_find
from chief.store import Item
from chief.store import _
from chief.tui.host import chief_app
from chief.tui.text import printable
from chief.tui.widgets.item_list import shown_title

RECENT = 10  # items offered before anything is typed
PINYIN_WEIGHT = 0.8  # a title that has the typed letters themselves ranks above one found by pinyin
TEXT_WEIGHT = 0.6  # found in the notes or a step, not the title: below the title hits
CLOSED_WEIGHT = 0.9  # a closed item ranks below an open one that matches as well
CLOSED_DAYS = 14  # closed items this recent are searched in the live file
SNIPPET = 40  # characters of a note or step shown around the word found


def title_match(matcher: Matcher, title: str) -> tuple[float, Sequence[int]]:
    """The palette's score for ``title`` and the offsets to highlight: fuzzy as typed, else by pinyin."""
    score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    if score > 0:
        return score, offsets
    span = pinyin_find("".join(matcher.query.split()), title)
    if span is None:
        return 0, ()
    start, end = span
    return (end - start) * PINYIN_WEIGHT, range(start, end)


def found_in_text(query: str, item: Item) -> str | None:
    """Where every typed word is, in the notes or a step (plain, case-folded), as a short quote; None if not."""
    words = query.casefold().split()
    if not words or not (item.notes or item.steps):
        return None
    texts = [item.notes, *(step.text for step in item.steps)]
    quote = None
    for word in words:
        where = next(((text, text.casefold().find(word)) for text in texts if word in text.casefold()), None)
        if where is None:
            return None
        if quote is None:
            text, at = where
            start = max(0, at - SNIPPET // 2)
            quote = ("…" if start else "") + " ".join(text[start:start + SNIPPET].split()) + ("…" if start + SNIPPET < len(text) else "")
    return quote


class ItemSearch(Provider):
    """Open items by title; choosing one puts the dashboard's cursor on it."""

    @property
    def _board(self) -> Board:
        return chief_app(self).board

    @property
    def _privacy(self) -> bool:
        return chief_app(self).privacy

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        board = self._board
        privacy = self._privacy
        since = wallclock.utc_stamp(board.now.subtract(days=CLOSED_DAYS))
        for item in board.items.values():
            if item.is_open:
                weight, where, go = 1.0, self._where(board, item), partial(self._go, item.id)
            elif (item.done_at or "") >= since:
                weight, where = CLOSED_WEIGHT, self._closed(board, item)
                go = partial(self._open_closed, item.id, where)
            else:
                continue
            hit = self._hit(matcher, item, weight, where, go, privacy)
            if hit is not None:
                yield hit
        for archived in chief_app(self).archived_items():
            item = archived.item
            where = _("{status} {day} · in the {year} archive").format(
                status=_(item.status), day=(item.done_at or "")[:10], year=archived.year)
            hit = self._hit(matcher, item, CLOSED_WEIGHT * 0.9, where, partial(self._open_archived, archived, where), privacy)
            if hit is not None:
                yield hit

    def _hit(self, matcher: Matcher, item: Item, weight: float, where: str, go, privacy: bool) -> Hit | None:
        """A hit when the title matches (fuzzy, or by pinyin), else when a note or a step holds the words."""
        board = self._board
        title = shown_title(item, privacy, board)
        score, offsets = title_match(matcher, title)
        if score > 0:
            return Hit(score * weight, self._display(title, offsets, matcher), go, text=title, help=escape(where))
        if privacy and board.settings.is_private(item.category):
            return None  # a masked item's notes and steps are not searched: the hit would tell what the mask hides
        quote = found_in_text(matcher.query, item)
        if quote is None:
            return None
        said = where + " · " + _("found: {quote}").format(quote=printable(quote))
        return Hit(len(matcher.query) * TEXT_WEIGHT * weight, Text(title), go, text=title, help=escape(said))

    @staticmethod
    def _closed(board: Board, item: Item) -> str:
        """Where a closed item of the live file is: done (or dropped) on which day."""
        closed = _("done {when}") if item.status == "done" else _("dropped {when}")
        return closed.format(when=local_time(board, item.done_at))

    def _open_closed(self, item_id: str, where: str) -> None:
        from chief.tui.screens.item_view import ItemView

        item = self._board.items.get(item_id)
        if item is not None:
            self.app.push_screen(ItemView(self._board, item, where, privacy=self._privacy))

    def _open_archived(self, archived, where: str) -> None:
        from chief.tui.screens.item_view import ItemView

        self.app.push_screen(ItemView(self._board, archived.item, where, archived=True, privacy=self._privacy))

    async def discover(self) -> Hits:
        board = self._board
        recent = sorted(board.open_items(), key=lambda i: (i.updated, i.id), reverse=True)[:RECENT]
        for item in recent:
            title = shown_title(item, self._privacy, self._board)
            yield DiscoveryHit(Text(title), partial(self._go, item.id), text=title, help=self._where(board, item))

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
        """Where the item is, as palette help text (which the palette reads as markup)."""
        words = [landing(board, item), *marks(board, item)]  # the marks its row shows
        due = due_words(board, item, full=False)
        if due:
            words.append(_("due {when}").format(when=due))
        if not board.on_board(item):
            words.append(_("put away until the snooze ends: Enter brings it back now") if item.snoozed_until
                         else _("put away until the follow-up: Enter brings it back now"))
        return escape(" · ".join(words))

    def _go(self, item_id: str) -> None:
        item = self._board.items.get(item_id)
        if item is not None and not self._board.on_board(item):
            chief_app(self).bring_back(item_id)
        else:
            chief_app(self).go_to_item(item_id)
