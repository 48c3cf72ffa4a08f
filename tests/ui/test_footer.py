"""The footer is one widget drawing the screen's keys as one line (tui/widgets/fitting_footer.py).

It must act as Textual's footer did: a click on a key presses it, a key of a group says its
words as a tooltip, a greyed key only rings; and it draws its keys again only when they change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from apptools import make_app, screen_text, seed
from chief.store import _, set_language
from chief.tui.screens.help import HelpScreen
from chief.tui.widgets.fitting_footer import FittingFooter

SIZE = (120, 40)


@pytest.fixture
def office(data_file: Path, frozen_time: None) -> Path:
    seed(data_file)
    return data_file


def _x_of(footer: FittingFooter, display: str) -> int:
    """The first cell of the key shown as ``display``, as last drawn."""
    return next(start for start, _end, key in footer._hits if key.display == display)


async def test_a_click_on_a_key_presses_it(office):
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        await pilot.click(FittingFooter, offset=(_x_of(footer, "?") + 2, 0))  # on its words ("? Help")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_click_between_keys_does_nothing(office):
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        gap = next(end for _start, end, _key in footer._hits)  # the cell after the first key
        before = screen_text(app)
        await pilot.click(FittingFooter, offset=(gap, 0))
        await pilot.pause()
        assert app.screen is app.dashboard and screen_text(app) == before


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_key_of_a_group_says_its_words_as_a_tooltip(office, lang):
    set_language(lang)
    try:
        app = make_app(office)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            footer = app.screen.query_one(FittingFooter)
            await pilot.hover(FittingFooter, offset=(_x_of(footer, "1"), 0))
            await pilot.pause()
            assert footer.tooltip == _("Do now")
            assert (footer.tooltip == "Do now") == (lang == "en")  # in the user's language
            await pilot.hover(FittingFooter, offset=(_x_of(footer, "n"), 0))  # a key with its words shown: none
            await pilot.pause()
            assert footer.tooltip is None
    finally:
        set_language("en")


async def test_the_keys_are_drawn_again_only_when_they_change(office, monkeypatch):
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        built = []
        original = FittingFooter._update_keys
        monkeypatch.setattr(FittingFooter, "_update_keys", lambda self: (built.append(self._row), original(self)))
        row = footer._row
        await pilot.press("j", "j", "k")
        await pilot.pause()
        assert footer._row is row  # the cursor moved: the same keys, the same row
        app.screen.query_one("#team").focus()
        await pilot.pause()
        assert built and footer._row is not row  # the Team panel's keys
        assert "Open member" in screen_text(app).splitlines()[-1]


async def test_the_key_under_the_pointer_is_lit(office):
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)

        def background(x: int):
            cells = [segment for segment in footer.render_line(0) for _ in range(len(segment.text))]
            return cells[x].style.bgcolor

        n, help_key = _x_of(footer, "n"), _x_of(footer, "?")
        assert background(n) == background(help_key)
        await pilot.hover(FittingFooter, offset=(n, 0))
        await pilot.pause()
        assert background(n) != background(help_key)
        assert background(n + 2) == background(n)  # its words too ("n New")


async def test_a_row_of_keys_seen_before_is_looked_up_and_draws_as_textual_would(office, monkeypatch):
    """Focus going back and forth (as a key that empties a panel does) builds no row and makes no line again; the
    line kept is the very one Textual makes of the row (Widget.render_line), at every width and after a theme change."""
    from textual.widget import Widget

    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)

        def as_textual_draws() -> list:
            footer._dirty_regions.add(footer.region)  # Textual's own path: the row rendered again
            return list(Widget.render_line(footer, 0))

        panels = ("#team", "#q1")
        first = {}
        for panel in panels:  # each row of keys seen once
            app.screen.query_one(panel).focus()
            await pilot.pause()
            first[panel] = footer.render_line(0)
        built, drawn = [], []
        original_update, original_draw = FittingFooter._update_keys, FittingFooter._draw
        monkeypatch.setattr(FittingFooter, "_update_keys", lambda self: (built.append(self._row), original_update(self)))
        monkeypatch.setattr(FittingFooter, "_draw", lambda self, styles: (drawn.append(1), original_draw(self, styles))[1])
        for panel in panels * 3:
            app.screen.query_one(panel).focus()
            await pilot.pause()
            assert footer.render_line(0) is first[panel]  # the line made the first time
            assert list(first[panel]) == as_textual_draws()
        assert built and drawn == []  # the bindings were looked at; no row drawn again
        assert first["#team"] is not first["#q1"] and "Open member" not in screen_text(app).splitlines()[-1]
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert footer.render_line(0) is not first["#q1"] and drawn  # a new look: drawn anew
        assert list(footer.render_line(0)) == as_textual_draws()
    for width in (80, 200):
        app = make_app(office)
        async with app.run_test(size=(width, 30)) as pilot:
            await pilot.pause()
            footer = app.screen.query_one(FittingFooter)
            assert list(footer.render_line(0)) == list(Widget.render_line(footer, 0))
            assert sum(segment.cell_length for segment in footer.render_line(0)) == width
