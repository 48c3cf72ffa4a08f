"""Marks: several items chosen for one decision on them all, as in a file manager.

``v`` marks the item under the cursor (and moves down, so ``v v v`` marks three);
marked rows show a ✓ column in every panel and on a member's plate; ``a`` then
assigns every marked item in one store call (one undo takes the whole batch
back); Escape clears the marks. Marks belong to this session, not to the file:
an item that is closed meanwhile (here or on another machine) drops out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chief.store import Board, Item
from chief.store import ngettext
from chief.tui.screens.board_view import BoardView
from chief.tui.widgets.item_list import ItemList
from chief.tui.widgets.row_list import RowList


def marked_words(count: int, *, short: bool = False) -> str:
    """What a header says while items are marked: how many, and what to do with them (``short``: how many)."""
    if short:
        return ngettext("{count} marked", "{count} marked", count).format(count=count)
    return ngettext("{count} marked: a assigns it, Esc clears", "{count} marked: a assigns them all, Esc clears",
                    count).format(count=count)


if TYPE_CHECKING:
    from chief.tui.app import ChiefApp


class Marking:
    """The app's marks (a mixin of ``ChiefApp``): item ids in the order they were marked."""

    marked: dict[str, None]

    def marked_items(self: "ChiefApp") -> list[Item]:
        """The marked items that are still open, in the order they were marked."""
        items = self.board.items
        return [items[key] for key in self.marked if key in items and items[key].is_open]

    def prune_marks(self: "ChiefApp", board: Board) -> None:
        """Forget marks on items that are gone or closed (a command, another machine)."""
        gone = [key for key in self.marked if key not in board.items or not board.items[key].is_open]
        if gone:
            for key in gone:
                del self.marked[key]
            self.show_marks()

    def show_marks(self: "ChiefApp") -> None:
        """Every item panel (the dashboard's and a plate's) shows the marks as they are now."""
        marked = frozenset(self.marked)
        for screen in self.screen_stack:
            for panel in screen.query(ItemList):
                panel.show_marks(marked)
            if isinstance(screen, BoardView):
                screen.marks_changed()

    def action_toggle_mark(self: "ChiefApp") -> None:
        item = self.selected_item
        if item is None:
            self.bell()
            return
        if item.id in self.marked:
            del self.marked[item.id]
        else:
            self.marked[item.id] = None
        self.show_marks()
        focused = self.screen.focused
        if isinstance(focused, RowList):
            focused.action_cursor_down()

    def clear_marks(self: "ChiefApp") -> bool:
        """Escape: no item is marked any more; False when none was."""
        if not self.marked:
            return False
        self.marked.clear()
        self.show_marks()
        return True
