"""The fairness view: each member over the last N weeks, what makes "fair" a number.

The same report as ``chief team report --weeks N``: effort assigned and done
against capacity, items done, overdue and slipped, interrupts handled; the
spread between the most and the least loaded; who has been above capacity two
weeks running. ``+`` and ``-`` look back over more or fewer weeks. What the
chief looks at before a staff talk; it changes nothing, so Esc or q closes it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from chief.store import Board, Line
from chief.store import fairness, fairness_lines, fairness_period, needs_archive
from chief.store import N_, _, ngettext
from chief.tui.host import chief_app
from chief.tui.screens.board_view import BoardView
from chief.tui.screens.framed import SCROLL_HINT, FramedScreen
from chief.tui.widgets.report_view import ReportView

WEEKS, MOST_WEEKS = 4, 52  # looked back over by default; at most a year


class FairnessScreen(BoardView, FramedScreen[None]):
    """The fairness report over ``weeks`` weeks up to today; the board's changes show while it is open."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="fairness-close"),
        Binding("plus,equals_sign,right_square_bracket", "weeks(1)", "More weeks", id="fairness-more"),
        Binding("minus,left_square_bracket", "weeks(-1)", "Fewer weeks", id="fairness-fewer"),
        Binding("p", "app.privacy", "Privacy", show=False, id="privacy"),
    ]
    FRAME_WIDTH = 110
    DEFAULT_CSS = """
    FairnessScreen .frame { border: round $team; border-title-color: $team; }
    """
    TITLE_TEXT = N_("Team fairness")

    def __init__(self, board: Board, *, weeks: int = WEEKS, privacy: bool = False) -> None:
        super().__init__()
        self.board = board
        self.privacy = privacy
        self.weeks = weeks

    def lines(self, width: int) -> list[Line]:
        board = self.board
        closed: tuple = ()
        if needs_archive(fairness_period(self.weeks, board.now), board.settings, board.now):  # weeks long ago
            closed = tuple(found.item for found in chief_app(self).archived_items())
        return fairness_lines(fairness(board, closed, self.weeks), width)

    def subtitle(self) -> str:
        span = ngettext("the last {count} week", "the last {count} weeks", self.weeks).format(count=self.weeks)
        return _("{span} · + more · - fewer · {scroll}").format(span=span, scroll=_(SCROLL_HINT))

    def compose(self) -> ComposeResult:
        with self.frame(_(self.TITLE_TEXT), self.subtitle(), id="fairness-frame"):
            with VerticalScroll(classes="frame-scroll", id="fairness-scroll"):
                yield ReportView(self.lines, id="fairness")

    def on_mount(self) -> None:
        self.query_one("#fairness-scroll").focus()

    def redraw(self) -> None:
        self.query_one("#fairness-frame").border_subtitle = self.subtitle()
        self.query_one(ReportView).show()

    def action_weeks(self, step: int) -> None:
        weeks = self.weeks + step
        if not 1 <= weeks <= MOST_WEEKS:
            self.app.bell()
            return
        self.weeks = weeks
        self.redraw()

    def action_close(self) -> None:
        self.dismiss()

    def board_changed(self, board: Board) -> None:
        self.board = board
        self.privacy = chief_app(self).privacy
        self.redraw()
