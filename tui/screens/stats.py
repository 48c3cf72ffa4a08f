"""Interrupt statistics: today or this week, the medians, by hour of arrival, by source.

The same figures as ``chief stats``; ``w`` switches between today and this
week. An interrupt captured in another shell shows up here while the screen
is open (see ``ReportScreen``).
"""

from __future__ import annotations

from typing import Iterable

from textual.binding import Binding

from store.board import Board
from store.chart import Line
from store.model import Item
from store.stats import InterruptStats, interrupt_stats, stats_lines, this_week, today
from tui.screens.report import ReportScreen


class StatsScreen(ReportScreen):
    """Interrupts, measured: counts, how fast they were taken and resolved, by hour, by source."""

    BINDINGS = [Binding("w", "toggle", "Today / this week", id="stats-toggle")]
    DEFAULT_CSS = """
    StatsScreen .frame { border: round $interrupt; border-title-color: $interrupt; }
    """
    TITLE_TEXT = "Interrupts, measured"

    def __init__(self, board: Board, *, week: bool = False, privacy: bool = False, archived: Iterable[Item] = ()) -> None:
        super().__init__(board, privacy=privacy, archived=archived)
        self.week = week

    @property
    def stats(self) -> InterruptStats:
        period = (this_week if self.week else today)(self.board.now)
        return interrupt_stats(self.board, period, self.archived)

    def lines(self, width: int) -> list[Line]:
        return stats_lines(self.stats, self.board.settings, width)

    def subtitle(self) -> str:
        return f"w: {'today' if self.week else 'this week'} · Esc closes"

    def action_toggle(self) -> None:
        self.week = not self.week
        self.redraw()
