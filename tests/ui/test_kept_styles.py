"""The component styles the dashboard's widgets keep between repaints are Textual's own, whatever changed.

A widget with ``KeptComponentStyles`` (tui/widgets/kept_styles.py) keeps its component styles
until the stylesheet is applied to it again. These tests change what can change them (the
theme, the focus, a class, on the widget or an ancestor) and compare every kept style with the
one Textual works out afresh, and the screen with a full repaint.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget

from apptools import make_app, screen_text, seed
from chief.tui.widgets.kept_styles import KeptComponentStyles

pytestmark = pytest.mark.usefixtures("frozen_time")
SIZE = (120, 40)


@pytest.fixture
def office(data_file: Path) -> Path:
    seed(data_file)
    return data_file


def _textuals(widget: Widget, names: tuple[str, ...], partial: bool):
    """The style as Textual works it out with nothing kept."""
    widget._rich_style_cache.clear()
    return Widget.get_component_rich_style(widget, *names, partial=partial)


def _mismatches(app) -> list[str]:
    wrong = []
    for widget in app.screen.walk_children(with_self=False):
        if not isinstance(widget, KeptComponentStyles):
            continue
        for names in [(name,) for name in sorted(widget._get_component_classes())]:
            for partial in (False, True):
                if widget.get_component_rich_style(*names, partial=partial) != _textuals(widget, names, partial):
                    wrong.append(f"{type(widget).__name__}#{widget.id} {names} partial={partial}")
    return wrong


async def _full_repaint(app, pilot) -> str:
    for widget in app.screen.walk_children(with_self=True):
        widget.refresh()
    await pilot.pause()
    return screen_text(app)


async def test_kept_styles_follow_the_theme_the_focus_and_classes(office):
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        kept = [w for w in app.screen.walk_children() if isinstance(w, KeptComponentStyles)]
        assert {type(w).__name__ for w in kept} >= {"ItemList", "TeamList", "FittingFooter", "StatusHeader", "ItemDetail"}
        for w in kept:  # every style asked once: kept from here on
            for name in w._get_component_classes():
                w.get_component_rich_style(name)
        assert _mismatches(app) == []
        for change in ("theme", "focus", "class", "theme back"):
            if change.startswith("theme"):
                app.theme = "chief-light" if change == "theme" else "chief-dark"
            elif change == "focus":
                await pilot.press("l")  # the next panel: :focus moves
            else:
                app.screen.query_one("#board").add_class("-probe")  # an ancestor's class: its descendants restyled
            await pilot.pause()
            assert _mismatches(app) == [], change
            shown = screen_text(app)
            assert await _full_repaint(app, pilot) == shown, change


async def test_a_repaint_keeps_the_styles_it_asked_for(office, monkeypatch):
    """The point of it: a key's repaint asks Textual for no component style it asked before."""
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        asked: list[tuple] = []
        original = Widget.get_component_rich_style

        def counted(self, *names, **kwargs):
            asked.append((type(self).__name__, names))
            return original(self, *names, **kwargs)

        monkeypatch.setattr(Widget, "get_component_rich_style", counted)
        for key in "jkjk":
            await pilot.press(key)
            await pilot.pause()
        assert asked == []
