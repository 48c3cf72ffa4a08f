"""Interrupt statistics: today or this week, the medians, by hour of arrival, by source.

The same figures as ``chief stats``; ``w`` switches between today and this
week. The app hands every new board to ``board_changed``, so an interrupt
captured in another shell shows up here while the screen is open.
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
from store.stats import InterruptStats, interrupt_stats, stats_lines, this_week, today
from tui.widgets.report_view import ReportView


class StatsScreen(ModalScreen[None]):
    """A dialog over the dashboard; it changes nothing."""

    BINDINGS = [
        Binding("w", "toggle", "Today / this week", id="stats-toggle"),
        Binding("escape,q", "close", "Close", id="stats-close"),
    ]
    DEFAULT_CSS = """
    StatsScreen { align: center middle; background: $background 60%; }
    #stats-dialog {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $interrupt;
        border-title-color: $interrupt;
        border-title-style: bold;
        border-subtitle-color: $foreground-muted;
        background: $surface;
    }
    #stats-scroll { height: auto; max-height: 100%; scrollbar-size-vertical: 1; }
    """

    def __init__(self, board: Board, *, week: bool = False, archived: Iterable[Item] = ()) -> None:
        super().__init__()
        self.board = board
        self.week = week
        self.archived = tuple(archived)  # closed items already archived (only needed with archive_after_days < 7)

    @property
    def stats(self) -> InterruptStats:
        period = (this_week if self.week else today)(self.board.now)
        return interrupt_stats(self.board, period, self.archived)

    def lines(self, width: int) -> list[Line]:
        return stats_lines(self.stats, self.board.settings, width)

    def compose(self) -> ComposeResult:
        with Vertical(id="stats-dialog") as dialog:
            dialog.border_title = "Interrupts, measured"
            with VerticalScroll(id="stats-scroll"):
                yield ReportView(self.lines, id="stats-report")

    def on_mount(self) -> None:
        self._subtitle()
        self.query_one("#stats-scroll").focus()

    def _subtitle(self) -> None:
        other = "today" if self.week else "this week"
        self.query_one("#stats-dialog").border_subtitle = f"w: {other} · Esc closes"

    def action_toggle(self) -> None:
        self.week = not self.week
        self._subtitle()
        self.query_one(ReportView).show()

    def action_close(self) -> None:
        self.dismiss()

    def board_changed(self, board: Board) -> None:
        """The file changed or the clock moved: the figures follow."""
        self.board = board
        self.query_one(ReportView).show()
