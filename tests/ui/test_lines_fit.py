"""Every line of the dashboard fits its width: the header drops its least useful parts first, the
footer hides whole keys (never a key cut mid-word, never a Chinese character lost under the
palette key), in English and Chinese, at 80x24 and 120x40.
"""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from textual._context import active_message_pump

from apptools import make_app, screen_text, seed
from chief.store import set_language
from chief.tui.marks import marked_words
from chief.tui.text import cell_width
from chief.tui.widgets.fitting_footer import FittingFooter
from chief.tui.widgets.status_header import StatusHeader

pytestmark = pytest.mark.usefixtures("frozen_time")

NOW = pendulum.datetime(2026, 12, 2, 13, 16, tz="Asia/Shanghai")


@pytest.fixture(params=["en", "zh"])
def office(request, data_file: Path):
    seed(data_file)
    set_language(request.param)
    yield data_file, request.param
    set_language("en")


def _cells(footer: FittingFooter, key) -> int:
    """A footer entry's width with its margin, from its words and CSS (not from a layout)."""
    return key.get_content_width(footer.size, footer.app.size) + key.styles.gutter.width + key.styles.margin.width


def _said(header: StatusHeader) -> str:
    """The header's line as drawn, cut to its width as the terminal shows it."""
    return "".join(segment.text for segment in header.render_line(0))


@pytest.mark.parametrize("width", [60, 80])
async def test_a_busy_header_fits_and_keeps_what_matters(office, width):
    path, lang = office
    app = make_app(path)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(StatusHeader)
        alert = "UNSAVED: will retry" if lang == "en" else "未保存：稍后重试"
        header.show(NOW, overdue=3, interrupts=11, inbox=13, put_away=5, privacy=True, alert=alert,
                    marked=marked_words(5), marked_short=marked_words(5, short=True), filter_text="起草年度工作总结报告")
        line = _said(header)  # read at once: the clock redraws the header every second
        assert cell_width(line) <= width
        assert alert in line  # the problem first, never cut
        kept = ("11 interrupts", "3 overdue", "PRIVACY", "5 marked") if lang == "en" else ("突发 11", "逾期 3", "保密模式", "已标记5项")
        for words in kept[:2] if width < 80 else kept:  # 60 columns: the problem and the counts that need acting on
            assert words in line, (words, line)


async def test_a_roomy_header_says_everything_in_long_words(office):
    path, lang = office
    app = make_app(path)
    async with app.run_test(size=(200, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(StatusHeader)
        header.show(NOW, overdue=3, interrupts=11, inbox=13, put_away=5, privacy=True,
                    marked=marked_words(5), marked_short=marked_words(5, short=True))
        line = _said(header)
        assert "Chief" in line and marked_words(5) in line and ("2026" in line)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_a_rebuilt_footer_shows_only_keys_that_fit_whole(office, size):
    path, lang = office
    app = make_app(path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        for panel in ("#team", "#q1", "#inbox"):
            app.screen.query_one(panel).focus()
            await pilot.pause()
            token = active_message_pump.set(footer)  # rebuilt as the footer does it on a focus change
            try:
                await footer.recompose()
            finally:
                active_message_pump.reset(token)
            await pilot.pause()  # the rebuilt keys laid out: only those that fit whole are placed
            shown = [child for child in footer.children if child.region.width]
            assert shown and len(shown) < len(footer.children) or size[0] >= 120
            assert sum(_cells(footer, child) for child in shown) <= footer.size.width
            assert all(child.region.right <= footer.region.right for child in shown)
            last = screen_text(app).splitlines()[-1]
            assert last.rstrip().endswith("^p palette" if lang == "en" else "^p 命令面板"), last
