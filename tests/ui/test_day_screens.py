"""The chief's day in the dashboard: the Waiting view, stats, review, the brief, export and import.

Each test presses the keys a user would and reads the data file (or the
written file) again: the screen is only right when what it saved is right.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pendulum
import pytest
from textual.widgets import OptionList

from chief.store.desk import Desk
from chief.store.domain.recur import next_instance_id
from chief.store.domain.when import Due
from apptools import make_app, screen_text, seed, titles, pause_typing
from chief.tui.screens.importing import ImportScreen
from chief.tui.screens.review import ReviewScreen
from chief.tui.screens.stats import StatsScreen
from chief.tui.screens.editor import EditorScreen
from chief.tui.screens.wait import WaitScreen
from chief.tui.screens.waiting import WaitingScreen

SIZE = (120, 40)
ZONE = pendulum.timezone("Asia/Shanghai")


@pytest.fixture
def office(data_file: Path, frozen_time: None, monkeypatch: pytest.MonkeyPatch) -> Desk:
    desk = seed(data_file)
    board = desk.board()
    by_title = {i.title: i for i in board.items.values()}
    now = board.now
    # two waiting items: the older one (waiting since yesterday) first, with a follow-up already due
    monkeypatch.setenv("CHIEF_NOW", "2026-11-24T15:00:00")  # yesterday afternoon
    desk.wait(by_title["Order printer toner"].id, "财务处", Due(now.subtract(hours=1)))
    monkeypatch.setenv("CHIEF_NOW", "2026-11-25T10:00:00")
    briefing = next(i for t, i in by_title.items() if t.startswith("Prepare briefing"))
    desk.wait(briefing.id, "主任批示", None)
    return desk


async def test_the_waiting_view_lists_oldest_first_and_decides(office, data_file):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("W")
        assert isinstance(app.screen, WaitingScreen)
        text = screen_text(app)
        assert "Waiting for" in text and "财务处" in text and "主任批示" in text
        assert "follow up now" in text and "no follow-up" in text
        rows = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert "财务处" in rows[0] and "主任批示" in rows[1]  # the toner waited first
        await pilot.press("r")  # back on the board
        await pilot.pause()
        assert titles(data_file)["Order printer toner"].status == "open"
        rows = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert len(rows) == 1 and "主任批示" in rows[0]
        await pilot.press("d")
        await pilot.pause()
        assert titles(data_file)["Prepare briefing notes for the director"].status == "done"
        assert "Nothing is waiting on anyone." in screen_text(app)
        await pilot.press("escape")
        assert app.screen is app.dashboard


async def test_stats_review_and_brief_from_their_keys(office, data_file):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        assert isinstance(app.screen, StatsScreen)
        assert "Interrupt" in screen_text(app)
        await pilot.press("escape", "R")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape", "B")
        await pilot.pause()
        briefs = list((data_file.parent / "briefs").glob("brief-2026-11-25.md"))
        assert len(briefs) == 1
        text = briefs[0].read_text(encoding="utf-8")
        assert "起草年度工作总结报告" in text and "[@click" not in text.replace("\\[", "")
        assert any(str(briefs[0]) in n.message for n in app._notifications)


async def test_export_from_the_palette_writes_beside_the_data_file(office, data_file):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        app.export("csv")
        app.export("csv")
        app.export("ics")
        await pilot.pause()
    folder = data_file.parent / "exports"
    assert sorted(p.name for p in folder.iterdir()) == ["chief-2026-11-25-2.csv", "chief-2026-11-25.csv", "chief-2026-11-25.ics"]
    rows = list(csv.DictReader((folder / "chief-2026-11-25.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert {r["title"] for r in rows} >= {"起草年度工作总结报告", "Order printer toner"}
    assert "BEGIN:VTODO" in (folder / "chief-2026-11-25.ics").read_text(encoding="utf-8")
    assert oct((folder / "chief-2026-11-25.csv").stat().st_mode & 0o777) == "0o600"


async def test_import_dialog_checks_the_file_then_imports(office, data_file):
    good = data_file.parent / "in.csv"  # a relative path is read from the data file's folder
    good.write_text("title,status\n从CSV导入的事项,open\n", encoding="utf-8")
    bad = data_file.parent / "bad.csv"
    bad.write_text("title,status\n,open\n", encoding="utf-8")
    before = data_file.read_bytes()
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        app.action_import_file()
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        await pilot.press(*"bad.csv", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)  # refused, with the reason under the path
        assert "line 2" in screen_text(app)
        assert data_file.read_bytes() == before
        await pilot.press(*["backspace"] * len("bad.csv"), *"in.csv")
        await pilot.pause()
        assert "1 item(s)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.dashboard
    assert titles(data_file)["从CSV导入的事项"].status == "open"


async def test_a_recurring_duty_done_on_the_board_comes_back(data_file, frozen_time):
    desk = Desk(data_file)
    item, _ = desk.capture("* 晨会 every:weekday 9:00")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        app.dashboard.focus_item(item.id)
        await pilot.pause()
        assert "every weekday at 9:00" in screen_text(app)  # the detail strip says the rule
        await pilot.press("d")
        await pilot.pause()
        board = Desk(data_file).board()
        assert board.items[item.id].status == "done"
        assert board.items[next_instance_id(item.id)].due == "2026-11-27T01:00:00Z"  # Friday 9:00 Shanghai
        assert "晨会" in screen_text(app)  # the next one is on the board


async def test_r_on_the_board_ends_the_waiting_and_j_moves_in_the_list(office, data_file):
    toner = titles(data_file)["Order printer toner"]  # waiting, its follow-up due: back on the board
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("W", "j", "r")  # the second row: the briefing notes
        await pilot.pause()
        assert titles(data_file)["Prepare briefing notes for the director"].status == "open"
        assert titles(data_file)["Order printer toner"].status == "waiting"
        await pilot.press("escape")
        app.dashboard.focus_item(toner.id)
        await pilot.pause()
        assert "follow up" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert titles(data_file)["Order printer toner"].status == "open"
        await pilot.press("r")  # not waiting any more: the key does nothing
        await pilot.pause()
        assert titles(data_file)["Order printer toner"].status == "open"


async def test_done_on_a_duty_says_when_the_next_one_is_due(data_file, frozen_time):
    item, _ = Desk(data_file).capture("周报 every:fri")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        app.dashboard.focus_item(item.id)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert any("Done: 周报; the next one is due" in n.message for n in app._notifications)


async def test_the_waiting_view_lends_the_dashboards_decisions(office, data_file):
    """w, s, e and u work on the highlighted row without leaving the list."""
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("W")
        await pilot.pause()
        first = app.screen.selected_item
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WaitScreen)
        await pilot.press("ctrl+a", "ctrl+k", *"办公厅", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WaitingScreen)
        assert titles(data_file)[first.title].waiting_on == "办公厅"
        assert "办公厅" in screen_text(app)
        pause_typing(app)
        await pilot.press("u")
        await pilot.pause()
        assert titles(data_file)[first.title].waiting_on == first.waiting_on
        await pilot.press("s", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WaitingScreen) and titles(data_file)[first.title].deferrals == first.deferrals + 1
        pause_typing(app)  # the 2 was typed in the snooze field: a look at the list before the next key
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # Enter on a row opens the editor too
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
