"""The first frame is shared out as the layout will be: the board's rows are known before its first layout
(tui/layout.py, BoardArea._height_before_layout), so the side panels do not move a row a frame later."""

from __future__ import annotations

from pathlib import Path

import pytest

from apptools import make_app, seed
from chief.tui.layout import BoardArea


@pytest.fixture
def office(data_file: Path, frozen_time: None) -> Path:
    seed(data_file)
    return data_file


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_the_rows_known_before_the_layout_are_the_rows_it_gives(office, size):
    app = make_app(office)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        board = app.screen.query_one(BoardArea)
        assert board._height_before_layout() == board.size.height > 0
        await pilot.press("slash")  # the filter bar shown: a row less
        await pilot.pause()
        assert board._height_before_layout() == board.size.height


async def test_the_first_shares_are_the_shares_after_the_layout(office, monkeypatch):
    """The first board is shared out before the board has a size (in the dashboard's on_mount): with the rows known
    before the layout, those shares are the ones the layout keeps, and no second layout pass moves the panels."""
    shared = []
    real = BoardArea.share_rows

    def share_rows(self):
        real(self)
        shared.append((self.size.height, self._heights))

    monkeypatch.setattr(BoardArea, "share_rows", share_rows)
    app = make_app(office)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        board = app.screen.query_one(BoardArea)
    before_layout = [heights for height, heights in shared if height == 0]
    assert before_layout and before_layout[0] is not None  # shared out before the first layout
    assert before_layout[0] == board._heights  # and kept by it
