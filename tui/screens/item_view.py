"""An item that is not on the board, read-only: done or dropped lately, or kept in a yearly archive.

The palette's "go to item" finds closed items too; Enter opens them here,
with their notes and steps in full, and ``r`` reopens one that is still in
the live file (an archived item is only read). Titles, notes and steps are
user data: drawn as Text, masked in privacy mode when the category is private.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from chief.store import Board
from chief.store import Item
from chief.store import local_time, marks_in_full
from chief.store import _
from chief.tui.host import chief_app
from chief.tui.screens.framed import FramedScreen
from chief.tui.text import printable, printable_lines
from chief.tui.widgets.item_list import mask, shown_title
from chief.tui.widgets.step_list import OPEN, TICK


class ItemView(FramedScreen[None]):
    """A closed item as it was closed; ``r`` puts it back on the board."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="item-view-close"),
        Binding("r", "reopen", "Reopen", id="item-view-reopen"),
    ]
    FRAME_WIDTH = 90
    DEFAULT_CSS = """
    ItemView .frame { padding: 0 1; }
    ItemView #item-view-title { text-style: bold; }
    ItemView #item-view-where { color: $warning; }
    ItemView #item-view-body { height: auto; max-height: 30; }
    """

    def __init__(self, board: Board, item: Item, where: str, *, archived: bool = False, privacy: bool = False) -> None:
        super().__init__()
        self.board = board
        self.item = item
        self.where = where
        self.archived = archived
        self.privacy = privacy

    def compose(self) -> ComposeResult:
        hint = _("r reopen · Esc closes") if self.can_reopen else _("read only · Esc closes")
        with self.frame(_("Closed item"), hint):
            yield Static(Text(shown_title(self.item, self.privacy, self.board)), id="item-view-title")
            if self.archived:  # a live closed item's details say when it was closed already
                yield Static(Text(self.where), id="item-view-where")
            with VerticalScroll(id="item-view-body", classes="frame-scroll"):
                yield Static(self._body(), id="item-view-text")

    @property
    def can_reopen(self) -> bool:
        return not self.archived and not self.item.is_open

    def _body(self) -> Text:
        item, board = self.item, self.board
        masked = self.privacy and board.settings.is_private(item.category)
        body = Text(end="")
        details = marks_in_full(board, item, year=True, text=printable)
        if details:
            body.append(" · ".join(details) + "\n", "dim")
        if item.notes:
            body.append("\n" + (mask() if masked else printable_lines(item.notes)) + "\n")
        if item.steps:
            body.append("\n" + _("Steps") + "\n", "bold")
            for step in item.steps:
                done = _("done {when}").format(when=local_time(board, step.done_at)) if step.done and step.done_at else ""
                body.append(f"{TICK if step.done else OPEN} ")
                body.append(mask() if masked else printable(step.text))
                if done:
                    body.append(f"  {done}", "dim")
                body.append("\n")
        return body

    def action_reopen(self) -> None:
        if not self.can_reopen:
            self.app.bell()
            self.notify(_("An archived item is read only here"), markup=False, timeout=3)
            return
        app = chief_app(self)
        item_id = self.item.id
        title = shown_title(self.item, self.privacy, self.board)
        reopened = app.run_command(lambda: app.desk.reopen(item_id), lambda item: _("Reopened: {title}").format(title=title))
        if reopened is not None:
            self.dismiss()
            app.go_to_item(reopened.id)

    def action_close(self) -> None:
        self.dismiss()
