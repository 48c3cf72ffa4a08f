"""`z` zooms the focused panel with one sharing of the rows, not two (a layout pass costs 30 ms)."""

from __future__ import annotations

from pathlib import Path

import pytest

from apptools import make_app, seed
from chief.tui.layout import BoardArea

pytestmark = pytest.mark.usefixtures("frozen_time")


async def test_z_shares_the_rows_once(data_file: Path, monkeypatch):
    seed(data_file)
    calls = []
    share_rows = BoardArea.share_rows
    monkeypatch.setattr(BoardArea, "share_rows", lambda self: (calls.append(1), share_rows(self))[1])
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        calls.clear()
        await pilot.press("z")
        await pilot.pause(0.3)
        assert app.screen.maximized is not None
        assert len(calls) == 1
        await pilot.press("z")
        await pilot.pause(0.3)
        assert app.screen.maximized is None
