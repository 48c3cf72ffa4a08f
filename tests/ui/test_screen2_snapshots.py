"""Snapshots of the screens fixed for the traps of issue 16, at 80x24 in Chinese (120x40 where the trap was).

A Chinese office of twelve with long titles: toasts over triage and help sit
above the keys and keep every character, the footer of a focused Team panel
shows whole keys only, a busy header fits, the keys panel (Textual's, said in
Chinese by tui/widgets/key_panel.py) keeps its shape, and a confidential
item's steps stay masked in the step view.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from apptools import make_app, seed
from chief.store import set_language
from chief.store.desk import Desk

pytestmark = pytest.mark.usefixtures("frozen_time")

NAMES = ("张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆", "欧阳建国", "司马晓燕", "诸葛明", "上官婉儿", "徐明", "孙丽")
TEAM = tuple((name, 20 + 2 * i, ["日常事务"]) for i, name in enumerate(NAMES))
ITEMS = (
    ("task", "* ! 起草年度工作总结报告并报送办公厅领导审阅，同时抄送各处室负责人征求意见 ^today 18:00 @张伟 #文稿 ~3h from:主任"),
    ("task", "* 关于印发《二〇二七年度机关事务管理工作要点》的通知征求意见稿修改 ^fri @欧阳建国 #文稿"),
    ("task", "! 协调市政府办公厅、发改委、财政局召开联席会议筹备工作方案 ^today @司马晓燕 #日常事务"),
    ("task", "整理并核对全年督查督办事项台账及落实情况汇总表"),
    ("task", "起草省委办公厅关于进一步加强和改进公文处理工作的实施意见"),
    ("task", "* 审核保密文件归档清单 ^fri #机要保密 ~1h"),
    ("interrupt", "机要室：密电需立即签收并呈报主要领导阅批 from:机要室"),
    ("interrupt", "副局长要求下午三点前提交情况说明 from:副局长"),
)
LONG_TOAST = "已加入计划办：起草年度工作总结报告并报送办公厅领导审阅，同时抄送各处室负责人征求意见"
SIZE = (80, 24)


@pytest.fixture
def office(data_file: Path):
    set_language("zh")
    desk = seed(data_file, items=ITEMS, team=TEAM)
    secret = next(item for item in desk.board().items.values() if item.title == "审核保密文件归档清单")
    desk.step_add(secret.id, "到机要室领取三号密电")
    yield data_file
    set_language("en")


def _toasts(pilot):
    pilot.app.notify(LONG_TOAST, markup=False, timeout=60)
    pilot.app.notify("同步冲突：另一台电脑也改了这一项", severity="warning", markup=False, timeout=60)


@pytest.mark.parametrize("key", ["t", "question_mark"], ids=["triage-toasts-above-the-legend", "help-toasts-inside-the-frame"])
def test_toasts_clear_of_the_keys(snap_compare, office, key):
    async def run_before(pilot):
        await pilot.press(key)
        await pilot.pause()
        _toasts(pilot)
        await pilot.pause(0.3)

    assert snap_compare(make_app(office), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_team_panel_focused_footer_keys_whole(snap_compare, office, size):
    async def run_before(pilot):
        pilot.app.screen.query_one("#team").focus()
        await pilot.pause(0.3)

    assert snap_compare(make_app(office), terminal_size=size, run_before=run_before)


def test_busy_header_privacy_and_marks(snap_compare, office):
    async def run_before(pilot):
        await pilot.press("p", "v")  # one item marked
        await pilot.pause()

    assert snap_compare(make_app(office), terminal_size=SIZE, run_before=run_before)


def test_keys_panel(snap_compare, office):
    async def run_before(pilot):
        pilot.app.action_show_help_panel()
        await pilot.pause(0.3)

    assert snap_compare(make_app(office), terminal_size=SIZE, run_before=run_before)


def test_step_view_masked_in_privacy_mode(snap_compare, office):
    async def run_before(pilot):
        app = pilot.app
        board = Desk(office).board()
        secret = next(item for item in board.items.values() if item.title == "审核保密文件归档清单")
        await pilot.press("p")
        app.dashboard.focus_item(secret.id)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("space")  # a step ticked: its toast masked too
        await pilot.pause(0.3)

    assert snap_compare(make_app(office), terminal_size=SIZE, run_before=run_before)
