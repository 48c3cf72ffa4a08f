"""The weekly review: done, slipped, the quadrant mix of finished work, throughput, put off.

The same figures as ``chief review``, scrollable. Titles are shown as data,
masked for confidential items in privacy mode (which can be switched while
the review is open: the app hands the screen every new board).
"""

from __future__ import annotations

from typing import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from store.board import Board
from store.chart import Line
from store.model import Item
from store.review import WeeklyReview, review_lines, weekly_review
from tui.widgets.item_list import shown_title
from tui.widgets.report_view import ReportView


class ReviewScreen(ModalScreen[None]):
    """A dialog over the dashboard; it changes nothing."""

    # App bindings do not reach a modal screen, so privacy mode gets its own binding here; the same
    # id as the dashboard's, so a key remapped in the config's [keymap] is remapped here too.
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="review-close"),
        Binding("p", "app.privacy", "Privacy", show=False, id="privacy"),
    ]
    DEFAULT_CSS = """
    ReviewScreen { align: center middle; background: $background 60%; }
    #review-dialog {
        width: 110;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        border-title-color: $primary;
        border-title-style: bold;
        border-subtitle-color: $foreground-muted;
        background: $surface;
    }
    #review-scroll { height: auto; max-height: 100%; scrollbar-size-vertical: 1; }
    """

    def __init__(self, board: Board, *, privacy: bool = False, archived: Iterable[Item] = ()) -> None:
        super().__init__()
        self.board = board
        self.privacy = privacy
        self.archived = tuple(archived)  # closed items already archived (only needed with archive_after_days < 7)

    @property
    def review(self) -> WeeklyReview:
        return weekly_review(self.board, self.archived)

    def lines(self, width: int) -> list[Line]:
        return review_lines(self.review, self.board, width, title=lambda item: shown_title(item, self.privacy))

    def compose(self) -> ComposeResult:
        with Vertical(id="review-dialog") as dialog:
            dialog.border_title = "Weekly review"
            dialog.border_subtitle = "↑↓ PgUp PgDn scroll · Esc closes"
            with VerticalScroll(id="review-scroll"):
                yield ReportView(self.lines, id="review-report")

    def on_mount(self) -> None:
        self.query_one("#review-scroll").focus()

    def action_close(self) -> None:
        self.dismiss()

    def board_changed(self, board: Board) -> None:
        """The file changed, the clock moved, or privacy mode was switched."""
        self.board = board
        self.privacy = bool(getattr(self.app, "privacy", self.privacy))
        self.query_one(ReportView).show()
