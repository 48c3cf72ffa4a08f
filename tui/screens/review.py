"""The weekly review: done, slipped, the quadrant mix of finished work, throughput, put off.

The same figures as ``chief review``, scrollable, titles masked for
confidential items in privacy mode (see ``ReportScreen``).
"""

from __future__ import annotations

from chief.store import Line
from chief.store import WeeklyReview, review_lines, weekly_review
from chief.store import Period, this_week, week_of
from chief.store import N_
from chief.tui.screens.report import ReportScreen


class ReviewScreen(ReportScreen):
    """The week at a glance, for the chief's own look back before writing to the leaders."""

    FRAME_WIDTH = 110
    TITLE_TEXT = N_("Weekly review")

    def period(self) -> Period:
        now = self.board.now
        return this_week(now) if not self.shift else week_of(now.date().add(weeks=self.shift), now.timezone)

    @property
    def review(self) -> WeeklyReview:
        period = self.period()
        return weekly_review(self.board, self.archived(period), period)

    def lines(self, width: int) -> list[Line]:
        return review_lines(self.review, self.board, width, title=self.title_of)
