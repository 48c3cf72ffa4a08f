"""What a screen that shows the board answers to the app.

After every command, file change and tick the app hands the new board to the screen
on top, and its decision keys (1-4, d, x, a, s, w...) act on that screen's
``selected_item``. A screen says it takes part by inheriting ``BoardView``;
the app asks with ``isinstance``, never ``getattr``.
"""

from __future__ import annotations

from typing import ClassVar

from chief.store import Board
from chief.store import Item, Member


class BoardView:
    """A screen that shows (part of) the board; by default it selects nothing."""

    APP_ACTIONS_HERE: ClassVar[frozenset[str]] = frozenset()  # the app's keys a dialog lends itself

    def board_changed(self, board: Board) -> None:
        """The file changed, a command ran, the clock moved, or privacy mode was switched."""

    @property
    def selected_item(self) -> Item | None:
        """The item the app's decision keys act on while this screen is on top."""
        return None

    @property
    def selected_member(self) -> Member | None:
        """The team member the member keys (edit, away, back...) act on while this screen is on top."""
        return None

    def marks_changed(self) -> None:
        """Items were marked or unmarked (the panels already show it; a header may count them)."""
