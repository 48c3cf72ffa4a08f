"""A Static of a fixed height whose text is painted again only when it changes.

The header and the detail line are told what to say after every key and every second
(the clock); most of the time they would say the same. Textual repaints a Static at
every ``update``, and forgets its component styles with it, so the same words in the
same styles are kept instead (Rich's Text compares its words and their styles; the
style of the whole text is compared here).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widgets import Static

from chief.tui.widgets.kept_styles import KeptComponentStyles
from chief.tui.widgets.one_line import one_line_strip


class FixedLines(KeptComponentStyles, Static):
    """A Static with a fixed height (its CSS says it): no layout pass, and no paint for the same text."""

    _said: Text | None = None  # the text last shown (None: something else, drawn as Textual draws it)
    _lines: tuple | None = None  # (what they are drawn from, its lines drawn straight or None): made at its first paint

    def on_resize(self) -> None:
        self.show_again()

    def component_styles_changed(self) -> None:
        self.show_again()  # the text holds the old colours (a new theme)

    def show_again(self) -> None:
        """What was last shown, fitted and coloured afresh (subclasses that keep what they show say it again)."""
        self.refresh()

    def say(self, text: Text) -> None:
        """Show ``text``, unless it is what is shown (then nothing is painted)."""
        said = self._said
        if said is not None and text == said and text.style == said.style:
            return
        self.update(text, layout=False)

    def update(self, content: object = "", *, layout: bool = True) -> None:
        """Show ``content``; a Text is kept as it is (never changed after), made Content only if Textual's way draws it."""
        self._lines = None
        if isinstance(content, Text):
            self._said = content  # what render_line may draw itself (render gives it to Textual otherwise)
            self.refresh(layout=layout)
        else:
            self._said = None
            super().update(content, layout=layout)  # type: ignore[arg-type]

    @property
    def content(self) -> object:
        return self._said if self._said is not None else Static.content.fget(self)  # type: ignore[attr-defined]

    @content.setter
    def content(self, content: object) -> None:
        self._said, self._lines = None, None  # drawn as a Static draws what it is given
        Static.content.fset(self, content)  # type: ignore[attr-defined]

    @property
    def visual(self) -> Visual:
        return visualize(self, self._said, markup=False) if self._said is not None else Static.visual.fget(self)  # type: ignore[attr-defined]

    def render(self) -> RenderResult:
        return self._said if self._said is not None else super().render()

    def render_line(self, y: int) -> Strip:
        """The text's lines drawn straight to their cells when each fits (tui/widgets/one_line.py); else as Textual does."""
        lines = self._straight_lines() if self._said is not None and self.text_selection is None else None
        if not lines:
            return super().render_line(y)
        return lines[y] if y < len(lines) else Strip.blank(self.size.width, self.visual_style.rich_style)

    def _straight_lines(self) -> list[Strip] | None:
        """Each line of the text, drawn straight, while one line of it is one line on screen; else None (Textual's way).

        Made once for the text and for everything else its lines are drawn from (the size, the style, the
        alignment, the theme's ANSI colours): the lines are drawn one at a time (a line the text wraps would put
        each line after it one line down: then none is drawn straight).
        """
        said = self._said
        assert said is not None
        styles = self.styles
        drawn_from = (self.size, self.visual_style, styles.text_align, styles.content_align, styles.line_pad,
                      self.app.ansi_theme)
        if self._lines is not None and self._lines[0] == drawn_from:
            return self._lines[1]
        width = self.size.width
        texts = said.split("\n", allow_blank=True) if "\n" in said.plain else [said]
        strips = [one_line_strip(self, text, width, y) for y, text in enumerate(texts[: self.size.height])]
        lines = strips if all(strip is not None for strip in strips) else None
        self._lines = (drawn_from, lines)
        return lines
