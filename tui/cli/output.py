"""What the command line prints about items: one-line summaries, lists, and JSON for scripts.

Every title, name and id goes through ``printable``: they come from the user and
from other machines, and must never reach the terminal as control characters.
"""

from __future__ import annotations

from chief.store import Board
from chief.store import shown_width
from chief.store import Item
from chief.store import due_words, item_json, landing, marks_in_full, repeat_words, understood
from chief.store import inert_json
from chief.store import _
from chief.tui.text import fit, printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def said_line(item: Item, said: str) -> str:
    """What became of an item, as a command says it back: "ID  done: TITLE" (ID  已办结：TITLE)."""
    return f"{printable(item.id)}  " + _("{said}: {title}").format(said=said, title=printable(item.title))


def summary(board: Board, item: Item) -> str:
    """One line: id, where the item landed, its title, and the details as understood."""
    details = _(", ").join(printable(part) for part in understood(board, item))
    line = said_line(item, landing(board, item))
    return line + _("  ({details})").format(details=details) if details else line


def json_text(value: Any, **options: Any) -> str:
    """JSON for scripts: Chinese stays readable, but no raw control character gets out."""
    import json  # not on a capture's path (store/json_text.py has no indent)

    return inert_json(json.dumps(value, **options))


def _group(board: Board, item: Item) -> tuple[int, str]:
    if not item.is_open:
        return (7, _("Done")) if item.status == "done" else (8, _("Dropped"))
    if item.in_interrupt_queue:
        return 0, _("Interrupts")
    placement = board.placement(item)
    return (placement.quadrant or 6), _(placement.name)


def _marks(board: Board, item: Item) -> str:
    """The marks in full, then the rule of a recurring duty (the list's columns say the rest)."""
    marks = marks_in_full(board, item, text=printable)
    if item.repeat:
        marks.append(repeat_words(item.repeat, text=printable))  # an unreadable rule is shown as stored, inert
    return _(", ").join(marks)


def in_list_order(board: Board, items: list[Item]) -> list[Item]:
    """The order of ``chief list``: Interrupts, Do now .. Later, Inbox, Done, Dropped; in each, the dashboard's order."""
    return sorted(items, key=lambda i: (_group(board, i)[0], board.order_key(i)))


def print_list(board: Board, items: list[Item]) -> None:
    if not items:
        print(_("No items.") if board.raw_items else _("No items yet: capture one with  chief add \"...\""))
        return
    ordered = in_list_order(board, items)
    width = shown_width(board.raw_items)
    current = None
    for item in ordered:
        group = _group(board, item)[1]
        if group != current:
            print(("" if current is None else "\n") + group)
            current = group
        cells = [
            printable(item.id[:width]),
            fit(due_words(board, item, full=False), 15),
            fit("@" + printable(board.member_name(item.assignee) or "") if item.assignee else "", 10),
            fit("#" + printable(item.category) if item.category else "", 14),
            printable(item.title),
        ]
        marks = _marks(board, item)
        print("  " + "  ".join(cells) + (f"  [{marks}]" if marks else ""))


def print_archived(board: Board, archived: list, *, as_json: bool) -> int:
    if as_json:
        rows = [{**item_json(board, a.item), "archive_year": a.year} for a in archived]
        print(json_text(rows, ensure_ascii=False, indent=2))
        return 0
    width = shown_width(a.item.id for a in archived)
    for a in archived:
        closed = (a.item.done_at or "")[:10]
        status = _("done") if a.item.status == "done" else _("dropped")
        print(f"{printable(a.item.id[:width])}  {a.year}  {fit(status, 7)}  {closed}  {printable(a.item.title)}")  # cells, not characters
    if not archived:
        print(_("No archived items."))
    return 0

