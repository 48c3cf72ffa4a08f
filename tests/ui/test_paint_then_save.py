"""A key's change is painted first and written into the data file right after (store/datafile/journal.py).

The keystroke journals the changed records durably; the board moves; then the
file is saved and the journal emptied. A dashboard stopped between the paint
and the save (killed) loses nothing: the next Chief on the machine merges it.
"""

from __future__ import annotations

import pytest

from apptools import make_app, screen_text, seed, titles
from chief.store.datafile import journal
from chief.store.datafile.storage import read_file

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)


@pytest.fixture
def seeded(data_file):
    seed(data_file)
    return data_file


async def _focus(app, pilot, title: str) -> str:
    item = next(i for i in app.board.items.values() if i.title == title)
    app.dashboard.focus_item(item.id)
    await pilot.pause()
    return item.id


def _in_file(path, item_id: str) -> dict:
    return read_file(path)[0]["items"][item_id]


async def test_the_board_moves_first_and_the_file_follows(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        item_id = await _focus(app, pilot, "Order printer toner")
        frames: list[int] = []
        display = app._display

        def counted(*args, **kwargs):
            frames.append(1)
            return display(*args, **kwargs)

        app._display = counted
        seen: list[tuple[int, str, bool, str]] = []
        save = app.desk.save_deferred

        def saving():
            seen.append((len(frames), screen_text(app), _in_file(seeded, item_id)["important"], app.alert))
            return save()

        app.desk.save_deferred = saving
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()
        assert len(seen) == 1
        painted, screen, in_file_then, alert = seen[0]
        assert painted >= 1 and "1 Do now (4)" in screen  # the board had moved on screen ...
        assert in_file_then is False  # ... before the file was written
        assert alert == ""  # and the header never said UNSAVED for it
        assert _in_file(seeded, item_id)["important"] is True  # written right after the paint
        assert journal.read(seeded) == ([], False)
        app.desk.save_deferred = save  # quitting asks again (nothing waits): not a save after a paint
    item = titles(seeded)["Order printer toner"]
    assert (item.important, item.urgent, item.status) == (True, True, "open")


async def test_a_dashboard_stopped_between_the_paint_and_the_save_loses_nothing(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        item_id = await _focus(app, pilot, "Order printer toner")
        app.desk.save_deferred = lambda: False  # as if killed right after the paint: the save never comes
        await pilot.press("2")
        await pilot.pause()
        assert "2 Schedule (2)" in screen_text(app)
    assert _in_file(seeded, item_id)["important"] is False  # not in the file ...
    assert journal.read(seeded)[1]  # ... but in the journal
    item = titles(seeded)["Order printer toner"]  # the next Chief on this machine merges it in
    assert (item.important, item.urgent) == (True, False)
    assert _in_file(seeded, item_id)["important"] is True
    assert journal.read(seeded) == ([], False)


async def test_quitting_saves_what_waits(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        item_id = await _focus(app, pilot, "Order printer toner")
        app._save_after_paint = lambda: None  # the paint's save never runs: quitting must write it
        await pilot.press("4")
        await pilot.pause()
        assert _in_file(seeded, item_id)["status"] == "inbox"
    record = _in_file(seeded, item_id)
    assert (record["important"], record["urgent"], record["status"]) == (False, False, "open")
    assert journal.read(seeded) == ([], False)


async def test_the_frame_is_out_before_the_save_begins(seeded):
    """The save after the paint waits for the terminal to have the frame (tui/frame_out.py): it would
    otherwise hold the interpreter while Textual's writer thread waits to write the frame."""
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        item_id = await _focus(app, pilot, "Order printer toner")
        order: list[str] = []
        app._driver.wait_out = lambda: order.append("frame out")  # the headless driver writes nothing: counted only
        save = app.desk.save_deferred
        app.desk.save_deferred = lambda: (order.append("save"), save())[1]
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()
        assert "save" in order and "frame out" in order[: order.index("save")]
    assert _in_file(seeded, item_id)["important"] is True


async def test_the_journal_is_ready_before_the_first_key(seeded, monkeypatch):
    """Its name is made durable once the board is on screen, not inside the first keystroke."""
    from chief.store.datafile import platform_io

    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        target = journal.journal_path(seeded.resolve())
        assert target.exists() and target.stat().st_size == 0
        flushed: list[str] = []
        folder = platform_io.flush_folder
        monkeypatch.setattr(platform_io, "flush_folder", lambda path: (flushed.append(str(path)), folder(path))[1])
        item_id = await _focus(app, pilot, "Order printer toner")
        await pilot.press("4")
        await pilot.pause()
        await pilot.pause()
        assert str(target.parent) not in flushed
    assert _in_file(seeded, item_id)["status"] == "open"


def test_a_posix_terminal_gets_the_driver_that_waits_for_frames(seeded, monkeypatch):
    from textual import constants
    from textual.drivers.headless_driver import HeadlessDriver
    from textual.drivers.linux_driver import LinuxDriver

    from chief.tui.frame_out import FrameDriver

    app = make_app(seeded)
    monkeypatch.setattr(constants, "DRIVER", None)
    assert issubclass(FrameDriver, LinuxDriver)
    assert app.get_driver_class() is FrameDriver  # Linux and macOS: Textual's choice is its LinuxDriver
    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.headless_driver:HeadlessDriver")
    assert app.get_driver_class() is HeadlessDriver  # a driver asked for by name is Textual's own
