"""A key repaints only the lines it changes, and the screen is then the screen drawn afresh.

When a panel's rows change, it repaints only the lines that show something else, and a
new border title or "+N more" only that border line (tui/widgets/row_list.py): one item
moving from the inbox to Do now is a few lines, not two whole panels. Each check compares
the screen after a key with the same screen drawn with every kept line forgotten, so a line
that should have been repainted and was not makes it fail.
"""

from __future__ import annotations

import pytest
from textual.strip import Strip
from textual.widget import Widget

from apptools import ITEMS, make_app, pause_typing, seed
from chief.store import set_language
from chief.store.desk import Desk
from chief.tui.widgets.row_list import RowList

# enough "Do now" items that the panel holds more than it shows: "+N more" on its bottom border
MANY = ITEMS + tuple(("task", f"* ! 第{n}项 回复来函 ^today {8 + n % 9}:00") for n in range(24))


def _lines(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(segment.text, segment.style) for segment in strip.simplify()] for strip in strips]


def _fresh(app) -> list[list[tuple[str, object]]]:
    """The screen drawn again from nothing kept (every widget's lines and every row's), the session left as it was:
    the kept lines are put back, so the next key is drawn from what a real session keeps."""
    kept = []
    for widget in app.screen.walk_children(with_self=True):
        cache = widget._styles_cache
        kept.append((cache, dict(cache._cache), set(cache._dirty_lines), widget,
                     dict(widget._lines) if isinstance(widget, RowList) else None))
        cache.clear()
        if isinstance(widget, RowList):
            widget._lines.clear()
    try:
        return _lines(app.screen._compositor.render_strips())
    finally:
        for cache, lines, dirty, widget, rows in kept:
            cache._cache, cache._dirty_lines = lines, dirty
            if rows is not None:
                widget._lines = rows


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])  # 200 columns: the panels line up columns
async def test_the_screen_after_each_key_is_the_screen_drawn_afresh(data_file, frozen_time, monkeypatch, lang, size):
    seed(data_file, items=MANY)
    set_language(lang)
    try:
        app = make_app(data_file)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            pause_typing(app)
            keys = ["tab", "tab", "tab", "1", "j", "2", "u", "shift+tab", "3", "4", "k", "1", "tab", "j", "j", "1",
                    "u", "u", "r", "/", "第1", "enter", "G", "2", "escape", "g", "j", "1",
                    "retitle", "rename", "outside", "minutes", "v", "j", "v", "escape"]
            desk = Desk(data_file)
            for key in keys:
                if key == "retitle":  # as the editor does: a row on screen gets a new title, same key, same line
                    item = app.screen.query_one("#q1", RowList).rows[2][1]
                    app.run_command(lambda: app.desk.edit(item.id, {"title": item.title + " 已改"}), lambda _: "")
                elif key == "rename":  # a member's new name, in the @who of rows whose items did not change
                    app.run_command(lambda: app.desk.team_edit("张伟", name="张伟伟"), lambda _: "")
                elif key == "outside":  # another process's change, brought in by the watcher: every row read afresh
                    desk.edit(app.screen.query_one("#q1", RowList).rows[0][0], {"title": "外来的修改"})
                    app.refresh_board()
                elif key == "minutes":  # the minute tick: due words change in rows that did not
                    monkeypatch.setenv("CHIEF_NOW", "2026-11-25T17:59:00")
                    app._tick()
                else:
                    await pilot.press(key)
                await pilot.pause()
                if key == "enter":
                    pause_typing(app)
                shown = _lines(app.screen._compositor.render_strips())
                assert shown == _fresh(app), f"after {key!r}: a line kept from before is on screen"
    finally:
        set_language("en")


@pytest.mark.parametrize("how", ["moved", "captured"])
async def test_an_item_arriving_or_leaving_repaints_lines_not_the_panels(data_file, frozen_time, monkeypatch, how):
    """A filtered inbox item moved to Do now (the bench's key), or an item captured from the shell joining the
    inbox: each panel repaints the lines that changed and its title line, not every line."""
    seed(data_file, items=MANY)
    app = make_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if how == "moved":
            await pilot.press("/", *"toner", "enter")
            await pilot.pause()
        pause_typing(app)
        names = ("inbox", "q1") if how == "moved" else ("inbox",)
        panels = [app.screen.query_one(f"#{name}", RowList) for name in names]
        if how == "moved":
            app.screen.set_focus(panels[0])
            await pilot.pause()
        asked: dict[str, list[tuple]] = {name: [] for name in names}
        refresh = Widget.refresh  # what reaches Textual, after the panel's own refresh has narrowed it

        def spy(self, *regions, **kwargs):
            if self.id in asked and kwargs.get("repaint", True):
                asked[self.id].append(regions)
            return refresh(self, *regions, **kwargs)

        monkeypatch.setattr(Widget, "refresh", spy)
        titles = [panel.border_title for panel in panels]
        if how == "captured":
            Desk(data_file).capture("新来的一件事 from:办公厅")
            app.refresh_board()  # what the watcher does when the file changes
        else:
            await pilot.press("1")
        await pilot.pause()
        assert [panel.border_title for panel in panels] != titles  # the counts changed: the title lines repainted too
        for panel in panels:
            calls = asked[panel.id]
            assert calls, f"{panel.id} was not repainted at all"
            assert all(regions for regions in calls), f"{panel.id} was repainted whole: {calls}"
            lines = {y for regions in calls for region in regions for y in region.line_range}
            assert 2 <= len(lines) < panel.outer_size.height // 2, (panel.id, sorted(lines))
        assert _lines(app.screen._compositor.render_strips()) == _fresh(app)


async def test_rows_line_up_anew_when_the_widest_column_leaves(data_file, frozen_time):
    """At 200 columns a panel lines up its due, @who and #category columns by the widest of its rows: when that row
    is done, the rows that stay are drawn again to the narrower columns (kept lines would keep the old ones)."""
    seed(data_file, items=(("task", "* ! Alpha report ^today 18:00 @张伟 #documents"), ("task", "* ! Beta plain ^today"),
                           ("task", "* ! Gamma plain ^today")))
    app = make_app(data_file)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        pause_typing(app)
        q1 = app.screen.query_one("#q1", RowList)
        app.screen.set_focus(q1)
        q1.select_key(next(key for key, item in q1.rows if item.title.startswith("Alpha")))
        await pilot.pause()
        before = _lines(app.screen._compositor.render_strips())
        assert before == _fresh(app)
        await pilot.press("d")
        await pilot.pause()
        assert _lines(app.screen._compositor.render_strips()) == _fresh(app)
