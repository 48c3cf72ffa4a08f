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

T = TypeVar("T")
SCROLL_HINT = N_("↑↓ PgUp PgDn scroll · Esc closes")  # said where shown


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
        box = Vertical(id=id, classes="frame")
        box.styles.width = self.FRAME_WIDTH
        box.border_title = title
        box.border_subtitle = subtitle
        return box
