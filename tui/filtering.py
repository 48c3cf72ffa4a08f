"""The board filter: words in the title, ``@member`` and ``#category`` prefixes."""

from __future__ import annotations

from chief.store import Board
from chief.store import Item


class ItemFilter:
    """All terms must match: words anywhere in the title, @ and # by prefix."""

    def __init__(self, text: str) -> None:
        self.text = text.strip()
        self.words: list[str] = []
        self.members: list[str] = []
        self.categories: list[str] = []
        for term in self.text.casefold().split():
            if term.startswith("@") and len(term) > 1:
                self.members.append(term[1:])
            elif term.startswith("#") and len(term) > 1:
                self.categories.append(term[1:])
            else:
                self.words.append(term)

    def matches(self, board: Board, item: Item) -> bool:
        if not self.text:
            return True
        title = item.title.casefold()
        if not all(word in title for word in self.words):
            return False
        name = (board.member_name(item.assignee) or "").casefold()
        if not all(any(part.startswith(m) for part in [name, *name.split()]) for m in self.members):
            return False
        category = (item.category or "").casefold()
        return all(category.startswith(c) for c in self.categories)
