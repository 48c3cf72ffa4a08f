"""The fairness view: each member over the last N weeks, what makes "fair" a number.

The same report as ``chief team report --weeks N``: effort assigned and done
against capacity, items done, overdue and slipped, interrupts handled; the
spread between the most and the least loaded; who has been above capacity two
weeks running. ``+`` and ``-`` (or ``[`` further back, ``]`` less far) look back
over more or fewer weeks. What the chief looks at before a staff talk; it
changes nothing, so Esc or q closes it (see ``report.ReportScreen``).
"""

from __future__ import annotations

from textual.binding import Binding

from chief.store import Board, Line
from chief.store import Period, fairness, fairness_lines, fairness_period
from chief.store import N_, _, ngettext
from chief.tui.screens.framed import SCROLL_HINT
from chief.tui.screens.report import ReportScreen

WEEKS, MOST_WEEKS = 4, 52  # looked back over by default; at most a year (the store's limit)


class FairnessScreen(ReportScreen):
    """The fairness report over ``weeks`` weeks up to this one; the board's changes show while it is open."""

    BINDINGS = [
        Binding("plus,equals_sign", "weeks(1)", "More weeks", id="fairness-more"),
        Binding("minus", "weeks(-1)", "Fewer weeks", id="fairness-fewer"),
    ]
    FRAME_WIDTH = 110
    DEFAULT_CSS = """
    FairnessScreen .frame { border: round $team; border-title-color: $team; }
    """
    TITLE_TEXT = N_("Team fairness")

    def __init__(self, board: Board, *, weeks: int = WEEKS, privacy: bool = False) -> None:
        super().__init__(board, privacy=privacy)
        self.weeks = weeks

    def period(self) -> Period:
        return fairness_period(self.weeks, self.board.now)

    def lines(self, width: int) -> list[Line]:
        return fairness_lines(fairness(self.board, self.archived(self.period()), self.weeks), width)

    def subtitle(self) -> str:
        span = ngettext("the last {count} week", "the last {count} weeks", self.weeks).format(count=self.weeks)
        return _("{span} · + more · - fewer · {scroll}").format(span=span, scroll=_(SCROLL_HINT))

    def action_shift(self, step: int) -> None:
        """``[`` looks further back (one week more), ``]`` less far."""
        self.action_weeks(-step)

    def action_weeks(self, step: int) -> None:
        weeks = self.weeks + step
        if not 1 <= weeks <= MOST_WEEKS:
            self.app.bell()
            return
        self.weeks = weeks
        self.redraw()
