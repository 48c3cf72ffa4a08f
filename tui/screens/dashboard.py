"""The dashboard screen: four quadrants, the interrupt queue, the inbox and the team.

It holds the panels and what happens on them: filling them from a board,
the filter, the quick-add bar, the detail strip, where the focus goes. The
app holds everything else (the desk, the keys, the watcher) and hands this
screen each new board through ``board_changed``; the screen asks the app to
run a command through ``chief_app``.
"""

from __future__ import annotations

import asyncio
import datetime

from textual import events, on
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from chief.store import wallclock
from chief.store import emergencies, moment
from chief.store import near_days_note
from chief.store import Board, Settings
from chief.store import Item, Member
from chief.store import QUADRANTS
from chief.store import _
from chief.tui.filtering import ItemFilter
from chief.tui.host import chief_app
from chief.tui.layout import BoardArea, PanelColumn
from chief.tui.marks import marked_words
from chief.tui.screens.board_view import BoardView
from chief.tui.widgets.item_detail import ItemDetail
from chief.tui.widgets.item_list import ItemList, shown_title
from chief.tui.widgets.fitting_footer import FittingFooter
from chief.tui.widgets.quick_add import QuickAdd
from chief.tui.widgets.typed_input import TypedInput
from chief.tui.widgets.row_list import RowList
from chief.tui.widgets.status_header import StatusHeader
from chief.tui.widgets.team_list import TeamList

PANELS = ("q1", "q2", "q3", "q4", "interrupts", "inbox")


class DashboardScreen(BoardView, Screen[None]):
    """The panels of the board, filtered, with the cursor on the item the keys act on."""

    ALLOW_IN_MAXIMIZED_VIEW = "StatusHeader, #filter, QuickAdd, ItemDetail, FittingFooter"  # a zoomed panel keeps them
    # The focus starts on a panel (on_mount moves it to the first with items): Textual's "*" would give it to
    # the hidden filter bar first, and each move restyles what it leaves and what it enters.
    AUTO_FOCUS = "ItemList"
    # Its parts cover it whole, zoomed or not (the board takes the rows the others leave): see BoardArea.
    BLANK = True

    def __init__(self) -> None:
        super().__init__()
        self.item_filter = ItemFilter("")
        self.shown = asyncio.Event()  # set once the first board is on screen
        self._last_captured: str | None = None  # the quick-add bar's last item: the cursor goes there when it closes
        self._emergencies: tuple[Board | None, list[Item]] = (None, [])  # the open emergencies of the board last shown
        self._day_noted: tuple[tuple[Settings | None, datetime.date | None], str | None] = ((None, None), None)

    _resumed = False  # the screen has been on top once
    _composed_in: str | None = None  # the theme its widgets were styled in as they mounted

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time on top, without Textual's restyle of every node (some 7 ms of the launch).

        Every node was styled as it mounted, with the theme already set, and what changed
        since (the focus, a class) restyled what it touched: a pass over the whole screen
        finds nothing new. A later resume (a screen on top closed, a theme chosen
        meanwhile) restyles as Textual does. tests/ui/test_kept_styles.py holds every
        node's styles at the first paint to a restyled screen's.
        """
        if not self._resumed:
            self._resumed = True
            if self.app.theme == self._composed_in:  # (a theme chosen before it was ever on top: restyled)
                event.refresh_styles = False
        super()._on_screen_resume(event)

    def compose(self) -> ComposeResult:
        self._composed_in = self.app.theme
        yield StatusHeader(id="header")
        yield TypedInput(placeholder=_("filter: words, @member, #category (Escape clears)"), id="filter")
        with BoardArea(id="board"):
            with PanelColumn(id="quadrants"):
                for number in QUADRANTS:
                    yield ItemList("quadrant", id=f"q{number}")
            with PanelColumn(id="side"):
                yield ItemList("interrupts", id="interrupts")
                yield ItemList("inbox", id="inbox")
                yield TeamList(id="team")
        yield QuickAdd(self._preview, id="quick-add")
        yield ItemDetail(id="detail")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        app = chief_app(self)
        app.refresh_board(app.board if app.board.partial else None)  # the kept first screen is painted as it is
        app.first_board_fits()  # a panel taller than the rows the kept first screen read of its list: the full board now
        self.set_focus(self.first_filled_panel())  # at once: keys typed while Chief started are the board's
        app.dashboard_shown()
        self.shown.set()

    def panel(self, selector: str | type[Widget], kind: type[Widget] = Widget) -> Widget:
        """A widget of the dashboard, whichever screen is on top."""
        return self.query_one(selector, kind)

    def item_panels(self) -> list[ItemList]:
        return [self.query_one(f"#{name}", ItemList) for name in PANELS]

    # the board ---------------------------------------------------------------

    def board_changed(self, board: Board) -> None:
        """Show ``board``; every panel keeps its cursor on its item."""
        privacy = chief_app(self).privacy
        filtered = bool(self.item_filter.text)

        def count(items: list, slot: int | str) -> int:  # the board's own count: the first screen's lists hold only their first rows
            return len(items) if filtered else board.listed(slot)

        for number, name in QUADRANTS.items():
            items = self.item_filter.shown(board, board.quadrant(number), f"q{number}")
            total = count(items, number)
            self._fill(self.query_one(f"#q{number}", ItemList), board, items, f"{number} {_(name)} ({total})", privacy, total)
        queue = self.item_filter.shown(board, board.interrupts(), "interrupts")
        total = count(queue, "interrupts")
        self._fill(self.query_one("#interrupts", ItemList), board, queue, _("Interrupts ({count})").format(count=total), privacy, total)
        inbox = self.item_filter.shown(board, board.inbox(), "inbox")
        total = count(inbox, "inbox")
        self._fill(self.query_one("#inbox", ItemList), board, inbox, _("Inbox ({count})").format(count=total), privacy, total)
        team = self.query_one("#team", TeamList)
        team.show(board)
        team.show_title(_("Team ({count})").format(count=len(board.team)))
        self.query_one(BoardArea).share_rows()

    @staticmethod
    def _fill(panel: ItemList, board: Board, items: list[Item], title: str, privacy: bool, total: int) -> None:
        panel.show(board, items, privacy, total)
        panel.show_title(title)

    def refresh_header(self) -> None:
        app = chief_app(self)
        try:
            header = self.query_one(StatusHeader)
        except NoMatches:  # closing: the dashboard is already gone
            return
        board = app.board
        now = wallclock.zoned_now()  # the header's clock: a stdlib time, no pendulum for the first paint
        header.show(
            now,
            overdue=board.overdue_count(),
            interrupts=board.listed("interrupts"),
            inbox=board.listed("inbox"),
            put_away=board.put_away_count(),
            privacy=app.privacy,
            filter_text=self.item_filter.text,
            alert=app.alert,
            day_note=self._day_note(app.desk.settings, now.date()),
            emergency=self._emergency(board, now, app.privacy),
            marked=marked_words(len(app.marked)) if app.marked else "",
            marked_short=marked_words(len(app.marked), short=True) if app.marked else "",
        )

    def marks_changed(self) -> None:
        self.refresh_header()

    def _emergency(self, board: Board, now: datetime.datetime, privacy: bool) -> tuple[str, int, int] | None:
        """The oldest open emergency, for the header's running clock (looked for once per board, not every second)."""
        if self._emergencies[0] is not board:
            self._emergencies = (board, emergencies(board))
        open_ones = self._emergencies[1]
        if not open_ones:
            return None
        first = open_ones[0]
        arrived = moment(first.created)
        seconds = int((now - arrived).total_seconds()) if arrived is not None else 0
        return shown_title(first, privacy, board), seconds, len(open_ones) - 1

    def _day_note(self, settings: Settings, day: datetime.date) -> str | None:
        """Today's and tomorrow's holiday note, asked of the calendar once a day (the header redraws every second)."""
        asked, note = self._day_noted
        if asked[0] is not settings or asked[1] != day:
            note = near_days_note(settings, day)
            self._day_noted = ((settings, day), note)
        return note

    def show_detail(self) -> None:
        if self.is_current:
            app = chief_app(self)
            member = self.selected_member if isinstance(self.focused, TeamList) else None
            if member is not None:
                self.query_one("#detail", ItemDetail).show_member(app.board, member)
            else:
                self.query_one("#detail", ItemDetail).show(app.board, self.selected_item, app.privacy)

    # the selection -----------------------------------------------------------

    @property
    def selected_item(self) -> Item | None:
        """The item under the cursor of the focused panel."""
        focused = self.focused
        if isinstance(focused, ItemList):
            return focused.selected_item
        return None

    @property
    def selected_member(self) -> Member | None:
        """The member under the Team panel's cursor (the palette's member commands act on them too)."""
        return self.query_one("#team", TeamList).selected_member

    @on(RowList.CursorMoved)
    def _cursor_moved(self) -> None:
        self.show_detail()

    def on_descendant_focus(self) -> None:
        self.show_detail()

    def first_filled_panel(self) -> ItemList:
        """Where the cursor goes when it has nowhere better: the first panel with items."""
        panels = self.item_panels()
        return next((p for p in panels if p.rows), panels[0])

    def focus_item(self, item_id: str, *, focus: bool = True) -> bool:
        """Put the cursor on an item, wherever it now sits, and the focus there unless ``focus`` is False;
        False when it is on no panel (filtered out, closed)."""
        for panel in self.item_panels():
            if panel.select_key(item_id):
                if focus:
                    panel.focus()
                return True
        return False

    def restore_focus(self) -> None:
        if self.selected_item is None:
            self.first_filled_panel().focus()

    def toggle_zoom(self) -> None:
        """The focused panel fills the screen (Textual's maximize), or goes back to its place."""
        if self.maximized is not None:
            self.minimize()
        elif isinstance(self.focused, RowList):
            self.maximize(self.focused, container=False)  # watch_maximized shares the rows again

    def watch_maximized(self) -> None:
        """Escape brings a zoomed panel back too (Textual's minimize): the panels share the rows again."""
        self.query_one(BoardArea).share_rows()  # at once: the zoomed panel's layout is its next frame

    def focus_side(self, direction: str) -> None:
        """Move to the panel beside this one on screen (h/l, left/right)."""
        focused = self.focused
        if focused is None:
            return
        here = focused.region
        candidates: list[tuple[int, Widget]] = []
        for panel in [*self.item_panels(), self.query_one("#team", TeamList)]:
            there = panel.region
            if panel is focused or not there.width:
                continue
            if direction == "left" and there.right <= here.x or direction == "right" and there.x >= here.right:
                overlap = min(here.bottom, there.bottom) - max(here.y, there.y)
                distance = abs(there.x - here.x)
                candidates.append((-(overlap > 0) * 1000 + distance + abs(there.y - here.y), panel))
        if candidates:
            min(candidates, key=lambda c: c[0])[1].focus()

    # quick add ---------------------------------------------------------------

    def open_quick_add(self, kind: str) -> None:
        self.query_one(QuickAdd).open(kind)

    def _preview(self, text: str, kind: str) -> tuple[bool, str]:
        app = chief_app(self)
        return app.desk.preview(text, kind, app.board)

    @on(QuickAdd.Submitted)
    def _capture(self, event: QuickAdd.Submitted) -> None:
        app = chief_app(self)

        def done(result: tuple[Item, ...]) -> str:
            item = result[0]
            where = app.board.placement(item).name_said if not item.in_interrupt_queue else _("Interrupts")
            return _("Added to {where}: {title}").format(where=where, title=shown_title(item, app.privacy, app.board))

        result = app.run_command(lambda: app.desk.capture(event.text, kind=event.kind), done)
        if result is None:
            self.query_one(QuickAdd).not_saved(event.text)
        else:
            self.query_one(QuickAdd).saved()  # the bar stays open for the next item
            self._last_captured = result[0].id
            self.focus_item(result[0].id, focus=False)  # the cursor waits on it; the focus stays in the bar

    @on(QuickAdd.Closed)
    def _quick_add_closed(self) -> None:
        last, self._last_captured = self._last_captured, None
        if last is None or not self.focus_item(last):
            self.restore_focus()

    # the filter ----------------------------------------------------------------

    def open_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        self.set_focus(field)  # at once: the words typed right after "/" are the filter's, never board keys

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.item_filter = self.item_filter.typed(event.value)  # narrows from the last answers when the text grows
        app = chief_app(self)
        app.refresh_board(app.board)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.set_focus(self.first_filled_panel())  # at once: what is typed on after Enter is not the filter's

    def clear_filter(self) -> None:
        """Escape: the filter closes and every item shows again."""
        field = self.query_one("#filter", Input)
        if field.display or self.item_filter.text:
            field.value = ""
            field.display = False
            self.item_filter = ItemFilter("")
            app = chief_app(self)
            app.refresh_board(app.board)
            self.first_filled_panel().focus()
