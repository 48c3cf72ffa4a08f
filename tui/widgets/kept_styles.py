"""Component styles worked out when first drawn, and kept until the stylesheet changes them.

Textual works out every component class of a widget (a virtual node per class, matched
against every rule) each time the stylesheet is applied to the widget, and twice before
the first paint (at mount and when the screen resumes). An item panel has seven such
classes and draws with three or four; the dashboard's widgets had some sixty worked out
per pass, 9-16 ms of the launch. Here a component style is worked out the way Textual
does it, when a line first asks for it, and kept until the stylesheet is applied to the
widget again (a theme, a class or a pseudo-class such as focus, here or on an ancestor:
Textual tells the widget with ``notify_style_update``). Then the styles already worked
out are worked out again at once and, as Textual does, the widget is repainted if one
differs (a widget that keeps text in those styles, the header and the detail strip, says
it again).

Textual also forgets a widget's rich component styles whenever the widget is refreshed,
and works each out again when it is next drawn (a walk up the ancestors for the
background). The dashboard's panels, header and footer are refreshed at every key, and
ask for some twenty such styles a key: those are kept too, until the next style update.
tests/ui/test_kept_styles.py holds both to Textual's own after theme, focus and class
changes.
"""

from __future__ import annotations

from rich.style import Style
from textual.css.styles import RenderStyles
from textual.dom import DOMNode

_TEXTUALS = DOMNode.__dict__["_get_component_classes"].__func__  # Textual's own, cached per class


class KeptComponentStyles:
    """Mixed into a Widget: component styles worked out on first use, rich styles kept since the last style update."""

    _kept_styles: dict[tuple[tuple[str, ...], bool], Style] | None = None

    @classmethod
    def _get_component_classes(cls) -> frozenset[str]:
        """None for the stylesheet to work out at each pass: :meth:`get_component_styles` works each out when asked."""
        return frozenset()

    @classmethod
    def component_classes(cls) -> frozenset[str]:
        """The widget's component classes, its own and its bases' (what Textual's stylesheet would work out)."""
        return _TEXTUALS(cls)

    def _work_out(self, name: str) -> RenderStyles:
        """One component's styles, as Textual's stylesheet works them out: a virtual node under the widget."""
        if name not in self.component_classes():
            raise KeyError(f"No {name!r} key in COMPONENT_CLASSES")
        virtual = DOMNode(classes=name)
        virtual._attach(self)  # type: ignore[arg-type]
        self.app.stylesheet.apply(virtual, animate=False)  # type: ignore[attr-defined]
        styles = self._component_styles[name] = virtual.styles  # type: ignore[attr-defined]
        return styles

    def get_component_styles(self, *names: str) -> RenderStyles:
        worked_out = self._component_styles  # type: ignore[attr-defined]
        for name in names:
            if name not in worked_out:
                self._work_out(name)
        return super().get_component_styles(*names)  # type: ignore[misc]

    def notify_style_update(self) -> None:
        self._kept_styles = None
        worked_out = self._component_styles  # type: ignore[attr-defined]
        changed = False
        if worked_out:
            before = dict(worked_out)
            worked_out.clear()
            changed = any(self._work_out(name) != styles for name, styles in before.items())
        super().notify_style_update()  # type: ignore[misc]
        if changed:
            self.component_styles_changed()

    def component_styles_changed(self) -> None:
        """A component style the widget drew with is not what it was: repainted, as Textual does."""
        self.refresh()  # type: ignore[attr-defined]

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
