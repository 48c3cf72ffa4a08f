"""The board filter: words in the title, the notes or the steps, ``@member`` and ``#category`` prefixes.

Chinese text is also found by pinyin, so nobody switches input method to
filter: ``/hy`` finds 会议纪要, ``@zw`` 张伟 and ``#wg`` 文稿 (initials, full
pinyin or a mix; see ``chief.store`` ``pinyin_find``). ``＠`` and ``＃`` typed
full-width by a Chinese input method mean ``@`` and ``#``.
"""

from __future__ import annotations

from chief.store import Board
from chief.store import Item
from chief.store import pinyin_find, pinyin_starts

PINYIN_REACH = 2000  # characters of notes and steps spelled out in pinyin: a huge note costs no more per keystroke
_MEMBER = ("@", "＠")
_CATEGORY = ("#", "＃")


class ItemFilter:
    """All terms must match: each word anywhere in the title, the notes or a step; @ and # by prefix."""

    def __init__(self, text: str) -> None:
        self.text = text.strip()
        self.words: list[str] = []
        self.members: list[str] = []
        self.categories: list[str] = []
        for term in self.text.casefold().split():
            if term.startswith(_MEMBER) and len(term) > 1:
                self.members.append(term[1:])
            elif term.startswith(_CATEGORY) and len(term) > 1:
                self.categories.append(term[1:])
            else:
                self.words.append(term)

    def matches(self, board: Board, item: Item) -> bool:
        if not self.text:
            return True
        if self.words and not self._words_match(item):
            return False
        name = (board.member_name(item.assignee) or "").casefold()
        if not all(any(_starts(m, part) for part in [name, *name.split()]) for m in self.members):
            return False
        category = (item.category or "").casefold()
        return all(_starts(c, category) for c in self.categories)

    def _words_match(self, item: Item) -> bool:
        """Every word in the title (as typed or by pinyin), else in the notes or a step's text."""
        title = item.title.casefold()
        missing = [word for word in self.words if not (word in title or pinyin_find(word, title))]
        if not missing:
            return True
        if not item.notes and not item.steps:
            return False
        rest = "\n".join([item.notes, *(step.text for step in item.steps)]).casefold()
        return all(word in rest or pinyin_find(word, rest[:PINYIN_REACH]) for word in missing)


def _starts(term: str, text: str) -> bool:
    """``text`` starts with ``term``, as typed or as pinyin."""
    return text.startswith(term) or pinyin_starts(term, text)
