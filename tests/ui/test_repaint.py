"""What a keystroke repaints: only what changed (the budget is 50 ms at 5,000 items).

No test here measures a time (the benchmark does); each checks the mechanism
that keeps the time down, and that the screen is still right with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import Screen

from apptools import make_app, screen_text, seed, titles
from chief.store.desk import Desk
from chief.tui.widgets.item_list import ItemList

SIZE = (120, 40)


@pytest.fixture
def office(data_file: Path, frozen_time: None) -> Path:
    seed(data_file)
    return data_file


async def test_a_move_repaints_the_two_panels_it_changed(office):
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        toner = titles(office)["Order printer toner"]
        app.dashboard.focus_item(toner.id)
        await pilot.pause()
        rows = {p.id: p.rows for p in app.query(ItemList)}
        await pilot.press("4")
        await pilot.pause()
        replaced = {p.id for p in app.query(ItemList) if p.rows is not rows[p.id]}
        assert replaced == {"inbox", "q4"}
        assert "4 Later (1)" in screen_text(app) and "Inbox (1)" in screen_text(app)
    assert titles(office)["Order printer toner"].status == "open"


async def test_moving_the_cursor_does_not_rebuild_the_footer(office, monkeypatch):
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        calls = []
        original = Screen.refresh_bindings
        monkeypatch.setattr(Screen, "refresh_bindings", lambda self: (calls.append(1), original(self)))
        await pilot.press("j", "j", "k")
        await pilot.pause()
        assert calls == []
        await pilot.press("l")  # another panel has the focus: its keys may differ
        await pilot.pause()
        assert calls


async def test_a_shrinking_long_panel_keeps_its_scrollbar_and_cursor_right(data_file, frozen_time):
    desk = Desk(data_file)
    for n in range(60):
        desk.capture(f"收文登记 {n:02d}")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        inbox = app.query_one("#inbox", ItemList)
        inbox.focus()
        await pilot.press("G")  # the last row: scrolled to the bottom
        await pilot.pause()
        for _ in range(5):
            await pilot.press("d")
            await pilot.pause()
        assert len(inbox.rows) == 55
        assert inbox.virtual_size.height == 55
        assert inbox.vertical_scrollbar.window_virtual_size == 55
        assert inbox.scroll_y <= inbox.max_scroll_y
        assert inbox.scroll_y <= inbox.cursor < inbox.scroll_y + inbox.scrollable_content_region.height
        assert "收文登记 54" in screen_text(app)  # the new last row is on screen


async def _fully_repainted(app, pilot) -> str:
    """The screen once every widget has drawn every line again (what a partial repaint must already show)."""
    for widget in app.screen.walk_children(with_self=True):
        widget.refresh()
    await pilot.pause()
    return screen_text(app)


async def test_moving_the_cursor_repaints_the_two_lines_it_leaves_and_lands_on(data_file, frozen_time, monkeypatch):
    """A cursor move draws two lines of the panel (not all of them, nor its scrollbar); a move that scrolls draws
    the panel. Either way the screen is what drawing everything again shows."""
    desk = Desk(data_file)
    for n in range(60):
        desk.capture(f"收文登记 {n:02d}")
    app = make_app(data_file)
    drawn: list[int] = []
    original = ItemList.render_line

    def spy(self, y):
        if self.id == "inbox":
            drawn.append(y)
        return original(self, y)

    monkeypatch.setattr(ItemList, "render_line", spy)
    async with app.run_test(size=SIZE) as pilot:
        inbox = app.query_one("#inbox", ItemList)
        inbox.focus()
        await pilot.pause()
        window = inbox.scrollable_content_region.height
        for key, cursor in (("j", 1), ("j", 2), ("k", 1)):
            drawn.clear()
            await pilot.press(key)
            await pilot.pause()
            assert inbox.cursor == cursor and inbox.scroll_offset.y == 0
            assert sorted(drawn) == sorted({cursor, cursor + (1 if key == "k" else -1)})
            shown = screen_text(app)
            assert await _fully_repainted(app, pilot) == shown
        drawn.clear()
        for _ in range(window):  # past the bottom: the rows scroll, every line is drawn again
            await pilot.press("j")
        await pilot.pause()
        assert inbox.scroll_offset.y > 0 and len(set(drawn)) >= window - 1
        shown = screen_text(app)
        assert await _fully_repainted(app, pilot) == shown


def test_the_dashboard_command_builds_its_first_board_without_garbage_collection(office, run_main, monkeypatch):
    """``chief`` turns the collector off before it reads the file and builds the app; it is back on when the command ends."""
    import gc

    from chief.tui.app import ChiefApp

    seen = []
    monkeypatch.setattr(ChiefApp, "run", lambda app, *args, **kwargs: seen.append((gc.isenabled(), len(app.board.inbox()))))
    assert gc.isenabled()
    assert run_main("--file", str(office), "dashboard").returncode == 0
    assert seen == [(False, 2)]  # the app (and the board it was given) made with the collector off
    assert gc.isenabled()


async def test_the_collector_is_back_on_after_the_first_paint_with_the_first_board_frozen(office):
    import gc

    app = make_app(office)
    gc.disable()  # as the dashboard command leaves it
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # the first board's objects, out of the full passes
            assert "Inbox (2)" in screen_text(app)
    finally:
        gc.enable()
        gc.unfreeze()


async def test_a_panel_works_out_its_base_style_once_per_paint_not_once_per_line(office, monkeypatch):
    """The base style reads the CSS of every ancestor: a panel painted after a move asks for it once, an unchanged one not at all."""
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        toner = titles(office)["Order printer toner"]
        app.dashboard.focus_item(toner.id)
        await pilot.pause()
        asked: list[str] = []
        painted: list[str] = []
        real, paint = ItemList.rich_style, ItemList.render_lines
        monkeypatch.setattr(ItemList, "rich_style", property(lambda panel: (asked.append(panel.id), real.fget(panel))[1]))
        monkeypatch.setattr(ItemList, "render_lines", lambda panel, crop: (painted.append(panel.id), paint(panel, crop))[1])
        await pilot.press("4")
        await pilot.pause()
        assert painted.count("q4") >= 1
        assert 1 <= asked.count("q4") <= painted.count("q4")  # its 17 lines (one item, the rest blank): one look-up a paint at most
        assert painted.count("q2") >= 1 and asked.count("q2") == 0  # painted (it lies in the region updated), every line kept
        assert "4 Later (1)" in screen_text(app)
    assert titles(office)["Order printer toner"].status == "open"


async def test_the_board_a_key_replaced_is_let_go_after_the_paint(office):
    """Freeing the old board (at 20,000 items, its copies hold tens of thousands of entries) waits for the paint."""
    import gc
    import weakref

    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        toner = titles(office)["Order printer toner"]
        app.dashboard.focus_item(toner.id)
        await pilot.pause()
        old = weakref.ref(app.board)
        app.action_move(4)  # the command and the new board, as the key runs them
        assert app.board is not old() and old() is not None  # still held while the frame is made
        await pilot.pause()
        gc.collect()
        assert old() is None
        assert "4 Later (1)" in screen_text(app)
