"""A footer that shows only the keys that fit whole.

Textual's footer cuts its row at the right edge, mid-word ("w Wa"). The keys
are declared in order of need, so the ones that do not fit are hidden whole
instead, and the command palette's key (docked right) always shows.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.geometry import Size
from textual.layout import ArrangeResult, Layout
from textual.layouts.horizontal import HorizontalLayout
from textual.screen import Screen
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
    """Textual's footer, speaking the user's language (every screen's footer is one).

    It is rebuilt at most once a frame, and only when its keys change. Textual's footer rebuilds
    every key (a widget each, some 12 million instructions apiece) after each change of focus or
    bindings, changed or not: three times over in the dashboard's start.
    """

    _keys: tuple | None = None  # what the keys shown were composed from (None: none yet)
    _rebuild_due = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen and not self._rebuild_due:
            self._rebuild_due = True
            self.call_after_refresh(self.show_keys)

    async def show_keys(self) -> None:
        """The keys for the bindings as they are now, composed and mounted if they changed (painted next frame)."""
        self._rebuild_due = False
        if not self.is_attached:
            return
        self._bindings_ready = True
        wanted = self._keys_wanted()
        if wanted != self._keys:
            self._keys = wanted
            await self.recompose()

    def _keys_wanted(self) -> tuple:
        """Everything ``Footer.compose`` reads from the bindings: the same answer composes the same keys."""
        bindings = self.screen.active_bindings
        shown = tuple((b.key, b.action, b.description, b.group, b.tooltip, enabled, tooltip)
                      for _node, b, enabled, tooltip in bindings.values() if b.show)
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None:
            _node, b, enabled, tooltip = palette
            palette = (b.key, b.action, b.description, b.tooltip, enabled)
        return shown, palette, self.show_command_palette

    def compose(self) -> ComposeResult:
        english = language() == "en"  # English: exactly Textual's footer
        for widget in super().compose():
            if not english:
                say_key(widget)
            yield widget


class FittingLayout(HorizontalLayout):
    """Textual's horizontal layout, placing only the keys that fit whole, in order: after the first that
    does not fit, none (the room is what the docked palette key leaves)."""

    def arrange(self, parent: Widget, children: list[Widget], size: Size, greedy: bool = True) -> ArrangeResult:
        placements = super().arrange(parent, children, size, greedy)
        for index, placement in enumerate(placements):
            if placement.region.right + placement.margin.right > size.width:
                return placements[:index]
        return placements


class FittingFooter(SaidFooter):
    """Textual's footer, with the keys that would be cut left out of its layout.

    The layout works the widths out with the rest of the screen's, so the first paint of a
    rebuilt footer already fits, and a resize fits again in the same pass.
    """

    _fitting = FittingLayout()

    @property
    def layout(self) -> Layout:
        return self._fitting
