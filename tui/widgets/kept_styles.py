"""Component styles kept until the stylesheet changes them, not worked out again at every repaint.

Textual forgets a widget's component styles whenever the widget is refreshed, and works each
out again when it is next drawn (a walk up the ancestors for the background). The dashboard's
panels, header and footer are refreshed at every key, and ask for some twenty such styles a
key. A component style changes only when the stylesheet is applied to the widget again (a
theme, a class or a pseudo-class such as focus, here or on an ancestor: Textual applies it to
the node and all its descendants), and Textual tells the widget so with
``notify_style_update``: the styles are kept until then. tests/ui/test_kept_styles.py holds
them to Textual's own after theme, focus and class changes.
"""

from __future__ import annotations

from rich.style import Style


class KeptComponentStyles:
    """Mixed into a Widget: ``get_component_rich_style`` answers from styles kept since the last style update."""

    _kept_styles: dict[tuple[tuple[str, ...], bool], Style] | None = None

    def notify_style_update(self) -> None:
        self._kept_styles = None
        super().notify_style_update()  # type: ignore[misc]

    def get_component_rich_style(self, *names: str, partial: bool = False, default: Style | None = None) -> Style:
        if default is not None:  # a component that may be missing: rare, asked of Textual each time
            return super().get_component_rich_style(*names, partial=partial, default=default)  # type: ignore[misc]
        kept = self._kept_styles
        if kept is None:
            kept = self._kept_styles = {}
        key = (names, partial)
        style = kept.get(key)
        if style is None:
            style = kept[key] = super().get_component_rich_style(*names, partial=partial)  # type: ignore[misc]
        return style
