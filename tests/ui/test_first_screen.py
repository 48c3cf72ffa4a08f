"""The dashboard's first screen from what this machine kept (Desk.first_board), then the full board.

The kept first screen must paint exactly what a dashboard reading the whole file
paints first; what is typed or clicked before the full board is on screen waits
for it, in order, none dropped, and acts on the full board.
"""

from __future__ import annotations

import pytest
from textual import events

from apptools import make_app, screen_text, seed, titles
from chief.store import Desk
from chief.store.datafile import afterwards
from chief.tui.app import ChiefApp

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)


def _type(app, text: str) -> None:
    """Keys as a terminal delivers them, all read before the app handles the first."""
    for character in text:
        key = {" ": "space", "\r": "enter"}.get(character, character)
        app._driver.send_message(events.Key(key, character))


async def _first_paint(app: ChiefApp, hook: str, size: tuple[int, int] = SIZE) -> str:
    """The screen as painted when ``hook`` runs (the first paint's follow-up), and then the app's own."""
    seen: dict[str, str] = {}
    own = getattr(app, hook)

    def spy():
        seen["screen"] = screen_text(app)
        return own()  # (awaited by Textual when it is a coroutine)

    setattr(app, hook, spy)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause(0.3)
    return seen["screen"]


def _kept(path, lines: int | None = None) -> ChiefApp:
    """A dashboard that opens from the first screen kept for ``path`` (as ``chief`` opens it, for ``lines``)."""
    desk = Desk(path)
    first = desk.first_board(lines)
    assert first is not None and first.partial
    return ChiefApp(desk, remember_theme=False, first=first)


@pytest.fixture
def kept_file(data_file):
    """A seeded file, opened once in the dashboard: its first screen is kept."""
    seed(data_file)
    return data_file


async def _open_once(path, size: tuple[int, int] = SIZE) -> str:
    screen = await _first_paint(make_app(path), "_after_first_paint", size)
    afterwards.settle()
    return screen


async def test_the_kept_first_screen_paints_what_the_full_board_paints_first(kept_file):
    from_file = await _open_once(kept_file)
    assert Desk(kept_file).first_board() is not None
    from_kept = await _first_paint(_kept(kept_file), "_full_board")
    assert from_kept == from_file
    assert "起草年度工作总结报告" in from_kept and "Do now (" in from_kept
    assert "n New" in from_kept.splitlines()[-1]  # the footer's keys are in the very first paint


async def test_the_footer_has_its_keys_before_the_file_is_read(kept_file):
    await _open_once(kept_file)
    footer = (await _first_paint(_kept(kept_file), "_full_board")).splitlines()[-1]
    assert "n New" in footer and footer.rstrip().endswith("^p palette"), footer


async def test_a_file_written_since_is_read_the_full_way(kept_file):
    await _open_once(kept_file)
    Desk(kept_file).capture("Written from the shell")  # as `chief add` would
    desk = Desk(kept_file)
    assert desk.first_board() is None
    assert desk.board().partial is False


async def test_keys_typed_before_the_full_board_wait_for_it_and_act_on_it_in_order(kept_file):
    await _open_once(kept_file)
    app = _kept(kept_file)
    full_board = app._full_board
    app._full_board = lambda: None  # the file is read when the test says: keys come meanwhile
    async with app.run_test(size=SIZE) as pilot:
        assert app.board.partial
        _type(app, "n" + "Typed at ")
        app._driver.send_message(events.Paste("start"))  # an input method's commit
        _type(app, "\r")
        await pilot.pause(0.3)
        assert app.board.partial and titles(kept_file).get("Typed at start") is None  # nothing ran on the picture
        assert len(app._held or []) == len("n" + "Typed at ") + 2
        full_board()
        assert not app.board.partial and app._held is None
        await pilot.pause(0.8)
        await pilot.press("escape")
        await pilot.pause()
    assert "Typed at start" in titles(kept_file)  # every key, in order: the bar opened, the title whole


async def test_a_file_gone_bad_after_the_first_screen_ends_with_one_line(kept_file, monkeypatch):
    from chief.store import DataFileError

    await _open_once(kept_file)
    app = _kept(kept_file)

    def bad() -> None:
        raise DataFileError("the file went bad")

    monkeypatch.setattr(app.desk, "board", bad)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
    assert app.crash_note == "the file went bad"
    assert app.return_code == 2


async def test_panels_taller_than_the_rows_kept_are_shown_the_full_board_at_once(busy_file, monkeypatch):
    """The kept first screen holds ROWS rows of each list: where a panel shows more of a longer list, the file is
    read before the first paint (the keys are not held), and the screen is the one the file paints."""
    from chief.store.domain import first_board

    from_file = await _open_once(busy_file)
    monkeypatch.setattr(first_board, "ROWS", 5)
    app = _kept(busy_file)
    app._full_board = lambda: pytest.fail("the kept first screen was shown")
    assert await _first_paint(app, "_after_first_paint") == from_file
    assert not app.board.partial and app._held is None and app._kept_at is None


@pytest.mark.parametrize("lines", [SIZE[1], 10])
async def test_a_first_screen_read_for_the_terminals_lines_paints_the_same(busy_file, lines):
    """``chief`` reads the kept rows for the terminal's lines only: the same first paint; a terminal found taller
    by the time the app runs (resized meanwhile), whose panels show more rows than were read, reads the file
    before the first paint."""
    from_file = await _open_once(busy_file)
    app = _kept(busy_file, lines)
    if lines < SIZE[1]:
        app._full_board = lambda: pytest.fail("the kept first screen was shown")
        assert await _first_paint(app, "_after_first_paint") == from_file
        assert not app.board.partial
    else:
        assert await _first_paint(app, "_full_board") == from_file


async def test_keys_held_before_a_taller_terminal_reads_the_file_run_on_the_full_board(busy_file, monkeypatch):
    """Keys typed while Chief starts are held for the full board; panels too tall for the kept rows read the
    file before the first paint, and the keys held until then run on that board, in order, none dropped."""
    from chief.store.domain import first_board

    await _open_once(busy_file)
    monkeypatch.setattr(first_board, "ROWS", 5)
    app = _kept(busy_file)
    app._full_board = lambda: pytest.fail("the kept first screen was shown")
    fits, released = app.first_board_fits, []
    release = app._release_held

    # Made here, as a terminal's reader makes them: a key made inside the screen's on_mount would name the screen
    # as its sender, and Textual stops a message's bubbling at its sender (it would never reach the app's keys).
    typed = [events.Key({" ": "space", "\r": "enter"}.get(c, c), c) for c in "n" + "Typed early" + "\r"]

    def keys_already_held() -> None:
        for key in typed:  # typed as Chief started: they come while the file is read
            app._driver.send_message(key)
        fits()

    def release_and_count() -> None:
        released.extend(getattr(event, "key", None) for event in app._held or [])
        release()

    app.first_board_fits, app._release_held = keys_already_held, release_and_count
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.8)
        assert not app.board.partial and app._held is None
        await pilot.press("escape")
        await pilot.pause()
    assert released == ["n", "T", "y", "p", "e", "d", "space", "e", "a", "r", "l", "y", "enter"]
    assert "Typed early" in titles(busy_file)  # and they acted on the full board, in order: the bar, the title, Enter


def _typed_as_chief_starts(app: ChiefApp, text: str) -> None:
    """``text`` typed before the first board is on screen, each key made as a terminal's reader makes it.

    Until Textual's driver takes the terminal, the terminal turns Enter into a newline (its ICRNL), which the
    driver then reads as Ctrl+J: "\\n" here is that Enter."""
    fits = app.first_board_fits
    keys = [events.Key({" ": "space", "\r": "enter", "\n": "ctrl+j"}.get(c, c), c) for c in text]

    def typed_then_fits() -> None:  # runs as the dashboard mounts, before its first paint
        for key in keys:
            app._driver.send_message(key)
        fits()

    app.first_board_fits = typed_then_fits


@pytest.mark.parametrize("kept", [True, False], ids=["kept first screen", "nothing kept"])
async def test_enter_typed_as_chief_starts_saves_what_was_typed_before_it(kept_file, kept):
    """"n", a title and Enter typed at once as ``chief`` starts: the bar opens, the title goes in, Enter saves it
    (it came as Ctrl+J, and was lost)."""
    await _open_once(kept_file)
    app = _kept(kept_file) if kept else make_app(kept_file)
    _typed_as_chief_starts(app, "n" + "Typed at once" + "\n" + "And a second" + "\n")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.8)
        assert not app.board.partial
        await pilot.press("escape")
        await pilot.pause()
    assert {"Typed at once", "And a second"} <= set(titles(kept_file))


async def test_ctrl_j_once_the_board_is_on_screen_is_not_enter(kept_file):
    """Only the keys read before the first board was on screen can be a terminal's Enter: Ctrl+J after that is
    Ctrl+J (it saves nothing)."""
    app = make_app(kept_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Not saved")
        await pilot.pause(0.6)
        await pilot.press("ctrl+j")
        await pilot.pause(0.3)
        assert app.focused.value == "Not saved"
        await pilot.press("escape")
        await pilot.pause()
    assert "Not saved" not in titles(kept_file)


async def test_more_rows_than_a_panel_shows_are_said_in_the_first_paint(data_file):
    """"+N more" is on a full panel's border in the first frame (the rows are shared out before the first
    layout), not added by the frame after it."""
    from textual.screen import Screen

    desk = Desk(data_file)
    for n in range(40):
        desk.capture(f"Inbox item {n}")
    app = make_app(data_file)
    said: list[str] = []
    draw = Screen._compositor_refresh

    def first_frame(screen) -> None:
        if not said:
            said.append(str(app.query_one("#inbox").border_subtitle))
        draw(screen)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Screen, "_compositor_refresh", first_frame)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            later = str(app.query_one("#inbox").border_subtitle)
    assert said == [later] and later.startswith("+") and later.endswith(" more")


@pytest.fixture
def busy_file(data_file):
    """A seeded file with a team of twelve and a hundred and fifty items: more than the panels show."""
    seed(data_file)
    desk = Desk(data_file)
    for name in ("李强", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴霞", "徐明"):
        desk.team_add(name)
    for n in range(150):
        desk.capture(["!! 起草通知 {n} ^today", "! Plan the visit {n} ^fri", "* 整理档案 {n}", "Inbox note {n}"][n % 4].format(n=n))
    for n in range(30):
        desk.capture(f"Visitor at the desk {n}", kind="interrupt")
    return data_file


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_first_screen_read_for_each_panels_rows_paints_the_same(busy_file, size):
    """``chief`` reads of each list only the rows its panel can show (tui/layout.py's first_rows, from the lists'
    counts): the kept first screen, with far fewer records read, paints what the file paints."""
    from chief.tui.layout import first_rows

    from_file = await _open_once(busy_file, size)
    app = _kept(busy_file, first_rows(size[1]))
    held = app.board._rows
    assert max(held.values()) < size[1] and min(held.values()) < max(held.values())  # per panel, under the lines
    assert await _first_paint(app, "_full_board", size) == from_file


async def test_a_panel_taller_than_the_rows_read_of_its_list_reads_the_file_first(busy_file):
    """Rows read too few for a panel as laid out (a list fuller than its bound said): the file is read before the
    first paint, and the screen is the one the file paints."""
    from_file = await _open_once(busy_file)
    app = _kept(busy_file, {1: 40, 2: 40, 3: 40, 4: 40, "interrupts": 40, "inbox": 2})
    app._full_board = lambda: pytest.fail("the kept first screen was shown")
    assert await _first_paint(app, "_after_first_paint") == from_file
    assert not app.board.partial and app._kept_at is None

