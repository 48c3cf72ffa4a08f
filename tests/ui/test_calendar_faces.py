"""The working calendar as the chief sees it: the header's day note, and masking by the config's private flag."""

from __future__ import annotations

import pytest

from apptools import make_app, screen_text
from chief.store import i18n
from chief.store.desk import Desk
from chief.store.domain.config import settings_from

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("now", "language", "note"), [
    ("2026-09-30T10:00:00", "zh", "明天：国庆节"),
    ("2026-10-09T10:00:00", "zh", "明天：调休上班"),
    ("2026-10-10T10:00:00", "zh", "今天：调休上班"),
    ("2026-10-01T10:00:00", "en", "today: National Day · tomorrow: National Day"),
])
async def test_the_header_says_when_today_or_tomorrow_is_a_holiday_or_a_make_up_day(
        data_file, monkeypatch, now, language, note):
    monkeypatch.setenv("CHIEF_NOW", now)
    monkeypatch.setenv("CHIEF_TZ", "Asia/Shanghai")
    i18n.set_language(language)
    settings = settings_from({"calendar": "cn"})
    Desk(data_file, settings).capture("起草通知")
    app = make_app(data_file, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert note in screen_text(app).splitlines()[0]


async def test_an_ordinary_day_adds_nothing_to_the_header(data_file, frozen_time):
    Desk(data_file).capture("起草通知")
    app = make_app(data_file, settings_from({"calendar": "cn"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = screen_text(app).splitlines()[0]
        assert "today:" not in header and "tomorrow:" not in header


async def test_privacy_masks_the_categories_the_config_calls_private(data_file, frozen_time):
    settings = settings_from({"categories": ["文稿", "保密", "会务"], "private_categories": ["保密"]})
    desk = Desk(data_file, settings)
    desk.capture("* 审核密件清单 #保密")
    desk.capture("* 起草会议通知 #文稿")
    app = make_app(data_file, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        shot = screen_text(app)
        assert "审核密件清单" not in shot and "起草会议通知" in shot
