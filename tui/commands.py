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
from typing import Any, Callable, Sequence

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.fuzzy import Matcher
from textual.markup import escape

from chief.store import Board
from chief.store import Found, found_as, place_words, search
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


class ItemSearch(Provider):
    """Items by title, notes or steps; an open one gets the cursor, a closed one opens read-only."""

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
        archived = chief_app(self).archived_items()
        # the words in titles, notes and steps (open, closed and archived items), as ``chief search`` finds them
        holding = {found.item.id: found for found in search(board, query.split(), archived)} if query.split() else {}
        for item in board.items.values():
            if item.is_open:
                hit = self._hit(matcher, item, 1.0, self._where(board, item), partial(self._go, item.id), holding, privacy)
            else:
                where = place_words(holding.get(item.id) or found_as(board, item))
                hit = self._hit(matcher, item, CLOSED_WEIGHT, where, partial(self._open_closed, item.id, where), holding, privacy)
            if hit is not None:
                yield hit
        for entry in archived:
            if entry.item.id in board.items:
                continue
            where = _("{status} {day} · in the {year} archive").format(  # the day it was closed, and where it is kept
                status=_(entry.item.status), day=(entry.item.done_at or "")[:10], year=entry.year)
            hit = self._hit(matcher, entry.item, CLOSED_WEIGHT * 0.9, where, partial(self._open_archived, entry, where),
                            holding, privacy)
            if hit is not None:
                yield hit

    def _hit(self, matcher: Matcher, item: Item, weight: float, where: str, go: Callable[[], None],
             holding: dict[str, Found], privacy: bool) -> Hit | None:
        """A hit when the title matches (fuzzy, or by pinyin), else when its notes or steps hold the words."""
        board = self._board
        title = shown_title(item, privacy, board)
        score, offsets = title_match(matcher, title)
        if score > 0:
            return Hit(score * weight, self._display(title, offsets, matcher), go, text=title, help=escape(where))
        found = holding.get(item.id)
        if found is None or (privacy and board.settings.is_private(item.category)):
            return None  # a masked item's notes and steps are not searched: the hit would tell what the mask hides
        quote = quote_of(matcher.query, item, found.matched)
        said = where + (" · " + _("found: {quote}").format(quote=printable(quote)) if quote else "")
        return Hit(len(matcher.query) * TEXT_WEIGHT * weight, Text(title), go, text=title, help=escape(said))

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
