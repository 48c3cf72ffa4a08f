"""Items in words, the same on the command line and in the dashboard.

Capture echoes back how the text was understood, so a misread due time or
the wrong colleague is caught at once, not a day later.
"""

from __future__ import annotations

from store.board import Board
from store.model import Item


def landing(board: Board, item: Item) -> str:
    """Where the item sits: the interrupt queue, a quadrant, or the inbox."""
    if item.in_interrupt_queue:
        return "Interrupts"
    return board.placement(item).name


def understood(board: Board, item: Item) -> list[str]:
    """The details as understood: due time in full, assignee, category, effort, source."""
    parts = []
    due = board.due(item)
    if due is not None:
        parts.append(f"due {due.echo(board.now)}")
    if item.assignee:
        parts.append(f"@{board.member_name(item.assignee)}")
    if item.category:
        parts.append(f"#{item.category}")
    if item.effort:
        parts.append(f"~{format_effort(item.effort)}")
    if item.source:
        parts.append(f"from {item.source}")
    return parts


def format_effort(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"
