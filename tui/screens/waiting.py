"""The Waiting view: everything waiting on someone, oldest first, with who and since when.

Items waiting for a leader's decision or a colleague leave the board until
their follow-up date; here they are all in one list, so the chief can chase
the oldest one before it is forgotten. Titles are data, never markup, and
masked in privacy mode.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from chief.store import Board
from chief.store import follow_up_words, waiting_items
from chief.store import Item
from chief.store import printable
from chief.store import moment
from chief.tui.screens.board_view import BoardView
from chief.tui.screens.framed import FramedScreen
from chief.store import _
from chief.tui.host import chief_app
from chief.tui.text import cell_width, fit
from chief.tui.widgets.item_list import shown_title


def _age(board: Board, stamp: str | None) -> str:
    since = moment(stamp)
    if since is None:
        return "?"
    minutes = max(0, int((board.now - since).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 48 * 60:
        return f"{minutes // 60}h"
    return f"{minutes // (24 * 60)}d"


class WaitingScreen(BoardView, FramedScreen[None]):
    """The list, with a decision on the highlighted item: done, back on the board, or edit."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="waiting-close"),
        Binding("j", "move(1)", "Down", show=False, id="waiting-down"),
        Binding("k", "move(-1)", "Up", show=False, id="waiting-up"),
        Binding("d", "decide('done')", "Done", id="waiting-done"),
        Binding("r", "decide('resume')", "Back on the board", id="waiting-resume"),
        # The dashboard's own decisions on the highlighted item, with the dashboard's ids, so a key
        # remapped in the config's [keymap] is remapped here too.
        Binding("w", "app.wait", "Change who or when", id="wait"),
        Binding("s", "app.snooze", "Snooze", show=False, id="snooze"),
        Binding("e", "app.edit", "Edit", show=False, id="edit"),
        Binding("u", "app.undo", "Undo", show=False, id="undo"),
        Binding("ctrl+r", "app.redo", "Redo", show=False, id="redo"),
        Binding("p", "app.privacy", "Privacy", show=False, id="privacy"),
    ]
    APP_ACTIONS_HERE = frozenset({"wait", "snooze", "edit", "undo", "redo"})
    FRAME_WIDTH = 110
    DEFAULT_CSS = """
    WaitingScreen .frame { padding: 0 1; }
    #waiting-list { height: auto; max-height: 30; background: $surface; border: none; padding: 0; }
    #waiting-empty { color: $foreground-muted; padding: 1 0; }
    """

    def __init__(self, board: Board, *, privacy: bool = False) -> None:
        super().__init__()
        self.board = board
        self.privacy = privacy
        self.items: list[Item] = []

    def compose(self) -> ComposeResult:
        with self.frame(_("Waiting for"), _("d done · r back · w who/when · s snooze · e edit · u undo · Esc closes")):
            yield Static("", id="waiting-empty")
            yield OptionList(id="waiting-list")

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _row(self, item: Item, width: int, follow_width: int) -> Text:
        """Who, the title, then since when and the follow-up at the right; columns counted in cells."""
        since = _age(self.board, item.waiting_since or item.updated)
        right = f"{since:>4}  {fit(follow_up_words(self.board, item), follow_width)}"
        row = Text(no_wrap=True, end="")
        row.append(fit(printable(item.waiting_on or "?"), 16) + "  ", "bold")
        row.append(fit(shown_title(item, self.privacy, self.board), max(8, width - 18 - cell_width(right) - 2)) + "  ")
        row.append(right, "dim" if item.follow_up and item.follow_up > self.board.now_stamp else "bold")
        return row

    def _fill(self) -> None:
        chosen = self._highlighted()
        self.items = waiting_items(self.board)
        options = self.query_one(OptionList)
        width = max(40, min(106, self.app.size.width - 8))
        follow_width = max((cell_width(follow_up_words(self.board, item)) for item in self.items), default=0)
        options.set_options([Option(self._row(item, width, follow_width), id=item.id) for item in self.items])
        options.display = bool(self.items)
        empty = self.query_one("#waiting-empty", Static)
        empty.display = not self.items
        empty.update(_("Nothing is waiting on anyone."))
        ids = [i.id for i in self.items]
        if ids:
            options.highlighted = ids.index(chosen.id) if chosen and chosen.id in ids else 0

    @property
    def selected_item(self) -> Item | None:
        """What the dashboard's decisions (w, s, e) apply to while this list is open."""
        return self._highlighted()

    def _highlighted(self) -> Item | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or options.highlighted >= len(self.items):
            return None
        return self.items[options.highlighted]

    def action_decide(self, decision: str) -> None:
        item = self._highlighted()
        if item is None:
            self.app.bell()
            return
        app = chief_app(self)
        desk = app.desk
        command = {"done": lambda: desk.done(item.id), "resume": lambda: desk.resume(item.id)}[decision]
        words = {"done": _("Done: {title}"), "resume": _("Back on the board: {title}")}[decision]
        app.run_command(command, lambda result: words.format(title=shown_title(item, self.privacy, self.board)))

    @on(OptionList.OptionSelected)
    async def _chosen(self) -> None:
        """Enter on a row opens the editor, as it does on the board."""
        await self.app.run_action("app.edit")

    def action_move(self, step: int) -> None:
        """j and k move as they do on the board (the arrows work too)."""
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss()

    def board_changed(self, board: Board) -> None:
        """The file changed, the clock moved, or privacy mode was switched."""
        self.board = board
        self.privacy = chief_app(self).privacy
        self._fill()
