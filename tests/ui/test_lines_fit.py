"""Every line of the dashboard fits its width: the header drops its least useful parts first, the
footer hides whole keys (never a key cut mid-word, never a Chinese character lost under the
palette key), in English and Chinese, at 80x24 and 120x40.
"""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

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


def _words(piece) -> str:
    """A footer entry as the compact footer says it: "k Words", a group's keys side by side, a group's words."""
    if not piece.keys:
        return piece.words
    if len(piece.keys) > 1:
        return "".join(key.display for key in piece.keys)
    key = piece.keys[0]
    return f"{key.display} {key.description}" if key.description else key.display


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_footer_shows_only_keys_that_fit_whole(office, size):
    path, lang = office
    app = make_app(path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        for panel in ("#team", "#q1", "#inbox"):
            app.screen.query_one(panel).focus()
            await pilot.pause()
            last = screen_text(app).splitlines()[-1]
            assert last.rstrip().endswith("^p palette" if lang == "en" else "^p 命令面板"), last
            keys = last.split("▏")[0]
            room = cell_width(keys)  # what the palette's key leaves
            pieces, _palette = footer._row
            said = [_words(piece) for piece in pieces]
            shown = next(n for n in range(len(said), 0, -1) if keys.rstrip() == " ".join(said[:n]))
            assert shown < len(said) or size[0] >= 120  # at 80 columns some keys are left out, whole
            if shown < len(said):  # the next entry and its gap would not have fitted
                assert cell_width(" ".join(said[:shown + 1])) + 1 > room, (keys, said[shown])


async def test_the_header_is_painted_again_only_when_its_line_changes(office, monkeypatch):
    """The clock ticks every second; the line changes once a minute, or when a count, a style or the width does."""
    path, _lang = office
    app = make_app(path)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(StatusHeader)
        painted = []
        monkeypatch.setattr(header, "update", lambda *a, **k: (painted.append(a[0]), StatusHeader.update(header, *a, **k)))
        fields = dict(overdue=3, interrupts=1, inbox=13, put_away=5, privacy=False)
        header.show(NOW, **fields)
        header.show(NOW.add(seconds=30), **fields)  # the same minute: the same line
        assert len(painted) == 1
        header.show(NOW.add(seconds=60), **fields)
        header.show(NOW.add(seconds=60), **{**fields, "inbox": 14})
        assert len(painted) == 3 and "14" in _said(header)
        before = painted[-1]
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        header.show(NOW.add(seconds=60), **{**fields, "inbox": 14})  # the same words in the new theme's styles
        assert len(painted) == 4 and painted[-1].plain == before.plain and painted[-1] != before


async def test_the_detail_line_is_painted_again_only_when_it_changes(office, monkeypatch):
    from chief.tui.widgets.item_detail import ItemDetail

    path, _lang = office
    app = make_app(path)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        detail = app.screen.query_one(ItemDetail)
        detail.show(app.board, None, False)
        painted = []
        monkeypatch.setattr(detail, "update", lambda *a, **k: (painted.append(a[0]), ItemDetail.update(detail, *a, **k)))
        item = next(iter(app.board.items.values()))
        for _ in range(3):
            detail.show(app.board, item, False)
        detail.show(app.board, None, False)
        detail.show(app.board, None, False)
        assert len(painted) == 2  # the item's lines, then "nothing selected": once each
        assert item.title in painted[0].plain and painted[1].plain != painted[0].plain
