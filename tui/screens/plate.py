"""A member's plate: every open item assigned to them, grouped as the board groups them.

Enter on the Team panel opens it. Snoozed and waiting items are there too,
dimmed and marked (they count in the member's load, so the plate must show
them), overdue first in each group. The dashboard's own item keys work on
the row under the cursor (done, assign, snooze, wait, edit, undo...): this is
a full screen, not a dialog, so the app's bindings reach it unchanged, and
``v`` marks rows for one ``a`` that hands them all on.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from chief.store import Board, Item, Member
from chief.store import away_words, capacity_words, format_effort, load_words, marks, marks_in_full, member_plate
from chief.store import N_, _
from chief.tui.bindings import TEAM_BINDINGS
from chief.tui.host import chief_app
from chief.tui.marks import marked_words
from chief.tui.screens.board_view import BoardView
from chief.tui.text import printable
from chief.tui.widgets.fitting_footer import FittingFooter
from chief.tui.widgets.item_detail import ItemDetail
from chief.tui.widgets.item_list import ItemList
from chief.tui.widgets.row_list import RowList, styled

GROUP = "§"  # the key prefix of a group's heading row (item ids are ULIDs, never this)


class PlateList(ItemList):
    """One list of the member's items under a heading row per group; the cursor skips the headings."""

    COMPONENT_CLASSES = ItemList.COMPONENT_CLASSES | {"plate-list--heading"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("plate", id=id)
        self.empty_text = N_("nothing on their plate")

    def show_plate(self, board: Board, groups: list, privacy: bool) -> None:
        """``groups``: (label, items) as ``member_plate`` gives them."""
        self.forget_lines()  # a plate is small: drawn afresh on every change
        self.board = board
        self.privacy = privacy
        self._columns = self._column_widths(board, [item for _label, items in groups for item in items])
        rows: list[tuple[str, object]] = []
        for label, items in groups:
            rows.append((GROUP + label, f"{label} ({len(items)})"))
            rows.extend((item.id, item) for item in items)
        self.set_rows(rows)  # type: ignore[arg-type]
        self._check_marking()
        if self.selected_item is None:
            self._step(1)

    @property
    def selected_item(self) -> Item | None:
        item = super().selected_item
        return item if isinstance(item, Item) else None

    def format_row(self, item: Item, width: int) -> Text:  # type: ignore[override]
        if isinstance(item, str):  # a group's heading
            return styled(" " + item, self.part("plate-list--heading"))
        assert self.board is not None
        line = Text("  ", no_wrap=True, end="")  # under its group's heading
        line.append_text(super().format_row(item, width - 2).text())
        if not self.board.on_board(item):  # put away (snoozed, or waiting for a follow-up): counted, dimmed
            line.stylize(self.part("item-list--waiting"))
        return line

    def row_marks(self, board: Board, item: Item, *, short: bool) -> list[str]:
        """A put-away item says until when ("snoozed until Mon 09:00", "waiting on 财务处 until Fri")."""
        return marks(board, item, short=short) if board.on_board(item) else marks_in_full(board, item)

    def _step(self, direction: int) -> None:
        """Move to the next item row that way (headings are not stops)."""
        index = self.cursor + direction
        while 0 <= index < len(self.rows) and self.rows[index][0].startswith(GROUP):
            index += direction
        if 0 <= index < len(self.rows):
            self.cursor = index
        elif direction < 0 and self.cursor > 0:
            self.scroll_to(y=0, animate=False)  # the first heading back in view

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_first(self) -> None:
        self.cursor = 0
        self._step(1)

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1


class PlateScreen(BoardView, Screen[None]):
    """One member's open work; Esc goes back to the dashboard (after clearing any marks)."""

    DEFAULT_CSS = """
    PlateScreen { layout: vertical; }
    PlateScreen #plate-head { height: auto; padding: 0 1; background: $panel; }
    PlateScreen #plate { height: 1fr; border: round $team; border-title-color: $team; border-title-style: bold; }
    PlateScreen #plate:focus { border: heavy $team; }
    PlateList > .plate-list--heading { color: $team; text-style: bold; }
    """
    OWN_BINDINGS = [  # the plate's own keys; away and back are the Team panel's, the same bindings
        Binding("escape,q", "close", "Back to the board", id="plate-close"),
        Binding("M", "app.member_edit", "Edit this member", id="plate-member-edit"),  # (e edits the item, E is an emergency)
    ]
    BINDINGS = [*OWN_BINDINGS, *(b for b in TEAM_BINDINGS if b.id in ("member-away", "member-back"))]

    def __init__(self, member_id: str) -> None:
        super().__init__()
        self.member_id = member_id

    def compose(self) -> ComposeResult:
        yield Static(id="plate-head")
        yield PlateList(id="plate")
        yield ItemDetail(id="detail")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        app = chief_app(self)
        self.query_one(PlateList).show_marks(frozenset(app.marked))
        self.board_changed(app.board)
        self.query_one(PlateList).focus()

    @property
    def member(self) -> Member | None:
        return chief_app(self).board.team.get(self.member_id)

    @property
    def selected_member(self) -> Member | None:
        return self.member

    @property
    def selected_item(self) -> Item | None:
        return self.query_one(PlateList).selected_item

    def board_changed(self, board: Board) -> None:
        member = board.team.get(self.member_id)
        if member is None:  # removed (here, by undo of an add, or on another machine)
            self.dismiss()
            return
        app = chief_app(self)
        plate = self.query_one(PlateList)
        plate.border_title = _("{name}'s plate").format(name=printable(member.name))
        plate.show_plate(board, member_plate(board, member.id), app.privacy)
        self._head(board, member)
        self.show_detail()

    def _head(self, board: Board, member: Member) -> None:
        """Who they are and what counts in their load: open items, of which snoozed and waiting, against capacity."""
        load = board.load(member.id)
        parts: list[str | tuple[str, str]] = [(printable(member.name), "bold")]
        if member.role:
            parts.append(" · " + printable(member.role))
        effort = format_effort(load.effort) if load.effort else "0m"
        if load.capacity:
            said = _("{effort} of {capacity} a week ({percent}%)").format(
                effort=effort, capacity=format_effort(load.capacity), percent=load.percent)
        else:
            said = _("{effort}, {capacity}").format(effort=effort, capacity=capacity_words(load.capacity))
        parts.append(("  " + said, "$warning bold" if load.overloaded else ""))
        parts.append("  " + load_words(load))
        if board.is_away(member):
            parts.append(("  " + away_words(board, member), "$foreground-muted italic"))
        marked = chief_app(self).marked
        if marked:
            parts.append(("  " + marked_words(len(marked)), "$accent bold"))
        self.query_one("#plate-head", Static).update(Content.assemble(*parts))

    def marks_changed(self) -> None:
        member = self.member
        if member is not None:
            self._head(chief_app(self).board, member)

    def show_detail(self) -> None:
        app = chief_app(self)
        self.query_one("#detail", ItemDetail).show(app.board, self.selected_item, app.privacy)

    def on_row_list_cursor_moved(self, event: RowList.CursorMoved) -> None:
        self.show_detail()

    def action_close(self) -> None:
        if not chief_app(self).clear_marks():
            self.dismiss()
