"""How the team's screens look: a member's plate and the fairness view at 120x40, Chinese names.

A section of six with Chinese names: one overloaded, one on leave until
Friday, one who takes no new work; items snoozed, waiting and overdue on the
plate. Frozen time (Wednesday 25 Nov 2026 10:00), fixed size; in English and
in Chinese. Update deliberately (``--snapshot-update``) and look at the SVG.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from apptools import make_app
from chief.store import set_language
from chief.store.desk import Desk
from chief.store.domain.when import parse_when

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)
TEAM = (  # name, role, hours a week, usual categories (English keys; Chinese below)
    ("张伟", "科员", 10, ["documents"]),
    ("王芳", "副科长", 40, ["reception", "daily"]),
    ("李娜", "科员", 40, ["logistics"]),
    ("刘洋", "司机", 20, ["logistics"]),
    ("陈静", "机要员", 30, ["confidential"]),
    ("赵磊", "借调", 0, []),
)
WORK = (  # capture text, then what happens to it
    ("* ! 起草年度工作总结报告 ^fri @张伟 #documents ~4h from:主任", ""),
    ("* 整理上月会议纪要 ^2026-11-24 @张伟 #documents ~2h", ""),
    ("* 修改领导讲话稿 ^thu @张伟 #documents ~3h", ""),
    ("核对文件签收登记 @张伟 #documents ~1h", "snooze"),
    ("财务处报销口径 @张伟 #daily ~30m", "wait"),
    ("* 接待杭州考察团 ^fri 9:00 @王芳 #reception ~6h", ""),
    ("准备周例会材料 ^thu @王芳 #daily ~2h", "done"),
    ("! 预订会议室 ^today @李娜 #logistics ~30m", ""),
    ("领取办公用品 @李娜 #logistics ~1h", "done"),
    ("! 送机要文件 ^today 15:00 @陈静 #confidential ~1h", ""),
    ("安排公务用车 ^fri @刘洋 #logistics ~2h", ""),
)


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))


@pytest.fixture(params=["en", "zh"])
def language(request):
    set_language(request.param)
    yield request.param
    set_language("en")


ZH_CATEGORIES = {"documents": "文稿", "reception": "接待", "daily": "日常事务", "logistics": "后勤", "confidential": "机要保密"}


def _section(path: Path, language: str) -> Desk:
    def said(text: str) -> str:
        if language != "zh":
            return text
        for english, chinese in ZH_CATEGORIES.items():
            text = text.replace(f"#{english}", f"#{chinese}")
        return text

    desk = Desk(path)
    for name, role, hours, categories in TEAM:
        desk.team_add(name, role=role, capacity_hours=hours,
                      categories=[ZH_CATEGORIES[c] if language == "zh" else c for c in categories])
    now = desk.board().now
    for text, then in WORK:
        item = desk.capture(said(text))[0]
        if then == "snooze":
            desk.snooze(item.id, parse_when("mon 9:00", now))
        elif then == "wait":
            desk.wait(item.id, "财务处", parse_when("fri", now))
        elif then == "done":
            desk.done(item.id)
    desk.team_away("王芳", until="fri", reason="leave")
    return desk


async def _no_blink(pilot) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


def test_member_plate(snap_compare, data_file, language):
    _section(data_file, language)
    app = make_app(data_file)

    async def open_plate(pilot):
        team = app.dashboard.panel("#team")
        team.focus()
        await pilot.pause()
        await pilot.press("enter")
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_plate)


def test_fairness_view(snap_compare, data_file, language):
    _section(data_file, language)
    app = make_app(data_file)

    async def open_fairness(pilot):
        await pilot.press("F")
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_fairness)


def test_team_panel_and_assign_offers(snap_compare, data_file, language):
    """The Team panel busiest first, 王芳 dimmed and on leave; the Assign dialog's offers for a logistics item."""
    _section(data_file, language)
    app = make_app(data_file)

    async def assign(pilot):
        item = next(i for i in app.board.items.values() if i.title == "安排公务用车")
        app.dashboard.focus_item(item.id)
        await pilot.pause()
        await pilot.press("a")
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=assign)
