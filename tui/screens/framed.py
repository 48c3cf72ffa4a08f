"""The look every read-mostly dialog shares: one framed box in the middle, the board dimmed.

Help, the reports and the Waiting list differ in what they hold, not in how
they sit on the screen, so the frame is drawn here once. A screen narrows or
widens it with ``FRAME_WIDTH`` and recolours it with its own CSS.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.containers import Vertical
from textual.screen import ModalScreen

from chief.store import N_
from chief.tui.toasts import place_toasts_by

T = TypeVar("T")
SCROLL_HINT = N_("↑↓ PgUp PgDn scroll · Esc closes")  # said where shown


class Frame(Vertical):
    """The framed box; when it moves or changes size its screen's toasts follow it."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, FramedScreen):
            screen.call_after_refresh(screen.place_toasts)


class FramedScreen(ModalScreen[T]):
    """A dialog over the dashboard whose content lives in one frame (``self.frame()``)."""

    FRAME_WIDTH: ClassVar[int] = 80
    DEFAULT_CSS = """
    FramedScreen { align: center middle; background: $background 60%; }
    FramedScreen .frame {
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        border-title-color: $primary;
        border-title-style: bold;
        border-subtitle-color: $foreground-muted;
        background: $surface;
    }
    FramedScreen .frame-scroll { height: auto; max-height: 100%; scrollbar-size-vertical: 1; }
    """

    def frame(self, title: str, subtitle: str = "", *, id: str | None = None) -> Vertical:
        """The framed box, to be used as a context manager in ``compose``."""
        box = Frame(id=id, classes="frame")
        box.styles.width = self.FRAME_WIDTH
        box.border_title = title
        box.border_subtitle = subtitle
        return box

    def on_resize(self) -> None:
        self.call_after_refresh(self.place_toasts)

    def place_toasts(self) -> None:
        """Toasts under the frame, or inside its borders just above its bottom one (the key hints are on it):
        never across the frame's edge, where a Chinese character would be lost (tui/toasts.py)."""
        frames = self.query(".frame")
        if frames and self.is_attached:
            place_toasts_by(self, frames.first().region, footer=0)
