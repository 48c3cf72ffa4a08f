"""A line of Rich Text drawn straight to segments is the line Textual draws of it (tui/widgets/one_line.py).

The footer draws its keys this way (tui/widgets/fitting_footer.py), the header and the detail
strip their one line (tui/widgets/fixed_lines.py). Random lines (Chinese and
wide text, spans that overlap, nest, touch or are empty, the text's own style, dim and
reverse, styles by name, colours over a half-transparent widget) are compared with
Textual's ``Visual.to_strips``, segment for segment, offsets included; a line the fast
way leaves to Textual is only one it must (too wide, a control code or tab, a link).
"""

from __future__ import annotations

import random

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.visual import Visual, visualize
from textual.widget import Widget
from textual.widgets import Static

from apptools import make_app, seed
from chief.store import set_language
from chief.tui.widgets.fitting_footer import FittingFooter
from chief.tui.widgets.fixed_lines import FixedLines
from chief.tui.widgets.item_detail import ItemDetail
from chief.tui.widgets.one_line import one_line_strip
from chief.tui.widgets.status_header import StatusHeader

STYLES = [Style(), Style(bold=True), Style(color="red"), Style(color="#56b4e9", bgcolor="#262a33", bold=True),
          Style(dim=True), Style(italic=True, bgcolor="blue"), Style(reverse=True), Style(underline=True, color="green"),
          "bold magenta", "on yellow"]
WORDS = ["", " ", "n", " New ", "整理会议纪要", "@张伟", "⚑", " · ", "^p", "立即办", "é", "\x07bell", "tab\there",
         "全角\u3000空格"]


class LineApp(App):
    CSS = """
    Static { color: $text 80%; background: $primary 30%; }
    #line { text-wrap: nowrap; text-overflow: clip; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="line")
        yield Static(id="wrapping")  # Textual's default: lines wrap (the header's and the detail strip's)


def _random_text(rng: random.Random) -> Text:
    text = Text(no_wrap=True, end="")
    for _ in range(rng.randint(0, 6)):
        text.append(rng.choice(WORDS), rng.choice(STYLES) if rng.random() < 0.7 else None)
    for _ in range(rng.randint(0, 3)):  # spans over the pieces: overlapping, nested, empty
        start = rng.randint(0, len(text.plain))
        text.stylize(rng.choice(STYLES), start, rng.randint(start, len(text.plain)))
    if rng.random() < 0.3:
        text.stylize_before(rng.choice(STYLES))
    if rng.random() < 0.2:
        text.style = rng.choice([Style(color="cyan"), Style(bgcolor="#101010", dim=True)])
    return text


@pytest.mark.parametrize("name", ["line", "wrapping"])
async def test_random_lines_are_drawn_as_textual_draws_them(name):
    rng = random.Random(29)
    app = LineApp()
    async with app.run_test(size=(100, 5)):
        widget = app.query_one(f"#{name}", Static)
        drawn = left = 0
        for _ in range(1500):
            text = _random_text(rng)
            width = max(1, text.cell_len + rng.randint(-2, 8))
            ours = one_line_strip(widget, text, width)
            if ours is None:  # Textual's way: only for what needs it
                assert (not text.plain or text.cell_len > width or not text.plain.isprintable()), (text.plain, width)
                left += 1
                continue
            drawn += 1
            textual = Visual.to_strips(widget, visualize(widget, text, markup=False), width, 1, widget.visual_style)[0]
            assert list(ours) == list(textual), (text.plain, text.spans, text.style, width)
            assert ours.cell_length == textual.cell_length
        assert drawn > 600 and left > 300  # both ways seen often


async def test_each_line_of_a_text_of_several_is_drawn_as_textual_draws_it():
    """The detail strip's two lines: each drawn on its own, its cells' offsets on its own line."""
    rng = random.Random(31)
    app = LineApp()
    async with app.run_test(size=(100, 5)):
        widget = app.query_one("#wrapping", Static)
        drawn = 0
        for _ in range(1000):
            text = Text("\n", end="").join([_random_text(rng) for _line in range(rng.randint(2, 3))])
            width = max([1, *(line.cell_len for line in text.split("\n", allow_blank=True))]) + rng.randint(0, 4)
            textual = Visual.to_strips(widget, visualize(widget, text, markup=False), width, None, widget.visual_style)
            ours = [one_line_strip(widget, line, width, y) for y, line in enumerate(text.split("\n", allow_blank=True))]
            if all(line is not None for line in ours):  # each line one line on screen (FixedLines draws only then)
                drawn += 1
                assert [list(line) for line in ours] == [list(line) for line in textual], (text.plain, width)
        assert drawn > 100


async def test_a_link_is_left_to_textual():
    app = LineApp()
    async with app.run_test(size=(100, 5)):
        widget = app.query_one("#line", Static)
        assert one_line_strip(widget, Text("docs", Style(link="https://example.org")), 20) is None
        assert one_line_strip(widget, Text.assemble(("click", Style(meta={"@click": "app.bell"}))), 20) is None
        assert one_line_strip(widget, Text("plain"), 20) is not None


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [80, 120, 200])
async def test_the_dashboards_lines_are_drawn_as_textual_draws_them(data_file, frozen_time, lang, width):
    """The header, the detail strip and the footer, with Chinese titles and names, after keys that change them and
    a new theme: each line drawn straight is the line Textual draws of the same text (its own render_line, afresh)."""
    seed(data_file)
    set_language(lang)
    try:
        app = make_app(data_file)
        async with app.run_test(size=(width, 30)) as pilot:
            await pilot.pause()
            fast = 0
            for key in ("", "j", "tab", "j", "1", "u", "nothing", "theme", "background"):
                if key == "nothing":  # what the strip says with no item under the cursor
                    app.screen.query_one(ItemDetail).show(app.board, None, False)
                    await pilot.pause()
                elif key == "theme":  # new colours, the same words
                    app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
                    await pilot.pause()
                elif key == "background":  # the widgets' own colour only: nothing said again
                    for widget in (app.screen.query_one(StatusHeader), app.screen.query_one(ItemDetail)):
                        widget.styles.background = "darkred"
                    await pilot.pause()
                elif key:
                    await pilot.press(key)
                    await pilot.pause()
                for widget in (app.screen.query_one(StatusHeader), app.screen.query_one(ItemDetail),
                               app.screen.query_one(FittingFooter)):
                    drawn = [widget.render_line(y) for y in range(widget.size.height)]
                    widget._dirty_regions.add(widget.region)  # Textual's own way, made afresh
                    assert [list(line) for line in drawn] == [list(Widget.render_line(widget, y)) for y in range(widget.size.height)], (type(widget).__name__, key)
                    text = getattr(widget, "_said", None) or widget._look()[1][0]
                    fast += one_line_strip(widget, text.split("\n")[0], widget.size.width) is not None
            assert fast >= 12  # the header, the footer and the detail strip's first line were drawn straight
    finally:
        set_language("en")


async def test_the_header_is_drawn_straight_not_through_textuals_text(data_file, frozen_time, monkeypatch):
    seed(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(StatusHeader)
        made = []
        original = Widget._render_content
        monkeypatch.setattr(Widget, "_render_content", lambda self: (made.append(type(self).__name__), original(self))[1])
        header.refresh()  # painted again
        await pilot.pause()
        assert "StatusHeader" not in made and header.render_line(0).cell_length > 0


class FixedApp(App):
    CSS = """
    FixedLines { height: 2; background: $panel; }
    FixedLines.-right { text-align: right; }
    FixedLines.-bottom { content-align: left bottom; }
    """

    def compose(self) -> ComposeResult:
        yield FixedLines()


def _as_textual(widget: FixedLines) -> list[list]:
    widget._dirty_regions.add(widget.region)  # Textual's own way, made afresh
    return [list(Widget.render_line(widget, y)) for y in range(widget.size.height)]


def _drawn(widget: FixedLines) -> list[list]:
    return [list(widget.render_line(y)) for y in range(widget.size.height)]


async def test_lines_kept_are_drawn_again_for_a_new_alignment_or_height():
    """What the kept lines are drawn from is all of it: the alignment and the height too, not only the width and
    the colours (a review found both drawn stale)."""
    app = FixedApp()
    async with app.run_test(size=(40, 6)) as pilot:
        widget = app.query_one(FixedLines)
        widget.say(Text("first\nsecond", end=""))
        await pilot.pause()
        assert _drawn(widget) == _as_textual(widget)
        for change in ("-right", "-bottom"):
            widget.set_class(True, change)
            await pilot.pause()
            assert _drawn(widget) == _as_textual(widget), change
            widget.set_class(False, change)
            await pilot.pause()
        widget.styles.height = 1
        await pilot.pause()
        assert _drawn(widget) == _as_textual(widget)
        widget.styles.height = 2
        await pilot.pause()
        assert [segment.text for segment in widget.render_line(1)][0].startswith("second")
        assert _drawn(widget) == _as_textual(widget)


async def test_content_set_after_a_text_is_shown_as_a_static_shows_it():
    app = FixedApp()
    async with app.run_test(size=(40, 6)) as pilot:
        widget = app.query_one(FixedLines)
        widget.say(Text("said text", end=""))
        await pilot.pause()
        assert widget.content.plain == "said text" and str(widget.visual) == "said text"
        widget.content = "set through content"
        await pilot.pause()
        assert "".join(segment.text for segment in widget.render_line(0)).startswith("set through content")
        assert widget.content == "set through content"
