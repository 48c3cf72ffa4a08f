"""The board filter: words in the title, the notes or the steps, ``@member`` and ``#category`` prefixes.

Chinese text is also found by pinyin, so nobody switches input method to
filter: ``/hy`` finds 会议纪要, ``@zw`` 张伟 and ``#wg`` 文稿 (initials, full
pinyin or a mix; see ``chief.store`` ``pinyin_find``). ``＠`` and ``＃`` typed
full-width by a Chinese input method mean ``@`` and ``#``.
"""

from __future__ import annotations

from bisect import insort
from itertools import compress
from operator import is_, not_

from chief.store import Board
from chief.store import Item
from chief.store import Query, fold, keep_said, pinyin_starts

_MEMBER = "@"  # ``＠`` and ``＃`` typed full-width are folded to these
_CATEGORY = "#"


class ItemFilter:
    """All terms must match: each word anywhere in the title, the notes or a step; @ and # by prefix.

    A filter remembers its answer for every item object it has matched, so a
    keystroke that changes one item matches one item, not every open item again
    (with pinyin that is seconds at 20,000 items). The answer stays right
    because an item never changes in place (a change makes a new ``Item``, see
    ``ParseCache``) and, besides the item, depends only on the names of the
    members (``@zw``): a board with other members starts the answers afresh.
    The answers are by ``id()`` of the item, with the item itself kept beside
    each answer, so that an id is never reused while it is remembered.

    Words are found by the store's ``Query`` (the palette's and ``chief
    search``'s matcher: full-width forms and case ignored, pinyin for words of
    Latin letters). A filter typed after another (:meth:`typed`) that only adds
    to its terms keeps the items it refused as refused: "re" -> "repo" matches
    only what "re" showed.
    """

    def __init__(self, text: str) -> None:
        self.text = text.strip()
        self._members: object = None  # the members the answers were found with
        self._kept: dict[int, Item] = {}  # every item answered, by id(): keeps the ids from being reused
        self._matching: set[int] = set()  # the ids of those that match
        self._last: dict[str, tuple[list[Item], list[Item]]] = {}  # per panel: the items last given, what was shown
        words: list[str] = []
        self.members: list[str] = []
        self.categories: list[str] = []
        for term in fold(self.text).split():
            if term.startswith(_MEMBER) and len(term) > 1:
                self.members.append(term[1:])
            elif term.startswith(_CATEGORY) and len(term) > 1:
                self.categories.append(term[1:])
            else:
                words.append(term)
        self.query = Query(words)  # the store's matcher: as the palette and ``chief search`` find
        self.words = list(self.query.words)

    def typed(self, text: str) -> "ItemFilter":
        """The filter for ``text``, typed after this one's: when it only adds to this one's terms
        ("re" -> "repo", "re" -> "re @z"), only the items this one matched are matched again."""
        if text.strip() == self.text:
            return self
        new = ItemFilter(text)
        if self.text and new.text and new.narrows(self) and self._members is not None:
            new._members = self._members
            new._kept = {key: item for key, item in self._kept.items() if key not in self._matching}  # refused: stays so
        return new

    def narrows(self, other: "ItemFilter") -> bool:
        """Whatever this filter shows, ``other`` shows too: each of its terms starts one of these of the same kind."""
        return (self.query.narrows(other.query) and _starts_each(self.members, other.members)
                and _starts_each(self.categories, other.categories))

    def shown(self, board: Board, items: list[Item], panel: str = "") -> list[Item]:
        """The items that match, in their order; only items not seen before are matched.

        ``panel`` names where the list is shown: the same items there as last time
        (most panels, after a key that moved one item) give the same list back.
        """
        if not self.text:
            return items  # no filter: the board's own list, not a copy of thousands of items
        if board.members is not self._members and board.members != self._members:
            self._members = board.members
            self._kept.clear()
            self._matching.clear()
            self._last.clear()
        last = self._last.get(panel)
        if last is not None and (last[0] is items or len(last[0]) == len(items) and all(map(is_, items, last[0]))):
            return last[1]  # the very list (a board after a key shares the lists it did not change), or the same items
        change = board.list_change(items) if last is not None else None
        if change is not None and change[0] is last[0]:  # (last is not None there)
            found = self._changed(board, last[1], *change[1:])  # the last list with a few items out and in
        else:
            found = self._found(board, items)
        if panel:
            self._last[panel] = (items, found)
        return found

    def _found(self, board: Board, items: list[Item]) -> list[Item]:
        ids = list(map(id, items))
        self._answer(board, list(compress(items, map(not_, map(self._kept.__contains__, ids)))))  # at C speed: a key brings one or two
        return list(compress(items, map(self._matching.__contains__, ids)))

    def _changed(self, board: Board, found: list[Item], out: list[Item], came: list[Item]) -> list[Item]:
        """What a list shows that a command made from the last one (``Board.list_change``): what that
        one showed, without the items taken out, with the matching items put in, in the list's order.
        A key looks at the items it changed, not at the thousands in the list."""
        gone = set(map(id, out))
        shown = [item for item in found if id(item) not in gone] if gone else list(found)
        self._answer(board, [item for item in came if id(item) not in self._kept])
        for item in came:
            if id(item) in self._matching:
                insort(shown, item, key=board.order_key)
        return shown

    def _answer(self, board: Board, new: list[Item]) -> None:
        """Match the items not seen before and keep each answer."""
        if new:
            if len(self._kept) + len(new) > 2 * len(board.items) + 1000:  # items of boards gone by: let them go
                self._forget_all_but(board)
            kept, matching = self._kept, self._matching
            for item in new:
                kept[id(item)] = item
                if self.matches(board, item):
                    matching.add(id(item))

    def _forget_all_but(self, board: Board) -> None:
        """Keep only the answers for the items of ``board`` (the others were replaced since)."""
        keep_said(board.items.values())  # and the store's folded texts of the items gone by
        live = {id(item): item for item in board.items.values()}
        self._kept = {key: item for key, item in self._kept.items() if live.get(key) is item}
        self._matching = {key for key in self._matching if key in self._kept}

    def matches(self, board: Board, item: Item) -> bool:
        if not self.text:
            return True
        if self.query and self.query.matches(item) is None:
            return False
        name = fold(board.member_name(item.assignee) or "")
        if not all(any(_starts(m, part) for part in [name, *name.split()]) for m in self.members):
            return False
        category = fold(item.category or "")
        return all(_starts(c, category) for c in self.categories)


def _starts_each(new: list[str], old: list[str]) -> bool:
    return all(any(term.startswith(was) for term in new) for was in old)


def _starts(term: str, text: str) -> bool:
    """``text`` starts with ``term``, as typed or as pinyin."""
    return text.startswith(term) or pinyin_starts(term, text)
