"""A report over the dashboard: the lines ``chief stats`` or ``chief review`` print, scrollable.

A report changes nothing, so Esc or q closes it. The app hands the screen
every new board (another shell's capture, the clock, privacy mode), and the
report follows. Titles are shown as data, masked in privacy mode.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from chief.store import Board
from chief.store import Line
from chief.store import Item
from chief.store import Period, needs_archive
from chief.tui.host import chief_app
from chief.tui.screens.board_view import BoardView
from chief.store import N_, _
from chief.tui.screens.framed import SCROLL_HINT, FramedScreen
from chief.tui.widgets.item_list import shown_title
from chief.tui.widgets.report_view import ReportView


class ReportScreen(BoardView, FramedScreen[None]):
    """Subclasses say what the report is (``TITLE_TEXT``) and draw it (``lines``)."""

    # App bindings do not reach a modal screen, so privacy mode gets its own binding here; the same
    # id as the dashboard's, so a key remapped in the config's [keymap] is remapped here too.
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="report-close"),
        Binding("left_square_bracket,h", "shift(-1)", "Earlier", id="report-earlier"),
        Binding("right_square_bracket,l", "shift(1)", "Later", id="report-later"),
        Binding("p", "app.privacy", "Privacy", show=False, id="privacy"),
    ]
    TITLE_TEXT = N_("Report")  # in English; said when shown

    def __init__(self, board: Board, *, privacy: bool = False) -> None:
        super().__init__()
        self.board = board
        self.privacy = privacy
        self.shift = 0  # periods back (negative) from the current one

    def period(self) -> Period:
        """The period shown: the current one, moved ``shift`` periods."""
        raise NotImplementedError

    def lines(self, width: int) -> list[Line]:
        raise NotImplementedError

    def archived(self, period: Period) -> tuple[Item, ...]:
        """Items already moved to the archive that ``period`` still needs (a period long ago)."""
        if not needs_archive(period, self.board.settings, self.board.now):
            return ()
        return tuple(found.item for found in chief_app(self).archived_items())

    def action_shift(self, step: int) -> None:
        """An earlier or a later period; never one that has not begun."""
        if self.shift + step > 0:
            self.app.bell()
            return
        self.shift += step
        self.redraw()

    def title_of(self, item: Item) -> str:
        return shown_title(item, self.privacy, self.board)

    def subtitle(self) -> str:
        if self.shift < 0:
            return _("[ earlier · ] later · {scroll}").format(scroll=_(SCROLL_HINT))
        return _("[ earlier · {scroll}").format(scroll=_(SCROLL_HINT))

    def compose(self) -> ComposeResult:
        with self.frame(_(self.TITLE_TEXT), self.subtitle(), id="report-frame"):
            with VerticalScroll(classes="frame-scroll", id="report-scroll"):
                yield ReportView(self.lines, id="report")

    def on_mount(self) -> None:
        self.query_one("#report-scroll").focus()

    def redraw(self) -> None:
        self.query_one("#report-frame").border_subtitle = self.subtitle()
        self.query_one(ReportView).show()

    def action_close(self) -> None:
        self.dismiss()

    def board_changed(self, board: Board) -> None:
        """The file changed, the clock moved, or privacy mode was switched."""
        self.board = board
        self.privacy = chief_app(self).privacy
        self.redraw()
