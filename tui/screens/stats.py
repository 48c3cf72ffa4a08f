"""Interrupt statistics: today or this week, the medians, by hour of arrival, by source.

The same figures as ``chief stats``; ``w`` switches between days and weeks,
``[`` and ``]`` go to earlier and later ones. An interrupt captured in another shell shows up here while the screen
is open (see ``ReportScreen``).
"""

from __future__ import annotations

from textual.binding import Binding

from chief.store import Board
from chief.store import Line
from chief.store import InterruptStats, Period, day_period, interrupt_stats, stats_lines, this_week, today, week_of
from chief.store import N_, _
from chief.tui.screens.report import ReportScreen


class StatsScreen(ReportScreen):
    """Interrupts, measured: counts, how fast they were taken and resolved, by hour, by source."""

    BINDINGS = [Binding("w", "toggle", "Today / this week", id="stats-toggle")]
    DEFAULT_CSS = """
    StatsScreen .frame { border: round $interrupt; border-title-color: $interrupt; }
    """
    TITLE_TEXT = N_("Interrupts, measured")

    def __init__(self, board: Board, *, week: bool = False, privacy: bool = False) -> None:
        super().__init__(board, privacy=privacy)
        self.week = week

    def period(self) -> Period:
        now = self.board.now
        if self.week:
            day = now.date().add(weeks=self.shift)
            return this_week(now) if not self.shift else week_of(day, now.timezone)
        return today(now) if not self.shift else day_period(now.date().add(days=self.shift), now.timezone)

    @property
    def stats(self) -> InterruptStats:
        period = self.period()
        return interrupt_stats(self.board, period, self.archived(period))

    def lines(self, width: int) -> list[Line]:
        return stats_lines(self.stats, self.board.settings, width)

    def subtitle(self) -> str:
        toggle = _("w: days") if self.week else _("w: weeks")
        return f"{toggle} · {super().subtitle()}"

    def action_toggle(self) -> None:
        self.week = not self.week
        self.shift = 0
        self.redraw()
