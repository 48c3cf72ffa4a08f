"""Where a screen's toasts lie: clear of its key hints, and never across a panel's edge.

Textual docks every screen's toasts at the bottom, one row up (for a footer).
Two things go wrong there: a screen whose keys are not in a footer (the triage
legend, a framed dialog's bottom border) has its key hints covered, and a
toast that crosses the edge of a widget below it loses the Chinese character
that straddles the edge (Textual's compositor cuts every line where a widget
starts or ends). So a screen says where its toasts go: ``bottom`` rows kept
free under them, and the columns they keep to.
"""

from __future__ import annotations

from textual.screen import Screen

TOAST_RACK = "#textual-toastrack"  # the id Textual gives each screen's toast rack


def place_toasts(screen: Screen, *, bottom: int, left: int = 0, right: int = 0) -> None:
    """Toasts on ``screen`` sit ``bottom`` rows above its last row, between ``left`` and ``right`` spare columns."""
    racks = screen.query(TOAST_RACK)
    if not racks:
        return
    rack = racks.first()
    margin = (0, 0, max(0, bottom), max(0, left))
    if tuple(rack.styles.margin) != margin:
        rack.styles.margin = margin
    # a docked rack's right margin is not kept: its width is set instead (left and right spare columns)
    width = max(1, screen.size.width - max(0, left) - max(0, right)) if left or right else None
    if width is None:
        if rack.styles.width is not None and not rack.styles.width.is_fraction:
            rack.styles.width = "1fr"
    elif rack.styles.width is None or rack.styles.width.cells != width:
        rack.styles.width = width
