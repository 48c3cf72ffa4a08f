"""The component styles the dashboard's widgets keep between repaints are Textual's own, whatever changed.

A widget with ``KeptComponentStyles`` (tui/widgets/kept_styles.py) keeps its component styles
until the stylesheet is applied to it again. These tests change what can change them (the
theme, the focus, a class, on the widget or an ancestor) and compare every kept style with the
one Textual works out afresh, and the screen with a full repaint.
"""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import pytest
from textual import events
from textual.widget import Widget

from apptools import make_app, seed
from chief.tui.widgets.kept_styles import KeptComponentStyles
from chief.tui.widgets.row_list import RowList

pytestmark = pytest.mark.usefixtures("frozen_time")
SIZE = (120, 40)


@pytest.fixture
def office(data_file: Path) -> Path:
    seed(data_file)
    return data_file


def _textuals(widget: Widget, names: tuple[str, ...], partial: bool):
    """The style as Textual works it out with nothing kept: its stylesheet's pass over every component class.

    Worked out aside: what the widget keeps is put back, and nothing is repainted for it.
    """
    kept = dict(widget._component_styles)
    textuals = type(widget).component_classes()
    widget._component_styles.clear()
    with (patch.object(type(widget), "_get_component_classes", classmethod(lambda cls: textuals)),
          patch.object(widget, "refresh")):
        widget.app.stylesheet._process_component_classes(widget)
    assert set(widget._component_styles) == set(textuals)
    widget._rich_style_cache.clear()
    style = Widget.get_component_rich_style(widget, *names, partial=partial)
    widget._component_styles.clear()
    widget._component_styles.update(kept)
    widget._rich_style_cache.clear()
    return style


def _mismatches(app) -> list[str]:
    wrong = []
    for widget in app.screen.walk_children(with_self=False):
        if not isinstance(widget, KeptComponentStyles):
            continue
        for names in [(name,) for name in sorted(widget.component_classes())]:
            for partial in (False, True):
                if widget.get_component_rich_style(*names, partial=partial) != _textuals(widget, names, partial):
                    wrong.append(f"{type(widget).__name__}#{widget.id} {names} partial={partial}")
    return wrong


async def _full_repaint(app, pilot) -> str:
    """Every widget drawn afresh; the header and the detail strip, which keep their text in its styles, made afresh."""
    for widget in app.screen.walk_children(with_self=True):
        widget._rich_style_cache.clear()
        if hasattr(widget, "show_again"):
            widget._kept_styles = None
            widget.show_again()
        widget.refresh()
    await pilot.pause()
    return _drawn(app)


def _drawn(app) -> str:
    """The screen as drawn, colours included (a style change that was not repainted shows here, not in the text)."""
    return app.export_screenshot(title="kept")


async def test_kept_styles_follow_the_theme_the_focus_and_classes(office):
    app = make_app(office)
    app.stylesheet.add_source("#board.-probe ItemList > .item-list--meta { color: #ff00ff; }", read_from=("probe", ""))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        kept = [w for w in app.screen.walk_children() if isinstance(w, KeptComponentStyles)]
        assert {type(w).__name__ for w in kept} >= {"ItemList", "TeamList", "FittingFooter", "StatusHeader", "ItemDetail"}
        for w in kept:  # every style asked once: kept from here on
            for name in w.component_classes():
                w.get_component_rich_style(name)
        assert _mismatches(app) == []
        for change in ("theme", "focus", "class", "theme back"):
            if change.startswith("theme"):
                app.theme = "chief-light" if change == "theme" else "chief-dark"
            elif change == "focus":
                await pilot.press("l")  # the next panel: :focus moves
            else:  # an ancestor's class that changes a panel's component style (the rule below) and nothing else
                app.screen.query_one("#board").add_class("-probe")
            await pilot.pause()
            shown = _drawn(app)
            assert _mismatches(app) == [], change
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


async def test_no_component_style_is_worked_out_twice_before_the_first_paint(office, monkeypatch):
    """The launch's part of it: Textual worked out every component class at mount and again at the screen's
    resume; a panel works out each once, when a line first asks for it. (The header and the detail strip
    draw at mount, before the resume's pass: theirs are worked out again then, as a style update asks.)"""
    from textual.css.stylesheet import Stylesheet
    from textual.dom import DOMNode
    from textual.screen import Screen

    worked_out: list[tuple[object, str]] = []
    painted: list[bool] = []
    apply, refresh = Stylesheet.apply, Screen._compositor_refresh

    def counted(self, node, *args, **kwargs):
        if type(node) is DOMNode and not painted and isinstance(node._parent, KeptComponentStyles):
            worked_out.append((node._parent, " ".join(sorted(node.classes))))
        return apply(self, node, *args, **kwargs)

    def first_paint(self):
        refresh(self)
        painted.append(True)

    monkeypatch.setattr(Stylesheet, "apply", counted)
    monkeypatch.setattr(Screen, "_compositor_refresh", first_paint)
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        kept = [w for w in app.screen.walk_children() if isinstance(w, KeptComponentStyles)]
        textuals = 2 * sum(len(w.component_classes()) for w in kept)  # each class at mount and at the resume
        assert 0 < len(worked_out) < textuals / 2
        panels = [(widget, name) for widget, name in worked_out if isinstance(widget, RowList)]
        assert panels and len(panels) == len(set(panels))
        lists = [w for w in kept if type(w).__name__ == "ItemList"]
        assert all(set(w._component_styles) < w.component_classes() for w in lists)  # only what its lines asked for


async def test_the_first_paint_is_styled_as_a_restyled_screen(office):
    """The dashboard's first resume skips Textual's restyle of every node (tui/screens/dashboard.py): each node's
    styles at the first paint, and the screen drawn, are what a restyle of the whole screen gives."""
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        nodes = [app.screen, *app.screen.walk_children(with_self=False)]

        def styles():
            return {f"{type(n).__name__}#{n.id}:{i}": n.styles.base.get_rules() for i, n in enumerate(nodes)}

        first, drawn = styles(), _drawn(app)
        app.screen.update_node_styles(animate=False)  # Textual's restyle, as a resume does it
        await pilot.pause()
        assert styles() == first
        assert await _full_repaint(app, pilot) == drawn


async def test_a_theme_chosen_before_the_first_resume_restyles(office):
    """The first resume skips the restyle only when the widgets were styled in the theme of now."""
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        screen._resumed = False  # as if it had never been on top
        app.theme = "chief-light"
        await pilot.pause()
        event = events.ScreenResume()
        screen._on_screen_resume(event)
        assert event.refresh_styles and screen._resumed
