"""A footer that shows only the keys that fit whole.

Textual's footer cuts its row at the right edge, mid-word ("w Wa"). The keys
are declared in order of need, so the ones that do not fit are hidden whole
instead, and the command palette's key (docked right) always shows.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from chief.store import _, language


def say_key(widget: Widget) -> None:
    """A footer entry's words in the user's language; its key and action stay as bound.

    The bindings are declared once, in English (the source strings), when their
    modules load; the words are looked up each time the footer is built.
    """
    if isinstance(widget, FooterKey):
        widget.description = _(widget.description) if widget.description else ""
        if isinstance(widget.tooltip, str) and widget.tooltip:
            widget.tooltip = _(widget.tooltip)
    elif isinstance(widget, FooterLabel) and isinstance(widget.content, str):
        widget.update(_(widget.content))


class SaidFooter(Footer):
    """Textual's footer, speaking the user's language (every screen's footer is one)."""

    def compose(self) -> ComposeResult:
        english = language() == "en"  # English: exactly Textual's footer
        for widget in super().compose():
            if not english:
                say_key(widget)
            yield widget


class FittingFooter(SaidFooter):
    """Textual's footer, with the keys that would be cut hidden (widths worked out once per rebuild).

    Each key's width is worked out from its words and its CSS, not read from the
    layout: right after a rebuild (a focus change) the keys are not laid out yet,
    and a width read then was none, so keys that did not fit stayed shown, cut
    mid-word under the palette key ("a 指 ▏^p 命令  板").
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._widths: dict[Widget, int] = {}

    async def recompose(self) -> None:
        await super().recompose()
        self._widths = {}
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _width(self, child: Widget) -> int:
        """Cells the entry takes in the row, its margin included."""
        if child not in self._widths:
            styles = child.styles
            self._widths[child] = child.get_content_width(self.size, self.app.size) + styles.gutter.width + styles.margin.width
        return self._widths[child]

    def _fit(self) -> None:
        if not self.is_attached or not self.size.width:
            return
        children = list(self.children)
        docked = [c for c in children if c.has_class("-command-palette")]
        room = self.size.width - sum(self._width(c) for c in docked)
        used = 0
        for child in children:
            if child in docked:
                continue
            width = self._width(child)
            fits = used + width <= room
            child.display = fits
            used += width if fits else room  # after the first that does not fit, none is shown
