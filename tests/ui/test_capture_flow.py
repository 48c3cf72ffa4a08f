"""Rapid capture and typed-ahead keys, driven with Pilot against a temp data file.

The quick-add bar stays open after Enter; text typed on after an input closed
never runs as board keys; typed text is never thrown away by one Escape.
"""

from __future__ import annotations

import asyncio

import pytest

from apptools import make_app, screen_text, seed, titles

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)


@pytest.fixture
def seeded(data_file):
    seed(data_file)
    return data_file


TEST_PAUSE_S = 30  # Pilot's keys come seconds apart on a busy test machine, a person's 0.1 s apart


def _app(path):
    app = make_app(path)
    app.typeahead.pause_s = TEST_PAUSE_S
    return app


async def _pause_typing(app, pilot) -> None:
    """A person's pause before a deliberate key: the run of typing ends.

    The length of the pause is timed in tests/unit/test_typeahead.py; here the
    run ends at once, whatever the machine's load made of Pilot's timing.
    """
    app.typeahead.pause_s = 0.01
    await asyncio.sleep(0.05)
    app._say_typed_ahead()  # what the pause's timer does
    await pilot.pause()


async def test_the_bar_stays_open_after_enter_and_counts_what_it_captured(seeded):
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"first thing", "enter")
        await pilot.press(*"second thing ^fri", "enter")
        await pilot.pause()
        bar = app.dashboard.panel("#quick-add")
        assert bar.display and app.focused is bar.field and bar.field.value == ""
        assert bar.border_subtitle == "2 captured"
        assert "Enter saves and keeps the bar open" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display
        assert app.selected_item is not None and app.selected_item.title == "second thing"
    saved = titles(seeded)
    assert saved["first thing"].status == "inbox" and saved["second thing"].due == "2026-11-27"


async def test_enter_on_an_empty_bar_closes_it(seeded):
    before = seeded.read_bytes()
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("exclamation_mark", "enter")
        await pilot.pause()
        assert not app.dashboard.panel("#quick-add").display
    assert seeded.read_bytes() == before


async def test_escape_on_typed_text_asks_and_a_second_escape_discards(seeded):
    before = seeded.read_bytes()
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"call the printer shop", "escape")
        await pilot.pause()
        bar = app.dashboard.panel("#quick-add")
        assert bar.display and bar.field.value == "call the printer shop"
        assert "Escape again discards it" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display
        await pilot.press("n")
        assert bar.field.value == ""
    assert seeded.read_bytes() == before


async def test_escape_then_enter_saves_what_was_typed(seeded):
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"keep me", "escape", "enter")
        await pilot.pause()
    assert "keep me" in titles(seeded)


@pytest.mark.parametrize("close", ["escape", "enter"])
async def test_text_typed_right_after_the_bar_closed_runs_no_board_key(seeded, close):
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Call Li ^fri", "enter")
        await pilot.pause()
        await pilot.press(close)  # the empty bar closes, the cursor is on "Call Li"
        before = seeded.read_bytes()
        await pilot.press(*"draft", "enter")
        await pilot.pause()
        assert app.screen is app.dashboard  # neither Assign (a) nor the editor (enter) opened
        assert seeded.read_bytes() == before  # d did not mark it done
        await _pause_typing(app, pilot)
        assert any("Not run as keys: 'draft⏎'" in n.message for n in app._notifications)
        await pilot.press("d")  # after a pause the board's keys work again
        await pilot.pause()
    assert titles(seeded)["Call Li"].status == "done"


async def test_text_typed_right_after_the_filter_closed_runs_no_board_key(seeded):
    before = seeded.read_bytes()
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"toner", "enter", *"draft")
        await pilot.pause()
        assert app.screen is app.dashboard
        assert app.selected_item is not None and app.selected_item.title == "Order printer toner"
    assert seeded.read_bytes() == before


async def test_text_typed_right_after_a_dialog_closed_runs_no_board_key(seeded):
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        item = titles(seeded)["Order printer toner"]
        app.dashboard.focus_item(item.id)
        await pilot.pause()
        await pilot.press("w", *"Director Zhao", "enter")  # the waiting-for dialog saves and closes
        await pilot.pause()
        before = seeded.read_bytes()
        await pilot.press(*" xd")
        await pilot.pause()
        assert seeded.read_bytes() == before
    assert titles(seeded)["Order printer toner"].status == "waiting"


# Escape on a changed form asks ---------------------------------------------------------------


async def _edit(app, pilot, title: str) -> None:
    item = titles(app.desk.path)[title]
    app.dashboard.focus_item(item.id)
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()


async def test_escape_on_an_unchanged_editor_closes_at_once(seeded):
    before = seeded.read_bytes()
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _edit(app, pilot, "Order printer toner")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.dashboard
    assert seeded.read_bytes() == before


async def test_escape_on_a_changed_editor_asks_and_escape_again_keeps_editing(seeded):
    before = seeded.read_bytes()
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _edit(app, pilot, "Order printer toner")
        await pilot.press("end", *" and paper", "escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDiscard"
        assert "Your changes are not saved yet." in screen_text(app)
        await pilot.press(*"draft")  # typed on: none of s/d reaches the question
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDiscard"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "EditorScreen"
        assert app.screen.query_one("#title").text == "Order printer toner and paper"
    assert seeded.read_bytes() == before


@pytest.mark.parametrize(("answer", "title"), [("s", "Order printer toner and paper"), ("d", "Order printer toner")])
async def test_the_question_saves_or_discards(seeded, answer, title):
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _edit(app, pilot, "Order printer toner")
        await pilot.press("end", *" and paper", "escape")
        await _pause_typing(app, pilot)
        await pilot.press(answer)
        await pilot.pause()
        assert app.screen is app.dashboard
    assert title in titles(seeded)


async def test_a_typed_snooze_time_is_not_lost_to_one_escape(seeded):
    before = seeded.read_bytes()
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        item = titles(seeded)["Order printer toner"]
        app.dashboard.focus_item(item.id)
        await pilot.pause()
        await pilot.press("s", "tab", *"fri 15:00", "escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDiscard"
        await pilot.click("#confirm-save-button")
        await pilot.pause()
        assert app.screen is app.dashboard
    assert seeded.read_bytes() != before
    assert titles(seeded)["Order printer toner"].snoozed_until == "2026-11-27T07:00:00Z"


# keys typed faster than the app handles them ------------------------------------------------------


def _type_at_once(app, keys: str) -> None:
    """Queue every key before the app handles the first, as on a busy machine or with a fast typist."""
    from textual import events

    for character in keys:
        key = {"/": "slash", " ": "space"}.get(character, character)
        app._driver.send_message(events.Key(key, character))


@pytest.mark.parametrize(("opener", "field"), [("n", "#quick-add-input"), ("/", "#filter")])
async def test_text_queued_behind_the_key_that_opens_an_input_goes_into_it(seeded, opener, field):
    before = seeded.read_bytes()
    app = _app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        _type_at_once(app, opener + "draft")
        await pilot.pause()
        await _pause_typing(app, pilot)
        assert app.screen is app.dashboard
        assert app.dashboard.query_one(field).value == "draft"
    assert seeded.read_bytes() == before


async def test_an_inbox_item_given_to_someone_goes_to_delegate_and_the_notice_says_so(seeded):
    app = _app(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        item = next(i for i in app.board.items.values() if i.status == "inbox")
        member = next(iter(app.board.team.values()))
        app.dashboard.focus_item(item.id)
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*member.name)
        await _pause_typing(app, pilot)
        await pilot.press("enter")
        await pilot.pause(0.3)
        said = [n.message for n in app._notifications]
        stored = titles(seeded)[item.title]
    assert stored.assignee == member.id and stored.status == "open"
    assert app.board.placement(stored).quadrant == 3
    assert any(f"→ {member.name} (Delegate)" in m for m in said), said
