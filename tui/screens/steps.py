"""The step view: the selected item's checklist, worked through from the board.

``c`` on the board opens it over the dashboard. Space ticks the highlighted
step (and takes the tick back), ``a`` adds one, ``e`` edits it (its text, who
does it, by when: ``Book the hall @li ^thu 10:00``), ``K``/``J`` move it,
``D`` removes it; each is one saved change that ``u`` undoes. Ticking the last
open step offers to mark the item done with ``d``.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from chief.store import Board
from chief.store import Item
from chief.store import _
from chief.tui.host import chief_app
from chief.tui.screens.board_view import BoardView
from chief.tui.screens.framed import FramedScreen
from chief.tui.widgets.item_list import shown_title
from chief.tui.widgets.step_list import StepList, StepsPanel


class StepsScreen(BoardView, FramedScreen[None]):
    """One item's steps; the dashboard's undo, redo and edit work here too."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="steps-close"),
        Binding("u", "app.undo", "Undo", show=False, id="undo"),
        Binding("ctrl+r", "app.redo", "Redo", show=False, id="redo"),
        Binding("p", "app.privacy", "Privacy", show=False, id="privacy"),
    ]
    APP_ACTIONS_HERE = frozenset({"undo", "redo"})
    FRAME_WIDTH = 100
    DEFAULT_CSS = """
    StepsScreen .frame { padding: 0 1; }
    StepsScreen #steps-title { text-style: bold; }
    StepsScreen #steps-about { color: $foreground-muted; }
    """

    def __init__(self, board: Board, item: Item, privacy: bool = False) -> None:
        super().__init__()
        self.board = board
        self.item = item
        self.privacy = privacy

    def compose(self) -> ComposeResult:
        hint = _("space tick · a add · e edit · K/J move · D remove · d item done · Esc")
        with self.frame(_("Steps"), hint):
            yield Static(id="steps-title")
            yield Static(id="steps-about")
            yield StepsPanel(self.board, self.item, self.privacy, id="steps-panel")

    def on_mount(self) -> None:
        self._show_title()
        self.query_one(StepList).focus()

    def _show_title(self) -> None:
        self.query_one("#steps-title", Static).update(Text(shown_title(self.item, self.privacy, self.board)))
        about = [self.board.placement(self.item).name_said if self.item.is_open else _(self.item.status)]
        from chief.store import due_words

        due = due_words(self.board, self.item)
        if due:
            about.append(_("due {when}").format(when=due))
        self.query_one("#steps-about", Static).update(Text(" · ".join(about)))

    @property
    def selected_item(self) -> Item | None:
        return self.item

    def board_changed(self, board: Board) -> None:
        self.board = board
        self.privacy = chief_app(self).privacy
        self.item = board.items.get(self.item.id, self.item)
        self._show_title()
        self.query_one(StepsPanel).show(board, self.privacy)

    def action_close(self) -> None:
        self.dismiss()
