"""Steps on the dashboard, driven key by key: the step view, the rows, the emergency, finding anything.

Every scenario presses what a user would and then reads the data file again
with a fresh Desk: a step is only ticked when the file says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from apptools import make_app, pause_typing, screen_text
from chief.store.desk import Desk
from chief.store.domain.model import Item
from chief.tui.screens.editor import EditorScreen
from chief.tui.screens.item_view import ItemView
from chief.tui.screens.steps import StepsScreen
from chief.tui.widgets.step_list import StepList, StepsPanel

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))


@pytest.fixture
def office(data_file: Path) -> dict[str, str]:
    """A team of two, an item with three steps (one done, one due before the item), a plain item, an interrupt."""
    desk = Desk(data_file)
    ids = {
        "li": desk.team_add("Li Na").id,
        "zhang": desk.team_add("张伟").id,
        "visit": desk.capture("* Receive the provincial delegation ^fri 15:00")[0].id,
        "plain": desk.capture("* Draft the speech ^thu")[0].id,
        "alarm": desk.capture("Server room alarm from:保卫科", kind="interrupt")[0].id,
    }
    desk.step_add(ids["visit"], "Confirm the guest list @li ^thu 10:00")
    desk.step_add(ids["visit"], "Book the meeting room")
    desk.step_add(ids["visit"], "Print the name cards")
    desk.step_tick(ids["visit"], 2)
    return ids


def stored(path: Path, item_id: str) -> Item:
    return Desk(path).board().items[item_id]


def texts(item: Item) -> list[str]:
    return [step.text for step in item.steps]


async def open_steps(pilot, item_id: str) -> StepsScreen:
    pilot.app.dashboard.focus_item(item_id)
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, StepsScreen)
    return screen


def highlight(screen, number: int) -> None:
    screen.query_one(StepList).highlighted = number - 1


async def type_step(pilot, text: str) -> None:
    pilot.app.screen.query_one("#step-input", Input).insert_text_at_cursor(text)
    await pilot.press("enter")
    await pilot.pause()


# the step view ----------------------------------------------------------------


async def test_c_adds_steps_with_who_and_due_and_the_file_has_them(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_steps(pilot, office["plain"])
        await pilot.press("a")
        await type_step(pilot, "Collect the figures @li ^wed 17:00")
        await type_step(pilot, "第二稿请主任审阅")  # the line stays open for the next one
        await pilot.press("escape")  # closes the line, not the view
        await pilot.pause()
        assert isinstance(app.screen, StepsScreen)
        item = stored(data_file, office["plain"])
        assert texts(item) == ["Collect the figures", "第二稿请主任审阅"]
        assert item.steps[0].who == office["li"] and item.steps[0].due
        assert "0/2" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.dashboard


async def test_space_ticks_and_unticks_and_u_undoes(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_steps(pilot, office["visit"])
        highlight(screen, 1)
        await pilot.press("space")
        await pilot.pause()
        first = stored(data_file, office["visit"]).steps[0]
        assert first.done and first.done_at  # the time it was ticked is kept
        highlight(screen, 1)
        await pilot.press("x")  # the tick taken back
        await pilot.pause()
        assert not stored(data_file, office["visit"]).steps[0].done
        await pilot.press("u")  # undo the untick: ticked again
        await pilot.pause()
        assert stored(data_file, office["visit"]).steps[0].done


async def test_shift_keys_move_edit_changes_and_d_removes_undoably(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_steps(pilot, office["visit"])
        highlight(screen, 3)
        await pilot.press("K")
        await pilot.pause()
        assert texts(stored(data_file, office["visit"])) == ["Confirm the guest list", "Print the name cards", "Book the meeting room"]
        await pilot.press("shift+down")  # the cursor stayed on the moved step: back down
        await pilot.pause()
        assert texts(stored(data_file, office["visit"]))[2] == "Print the name cards"
        highlight(screen, 3)
        await pilot.press("e")
        field = screen.query_one("#step-input", Input)
        assert field.value.startswith("Print the name cards")
        field.value = ""
        await type_step(pilot, "Print the name cards in Chinese and English")
        assert texts(stored(data_file, office["visit"]))[2] == "Print the name cards in Chinese and English"
        highlight(screen, 2)
        await pilot.press("D")
        await pilot.pause()
        assert texts(stored(data_file, office["visit"])) == ["Confirm the guest list", "Print the name cards in Chinese and English"]
        await pilot.press("u")
        await pilot.pause()
        assert len(stored(data_file, office["visit"]).steps) == 3


async def test_ticking_the_last_step_offers_item_done_on_d(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_steps(pilot, office["visit"])
        highlight(screen, 1)
        await pilot.press("space")
        await pilot.pause()
        assert "d marks the item done" not in screen_text(app)  # one step is still open
        highlight(screen, 3)
        await pilot.press("space")
        await pilot.pause()
        assert "All steps done: d marks the item done" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert stored(data_file, office["visit"]).status == "done"


async def test_a_bad_due_in_a_step_saves_nothing_and_keeps_the_text(data_file, office):
    before = data_file.read_bytes()
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_steps(pilot, office["plain"])
        await pilot.press("a")
        await type_step(pilot, "Call them ^blursday")
        assert app.screen.query_one("#step-input", Input).value == "Call them ^blursday"
        notes = [str(n.message) for n in app._notifications]
        assert any("blursday" in note for note in notes)
    assert data_file.read_bytes() == before


async def test_the_editor_shows_the_steps_and_ticks_them(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        app.dashboard.focus_item(office["visit"])
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert "Confirm the guest list" in screen_text(app)
        steps = app.screen.query_one(StepList)
        await pilot.pause(0.2)  # the editor puts the cursor in its first field once it is shown: then the steps are chosen
        steps.focus()
        steps.highlighted = 0
        await pilot.pause()
        assert app.focused is steps
        pause_typing(app)  # a look at the steps first: a space right behind e is text for the editor's field
        await pilot.press("space")
        for _wait in range(50):  # the file is written right after the paint: wait for it, 5 s at most
            await pilot.pause(0.1)
            if stored(data_file, office["visit"]).steps[0].done:
                break
        assert stored(data_file, office["visit"]).steps[0].done
        await pilot.press("escape")  # the form had no other change: nothing else is saved
        await pilot.pause()
        assert app.screen is app.dashboard


# the board: rows, detail strip ------------------------------------------------


async def test_rows_show_progress_and_a_flag_for_a_step_due_first_and_the_strip_the_next_step(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        app.dashboard.focus_item(office["visit"])
        await pilot.pause()
        text = screen_text(app)
        assert "1/3⚑" in text  # the guest list is due thu, the item fri (the narrow panel: the flag alone)
        assert "next step (1/3 done): Confirm the guest list" in text


# the emergency ------------------------------------------------------------------


async def test_E_makes_the_interrupt_an_emergency_and_the_header_clock_runs(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        app.dashboard.focus_item(office["alarm"])
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        item = stored(data_file, office["alarm"])
        assert item.emergency and item.important and item.urgent
        assert item.steps  # the emergency procedure's steps
        assert app.dashboard.query_one("#q1").rows[0][0] == office["alarm"]  # first in Do now
        assert "EMERGENCY 0:00" in screen_text(app) and "!! Server room alarm" in screen_text(app)
        assert app.selected_item.id == office["alarm"]


# finding anything ----------------------------------------------------------------


async def test_the_filter_finds_words_in_notes_and_steps(data_file, office):
    Desk(data_file).edit(office["plain"], {"notes": "figures from the statistics bureau"})
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"bureau")
        await pilot.pause()
        shown = [item.id for panel in app.dashboard.item_panels() for _key, item in panel.rows]
        assert shown == [office["plain"]]
        app.dashboard.query_one("#filter", Input).value = "name cards"
        await pilot.pause()
        shown = [item.id for panel in app.dashboard.item_panels() for _key, item in panel.rows]
        assert shown == [office["visit"]]


async def test_the_palette_finds_a_note_of_an_item_done_yesterday_and_reopens_it(data_file, office, monkeypatch):
    monkeypatch.setenv("CHIEF_NOW", "2026-11-24T16:00:00")
    desk = Desk(data_file)
    desk.edit(office["plain"], {"notes": "the mayor wants the hydrology figures"})
    desk.done(office["plain"])
    monkeypatch.setenv("CHIEF_NOW", "2026-11-25T10:00:00")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"hydrology")
        for _ in range(40):
            await pilot.pause(0.05)
            if "Draft the speech" in screen_text(app):
                break
        assert "done" in screen_text(app) and "found: " in screen_text(app)  # where it is, and what was found
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ItemView)
        assert "hydrology" in screen_text(app)
        pause_typing(app)  # a look at the item first: r is not typed ahead
        await pilot.press("r")
        await pilot.pause()
        assert stored(data_file, office["plain"]).status == "open"
        assert app.screen is app.dashboard and app.selected_item.id == office["plain"]


async def test_the_palette_does_not_search_a_masked_items_notes(data_file, office):
    desk = Desk(data_file)
    secret = desk.capture("Personnel file #confidential")[0].id
    desk.edit(secret, {"notes": "the vice director's transfer"})
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "ctrl+p", *"transfer")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        text = screen_text(app)
        assert "found:" not in text and "Personnel" not in text and "director" not in text


async def test_wide_rows_say_when_the_early_step_is_due_and_narrow_rows_keep_the_title(data_file, office):
    async with make_app(data_file).run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        row = next(line for line in screen_text(pilot.app).splitlines() if "Receive the provincial delegation" in line)
        assert "1/3 (⚑tomorrow 10:00) fri 15:00" in row  # the step's due, named so, then the item's
    async with make_app(data_file).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        row = next(line for line in screen_text(pilot.app).splitlines() if "Receive" in line)
        assert "Receive the …  fri 15:00" in row  # the progress gives way before the title's share does


async def test_the_palette_makes_an_emergency_and_privacy_masks_the_steps(data_file, office):
    desk = Desk(data_file)
    secret = desk.capture("* Personnel file #confidential")[0].id
    desk.step_add(secret, "Ask the vice director about the transfer")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        app.dashboard.focus_item(office["alarm"])
        await pilot.pause()
        await pilot.press("ctrl+p", *"emergency")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert stored(data_file, office["alarm"]).emergency
        pause_typing(app)  # a look at the board first: p is not typed ahead
        await pilot.press("p")
        app.dashboard.focus_item(secret)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, StepsScreen)
        assert "vice director" not in screen_text(app) and "confidential" in screen_text(app)
