"""The dashboard's BLANK widgets (tui/layout.py) are never seen: every cell of the screen belongs to a part on them.

Textual draws a BLANK widget's lines as plain blank cells, without its styles. That is
right only where no cell of it shows: the screen, the board area and its two columns must
lie wholly under the header, the panels, the detail strip and the footer, at any size,
zoomed or not, with the filter bar or the quick-add bar open, and with a team of a dozen.
(Right after a bar closes, the board is laid out once more with the panels' new shares: the
cells between are the screen's background either way, BLANK or drawn.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from apptools import make_app, seed
from chief.store import Desk

pytestmark = pytest.mark.usefixtures("frozen_time")

TEAM = ["李强", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴霞", "徐明"]  # with the seed's three: twelve


def _seen_blank(app) -> list[tuple[int, int, str]]:
    """The cells where a BLANK widget is the topmost: (x, y, its name)."""
    screen = app.screen
    found = []
    for y in range(screen.size.height):
        for x in range(screen.size.width):
            widget, _region = screen.get_widget_at(x, y)
            if widget.BLANK:
                found.append((x, y, f"{type(widget).__name__}#{widget.id}"))
    return found


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_no_blank_widget_shows_through(data_file: Path, size):
    seed(data_file)
    desk = Desk(data_file)
    for name in TEAM:
        desk.team_add(name)
    app = make_app(data_file)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        blanks = {type(node).__name__ for node in app.screen.walk_children(with_self=True) if node.BLANK}
        assert blanks == {"DashboardScreen", "BoardArea", "PanelColumn"}  # the control: these are the BLANK ones
        assert _seen_blank(app) == []
        for keys in (["z"], ["z"], ["slash"], ["escape"], ["n"], ["escape"], ["tab", "tab", "z"]):
            await pilot.press(*keys)
            for _frame in range(10):  # the board's new shares (BoardArea.share_rows, on its resize) take a layout more
                await pilot.pause()
                if not _seen_blank(app):
                    break
            assert _seen_blank(app) == [], (keys, [(w.id, w.region) for w in app.screen.query("RowList")])
