"""Toasts never cover the keys a screen's user needs, and keep every Chinese character.

On triage the keys are in the legend at the bottom, on help (and every framed
dialog) on the frame's bottom border: a toast lies above them. Over a framed
dialog the toast stays inside the frame, so it crosses no widget's edge, where
Textual's compositor would drop the wide character that straddles it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from apptools import make_app, screen_text, seed
from chief.store import set_language

pytestmark = pytest.mark.usefixtures("frozen_time")

LONG = "已加入计划办：起草年度工作总结报告并报送办公厅领导审阅，同时抄送各处室负责人征求意见"
SIZES = [(80, 24), (120, 40), (200, 50)]


@pytest.fixture
def office(data_file: Path):
    seed(data_file)  # the seed's marks are English ones (#documents)
    set_language("zh")
    yield data_file
    set_language("en")


def _toast_texts(app) -> list[str]:
    """What each toast shows, read from the composed screen inside the toast's own region."""
    strips = app.screen._compositor.render_strips()
    said = []
    for toast in app.screen.query("Toast"):
        region = toast.content_region
        lines = ["".join(s.text for s in strips[y].crop(region.x, region.right)) for y in range(region.y, region.bottom)]
        said.append("".join(line.strip() for line in lines))
    return said


def _bottom_rows(app, count: int) -> str:
    return "\n".join(screen_text(app).splitlines()[-count:])


async def _toasts(app, pilot, shift: int) -> None:
    app.notify(" " * shift + LONG, markup=False, timeout=30)
    app.notify("第二条：机要室密电需立即签收", severity="warning", markup=False, timeout=30)
    await pilot.pause(0.3)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_triage_toasts_lie_above_the_key_legend_whole(office, size):
    app = make_app(office)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("t")
        await pilot.pause()
        for shift in range(2):
            await _toasts(app, pilot, shift)
            legend = _bottom_rows(app, 4)
            for keys in ("1 立即办", "d/space 办结", "x 作废", "n 跳过", "u 撤回", "esc 退出"):
                assert keys in legend, (keys, legend)
            assert sorted(_toast_texts(app)) == sorted([LONG, "第二条：机要室密电需立即签收"])
            legend_top = app.screen.query_one("KeyLegend").region.y
            assert all(t.region.bottom <= legend_top for t in app.screen.query("Toast"))


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_help_toasts_lie_under_the_frame_or_inside_above_its_key_hint(office, size):
    app = make_app(office)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        for shift in range(2):
            await _toasts(app, pilot, shift)
            frame = app.screen.query_one(".frame").region
            assert "Esc 关闭" in screen_text(app).splitlines()[frame.bottom - 1]
            for toast in app.screen.query("Toast"):
                under = toast.region.y >= frame.bottom
                inside = frame.x < toast.region.x and toast.region.right < frame.right and toast.region.bottom < frame.bottom
                assert under or inside, (toast.region, frame)
            assert sorted(_toast_texts(app)) == sorted([LONG, "第二条：机要室密电需立即签收"])


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("keys", [["e"], ["a"], ["s"]], ids=["editor", "assign", "snooze"])
async def test_dialog_toasts_keep_every_character_and_the_footer(office, size, keys):
    app = make_app(office)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for shift in range(2):  # one toast: a dialog as tall as the screen has two safe rows (its top border and title)
            app.notify(" " * shift + LONG, markup=False, timeout=30)
            await pilot.pause(0.3)
            assert _toast_texts(app) == [LONG]
            assert screen_text(app).splitlines()[-1] == footer  # the dialog's keys


async def test_at_most_two_toasts_a_problem_outlasts_notices(office):
    """Pins ChiefApp.notify's use of Textual's private _notifications/_unnotify: what is shown, on screen."""
    app = make_app(office)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()

        async def shown() -> list[str]:
            await pilot.pause(0.2)
            said = [str(n.message) for n in app._notifications]
            assert sorted(_toast_texts(app)) == sorted(said)  # the list and the screen agree
            return said

        app.notify("保存失败：磁盘已满", severity="error", markup=False, timeout=30)
        app.notify("已办结：起草年度工作总结报告", markup=False, timeout=30)
        assert await shown() == ["保存失败：磁盘已满", "已办结：起草年度工作总结报告"]
        app.notify("已作废：整理上月会议纪要", markup=False, timeout=30)  # the newest notice replaces the notice
        assert await shown() == ["保存失败：磁盘已满", "已作废：整理上月会议纪要"]
        app.notify("已作废：整理上月会议纪要", markup=False, timeout=30)  # said again: still once
        assert await shown() == ["保存失败：磁盘已满", "已作废：整理上月会议纪要"]
        app.notify("同步冲突", severity="warning", markup=False, timeout=30)  # a problem pushes a notice away first
        assert await shown() == ["保存失败：磁盘已满", "同步冲突"]
        app.notify("已办结：更新值班表", markup=False, timeout=30)  # a notice never pushes a problem away
        assert await shown() == ["保存失败：磁盘已满", "同步冲突"]
        app.notify("文件无法读取", severity="error", markup=False, timeout=30)  # only a newer problem does
        assert await shown() == ["同步冲突", "文件无法读取"]


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
async def test_a_narrow_triage_legend_takes_more_rows_and_cuts_no_key(office, size):
    app = make_app(office)
    async with app.run_test(size=size) as pilot:
        await pilot.press("t")
        await pilot.pause()
        legend = app.screen.query_one("KeyLegend").region
        rows = screen_text(app).splitlines()[legend.y:legend.bottom]
        said = "\n".join(rows)
        assert "…" not in said
        for keys in ("1 立即办", "T 立即接手", "d/space 办结", "x 作废", "n 跳过", "i 重要 开/关", "?/f1 帮助"):
            assert keys in said, (keys, said)


async def test_the_triage_bar_says_the_decision_with_a_chinese_colon(office):
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        bar = screen_text(app).splitlines()[0]
        assert "→ 已作废：" in bar and ": " not in bar, bar
