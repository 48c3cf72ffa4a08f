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
    """Textual's footer, with the keys that would be cut hidden (widths measured once per rebuild)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._widths: dict[Widget, int] = {}

    async def recompose(self) -> None:
        await super().recompose()
        self._widths = {}
        self.call_after_refresh(self._fit)

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        children = list(self.children)
        for child in children:  # measured while shown: the first layout after a rebuild
            if child not in self._widths and child.display:
                # not laid out yet (a rebuild on a focus change, in a real terminal): worked out from its words
                # and CSS, else a key that does not fit stayed shown, cut under the palette key ("a 指 ▏^p 命令  板")
                width = child.region.width or child.get_content_width(self.size, self.app.size) + child.styles.gutter.width
                self._widths[child] = width + child.styles.margin.width
        docked = [c for c in children if c.has_class("-command-palette")]
        room = self.size.width - sum(self._widths.get(c, 0) for c in docked)
        used = 0
        for child in children:
            if child in docked:
                continue
            width = self._widths.get(child)
            if width is None:
                continue  # not measured yet: left as Textual shows it
            fits = used + width <= room
            child.display = fits
            used += width if fits else room  # after the first that does not fit, none is shown
