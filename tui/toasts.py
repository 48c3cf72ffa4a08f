"""Where a screen's toasts lie: clear of its key hints, and never across a panel's edge.

Textual docks every screen's toasts at the bottom, one row up (for a footer).
Two things go wrong there: a screen whose keys are not in a footer (the triage
legend, a framed dialog's bottom border) has its key hints covered, and a
toast that crosses the edge of a widget below it loses the Chinese character
that straddles the edge (Textual's compositor cuts every line where a widget
starts or ends). So a screen says where its toasts go (its ``place_toasts``,
which the app calls before every toast): ``bottom`` rows kept free under them,
and the columns they keep to.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.screen import Screen

TOAST_RACK = "#textual-toastrack"  # the id Textual gives each screen's toast rack
TOAST_ROWS = 4  # rows two toasts of two lines take: free rows under a dialog that hold them


def place_toasts(screen: Screen, *, bottom: int = 0, top: int | None = None, left: int = 0, right: int = 0) -> None:
    """Toasts on ``screen`` sit ``bottom`` rows above its last row (or from row ``top`` down), between
    ``left`` and ``right`` spare columns."""
    racks = screen.query(TOAST_RACK)
    if not racks:
        return
    rack = racks.first()
    dock = "bottom" if top is None else "top"
    if rack.styles.dock != dock:
        rack.styles.dock = dock
    margin = (0, 0, max(0, bottom), max(0, left)) if top is None else (max(0, top), 0, 0, max(0, left))
    if tuple(rack.styles.margin) != margin:
        rack.styles.margin = margin
    # a docked rack's right margin is not kept: its width is set instead (left and right spare columns)
    width = max(1, screen.size.width - max(0, left) - max(0, right)) if left or right else None
    if width is None:
        if rack.styles.width is not None and not rack.styles.width.is_fraction:
            rack.styles.width = "1fr"
    elif rack.styles.width is None or rack.styles.width.cells != width:
        rack.styles.width = width


def place_toasts_by(screen: Screen, box: Region, *, footer: int, inside: str = "bottom") -> None:
    """Toasts for a screen with one box in the middle (a dialog): under the box, or above it, where
    the free rows hold them (they lie over the dimmed background only); else inside the box's
    borders, at its ``inside`` edge: above the bottom border where a framed text's keys are said,
    or from the top border down where a form's fields stand in columns (each column's edge would
    cut a Chinese character)."""
    if not box.width or not box.height:
        return
    if screen.size.height - footer - box.bottom >= TOAST_ROWS:
        place_toasts(screen, bottom=footer)
    elif box.y >= TOAST_ROWS:
        place_toasts(screen, top=0)
    elif inside == "bottom":
        place_toasts(screen, bottom=screen.size.height - box.bottom + 1, left=box.x + 1, right=screen.size.width - box.right + 1)
    else:
        place_toasts(screen, top=box.y, left=box.x + 1, right=screen.size.width - box.right + 1)
