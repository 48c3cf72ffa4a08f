"""A Static of a fixed height whose text is painted again only when it changes.

The header and the detail line are told what to say after every key and every second
(the clock); most of the time they would say the same. Textual repaints a Static at
every ``update``, and forgets its component styles with it, so the same words in the
same styles are kept instead (Rich's Text compares its words and their styles; the
style of the whole text is compared here).
"""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip
from textual.widgets import Static

from chief.tui.widgets.kept_styles import KeptComponentStyles
from chief.tui.widgets.one_line import one_line_strip


class FixedLines(KeptComponentStyles, Static):
    """A Static with a fixed height (its CSS says it): no layout pass, and no paint for the same text."""

    _said: Text | None = None  # the text last shown (None: something else, drawn as Textual draws it)

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
        self._said = content if isinstance(content, Text) else None  # what render_line may draw itself
        super().update(content, layout=layout)  # type: ignore[arg-type]

    def render_line(self, y: int) -> Strip:
        """A text of one line that fits is drawn straight to its cells (tui/widgets/one_line.py); the rest as Textual does."""
        if y == 0 and self._said is not None:
            line = one_line_strip(self, self._said, self.size.width)
            if line is not None:
                return line
        return super().render_line(y)
