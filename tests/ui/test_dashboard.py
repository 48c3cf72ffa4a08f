"""The dashboard's keys, driven with Pilot against a temp data file.

Every test asserts on the data file (read fresh, as another process would),
not only on what the screen shows.
"""

from __future__ import annotations

import pendulum
import pytest

from apptools import make_app, pause_typing, screen_text, seed, titles
from conftest import FROZEN_TZ
from chief.store.domain.config import Settings
from chief.store.desk import Desk
from chief.store.domain.when import Due

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))


@pytest.fixture
def seeded(data_file):
    seed(data_file)
    return data_file


async def _focus(app, pilot, title: str) -> None:
    item = next(i for i in app.board.items.values() if i.title == title)
    app.dashboard.focus_item(item.id)
    await pilot.pause()
    assert app.selected_item is not None and app.selected_item.id == item.id


async def test_starts_with_every_panel_filled(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        counts = {p.id: len(p.rows) for p in app.dashboard.item_panels()}
        assert counts == {"q1": 3, "q2": 1, "q3": 1, "q4": 0, "interrupts": 2, "inbox": 2}
        assert app.dashboard.panel("#q1").border_title == "1 Do now (3)"
        assert len(app.dashboard.panel("#team").rows) == 3


@pytest.mark.parametrize("key,important,urgent", [("1", True, True), ("2", True, False), ("3", False, True), ("4", False, False)])
async def test_number_keys_triage_an_inbox_item(seeded, key, important, urgent):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _focus(app, pilot, "Order printer toner")
        await pilot.press(key)
        await pilot.pause()
    item = titles(seeded)["Order printer toner"]
    assert (item.important, item.urgent, item.status) == (important, urgent, "open")


async def test_number_key_takes_an_interrupt_out_of_the_queue(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _focus(app, pilot, "Server room alarm")
        await pilot.press("2")
        await pilot.pause()
        assert [i.title for i in app.board.interrupts()] == ["副局长要求下午三点前提交情况说明"]
    item = titles(seeded)["Server room alarm"]
    assert item.taken_at == "2026-11-25T02:00:00Z" and item.important and not item.urgent


@pytest.mark.parametrize("key", ["d", "space"])
async def test_done_keys(seeded, key):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _focus(app, pilot, "Book the meeting room")
        await pilot.press(key)
        await pilot.pause()
        assert all(i.title != "Book the meeting room" for i in app.board.quadrant(3))
    item = titles(seeded)["Book the meeting room"]
    assert item.status == "done" and item.done_at == "2026-11-25T02:00:00Z"


async def test_drop_then_undo_then_redo(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _focus(app, pilot, "Book the meeting room")
        await pilot.press("x")
        await pilot.pause()
        assert titles(seeded)["Book the meeting room"].status == "dropped"
        await pilot.press("u")
        await pilot.pause()
        assert titles(seeded)["Book the meeting room"].status == "open"
        assert titles(seeded)["Book the meeting room"].done_at is None
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert titles(seeded)["Book the meeting room"].status == "dropped"


async def test_undo_says_what_was_undone(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _focus(app, pilot, "Order printer toner")
        await pilot.press("1")
        await pilot.press("u")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "Undone: move to Do now 'Order printer toner'" in messages
    assert titles(seeded)["Order printer toner"].status == "inbox"


async def test_quick_add_saves_with_the_shared_syntax(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"* Call Li ^fri @li")
        await pilot.pause()
        preview = str(app.dashboard.panel("#quick-add-preview").render())
        assert "Schedule: Call Li" in preview and "Fri 27 Nov 2026" in preview and "@Li Na" in preview
        await pilot.press("enter", "escape")  # saved; the bar stays open for the next until Escape
        await pilot.pause()
        assert app.selected_item is not None and app.selected_item.title == "Call Li"
    item = titles(seeded)["Call Li"]
    assert item.important and item.due == "2026-11-27" and item.status == "open"


async def test_quick_add_error_is_shown_and_nothing_is_saved(seeded):
    before = seeded.read_bytes()
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.press(*"call ^frday")
        await pilot.pause()
        assert "cannot understand the time 'frday'" in str(app.dashboard.panel("#quick-add-preview").render())
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "escape")  # the first asks before the typed text goes
        await pilot.pause()
        assert not app.dashboard.panel("#quick-add").display
    assert seeded.read_bytes() == before


async def test_interrupt_capture_lands_in_the_queue(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("exclamation_mark")
        await pilot.press(*"Visitor at the gate from:门卫")
        await pilot.press("enter")
        await pilot.pause()
        assert [i.title for i in app.board.interrupts()][-1] == "Visitor at the gate"
    item = titles(seeded)["Visitor at the gate"]
    assert item.kind == "interrupt" and item.source == "门卫" and item.taken_at is None


async def test_privacy_masks_confidential_titles(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "审核保密文件归档清单" in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        shot = screen_text(app)
        assert "审核保密文件归档清单" not in shot and "confidential" in shot
        await pilot.press("p")
        await pilot.pause()
        assert "审核保密文件归档清单" in screen_text(app)


async def test_filter_by_words_member_and_category(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.press(*"@张")
        await pilot.pause()
        shown = [i.title for p in app.dashboard.item_panels() for _, i in p.rows]
        assert shown == ["起草年度工作总结报告"]
        await pilot.press("escape")
        await pilot.pause()
        assert sum(len(p.rows) for p in app.dashboard.item_panels()) == 9
        pause_typing(app)  # a look at the board before the next key: keys typed on after Escape are not run
        await pilot.press("slash")
        await pilot.press(*"#logi")
        await pilot.pause()
        assert sorted(i.title for p in app.dashboard.item_panels() for _, i in p.rows) == ["Book the meeting room", "Order printer toner"]


async def test_markup_in_titles_is_shown_literally(seeded):
    app = make_app(seeded)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        shot = screen_text(app)
        assert "整理上月会议纪要 [b]x[/b] [@cli" in shot
        row = app.dashboard.panel("#inbox").format_row(titles(seeded)["整理上月会议纪要 [b]x[/b] [@click=app.quit]y[/]"], 80)
        assert "[b]x[/b] [@click=app.quit]y[/]" in row.plain
        assert app.is_running


async def test_change_from_another_process_shows_and_keeps_the_cursor(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _focus(app, pilot, "Prepare briefing notes for the director")
        Desk(seeded).capture("* Urgent call from the ministry ^today 11:00")
        for _ in range(40):  # the watcher looks every 0.5 s; allow 2 s
            await pilot.pause(0.05)
            if any(i.title == "Urgent call from the ministry" for i in app.board.items.values()):
                break
        assert any(i.title == "Urgent call from the ministry" for _, i in app.dashboard.panel("#q1").rows)
        assert app.selected_item.title == "Prepare briefing notes for the director"


def test_the_watcher_thread_tells_of_a_change_and_stops_when_closed():
    """The file is looked at in a thread; a burst of its messages collapses into one."""
    import threading

    from chief.tui.messages import FileChanged
    from chief.tui.watcher import FileWatcher

    told = threading.Event()
    watcher = FileWatcher(lambda: True, told.set, interval=0.01)
    watcher.start()
    assert told.wait(2)
    watcher.close()
    watcher.join(1)
    assert not watcher.is_alive()
    assert FileChanged().can_replace(FileChanged())


async def test_text_in_quick_add_survives_a_reload(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.press(*"half typed")
        Desk(seeded).capture("from elsewhere")
        await pilot.pause(1.2)
        assert any(i.title == "from elsewhere" for i in app.board.items.values())
        assert app.dashboard.panel("#quick-add-input").value == "half typed"


async def test_a_capture_left_in_the_journal_shows_and_is_written(seeded):
    """A shell capture whose child was killed before it wrote the file (store/datafile/capture.py):
    its record waits in the journal, and the running dashboard shows it and writes it, unasked."""
    from chief.store.datafile import journal, storage
    from chief.store.domain.board import ITEMS

    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shell = Desk(seeded)
        record = dict(shell.board().raw_items[shell.board().inbox()[0].id])
        record["title"] = "left in the journal"
        journal.append(app.desk.path, shell.replica._database_id(None), {ITEMS: {"01ZZZZZZZZZZZZZZZZZZZZZZZZ": record}})
        await pilot.pause(1.2)  # the watcher looks every half second
        assert "left in the journal" in [i.title for i in app.board.items.values()]
        assert "left in the journal" in [r["title"] for r in storage.read_file(seeded)[0]["items"].values()]
        assert not journal.waiting(app.desk.path)


async def test_cursor_keys_and_panel_moves(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.dashboard.panel("#q1").focus()
        await pilot.press("j")
        assert app.dashboard.panel("#q1").cursor == 1
        await pilot.press("G")
        assert app.dashboard.panel("#q1").cursor == 2
        await pilot.press("g")
        assert app.dashboard.panel("#q1").cursor == 0
        await pilot.press("l")
        assert app.focused.id == "q2"
        await pilot.press("l")
        assert app.focused.id == "interrupts"
        await pilot.press("h")
        assert app.focused.id == "q2"
        await pilot.press("tab")
        assert app.focused.id != "q2"


async def test_keymap_from_config_remaps_a_binding(seeded):
    app = make_app(seeded, Settings(keymap={"done": "D"}))
    async with app.run_test(size=SIZE) as pilot:
        await _focus(app, pilot, "Book the meeting room")
        await pilot.press("d")
        await pilot.pause()
        assert titles(seeded)["Book the meeting room"].status == "open"
        await pilot.press("D")
        await pilot.pause()
    assert titles(seeded)["Book the meeting room"].status == "done"


async def test_item_keys_are_disabled_without_an_item(data_file):
    Desk(data_file).team_add("张伟")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "1", "x")
        await pilot.pause()
        assert app.check_action("done", ()) is None
        assert not app.board.items


async def test_a_theme_chosen_in_the_app_is_remembered(seeded, tmp_path):
    from chief.store.desk import Desk as _Desk
    from chief.tui.app import ChiefApp

    app = ChiefApp(_Desk(seeded), remember_theme=True)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "chief-dark"
        app.theme = "chief-light"
        await pilot.pause()
    assert '"theme": "chief-light"' in (tmp_path / "state" / "ui.json").read_text()
    again = ChiefApp(_Desk(seeded), remember_theme=True)
    async with again.run_test(size=SIZE) as pilot:
        assert again.theme == "chief-light"


async def test_the_palette_offers_every_action_and_the_themes(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("New", "Interrupt", "Do now", "Done", "Drop", "Edit", "Assign", "Snooze", "Waiting for",
                       "Triage", "Filter", "Undo", "Redo", "Privacy", "Help", "Theme"):
            assert wanted in titles, wanted


async def test_any_textual_theme_works_with_chiefs_variables(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "dracula"
        await pilot.pause()
        assert app.is_running and app.get_css_variables()["quadrant-do"]


@pytest.mark.parametrize("theme", ["textual-dark", "chief-dark", "dracula"])
async def test_the_starting_theme_has_its_variables_from_the_first_paint(seeded, theme):
    """Textual's __init__ makes the stylesheet with no variables (ChiefApp.get_css_variables): the starting theme's,
    Textual's default included, are set before any CSS is parsed."""
    from chief.store.desk import Desk as _Desk
    from chief.tui.app import ChiefApp

    app = ChiefApp(_Desk(seeded, Settings(theme=theme)), remember_theme=False)
    assert app.theme == theme
    expected = app.get_theme(theme).to_color_system().generate()["background"]
    assert app.stylesheet._variables["background"] == expected and app.stylesheet._variables["quadrant-do"]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.styles.background.hex == expected.upper()


async def test_the_config_theme_wins_once_it_changes(seeded, tmp_path):
    from chief.store.desk import Desk as _Desk
    from chief.tui.app import ChiefApp

    app = ChiefApp(_Desk(seeded), remember_theme=True)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "chief-contrast"
        await pilot.pause()
    again = ChiefApp(_Desk(seeded, Settings(theme="chief-light")), remember_theme=True)
    assert again.theme == "chief-light"


@pytest.mark.parametrize("config, message", [
    ('theme = "nope"', "config: 'theme' must be one of chief-contrast, chief-dark, chief-light (or a Textual theme), got 'nope'"),
    ('[keymap]\nnosuch = "z"', "config: [keymap] has no binding 'nosuch' (known: "),
    ('[keymap]\ndone = "ctrl+shift+banana"', "'ctrl+shift+banana' is not a key"),
    ('[keymap]\nquick-add = "d"', "config: [keymap] quick-add = 'd': 'd' is already the key of 'done'"),
])
def test_a_bad_theme_or_keymap_stops_the_dashboard_with_one_line(run_chief, env, tmp_path, data_file, config, message):
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    result = run_chief()
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert not data_file.exists()


async def test_narrow_rows_keep_the_title_readable_and_the_footer_cuts_no_key(data_file, frozen_time):
    """At 80x24 names and marks give way before the title does; no footer key is cut mid-word."""
    desk = seed(data_file)
    item, _ = desk.capture("* 接待省厅检查组并安排会议室 ^tomorrow @张伟 #reception")
    for step in item.steps:  # the reception procedure's: the row without steps (tests/ui/test_steps_ui.py has them)
        desk.step_remove(item.id, step.id)
    for _ in range(4):
        desk.snooze(item.id, Due(pendulum.datetime(2026, 11, 25, 10, 30, tz=FROZEN_TZ)))
        desk.resume(item.id)
    app = make_app(data_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "接待省厅检… 4x  tomorrow" in text  # the title keeps its share; the mark is shortened
        footer = text.splitlines()[-1]
        keys = footer.split("▏")[0].rstrip()
        assert keys.endswith(("Snooze", "Waiting for", "Undo", "Assign", "Done")), footer
    async with make_app(data_file).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        row = next(line for line in screen_text(pilot.app).splitlines() if "接待省厅检查" in line)
        assert "接待省厅检查组并安… 4x  tomorrow @张伟" in row
