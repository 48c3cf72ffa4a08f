"""The statistics and weekly review screens on the real dashboard: what they show, keys, closing.

The screens are pushed the way the app will push them (``app.push_screen``)
on an app made by ``apptools.make_app``, with frozen time and Chinese titles.
"""

from __future__ import annotations

import pendulum
import pytest

from apptools import make_app, screen_text, seed, titles
from conftest import FROZEN_TZ
from chief.store.domain import wallclock
from chief.store.desk import Desk
from chief.tui.screens.review import ReviewScreen
from chief.tui.screens.stats import StatsScreen

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))


def at(local: str) -> str:
    return wallclock.utc_stamp(pendulum.parse(local, tz=FROZEN_TZ))


def office(path) -> Desk:
    """The dashboard's test data, with a morning of interrupts and a few things done."""
    desk = seed(path)
    by_title = titles(path)
    alarm, order = by_title["Server room alarm"], by_title["副局长要求下午三点前提交情况说明"]
    desk.edit(alarm.id, {"created": at("2026-11-25 08:10"), "taken_at": at("2026-11-25 08:15"),
                         "done_at": at("2026-11-25 08:40"), "status": "done"})
    desk.edit(order.id, {"created": at("2026-11-25 09:00"), "taken_at": at("2026-11-25 09:20"), "status": "doing"})
    old, _ = desk.capture("停电通知 from:保卫科", kind="interrupt")
    desk.edit(old.id, {"created": at("2026-11-23 14:30")})
    desk.done(by_title["起草年度工作总结报告"].id)
    desk.done(by_title["审核保密文件归档清单"].id)
    desk.done(by_title["整理上月会议纪要 [b]x[/b] [@click=app.quit]y[/]"].id)
    desk.edit(by_title["Order printer toner"].id, {"deferrals": 4})
    return desk


async def test_stats_screen_shows_today_then_the_week(data_file):
    office(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(StatsScreen(app.desk.board()))
        await pilot.pause()
        shown = screen_text(app)
        assert "Interrupts today, Wed 25 Nov 2026" in shown
        assert "arrived 2  ·  taken 2  ·  resolved 1  ·  waiting 0" in shown
        assert "median time to take 12m  ·  to resolve 30m" in shown
        assert "保卫科" in shown and "副局长" in shown
        assert "w: weeks · [ earlier · ↑↓ PgUp PgDn scroll · Esc closes" in shown
        await pilot.press("w")
        shown = screen_text(app)
        assert "Interrupts this week, Mon 23 - Sun 29 Nov 2026" in shown
        assert "arrived 3  ·  taken 2  ·  resolved 1  ·  waiting 1" in shown
        assert "14 " in shown  # the chart widened to the hour 停电通知 arrived
        assert "w: days · [ earlier · ↑↓" in shown
        await pilot.press("left_square_bracket")  # the week before: its interrupts are not this week's
        shown = screen_text(app)
        assert "Interrupts, Mon 16 - Sun 22 Nov 2026" in shown and "arrived 0" in shown
        assert "w: days · [ earlier · ] later · ↑↓" in shown
        await pilot.press("right_square_bracket", "right_square_bracket")  # never past this week
        assert "Interrupts this week" in screen_text(app)
        await pilot.press("w", "h")
        assert "Interrupts, Tue 24 Nov 2026" in screen_text(app)
        await pilot.press("w")
        assert "Interrupts this week" in screen_text(app)
        await pilot.press("w")
        assert "Interrupts today" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is app.dashboard


async def test_stats_screen_follows_the_file(data_file):
    office(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(StatsScreen(app.desk.board()))
        await pilot.pause()
        Desk(data_file).capture("Fire drill from:[red]安全办[/red]", kind="interrupt")  # another process
        app.refresh_board()  # what the file poll does
        await pilot.pause()
        shown = screen_text(app)
        assert "arrived 3  ·  taken 2  ·  resolved 1  ·  waiting 1" in shown
        assert "[red]安全办[/red]" in shown  # a source is data, never markup
        await pilot.press("q")
        assert app.screen is app.dashboard


async def test_stats_screen_keys_are_its_own(data_file):
    """The dashboard's keys do nothing under the dialog: 'd' is not "done", 'q' closes, not quits."""
    office(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(80, 24)) as pilot:
        before = {t: i.status for t, i in titles(data_file).items()}
        app.push_screen(StatsScreen(app.desk.board(), week=True))
        await pilot.pause()
        assert "Interrupts this week" in screen_text(app)
        await pilot.press("d", "1", "x")
        assert {t: i.status for t, i in titles(data_file).items()} == before
        await pilot.press("q")
        assert app.screen is app.dashboard and app.is_running


async def test_review_screen_shows_the_week(data_file):
    office(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ReviewScreen(app.desk.board()))
        await pilot.pause()
        shown = screen_text(app)
        assert "Weekly review, Mon 23 - Sun 29 Nov 2026  as of Wed 25 Nov 10:00" in shown
        assert "Done this week: 4" in shown
        assert "起草年度工作总结报告" in shown and "审核保密文件归档清单" in shown
        assert "整理上月会议纪要 [b]x[/b] [@click=app.quit]y[/]" in shown  # shown as typed
        assert "Slipped: 1" in shown and "Reply to Finance on travel rules" in shown
        assert " 4x " in shown and "Order printer toner" in shown
        await pilot.press("escape")
        assert app.screen is app.dashboard


async def test_review_screen_masks_confidential_titles_in_privacy_mode(data_file):
    office(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ReviewScreen(app.desk.board()))
        await pilot.pause()
        assert "审核保密文件归档清单" in screen_text(app)
        await pilot.press("p")  # privacy mode works under a dialog: a visitor walked in
        await pilot.pause()
        shown = screen_text(app)
        assert "审核保密文件归档清单" not in shown and "▒▒▒▒▒▒ confidential" in shown
        assert "起草年度工作总结报告" in shown


async def test_review_screen_scrolls_at_80x24(data_file):
    office(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(80, 24)) as pilot:
        app.privacy = True  # the app's mode, which the screen follows at every new board (a screen-only flag was undone by one)
        await pilot.pause()
        app.push_screen(ReviewScreen(app.desk.board(), privacy=True))
        await pilot.pause()
        scroll = app.screen.query_one("#report-scroll")
        assert scroll.max_scroll_y > 0
        assert "Put off 3 or more times" not in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        assert "Put off 3 or more times: 1" in screen_text(app)
        assert "审核保密文件归档清单" not in screen_text(app)


# how they look ---------------------------------------------------------------------


async def _no_blink(pilot) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


def test_stats_screen_snapshot(snap_compare, data_file):
    office(data_file)

    async def show(pilot):
        pilot.app.push_screen(StatsScreen(pilot.app.desk.board(), week=True))
        await _no_blink(pilot)

    assert snap_compare(make_app(data_file), terminal_size=(120, 40), run_before=show)


def test_review_screen_snapshot(snap_compare, data_file):
    office(data_file)

    async def show(pilot):
        pilot.app.push_screen(ReviewScreen(pilot.app.desk.board()))
        await _no_blink(pilot)

    assert snap_compare(make_app(data_file), terminal_size=(120, 40), run_before=show)
