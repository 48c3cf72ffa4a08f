"""The dashboard's start: what it does before the first paint is only what the first paint needs.

What is left out of the start (a second parse of the CSS, modules that only a
key or a dialog needs, widgets that are hidden until a key opens them) must
still be there, right, the moment it is used.
"""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.css.stylesheet import Stylesheet

from apptools import make_app, seed
from chief.store.domain.config import Settings

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)


@pytest.fixture
def seeded(data_file):
    seed(data_file)
    return data_file


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Every whole parse of the app's CSS that Textual's theme change makes (Stylesheet.reparse)."""
    made: list[str] = []
    original = Stylesheet.reparse

    def reparse(self: Stylesheet) -> None:
        made.append("reparse")
        original(self)

    monkeypatch.setattr(Stylesheet, "reparse", reparse)
    return made


async def test_the_configured_theme_is_painted_from_the_first_parse_of_the_css(seeded, parses):
    app = make_app(seeded, Settings(theme="chief-light"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        light = app.get_theme("chief-light")
        assert app.theme == "chief-light" and app.current_theme is light
        assert app.has_class("-theme-chief-light", "-light-mode") and not app.has_class("-dark-mode", "-theme-textual-dark")
        assert app.screen.styles.background == Color.parse(light.background)
        do_now = app.dashboard.panel("#q1")
        assert do_now.styles.border_title_color == Color.parse(light.variables["quadrant-do"])
        assert app.get_css_variables()["quadrant-do"] == light.variables["quadrant-do"]
        assert parses == []  # on main: one more whole parse of every rule, right after the first
        app.theme = "chief-dark"  # a theme chosen later is applied as Textual applies it
        await pilot.pause()
        dark = app.get_theme("chief-dark")
        assert app.has_class("-theme-chief-dark", "-dark-mode") and not app.has_class("-theme-chief-light", "-light-mode")
        assert app.screen.styles.background == Color.parse(dark.background)
        assert app.dashboard.panel("#q1").styles.border_title_color == Color.parse(dark.variables["quadrant-do"])
        assert parses == ["reparse"]


async def test_the_focus_starts_on_the_first_panel_with_items_and_nowhere_else(data_file, monkeypatch):
    from chief.tui.screens.dashboard import DashboardScreen
    from chief.tui.widgets.item_list import ItemList

    given = []
    original = DashboardScreen.set_focus

    def set_focus(self, widget, *args, **kwargs):
        given.append(widget)
        return original(self, widget, *args, **kwargs)

    monkeypatch.setattr(DashboardScreen, "set_focus", set_focus)
    desk = seed(data_file, items=(("interrupt", "Server room alarm"),))
    assert desk.board().interrupts()
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is app.dashboard.panel("#interrupts")
        assert given and all(isinstance(widget, ItemList) for widget in given)  # on main: the hidden filter bar first
        await pilot.press("j", "escape")
        assert app.focused is app.dashboard.panel("#interrupts")


async def test_each_line_of_a_panel_is_drawn_in_the_panels_style_of_that_moment(seeded):
    """The panel's style is worked out once per drawing pass: a pass after the focus moved uses the new one."""
    from textual.geometry import Region

    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        later = app.dashboard.panel("#q4")  # empty: its "nothing here" line and blank lines below
        for focused in (False, True):
            if focused:
                later.focus()
                await pilot.pause()
            lines = later.render_lines(Region(0, 0, later.size.width, later.size.height))
            colours = {segment.style.bgcolor for line in lines for segment in line if segment.style}
            assert colours == {later.rich_style.bgcolor}, (focused, colours)
        assert later._base is None  # nothing kept between passes
