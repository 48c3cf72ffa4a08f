"""The weekly review: done, slipped, the quadrant mix of finished work, throughput, put off.

The same figures as ``chief review``, scrollable, titles masked for
confidential items in privacy mode (see ``ReportScreen``).
"""

from __future__ import annotations

from store.chart import Line
from store.review import WeeklyReview, review_lines, weekly_review
from tui.screens.report import ReportScreen


class ReviewScreen(ReportScreen):
    """The week at a glance, for the chief's own look back before writing to the leaders."""

    FRAME_WIDTH = 110
    TITLE_TEXT = "Weekly review"

    @property
    def review(self) -> WeeklyReview:
        return weekly_review(self.board, self.archived)

    def lines(self, width: int) -> list[Line]:
        return review_lines(self.review, self.board, width, title=self.title_of)
