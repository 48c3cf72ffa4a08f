"""Text typed on right after a key that closes a dialog goes somewhere visible or is said, never lost.

Keys are queued as a terminal delivers them (all read before the app handles
the first); an input method's commit comes as one Paste. The data file is
read back afterwards.
"""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from apptools import make_app, seed, titles
from test_typed_in_order import _type

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)
TONER = "Order printer toner"


@pytest.fixture
def seeded(data_file):
    seed(data_file)
    return data_file


async def _said_after(pilot, app, text: str) -> bool:
    """Whether ``text`` was said as not run, once everything held has gone somewhere (a busy machine: up to 5 s)."""
    for _ in range(50):
        await pilot.pause(0.1)
        if any(text in n.message and "Not run as keys" in n.message for n in app._notifications):
            return True
    return False


async def _on_toner(pilot, app, path) -> None:
    app.dashboard.focus_item(titles(path)[TONER].id)
    await pilot.pause()


def _commit(app, text: str) -> None:
    """An input method commits ``text`` in one go."""
    app._driver.send_message(events.Paste(text))


@pytest.mark.parametrize("gap", [0, 0.1])  # 0: the commit is read before the Enter's save has run
@pytest.mark.parametrize("way", ["typed", "input method"])
async def test_waiting_for_text_typed_behind_the_enter_that_saved_is_said_not_saved_nor_lost(seeded, way, gap):
    app = make_app(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _on_toner(pilot, app, seeded)
        await pilot.press("w")
        await pilot.pause(0.3)
        _commit(app, "赵主任") if way == "input method" else _type(app, "赵主任")
        _type(app, "\r")
        await asyncio.sleep(gap)
        _commit(app, "起草") if way == "input method" else _type(app, "起草")
        assert await _said_after(pilot, app, "起草")
        assert app.screen is app.dashboard
    item = titles(seeded)[TONER]
    assert item.waiting_on == "赵主任" and item.status != "done"


async def _edit_toner_then(pilot, app, path, key: str) -> None:
    """The editor on the toner item: " A4" typed at the title's end, then ``key``, then "draft" typed on at once."""
    await _on_toner(pilot, app, path)
    await pilot.press("e")
    await pilot.pause(0.3)
    _type(app, " A4")
    app._driver.send_message(events.Key(key, None))
    _type(app, "draft")


async def test_editor_text_typed_behind_ctrl_s_is_said(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _edit_toner_then(pilot, app, seeded, "ctrl+s")
        assert await _said_after(pilot, app, "draft")
        assert app.screen is app.dashboard
    assert "Order printer toner A4" in titles(seeded)


@pytest.mark.parametrize(("typed", "until"), [
    ("15:00", "2026-11-25T07:00:00Z"),  # today 15:00 in Shanghai, not preset 1
    ("明天9点", "2026-11-26T01:00:00Z"),
    ("3pm", "2026-11-25T07:00:00Z"),
])
async def test_a_time_typed_fast_behind_s_snoozes_to_that_time_not_to_a_preset(seeded, typed, until):
    app = make_app(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _on_toner(pilot, app, seeded)
        _type(app, "s" + typed + "\r")
        for _ in range(50):
            await pilot.pause(0.1)
            if app.screen is app.dashboard:
                break
        assert not [n for n in app._notifications if "Not run as keys" in n.message]
    assert titles(seeded)[TONER].snoozed_until == until


async def test_a_time_typed_on_the_preset_list_goes_into_the_field_whole(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _on_toner(pilot, app, seeded)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down")  # to the list
        await pilot.pause()
        await pilot.press(*"16:30")
        await pilot.pause()
        assert app.screen.query_one("#snooze-when").text == "16:30"
        await pilot.press("enter")
        await pilot.pause()
    assert titles(seeded)[TONER].snoozed_until == "2026-11-25T08:30:00Z"


async def test_a_preset_is_picked_with_its_digit_and_enter_or_on_the_list(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _on_toner(pilot, app, seeded)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # the second preset on the list: tomorrow 09:00
        await pilot.pause()
    assert titles(seeded)[TONER].snoozed_until == "2026-11-26T01:00:00Z"


async def test_assign_text_typed_behind_the_enter_that_assigned_is_said(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _on_toner(pilot, app, seeded)
        _type(app, "aLi Na\r")
        _commit(app, "起草")
        assert await _said_after(pilot, app, "起草")
        assert app.screen is app.dashboard
    li = next(m for m in app.board.team.values() if m.name == "Li Na")
    assert titles(seeded)[TONER].assignee == li.id


async def test_member_form_text_typed_behind_the_enter_that_saved_is_said(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.action_member_add()
        await pilot.pause(0.3)
        _commit(app, "刘洋")
        _type(app, "\r")
        _commit(app, "起草")
        assert await _said_after(pilot, app, "起草")
        assert app.screen is app.dashboard
        names = sorted(m.name for m in app.board.team.values())
    assert "刘洋" in names and not any("起草" in name for name in names)


async def test_keys_typed_fast_behind_escape_on_a_changed_form_stay_in_the_form_and_never_answer_the_question(seeded):
    before = seeded.read_bytes()
    app = make_app(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _edit_toner_then(pilot, app, seeded, "escape")  # d would answer Discard: typed on, it stays text
        await pilot.pause(1.5)
        assert type(app.screen).__name__ == "ConfirmDiscard"
        await pilot.press("escape")  # keep editing: the text is there, nothing lost
        await pilot.pause()
        assert app.screen.query_one("#title Input").value == "Order printer toner A4draft"
    assert seeded.read_bytes() == before
