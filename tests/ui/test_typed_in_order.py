"""Text typed into an open input is never split, swallowed or run as board keys, however fast it comes.

Keys are queued the way a terminal delivers them (``_type``: all read before the
app handles the first), with real pauses of 0, 0.1 and 0.3 s between entries,
and the data file is read back afterwards.
"""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from apptools import make_app, screen_text, seed, titles

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)
TEN = [f"任务{number}号 call Li" for number in range(10)]


@pytest.fixture
def seeded(data_file):
    seed(data_file)
    return data_file


def _type(app, text: str) -> None:
    """Queue keys as a terminal delivers them: a person typing, or an input method committing 任务."""
    for character in text:
        key = {"/": "slash", " ": "space", "\r": "enter", "!": "exclamation_mark", "^": "circumflex_accent",
               "@": "at"}.get(character, character)
        app._driver.send_message(events.Key(key, character))


def _paste(app, text: str) -> None:
    app._driver.send_message(events.Paste(text))


async def _settled(pilot) -> None:
    await pilot.pause(0.8)  # past the typed-ahead pause: everything held has gone somewhere
    await pilot.pause()


def _captured(path) -> list[str]:
    return sorted(title for title in titles(path) if title.startswith("任务"))


@pytest.mark.parametrize("gap", [0, 0.1, 0.3])
@pytest.mark.parametrize("way", ["typed", "input method"])
async def test_ten_items_typed_fast_into_the_bar_are_ten_items_with_their_exact_titles(seeded, gap, way):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        _type(app, "n")
        for title in TEN:
            if way == "typed":
                _type(app, title + "\r")
            else:  # an input method commits 任务 in one go, the rest is typed
                _paste(app, title[:2])
                _type(app, title[2:] + "\r")
            await asyncio.sleep(gap)
        await _settled(pilot)
        bar = app.dashboard.panel("#quick-add")
        assert bar.display and bar.field.value == "" and bar.border_subtitle == "10 captured"
        assert not [n for n in app._notifications if "Not run as keys" in n.message]
    assert _captured(seeded) == sorted(TEN)


async def test_interrupts_typed_fast_into_the_interrupt_bar_are_each_saved_whole(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        _type(app, "!" + "".join(title + "\r" for title in TEN[:4]))
        await _settled(pilot)
        saved = {t: i for t, i in titles(seeded).items() if t.startswith("任务")}
    assert sorted(saved) == sorted(TEN[:4])
    assert all(item.in_interrupt_queue for item in saved.values())


async def test_text_typed_behind_the_empty_enter_that_closed_the_bar_is_said_not_lost_nor_run(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        _type(app, "n任务一\r\rdraft")
        await _settled(pilot)
        assert app.screen is app.dashboard and not app.dashboard.panel("#quick-add").display
        assert any("Not run as keys: 'draft'" in n.message for n in app._notifications)
        bar_text = app.dashboard.panel("#quick-add").field.value
    assert bar_text == ""  # not left in the closed bar, to surprise the next capture
    assert _captured(seeded) == ["任务一"]
    assert all(item.status != "done" for item in titles(seeded).values())


async def test_steps_typed_fast_into_the_step_line_are_each_saved_whole(data_file):
    desk = seed(data_file)
    item = desk.capture("* Receive the provincial delegation ^fri 15:00")[0]
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        app.dashboard.focus_item(item.id)
        await pilot.pause()
        _type(app, "ca" + "".join(f"第{n}步 book the hall\r" for n in range(5)))
        await _settled(pilot)
    steps = [step.text for step in titles(data_file)["Receive the provincial delegation"].steps]
    assert steps == [f"第{n}步 book the hall" for n in range(5)]


async def test_a_name_typed_fast_into_assign_and_enter_picks_that_name(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        item = titles(seeded)["Order printer toner"]
        app.dashboard.focus_item(item.id)
        await pilot.pause()
        _type(app, "aLi Na\r")
        await _settled(pilot)
        li = next(m for m in app.board.team.values() if m.name == "Li Na")
    assert titles(seeded)["Order printer toner"].assignee == li.id


async def test_the_filter_keeps_what_was_typed_before_enter_and_says_what_came_after(seeded):
    before = seeded.read_bytes()
    app = make_app(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        _type(app, "/toner\rdraft")
        await _settled(pilot)
        assert app.dashboard.query_one("#filter").value == "toner"
        assert app.selected_item is not None and app.selected_item.title == "Order printer toner"
        assert any("Not run as keys: 'draft'" in n.message for n in app._notifications)
        assert app.screen is app.dashboard
    assert seeded.read_bytes() == before


async def test_keys_typed_while_chief_starts_open_the_bar_with_the_text(seeded, monkeypatch):
    from chief.tui.app import ChiefApp

    mounting = ChiefApp.on_mount

    async def on_mount(self) -> None:
        _type(self, "n会议")  # read by the terminal before the first board is on screen
        await mounting(self)

    monkeypatch.setattr(ChiefApp, "on_mount", on_mount)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _settled(pilot)
        bar = app.dashboard.panel("#quick-add")
        assert bar.display and bar.field.value == "会议"
        assert app.dashboard.query_one("#filter").value == ""


async def test_board_keys_pressed_in_the_bar_do_nothing_on_the_board(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")  # drop the item under the cursor, then undo it: ctrl+r would redo it
        await pilot.pause()
        await asyncio.sleep(0.6)
        await pilot.press("u")
        await pilot.pause()
        await asyncio.sleep(0.6)
        before = seeded.read_bytes()
        await pilot.press("n", "ctrl+r", *"dx1", "space")
        await pilot.pause()
        bar = app.dashboard.panel("#quick-add")
        assert bar.field.value == "dx1 " and app.focused is bar.field
    assert seeded.read_bytes() == before


async def test_n_on_the_board_while_the_bar_is_open_goes_back_to_the_bar(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"half typed")
        await pilot.pause()
        app.dashboard.first_filled_panel().focus()
        await pilot.pause()
        await asyncio.sleep(0.6)  # a look at the board, then n
        await pilot.press("n")
        await pilot.pause()
        bar = app.dashboard.panel("#quick-add")
        assert app.focused is bar.field and bar.field.value == "half typed"
        assert "New item" in screen_text(app)


@pytest.mark.parametrize("pasted", ["起草通知\r关于年终总结", "起草通知\t关于年终总结", "起草通知\r\n关于年终总结\n"])
async def test_a_paste_with_line_breaks_or_tabs_behind_n_goes_whole_into_the_bar_as_one_line(seeded, pasted):
    """A notice's title copied from a document keeps its second line; none of it runs on the board."""
    before = titles(seeded)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        _type(app, "n")
        _paste(app, pasted)
        await _settled(pilot)
        bar = app.dashboard.panel("#quick-add")
        assert bar.display and bar.field.value == "起草通知 关于年终总结"
        _type(app, "\r")
        await _settled(pilot)
        assert not [n for n in app._notifications if "Not run as keys" in n.message]
    assert "起草通知 关于年终总结" in titles(seeded) and len(titles(seeded)) == len(before) + 1


async def test_a_two_line_paste_into_the_open_bar_keeps_both_lines(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        _type(app, "n")
        await _settled(pilot)
        _paste(app, "回复办公厅来函\n（关于会议室安排）\x1b[31m")
        await pilot.pause()
        assert app.dashboard.panel("#quick-add").field.value == "回复办公厅来函 （关于会议室安排）[31m"
