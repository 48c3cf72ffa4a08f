"""The command palette's item search: type part of a title, land on the item.

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

from chief.store import Board
from chief.store import due_words, landing, marks, pinyin_find
from chief.store import Item
from chief.store import _
from chief.tui.host import chief_app
from chief.tui.widgets.item_list import shown_title

RECENT = 10  # items offered before anything is typed
PINYIN_WEIGHT = 0.8  # a title that has the typed letters themselves ranks above one found by pinyin


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
        for item in board.open_items():
            title = shown_title(item, self._privacy, self._board)
            score, offsets = title_match(matcher, title)
            if score > 0:
                display = self._display(title, offsets, matcher)
                yield Hit(score, display, partial(self._go, item.id), text=title, help=self._where(board, item))
        for archived in chief_app(self).archived_items():
            item = archived.item
            title = shown_title(item, self._privacy, self._board)
            score, offsets = title_match(matcher, title)
            if score > 0:
                closed = _("{status} {day} · in the {year} archive").format(
                    status=_(item.status), day=(item.done_at or "")[:10], year=archived.year)
                yield Hit(score * 0.9, self._display(title, offsets, matcher), partial(self._show_archived, title, closed),
                          text=title, help=escape(closed))

    def _show_archived(self, title: str, closed: str) -> None:
        self.app.notify(f"{title}: {closed} (chief list --archived)", markup=False, timeout=6)

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
