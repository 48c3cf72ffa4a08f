"""The dashboard fits the terminal: panels share the rows, rows use the width, help fits, toasts stay whole.

A Chinese office with a team of twelve and more items than the screen holds,
at 60x18, 80x24, 120x40 and 200x50: the interrupt queue and the inbox never
vanish, the team does not take rows it cannot use, a panel holding more than
it shows says so ("还有N项"), the detail strip keeps its second line, `z`
zooms a panel, help shows every key at 120x40, and a Chinese toast keeps
every character.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from apptools import make_app, screen_text, seed
from chief.store import set_language
from chief.tui.layout import Ask, first_rows, quadrant_rows, share, side_rows
from chief.tui.screens.help import HelpBody, balanced
from chief.tui.widgets.item_list import ItemList
from chief.tui.widgets.team_list import TeamList

pytestmark = pytest.mark.usefixtures("frozen_time")

NAMES = ("张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷", "徐明", "孙丽")
TEAM = tuple((name, 10 + 3 * i, ["日常事务"]) for i, name in enumerate(NAMES))
LONG = "起草年度工作总结报告并报送办公厅领导审阅，同时抄送各处室负责人征求意见"
ITEMS = (
    ("task", f"* ! {LONG} ^today 18:00 @张伟 #文稿 ~3h from:主任"),
    ("task", "* 准备局长明天上午会见外宾的谈话要点 ^tomorrow 9:00 @李娜 #接待 ~2h"),
    ("task", "* 审核保密文件归档清单 ^fri @王芳 #机要保密 ~1h"),
    ("task", "! 预订周五的大会议室 ^today @刘洋 #后勤 ~15m"),
    ("task", "! 通知各科室参加周五安全检查 ^fri 10:00 @周杰 #日常事务"),
    ("task", "* 回复财务处关于差旅报销新规定的征求意见函 ^2026-12-10 @陈静 #日常事务 ~45m"),
    *(("task", f"* 第{i + 1}项重点工作的推进情况汇报材料 ^2026-12-{i + 8:02d} @{NAMES[i % 12]} #文稿") for i in range(16)),
    *(("task", title) for title in ("采购打印机硒鼓", "整理上月会议纪要", "更新值班表", "核对办公用品台账", "整理档案室", "给老干部送慰问品", "检查车辆年审")),
    ("interrupt", "机要室：密电需立即签收 from:机要室"),
    ("interrupt", "副局长要求下午三点前提交情况说明 from:副局长"),
    ("interrupt", "市政府办公厅来电询问会议材料 from:市政府办"),
)
SIZES = {"60x18": (60, 18), "80x24": (80, 24), "120x40": (120, 40), "200x50": (200, 50)}


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


@pytest.fixture
def office(data_file: Path, chinese) -> Path:
    seed(data_file, items=ITEMS, team=TEAM)
    return data_file


def _content_rows(panel) -> int:
    return panel.scrollable_content_region.height


# how the rows are shared (no screen) ------------------------------------------------------


def test_everything_fits_spare_rows_go_to_the_panels_that_grow():
    assert share(36, [Ask(5, 5), Ask(9, 5), Ask(14, 4, grows=False)]) == [11, 11, 14]


def test_too_short_the_biggest_claims_are_capped_evenly_and_floors_hold():
    assert share(20, [Ask(5, 5), Ask(9, 5), Ask(14, 4, grows=False)]) == [5, 8, 7]
    assert share(14, [Ask(5, 5), Ask(9, 5), Ask(14, 4, grows=False)]) == [5, 5, 4]
    assert sum(share(17, [Ask(30, 5), Ask(30, 5), Ask(30, 4)])) == 17


@pytest.mark.parametrize("seed", range(6))
def test_the_rows_read_for_the_first_screen_are_never_fewer_than_a_panel_shows(seed):
    """first_rows works each list's rows out from its fewest and most items (the count at paint lies between): for
    any counts between, on any terminal, the panels as shared out show no more rows than it said."""
    import random

    chance = random.Random(seed)
    for _case in range(400):
        lines = chance.randint(8, 80)
        low = {slot: chance.choice([0, 1, 2, 5, 9, 20, 200]) for slot in (1, 2, 3, 4, "interrupts", "inbox")}
        high = {slot: n + chance.choice([0, 0, 1, 3, 12, 95]) for slot, n in low.items()}
        team = chance.choice([0, 1, 3, 12, 40])
        bound = first_rows(lines)({**{slot: (low[slot], high[slot]) for slot in low}, "team": (team, team)})
        true = {slot: chance.randint(low[slot], high[slot]) for slot in low}
        need = {slot: max(1, n) + 2 for slot, n in true.items()}
        for total in range(max(1, lines - 6), lines + 1):  # the board's rows: the terminal's, less header, detail, footer
            top, bottom = quadrant_rows(total, [need[n] for n in (1, 2, 3, 4)])
            queues = side_rows(total, [need["interrupts"], need["inbox"], max(1, team) + 2])
            shown = {1: top, 2: top, 3: bottom, 4: bottom, "interrupts": queues[0], "inbox": queues[1]}
            assert all(shown[slot] - 2 <= bound[slot] for slot in shown), (lines, total, low, high, true, team, bound)


def test_an_empty_queue_keeps_its_floor():
    assert share(12, [Ask(3, 3), Ask(3, 3), Ask(14, 4, grows=False)])[:2] == [3, 3]


def test_help_columns_keep_the_groups_in_order_and_the_tallest_short():
    assert balanced([5, 22, 12, 10, 8], 3) == [0, 2, 3]
    assert balanced([5, 22, 12], 1) == [0]


# the dashboard at four sizes -------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
async def test_queues_never_vanish_and_the_team_does_not_hog(office, size):
    app = make_app(office)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        interrupts, inbox = app.screen.query_one("#interrupts", ItemList), app.screen.query_one("#inbox", ItemList)
        team = app.screen.query_one("#team", TeamList)
        assert _content_rows(interrupts) >= 3, "all three interrupts are visible"
        assert _content_rows(inbox) >= min(3, len(inbox.rows))
        assert _content_rows(team) <= len(team.rows)  # no empty rows kept for a team that has none to show
        assert _content_rows(team) <= max(_content_rows(interrupts), _content_rows(inbox)) or _content_rows(team) == len(team.rows)
        text = screen_text(app)
        for panel in (*app.screen.query(ItemList), team):
            hidden = len(panel.rows) - _content_rows(panel)
            if hidden > 0:
                assert f"还有{hidden}项" in text, f"{panel.id} holds {hidden} more than it shows"


async def test_a_bigger_screen_shows_everything_and_says_no_more(office):
    app = make_app(office)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        team = app.screen.query_one("#team", TeamList)
        assert _content_rows(team) == 12
        assert "还有" not in screen_text(app)


async def test_the_detail_strip_keeps_its_second_line_under_a_long_title(office):
    app = make_app(office)
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.pause()
        assert app.selected_item.title == LONG
        lines = screen_text(app).splitlines()
        title_line, meta_line = lines[-3], lines[-2]
        shown = title_line.strip()
        assert shown.endswith("…") and LONG.startswith(shown[:-1])  # cut once, nothing lost before the cut
        assert meta_line.lstrip().startswith("立即办") and "时限" in meta_line  # quadrant and due, on their own line
        assert meta_line.rstrip().endswith("…")


async def test_z_zooms_the_focused_panel_and_z_or_escape_bring_it_back(office):
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")  # Schedule: 17 items, 8 shown
        schedule = app.screen.query_one("#q2", ItemList)
        assert app.screen.focused is schedule
        before = _content_rows(schedule)
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is schedule
        assert _content_rows(schedule) > before and schedule.region.width == 80
        assert "预订周五的大会议室" not in screen_text(app)  # the other panels are out of sight
        await pilot.press("j", "z")
        await pilot.pause()
        assert app.screen.maximized is None and _content_rows(schedule) == before
        assert app.selected_item is schedule.selected_item and schedule.cursor == 1
        await pilot.press("l", "tab", "z")  # a side panel, whose height the layout sets
        await pilot.pause()
        inbox = app.screen.query_one("#inbox", ItemList)
        assert app.screen.maximized is inbox and _content_rows(inbox) > len(inbox.rows)
        assert "给老干部送慰问品" in screen_text(app) and "还有" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.maximized is None
        assert _content_rows(app.screen.query_one("#interrupts", ItemList)) >= 3


async def test_help_shows_every_key_on_one_screen_at_120x40(office):
    app = make_app(office)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for keys, what, _binding_id in app.help_rows():
            assert re.search(rf"{re.escape(keys)}\s+{re.escape(what)}", text), (keys, what)
        assert re.search(r"\^p\s+命令面板", text) and re.search(r"tab\s+下一个面板", text)
        assert "cursor-page-down" not in text  # the ids only when asked
        await pilot.press("i")
        await pilot.pause()
        assert re.search(r"esc, q, \?, f1\s+关闭帮助\s+help-close", screen_text(app))


def _toast_text(app) -> str:
    """What the toast shows, read from the composed screen inside the toast's own region."""
    toast = app.screen.query_one("Toast")
    region = toast.content_region
    strips = app.screen._compositor.render_strips()
    lines = ["".join(s.text for s in strips[y].crop(region.x, region.right)) for y in range(region.y, region.bottom)]
    return "".join(line.strip() for line in lines)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_a_chinese_toast_keeps_every_character(office, size):
    message = "已加入计划办：" + LONG + "（共三十二个字的标题）"
    app = make_app(office)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        for shift in range(4):  # wherever the text falls against the panels' borders
            app.notify(" " * shift + message, markup=False, timeout=30)
            await pilot.pause(0.3)
            assert _toast_text(app) == message


# snapshots ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=["80x24", "120x40", "200x50"])
def test_snapshot_chinese_office_of_twelve(snap_compare, office, size):
    assert snap_compare(make_app(office), terminal_size=size)


def test_snapshot_help_at_120x40(snap_compare, office):
    assert snap_compare(make_app(office), terminal_size=(120, 40), press=["question_mark"])
