"""The item dialogs (assign, snooze, wait, editor) driven through the real dashboard.

Every test presses the keys a user would and then reads the data file again
with a fresh Desk: a dialog is only right when what it saved is right. A
cancelled or refused dialog must leave the file byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from textual.widgets import Button, Input, OptionList, Static

from apptools import pause_typing
from conftest import FROZEN_TZ
from chief.store.desk import Desk
from chief.store.domain.model import Item
from chief.tui.app import ChiefApp
from chief.tui.screens.assign import AssignScreen
from chief.tui.screens.editor import EditorScreen
from chief.tui.screens.snooze import ParsedInput, SnoozeScreen
from chief.tui.screens.wait import WaitScreen
from chief.tui.widgets.item_list import MASK

SIZE = (120, 40)
MARKUP_TITLE = "[b]x[/b] and [@click=app.quit]y[/]"


@pytest.fixture
def office(tmp_path: Path, data_file: Path, frozen_time: None, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A small team and a few items; returns their ids by name (the file is ``data_file``)."""
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    desk = Desk(data_file)
    ids = {
        "li": desk.team_add("Li Na", role="reception").id,
        "zhang": desk.team_add("张伟", capacity_hours=10, role="documents").id,
        "report": desk.capture("* Draft the annual report ^fri @张伟 #documents ~2h")[0].id,
        "toner": desk.capture("Order printer toner")[0].id,
        "markup": desk.capture(MARKUP_TITLE)[0].id,
        "secret": desk.capture("! Personnel file for the vice director #confidential")[0].id,
    }
    desk.edit(ids["toner"], {"deferrals": 2})
    return ids


def stored(path: Path, item_id: str) -> Item:
    return Desk(path).board().items[item_id]


async def open_on(pilot, item_id: str, key: str) -> None:
    """Put the dashboard's cursor on the item and press the dialog's key."""
    pilot.app.dashboard.focus_item(item_id)
    await pilot.pause()
    pause_typing(pilot.app)  # a look at the board after the last dialog: the key is not typed ahead
    await pilot.press(key)
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.pause()


def note_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, ParsedInput).query_one(".parsed-note", Static).render())


# assign -------------------------------------------------------------------------


async def test_assign_offers_least_loaded_first_and_filter_picks(data_file: Path, office: dict[str, str]) -> None:
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["toner"], "a")
        assert isinstance(app.screen, AssignScreen)
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["@me", office["li"], office["zhang"]]  # Li Na has nothing; 张伟 has the report
        assert options.highlighted_option.id == office["li"]  # unassigned: the least loaded is offered
        await type_text(pilot, "张")
        # a member who matches; someone new named 张 is ctrl+n's (the add row is for a name that matches nobody)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [office["zhang"]]
        assert options.highlighted_option.id == office["zhang"]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, AssignScreen)
    item = stored(data_file, office["toner"])
    assert item.assignee == office["zhang"]
    assert item.status == "open"  # delegated, so out of the inbox


async def test_assign_arrow_keys_move_while_typing(data_file: Path, office: dict[str, str]) -> None:
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["report"], "a")
        options = app.screen.query_one(OptionList)
        assert options.highlighted_option.id == office["zhang"]  # the current assignee
        assert isinstance(app.focused, Input)
        await pilot.press("up", "enter")
        await pilot.pause()
    assert stored(data_file, office["report"]).assignee == office["li"]


async def test_assign_me_clears_the_assignee(data_file: Path, office: dict[str, str]) -> None:
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["report"], "a")
        await type_text(pilot, "me")
        assert app.screen.query_one(OptionList).highlighted_option.id == "@me"
        await pilot.press("enter")
        await pilot.pause()
    assert stored(data_file, office["report"]).assignee is None


async def test_assign_escape_changes_nothing(data_file: Path, office: dict[str, str]) -> None:
    before = data_file.read_bytes()
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["report"], "a")
        await pilot.press("down", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, AssignScreen)
    assert data_file.read_bytes() == before


async def test_dialog_titles_are_data_and_masked_in_privacy_mode(data_file: Path, office: dict[str, str]) -> None:
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["markup"], "a")
        assert str(app.screen.query_one("#dialog-item", Static).render()) == MARKUP_TITLE
        await pilot.press("escape")
        await pilot.press("p")
        await open_on(pilot, office["secret"], "a")
        assert str(app.screen.query_one("#dialog-item", Static).render()) == MASK


# snooze -------------------------------------------------------------------------


async def test_snooze_preset_by_digit(data_file: Path, office: dict[str, str]) -> None:
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["report"], "s")
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("2")  # tomorrow at the start of the working day: said in the field, Enter picks it
        await pilot.pause()
        assert isinstance(app.screen, SnoozeScreen)
        assert "preset 2, Tomorrow: until Thu 26 Nov 2026 09:00" in note_of(app.screen, "#snooze-when")
        await pilot.press("enter")
        await pilot.pause()
    item = stored(data_file, office["report"])
    assert item.snoozed_until == "2026-11-26T01:00:00Z"  # Thu 09:00 in Shanghai
    assert item.deferrals == 1


async def test_snooze_typed_when(data_file: Path, office: dict[str, str]) -> None:
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["toner"], "s")
        await pilot.press("tab")
        await type_text(pilot, "fri 14:00")
        assert "Fri 27 Nov 2026 14:00" in note_of(app.screen, "#snooze-when")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SnoozeScreen)
    item = stored(data_file, office["toner"])
    assert item.snoozed_until == "2026-11-27T06:00:00Z"
    assert item.deferrals == 3


async def test_snooze_bad_when_keeps_the_dialog_open(data_file: Path, office: dict[str, str]) -> None:
    before = data_file.read_bytes()
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["toner"], "s")
        assert "snoozed 2x before" in str(app.screen.query_one(".dialog-nudge", Static).render())
        await pilot.press("tab")
        await type_text(pilot, "frday")
        assert "cannot understand the time 'frday'" in note_of(app.screen, "#snooze-when")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeScreen)
        await type_text(pilot, "12")  # digits type into the field, they pick no preset here
        assert app.screen.query_one("#snooze-when", ParsedInput).text == "frday12"
        assert isinstance(app.screen, SnoozeScreen)
    assert data_file.read_bytes() == before


# wait ---------------------------------------------------------------------------


async def test_wait_sets_who_and_follow_up(data_file: Path, office: dict[str, str]) -> None:
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["report"], "w")
        assert isinstance(app.screen, WaitScreen)
        await type_text(pilot, "Director Zhao")
        await pilot.press("tab")
        await type_text(pilot, "mon")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, WaitScreen)
    item = stored(data_file, office["report"])
    assert (item.status, item.waiting_on, item.follow_up) == ("waiting", "Director Zhao", "2026-11-30T01:00:00Z")


async def test_wait_follow_up_defaults_to_two_days(data_file: Path, office: dict[str, str]) -> None:
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["toner"], "w")
        await type_text(pilot, "Li")
        await pilot.press("right")  # takes the suggested team member's name
        await pilot.press("ctrl+s")
        await pilot.pause()
    item = stored(data_file, office["toner"])
    assert (item.waiting_on, item.follow_up) == ("Li Na", "2026-11-27T01:00:00Z")  # Fri 09:00


async def test_wait_without_who_or_with_bad_when_stays_open(data_file: Path, office: dict[str, str]) -> None:
    before = data_file.read_bytes()
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["toner"], "w")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WaitScreen)
        assert "say who" in note_of(app.screen, "#wait-who")
        await type_text(pilot, "Director Zhao")
        await pilot.press("tab")
        await type_text(pilot, "someday")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WaitScreen)
        assert "cannot understand the time 'someday'" in note_of(app.screen, "#wait-follow-up")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WaitScreen)
    assert data_file.read_bytes() == before


# editor -------------------------------------------------------------------------


async def replace(pilot, selector: str, text: str) -> None:
    """Focus a one-line field and type over its text."""
    pilot.app.screen.query_one(selector, ParsedInput).focus_input()
    await pilot.press("end", "shift+home", "backspace")
    await type_text(pilot, text)


async def test_editor_saves_several_fields_at_once(data_file: Path, office: dict[str, str]) -> None:
    before = stored(data_file, office["toner"])
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["toner"], "e")
        assert isinstance(app.screen, EditorScreen)
        await replace(pilot, "#title", "Order toner for the 3rd floor")
        await replace(pilot, "#due", "2026-12-01 15:00")
        assert "Tue 1 Dec 2026 15:00" in note_of(app.screen, "#due")
        await replace(pilot, "#effort", "1h30m")
        app.screen.query_one("#category").focus()
        await pilot.press("enter")  # open the list
        await pilot.press("down", "down", "down", "down", "down", "enter")  # none, daily affairs, ..., logistics
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EditorScreen)
    item = stored(data_file, office["toner"])
    assert item.title == "Order toner for the 3rd floor"
    assert item.due == "2026-12-01T07:00:00Z"
    assert item.effort == 90
    assert item.category == "logistics"
    unchanged = ("notes", "kind", "important", "urgent", "assignee", "source", "status", "waiting_on", "follow_up")
    assert {f: getattr(item, f) for f in unchanged} == {f: getattr(before, f) for f in unchanged}


@pytest.mark.parametrize(("typed", "key"), [("Something else", "escape"), ("", "ctrl+s")], ids=["escape", "unchanged"])
async def test_editor_escape_or_an_unchanged_save_writes_nothing(
    data_file: Path, office: dict[str, str], typed: str, key: str
) -> None:
    before = data_file.read_bytes()
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["report"], "e")
        assert app.screen.query_one("#due", ParsedInput).text == "2026-11-27"
        assert app.screen.query_one("#effort", ParsedInput).text == "2h"
        if typed:
            await replace(pilot, "#title", typed)
        await pilot.press(key)  # Escape discards without asking
        await pilot.pause()
        assert not isinstance(app.screen, EditorScreen)
    assert data_file.read_bytes() == before


async def test_editor_invalid_field_blocks_saving(data_file: Path, office: dict[str, str]) -> None:
    before = data_file.read_bytes()
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["report"], "e")
        await replace(pilot, "#due", "frday")
        await replace(pilot, "#effort", "lots")
        screen = app.screen
        assert "cannot understand the time 'frday'" in note_of(screen, "#due")
        assert "cannot understand the effort 'lots'" in note_of(screen, "#effort")
        assert screen.query_one("#editor-save-button", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert app.focused is screen.query_one("#due Input")  # sent to the first field to fix
        assert data_file.read_bytes() == before
        await replace(pilot, "#due", "fri 17:00")
        await replace(pilot, "#effort", "")
        assert not screen.query_one("#editor-save-button", Button).disabled
        await pilot.click("#editor-save-button")
        await pilot.pause()
        assert app.screen is not screen
    item = stored(data_file, office["report"])
    assert (item.due, item.effort) == ("2026-11-27T09:00:00Z", None)


async def test_editor_shows_markup_titles_literally_and_keeps_them(data_file: Path, office: dict[str, str]) -> None:
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["markup"], "e")
        title = app.screen.query_one("#title Input", Input)
        assert title.value == MARKUP_TITLE
        assert MARKUP_TITLE in title.render_line(0).text
        await replace(pilot, "#source", "[i]Office[/i]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running
    item = stored(data_file, office["markup"])
    assert (item.title, item.source) == (MARKUP_TITLE, "[i]Office[/i]")


async def test_editor_changes_and_stops_a_recurring_duty(data_file: Path, office: dict[str, str]) -> None:
    duty = Desk(data_file).capture("周报 every:fri")[0]
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, duty.id, "e")
        assert app.screen.query_one("#repeat", ParsedInput).text == "fri"
        await replace(pilot, "#repeat", "every:sometimes")
        assert "cannot understand the repeat" in note_of(app.screen, "#repeat")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, EditorScreen)  # refused: nothing saved
        await replace(pilot, "#repeat", "mon,thu 9am")
        assert note_of(app.screen, "#repeat").startswith("every Mon, Thu at 9:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert stored(data_file, duty.id).repeat == "mon,thu 9:00"
        await open_on(pilot, duty.id, "e")
        await replace(pilot, "#repeat", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored(data_file, duty.id).repeat is None


@pytest.mark.parametrize("now, expected", [
    ("2026-11-30T10:00", ["Later today Mon 13:00", "Tomorrow Tue 09:00", "In 2 working days Wed 09:00", "Next week Mon 09:00"]),
    ("2026-11-30T00:30", ["Later today Mon 09:00", "Tomorrow Tue 09:00", "In 2 working days Wed 09:00", "Next week Mon 09:00"]),
    ("2026-12-04T17:30", ["Next working day Mon 09:00", "In 2 working days Tue 09:00", "In a week Fri 09:00",
                          "In two weeks Fri 09:00"]),
    ("2026-12-05T10:00", ["Next working day Mon 09:00", "In 2 working days Tue 09:00", "In a week Mon 09:00",
                          "In two weeks Mon 09:00"]),
    ("2026-12-06T23:00", ["Tomorrow Mon 09:00", "In 2 working days Tue 09:00", "In a week Mon 09:00", "In two weeks Mon 09:00"]),
], ids=["monday", "monday-night", "friday-evening", "saturday", "sunday-night"])
def test_snooze_presets_land_on_working_days_and_never_twice(now, expected):
    """Earliest first; "later today" only inside a working day; never the same day twice."""
    from chief.store.domain.config import Settings
    from chief.tui.screens.snooze import presets

    choices = presets(pendulum.parse(now, tz=FROZEN_TZ), Settings())
    assert [f"{name} {moment.format('ddd HH:mm')}" for name, moment in choices] == expected
    assert len({moment.date() for _, moment in choices}) == 4


def test_the_default_follow_up_is_two_working_days_on(data_file: Path, monkeypatch) -> None:
    """Thursday's default follow-up is Monday, not Saturday."""
    monkeypatch.setenv("CHIEF_NOW", "2026-11-26T10:00:00")
    from chief.store.domain.config import Settings

    desk = Desk(data_file)
    item, _ = desk.capture("* 请示主任")
    screen = WaitScreen(desk.board(), item, Settings(), privacy=False)
    due, words = screen._read_follow_up("")
    assert due.at == pendulum.Date(2026, 11, 30) and words.startswith("comes back Mon 30 Nov 2026 09:00")
    with pytest.raises(ValueError, match="has already passed"):
        screen._read_follow_up("2020-01-01")


async def test_editor_waiting_for_makes_the_item_wait_and_a_lone_follow_up_is_refused(
    data_file: Path, office: dict[str, str]
) -> None:
    """The editor's Waiting for acts like w: the item waits, and shows in the Waiting list."""
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["toner"], "e")
        before = data_file.read_bytes()
        await replace(pilot, "#follow_up", "tomorrow")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen) and data_file.read_bytes() == before
        assert "a follow-up needs someone to wait for" in str(app.screen.query_one("#editor-status", Static).render())
        await replace(pilot, "#waiting_on", "主任")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EditorScreen)
    item = stored(data_file, office["toner"])
    assert (item.status, item.waiting_on, item.follow_up, item.waiting_since) == (
        "waiting", "主任", "2026-11-26T01:00:00Z", "2026-11-25T02:00:00Z")
    ended = Desk(data_file).edit(item.id, {"waiting_on": None})
    assert (ended.status, ended.follow_up) == ("open", None)


async def test_keys_typed_in_the_editors_notes_are_text_not_board_keys(data_file: Path, office: dict[str, str]) -> None:
    """The notes' TextArea loads with the editor, not at the start: typing in it is still typing (saved as
    notes), and a key typed on right after the editor closed is typed-ahead text, never a board key."""
    from textual.widgets import TextArea

    before = stored(data_file, office["toner"])
    app = ChiefApp(Desk(data_file), remember_theme=False)
    app.typeahead.pause_s = 60  # the save's fsync on a busy machine must not end the typing run
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, office["toner"], "e")
        assert isinstance(app.screen, EditorScreen)
        app.screen.query_one("#notes", TextArea).focus()
        await pilot.pause()
        await pilot.press("1", "2", "space", "x")  # a quadrant key and the drop key on the board: text here
        assert app.screen.query_one("#notes", TextArea).text.startswith("12 x")
        await pilot.press("ctrl+s", "1")  # the 1 typed on behind the save
        await pilot.pause()
        assert not isinstance(app.screen, EditorScreen)
    item = stored(data_file, office["toner"])
    assert item.notes.startswith("12 x")
    assert (item.important, item.urgent, item.status) == (before.important, before.urgent, before.status)
