"""How the step view looks, in Chinese, at 120x40 and 80x24, with frozen time.

A reception item with its steps (one ticked, one due before the item, one
with a long text that must be cut by cells, not characters), seen in the step
view and in the item's row and detail strip behind it.
"""

from __future__ import annotations

import pytest

from apptools import make_app, seed
from chief.store import set_language
from chief.store.desk import Desk

pytestmark = pytest.mark.usefixtures("frozen_time")

TEAM = (("张伟", 30, ["文稿"]), ("李娜", 40, ["接待"]), ("王芳", 20, ["后勤"]))
ITEMS = (
    ("task", "* 接待省厅调研组 ^周五 15:00 #接待 from:主任"),
    ("task", "* ! 起草年度工作总结报告 ^today 18:00 @张伟 #文稿"),
    ("interrupt", "副局长要求下午三点前提交情况说明 from:副局长"),
)
STEPS = (
    "确认来访人员名单和行程 @李娜 ^周四 10:00",
    "预订三楼会议室并检查投影设备",
    "准备座签、材料袋和调研汇报材料，材料袋内含议程、名单、简介和近三年工作总结（双面打印）",
    "安排用车 @王芳 ^周五 13:00",
)


@pytest.fixture(autouse=True)
def chinese(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    set_language("zh")
    yield
    set_language("en")


def _app(data_file):
    seed(data_file, items=ITEMS, team=TEAM)
    desk = Desk(data_file)
    visit = next(i for i in desk.board().items.values() if i.title.startswith("接待"))
    for existing in list(visit.steps):  # whatever a default procedure gave it: the snapshot shows these
        desk.step_remove(visit.id, existing.id)
    for text in STEPS:
        desk.step_add(visit.id, text)
    desk.step_tick(visit.id, 2)
    app = make_app(data_file)
    app.theme = "chief-dark"
    return app, visit.id


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_step_view(snap_compare, data_file, size):
    app, visit = _app(data_file)

    async def open_steps(pilot):
        app.dashboard.focus_item(visit)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_steps)
