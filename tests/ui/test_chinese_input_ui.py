"""The dashboard with a Chinese input method: full-width marks in the n and ! bars, pinyin in / and the palette."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from apptools import make_app, screen_text, seed, titles
from chief.tui.app import ChiefApp
from chief.tui.commands import ItemSearch

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)
MINUTES = "整理上月会议纪要 [b]x[/b] [@click=app.quit]y[/]"


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))


@pytest.fixture
def seeded(data_file):
    seed(data_file)
    return data_file


@pytest.fixture
def item_search(monkeypatch):
    if ItemSearch not in ChiefApp.COMMANDS:
        monkeypatch.setattr(ChiefApp, "COMMANDS", ChiefApp.COMMANDS | {ItemSearch})


async def type_in(app, pilot, field: str, text: str) -> None:
    """Type ``text`` into the focused input as an input method does: Pilot's key names have no full-width marks."""
    app.screen.query_one(field).insert_text_at_cursor(text)
    await pilot.pause()


def shown(app) -> list[str]:
    return sorted(item.title for panel in app.dashboard.item_panels() for _, item in panel.rows)


@pytest.mark.parametrize(
    ("typed", "titles_shown"),
    [
        ("hy", [MINUTES]),  # pinyin initials of 会议
        ("huiyi", [MINUTES]),  # full pinyin
        ("hyjy", [MINUTES]),
        ("bmwj", ["审核保密文件归档清单"]),
        ("会议", [MINUTES]),  # the characters themselves, as before
        ("@zw", ["起草年度工作总结报告"]),
        ("＠zhangwei", ["起草年度工作总结报告"]),  # a full-width @ from the input method
        ("@wangf", ["Book the meeting room"]),
        ("＃logi", ["Book the meeting room", "Order printer toner"]),
        ("hy @zw", []),  # all terms must match
        ("qqq", []),
    ],
)
async def test_the_filter_matches_by_pinyin(seeded, typed, titles_shown):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_in(app, pilot, "#filter", typed)
        assert shown(app) == titles_shown


async def _settle(pilot, condition, seconds: float = 3.0) -> None:
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        if condition():
            return
    raise AssertionError("the screen did not get there in time")


@pytest.mark.parametrize("typed", ["hyjy", "huiyi", "zlsy"])
async def test_the_palette_goes_to_an_item_by_pinyin(seeded, item_search, typed):
    app = make_app(seeded)
    wanted = titles(seeded)[MINUTES].id
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*typed)
        await _settle(pilot, lambda: "整理上月会议纪要" in screen_text(app))
        await pilot.press("enter")
        await _settle(pilot, lambda: app.screen is app.dashboard)
        assert app.selected_item.id == wanted


async def test_the_palette_matches_a_masked_title_only_as_its_mask(seeded, item_search):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "ctrl+p", *"bmwj")  # 保密文件, hidden by privacy mode
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        assert "审核保密文件归档清单" not in screen_text(app)


@pytest.mark.parametrize(
    ("key", "typed", "title", "fields"),
    [
        ("n", "＊！ 起草通知 ＠zw ～2h", "起草通知",
         {"important": True, "urgent": True, "effort": 120, "assignee_name": "张伟"}),
        ("n", "＊ 起草年度总结 ＾fri ＠wangfang ＃logi", "起草年度总结",
         {"important": True, "due": "2026-11-27", "category": "logistics", "assignee_name": "王芳"}),
        ("exclamation_mark", "来电 from：赵主任 ＠张伟", "来电",
         {"kind": "interrupt", "source": "赵主任", "assignee_name": "张伟"}),
    ],
)
async def test_the_bars_read_full_width_marks_and_pinyin(seeded, key, typed, title, fields):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        await type_in(app, pilot, "#quick-add-input", typed)
        await pilot.press("enter", "escape")  # saved; the bar stays open for the next until Escape
        await pilot.pause()
        assert app.selected_item is not None and app.selected_item.title == title
    item = titles(seeded)[title]
    names = {m.id: m.name for m in app.board.team.values()}
    saved = {name: (names.get(item.assignee) if name == "assignee_name" else getattr(item, name)) for name in fields}
    assert saved == fields
