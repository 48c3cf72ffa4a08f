"""The app as screens, widgets and the palette see it: typed, not ``getattr`` and ``type: ignore``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from textual.app import App

if TYPE_CHECKING:
    from chief.tui.app import ChiefApp


class _HasApp(Protocol):
    @property
    def app(self) -> App: ...


def chief_app(part: _HasApp) -> ChiefApp:
    """The Chief app ``part`` (a screen, a widget, a palette provider) runs in."""
    return cast("ChiefApp", part.app)
